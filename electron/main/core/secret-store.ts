// Secrets (Mambu API keys/passwords, optional S3 access keys) live only in the main process, behind this
// interface. The renderer learns "saved"/"missing", never a value; nothing here ever writes a secret in clear.
import { readFile } from 'node:fs/promises';
import type { EncryptionStatus } from '../../../shared/ipc/contract';
import { serial, writeFileAtomic } from './atomic-write';

export interface SecretStore {
  /** Whether the OS offers real encryption (and so whether set() can work). */
  status(): Promise<EncryptionStatus>;
  has(key: string): Promise<boolean>;
  get(key: string): Promise<string | undefined>;
  /** Throws SecretStorageUnavailableError where the OS offers no real encryption. */
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export class SecretStorageUnavailableError extends Error {
  constructor(detail: string) {
    super(`The secret was not saved: ${detail}`);
    this.name = 'SecretStorageUnavailableError';
  }
}

export const connectionSecretKey = (name: string) => `connection:${name}`;
export const destinationSecretKey = (name: string) => `destination:${name}`;

/** For tests and the browser harness: nothing touches the disk. */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  constructor(private readonly encryption: EncryptionStatus = { available: true, backend: 'memory', detail: 'in-memory test store' }) {}
  async status() {
    return this.encryption;
  }
  async has(key: string) {
    return this.values.has(key);
  }
  async get(key: string) {
    return this.values.get(key);
  }
  async set(key: string, value: string) {
    if (!this.encryption.available) throw new SecretStorageUnavailableError(this.encryption.detail);
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

/** The OS encryption primitive (Electron safeStorage in the app). */
export interface SecretCipher {
  status(): Promise<EncryptionStatus>;
  encrypt(plain: string): Promise<Uint8Array>;
  decrypt(cipherText: Uint8Array): Promise<string>;
}

interface SecretsFile {
  version: 1;
  /** key → base64 ciphertext */
  secrets: Record<string, string>;
}

/** Ciphertext in one JSON file (mode 0600) under userData; the plaintext exists only in memory, briefly. */
export class EncryptedFileSecretStore implements SecretStore {
  private readonly queue = serial();
  constructor(private readonly file: string, private readonly cipher: SecretCipher) {}

  status() {
    return this.cipher.status();
  }

  async has(key: string) {
    return Object.hasOwn((await this.read()).secrets, key);
  }

  async get(key: string) {
    const b64 = (await this.read()).secrets[key];
    if (b64 === undefined) return undefined;
    try {
      return await this.cipher.decrypt(Buffer.from(b64, 'base64'));
    } catch {
      // A key from another OS user or a wiped keyring cannot decrypt: treat as not saved, the user re-enters it.
      return undefined;
    }
  }

  set(key: string, value: string) {
    return this.queue(async () => {
      const st = await this.cipher.status();
      if (!st.available) throw new SecretStorageUnavailableError(st.detail);
      const data = await this.read();
      data.secrets[key] = Buffer.from(await this.cipher.encrypt(value)).toString('base64');
      await writeFileAtomic(this.file, JSON.stringify(data, null, 2), 0o600);
    });
  }

  delete(key: string) {
    return this.queue(async () => {
      const data = await this.read();
      if (!Object.hasOwn(data.secrets, key)) return;
      delete data.secrets[key];
      await writeFileAtomic(this.file, JSON.stringify(data, null, 2), 0o600);
    });
  }

  private async read(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as Partial<SecretsFile>;
      const secrets: Record<string, string> = {};
      for (const [k, v] of Object.entries(parsed.secrets ?? {})) if (typeof v === 'string') secrets[k] = v;
      return { version: 1, secrets };
    } catch {
      return { version: 1, secrets: {} };
    }
  }
}

/** Removes every occurrence of the given secrets from a message (errors from HTTP libraries can echo headers). */
export function redact(message: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}
