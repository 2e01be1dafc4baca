// Secrets (Mambu API keys/passwords, optional S3 access keys) live only in the main process, behind this
// interface. The renderer learns "saved"/"missing", never a value; nothing here ever writes a secret in clear.
import type { EncryptionStatus } from '../../../shared/ipc/contract';
import { moveAside, readJsonFile, writeJsonAtomic, writeQueue } from '../../engine/store';
import type { ParseResult } from '../../engine/store/atomic-file';

export interface SecretStore {
  /** Whether the OS offers real encryption (and so whether set() can work). */
  status(): Promise<EncryptionStatus>;
  has(key: string): Promise<boolean>;
  get(key: string): Promise<string | undefined>;
  /** Throws SecretStorageUnavailableError where the OS offers no real encryption. */
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Problems with the stored secrets (a damaged file kept aside, …), shown in Settings. */
  problems?(): string[];
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

type Secrets = Record<string, string>;

/** The secrets file: `{ "version": 1, "secrets": { key: base64 ciphertext } }`. Entries that are not strings are
 *  returned apart, so the caller keeps the good ones and the whole original file aside. */
function parseSecretsFile(envelope: Record<string, unknown>): ParseResult<{ secrets: Secrets; rejected: string[] }> {
  const raw = envelope.secrets;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, issues: [{ field: 'secrets', message: 'missing or not an object' }] };
  const secrets: Secrets = {};
  const rejected: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v === 'string') secrets[k] = v;
    else rejected.push(k);
  }
  return { ok: true, value: { secrets, rejected } };
}

/**
 * Ciphertext in one JSON file (mode 0600) under userData; the plaintext exists only in memory, briefly.
 * Written with the stores' one atomic, fsynced writer and one write queue. A damaged file is never read as empty
 * and overwritten: it is moved aside (`secrets.json.corrupt-<time>`, kept for the user), reported through
 * problems(), and the store starts fresh; if it cannot be moved aside, or it is from a newer version, every
 * write is refused until the user acts.
 */
export class EncryptedFileSecretStore implements SecretStore {
  private readonly queue = writeQueue();
  private readonly reported: string[] = [];
  private blocked?: string;
  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {}

  status() {
    return this.cipher.status();
  }

  /** What went wrong with the secrets file, for the settings screen (once per problem). */
  problems(): string[] {
    return [...this.reported];
  }

  has(key: string) {
    return this.queue(async () => Object.hasOwn(await this.read(), key));
  }

  async get(key: string) {
    const b64 = await this.queue(async () => (await this.read())[key]);
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
      const data = await this.writable();
      data[key] = Buffer.from(await this.cipher.encrypt(value)).toString('base64');
      await this.write(data);
    });
  }

  delete(key: string) {
    return this.queue(async () => {
      const data = await this.writable();
      if (!Object.hasOwn(data, key)) return;
      delete data[key];
      await this.write(data);
    });
  }

  private write(data: Secrets) {
    return writeJsonAtomic(this.file, 1, { secrets: data }, { mode: 0o600 });
  }

  private async writable(): Promise<Secrets> {
    const data = await this.read();
    if (this.blocked) throw new SecretStorageUnavailableError(this.blocked);
    return data;
  }

  private async read(): Promise<Secrets> {
    const r = await readJsonFile(this.file, { version: 1, label: 'secrets file', parse: parseSecretsFile });
    switch (r.status) {
      case 'missing':
        // The user removed the file we could not read (or it was moved aside): a fresh store may be written.
        this.blocked = undefined;
        return {};
      case 'ok': {
        this.blocked = undefined;
        const { secrets, rejected } = r.value;
        if (rejected.length === 0) return secrets;
        // Keep the readable secrets, and the whole original aside so the damaged entries are not lost either.
        const movedTo = await moveAside(this.file);
        await this.write(secrets);
        this.report(
          `${rejected.length} saved secret${rejected.length === 1 ? '' : 's'} in ${this.file} could not be read (${rejected.join(', ')}) and must be entered again; ` +
            `the other saved secrets are kept, and the original file was kept as ${movedTo}.`,
        );
        return secrets;
      }
      case 'future-version':
        this.block(r.message);
        return {};
      case 'corrupt':
        if (r.movedTo) this.report(`${r.message} The saved secrets start empty: enter the API keys and access keys again.`);
        else this.block(`${r.message} Secrets cannot be saved until it is fixed or removed.`);
        return {};
    }
  }

  /** The file is still in place and we cannot read it: writing would overwrite it, so refuse. */
  private block(message: string) {
    this.blocked = message;
    this.report(message);
  }

  private report(message: string) {
    if (!this.reported.includes(message)) this.reported.push(message);
  }
}

/** Removes every occurrence of the given secrets from a message (errors from HTTP libraries can echo headers). */
export function redact(message: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out;
}
