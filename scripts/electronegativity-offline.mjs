// Imported (--import) into Electronegativity by scripts/electronegativity.mjs. The tool fetches optional translations (and,
// without -e, Electron's release list) with `got` at start. Our build machines are offline, and on Node 24 got's
// retry after the 1 s timeout throws from a timer ("onCancel handler was attached after the promise settled"),
// killing the scan. Its locales ship with it and we pass the Electron version, so its `got` fails at once instead:
// the tool then uses its bundled en-US strings, exactly as when the fetch fails.
import Module from 'node:module';

const load = Module._load;
Module._load = function (request, parent, ...rest) {
  if (request === 'got' && parent && /[\\/]@doyensec[\\/]electronegativity[\\/]/.test(parent.filename)) {
    const offline = () => Promise.reject(new Error('offline: no network fetch during the security scan'));
    return Object.assign(offline, { default: offline, get: offline });
  }
  return load.call(this, request, parent, ...rest);
};
