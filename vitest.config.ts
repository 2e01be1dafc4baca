import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Engine and integration tests run in plain Node against real loopback servers; component tests in jsdom.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/renderer/**', 'test/e2e/**', 'test/electron/**', 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Integration suites share loopback servers; run files one at a time, like the engine runs chunks.
          fileParallelism: false,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/renderer/setup.ts'],
          // The whole-app component tests type into the real form; on a loaded shared machine 5 s was too tight.
          testTimeout: 20_000,
        },
      },
    ],
  },
});
