// Import rules per folder (npm run lint:deps, in CI). The README's "Boundaries" diagram shows the same rules.
//   renderer   → shared
//   preload    → shared (+ electron)
//   shell      (electron/main, electron/cli) → engine, simulator, shared
//   engine     → shared
//   simulator  → shared, and the engine's Mambu date helpers (electron/engine/mambu/time.ts)
//   shared     → nothing of ours, and no Node built-ins
// `electron` itself is imported only by electron/main and the preload. Tests and scripts may import anything.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'renderer-only-shared',
      comment: 'The renderer talks to the main process through the typed bridge only: it may import shared/, nothing else of ours.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(electron|scripts|test)/' },
    },
    {
      name: 'engine-only-shared',
      comment:
        'The engine (electron/engine) is used by the app and the CLI alike: it may import shared/ only, never the shell, the preload or the simulator.',
      severity: 'error',
      from: { path: '^electron/engine/' },
      to: { path: '^(electron/(main|cli|preload|simulator)|renderer|scripts|test)/' },
    },
    {
      name: 'shell-no-renderer',
      comment:
        'The shell (electron/main, electron/cli) composes engine, simulator and shared; it never reaches into the renderer or the preload.',
      severity: 'error',
      from: { path: '^electron/(main|cli)/' },
      to: { path: '^(renderer|electron/preload|scripts|test)/' },
    },
    {
      name: 'cli-not-main',
      comment: 'The CLI runs without Electron: it must not import the app main process.',
      severity: 'error',
      from: { path: '^electron/cli/' },
      to: { path: '^electron/main/' },
    },
    {
      name: 'main-not-cli',
      comment: 'The app main process and the CLI are separate composition roots.',
      severity: 'error',
      from: { path: '^electron/main/' },
      to: { path: '^electron/cli/' },
    },
    {
      name: 'preload-only-shared',
      comment: 'The sandboxed preload is one self-contained file: shared/ and electron only.',
      severity: 'error',
      from: { path: '^electron/preload/' },
      to: { path: '^(electron/(main|cli|engine|simulator)|renderer|scripts|test)/' },
    },
    {
      name: 'simulator-only-shared',
      comment: "The simulated tenant stands for Mambu: shared/ and the engine's Mambu date helpers only.",
      severity: 'error',
      from: { path: '^electron/simulator/' },
      to: { path: '^(electron/(main|cli|preload)|renderer|scripts|test)/|^electron/engine/(?!mambu/time\\.ts$)' },
    },
    {
      name: 'shared-nothing-of-ours',
      comment: 'shared/ is imported by the renderer, the engine and the shell: it imports nothing of ours outside shared/.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(electron|renderer|scripts|test)/' },
    },
    {
      name: 'shared-no-node',
      comment: 'shared/ also runs in the renderer: no Node built-ins.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-only-in-main-and-preload',
      comment: 'Only the app main process and the preload import electron; the engine, CLI, simulator, renderer and shared run without it.',
      severity: 'error',
      from: { path: '^(electron/(engine|cli|simulator)|renderer|shared)/' },
      to: { path: '^node_modules/electron/' },
    },
    {
      name: 'no-circular',
      comment: 'Import cycles make modules impossible to read or test alone.',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    exclude: { path: '^(out|dist)/' },
  },
};
