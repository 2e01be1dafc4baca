// electron-builder cannot package here (it downloads Electron), so its configuration is checked with its own loader
// and JSON-schema validator, and against what issue 3 asks: built output only, fuses set, the four targets.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { createRequire } from 'node:module';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig: (dir: string, file: string | null, fromOptions: unknown) => Promise<Record<string, any>>;
  validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
};
const { DebugLogger } = require('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };

describe('electron-builder.yml', async () => {
  const config = await getConfig(ROOT, path.join(ROOT, 'electron-builder.yml'), null);

  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('ships only the built output', () => {
    // The loader normalises `files` to [{ filter: [...] }].
    const files: string[] = config.files.flatMap((f: string | { filter: string[] }) => (typeof f === 'string' ? [f] : f.filter));
    expect(files).toEqual(expect.arrayContaining(['out/**', 'package.json', '!node_modules/**']));
    expect(files.some((f) => /^!?(electron|renderer|shared|test)\b/.test(f) && !f.startsWith('!'))).toBe(false);
    expect(config.asar).toBe(true);
    expect(require(path.join(ROOT, 'package.json')).main).toBe('out/main/index.cjs');
  });

  it('builds AppImage and deb, dmg and nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target.map((t: { target: string }) => t.target)).toEqual(['dmg']);
    expect(config.win.target.map((t: { target: string }) => t.target)).toEqual(['nsis']);
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // The page is served from app:// (electron/main/core/app-protocol.ts): file:// gets no extra privileges.
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it("keeps the engine thread's entry inside the asar (Electron loads worker_threads from asar), nothing unpacked", () => {
    expect(config.asarUnpack).toBeUndefined();
  });
});
