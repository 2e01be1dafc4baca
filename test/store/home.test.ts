import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataHome, homeLayout } from '../../electron/engine/store/home';

describe('dataHome', () => {
  it('uses MAMBU_BACKFILL_HOME when set, made absolute', () => {
    expect(dataHome({ env: { MAMBU_BACKFILL_HOME: '/srv/mb' }, platform: 'linux', homedir: '/home/ana' })).toBe(path.resolve('/srv/mb'));
    expect(dataHome({ env: { MAMBU_BACKFILL_HOME: 'rel/dir' }, platform: 'linux', homedir: '/home/ana' })).toBe(path.resolve('rel/dir'));
  });

  it("matches Electron's userData for productName Mambu Backfill on each platform", () => {
    expect(dataHome({ env: {}, platform: 'linux', homedir: '/home/ana' })).toBe('/home/ana/.config/Mambu Backfill');
    expect(dataHome({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', homedir: '/home/ana' })).toBe('/xdg/Mambu Backfill');
    // A relative XDG_CONFIG_HOME is invalid per the spec and ignored.
    expect(dataHome({ env: { XDG_CONFIG_HOME: 'xdg' }, platform: 'linux', homedir: '/home/ana' })).toBe('/home/ana/.config/Mambu Backfill');
    expect(dataHome({ env: {}, platform: 'darwin', homedir: '/Users/ana' })).toBe('/Users/ana/Library/Application Support/Mambu Backfill');
    expect(dataHome({ env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, platform: 'win32', homedir: 'C:\\Users\\ana' })).toBe(
      'C:\\Users\\ana\\AppData\\Roaming\\Mambu Backfill',
    );
    expect(dataHome({ env: {}, platform: 'win32', homedir: 'C:\\Users\\ana' })).toBe('C:\\Users\\ana\\AppData\\Roaming\\Mambu Backfill');
  });

  it('lays out presets, settings, runs, reports and table locks under the root', () => {
    const l = homeLayout('/data/mb');
    expect(l).toEqual({
      root: '/data/mb',
      presetsFile: path.join('/data/mb', 'presets.json'),
      settingsFile: path.join('/data/mb', 'settings.json'),
      runsDir: path.join('/data/mb', 'runs'),
      reportsDir: path.join('/data/mb', 'reports'),
      locksDir: path.join('/data/mb', 'locks'),
    });
  });
});
