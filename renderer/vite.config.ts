// The renderer: Vite root is this folder, output in out/renderer with relative URLs (loaded from file://).
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// No node: imports (the lint rule for renderer/ forbids them); Vite resolves outDir against root.
const here = import.meta.dirname;

/** The dev server injects an inline React Refresh preamble and uses a websocket: relax the meta CSP in dev only. */
function devCsp(): Plugin {
  return {
    name: 'mambu-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        .replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:*");
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), devCsp()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    // The CSP has no 'unsafe-inline' and no data: scripts: keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
