// Lint guards the architecture as much as style: the engine never imports electron, shared/ and the renderer never
// import Node, and raw IPC stays in the two files that wire it.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tmp/**', 'coverage/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Tests poke at parsed JSON responses; typing every probe would add noise, not safety.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['electron/engine/**', 'electron/cli/**', 'electron/simulator/**', 'electron/main/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The engine runs in plain Node (CLI, tests): no electron here.' }] },
      ],
    },
  },
  {
    // Raw IPC and the external opener live in one file each, so every use is checked in one place.
    files: ['electron/**'],
    ignores: ['electron/main/ipc/register.ts', 'electron/preload/**', 'electron/main/security/external.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='openExternal']",
          message: 'Use safeOpenExternal (electron/main/security/external.ts).',
        },
        {
          selector: 'ImportSpecifier[imported.name=/^ipc(Main|Renderer)$/]',
          message: 'Register IPC through electron/main/ipc/register.ts.',
        },
      ],
    },
  },
  {
    files: ['shared/**', 'renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ and the renderer never touch Electron; use window.backfill.' }],
          patterns: [{ group: nodeBuiltins, message: 'shared/ and the renderer run in the browser too: no Node modules.' }],
        },
      ],
    },
  },
);
