// Secrets encrypted with Electron safeStorage (Keychain, DPAPI, libsecret/KWallet), ciphertext in userData
// (file mode 0600). Where Linux falls back to `basic_text` (a fixed, public key) we refuse to store: that would be
// storage in clear by another name. The file logic lives in core/secret-store.ts; this adapts safeStorage only.
import { safeStorage } from 'electron';
import path from 'node:path';
import type { EncryptionStatus } from '../../shared/ipc/contract';
import { EncryptedFileSecretStore, type SecretCipher, type SecretStore } from './core/secret-store';

const NO_KEYRING =
  'this system offers no real encryption for saved secrets (Linux safeStorage backend "basic_text": no GNOME keyring or KWallet was found), so secrets are not saved. Unlock or install a keyring and restart, or start the app with MAMBU_API_KEY / MAMBU_PASSWORD set.';

async function status(): Promise<EncryptionStatus> {
  const available = await safeStorage.isAsyncEncryptionAvailable();
  const backend =
    process.platform === 'linux'
      ? safeStorage.getSelectedStorageBackend()
      : process.platform === 'darwin'
        ? 'keychain'
        : process.platform === 'win32'
          ? 'dpapi'
          : 'os';
  if (process.platform === 'linux' && (backend === 'basic_text' || backend === 'unknown')) {
    return { available: false, backend, detail: NO_KEYRING };
  }
  if (!available) {
    return {
      available: false,
      backend,
      detail: `the OS secret store (${backend}) is not available, so secrets are not saved; start the app with MAMBU_API_KEY / MAMBU_PASSWORD set instead.`,
    };
  }
  return { available: true, backend, detail: `Secrets are encrypted by the OS (${backend}) and kept only in the main process.` };
}

const cipher: SecretCipher = {
  status,
  encrypt: (plain) => safeStorage.encryptStringAsync(plain),
  decrypt: async (bytes) => (await safeStorage.decryptStringAsync(Buffer.from(bytes))).result,
};

export function createSafeStorageSecretStore(userDataDir: string): SecretStore {
  return new EncryptedFileSecretStore(path.join(userDataDir, 'secrets.json'), cipher);
}
