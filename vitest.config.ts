import { defineConfig } from 'vitest/config';
import { reactOnPreact } from './apps/web/react-on-preact.ts';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'workspace', root: 'scripts', include: ['**/*.test.ts'] } },
      { test: { name: 'api', root: 'packages/api', include: ['src/**/*.test.ts'] } },
      { test: { name: 'editor', root: 'packages/editor', include: ['src/**/*.test.ts'] } },
      { test: { name: 'anchoring', root: 'packages/anchoring', include: ['src/**/*.test.ts'] } },
      { test: { name: 'hints', root: 'packages/hints', include: ['src/**/*.test.ts'] } },
      { test: { name: 'interop', root: 'packages/interop', include: ['src/**/*.test.ts'] } },
      { test: { name: 'collab', root: 'packages/collab', include: ['src/**/*.test.ts'], testTimeout: 60_000 } },
      // The web app's React imports run on Preact, in its tests as in its build.
      {
        resolve: { alias: reactOnPreact },
        test: { name: 'web', root: 'apps/web', include: ['src/**/*.test.ts', '*.test.ts'] },
      },
      { test: { name: 'server', root: 'apps/server', include: ['src/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'e2e',
          root: 'test',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A page's answer can take seconds on a busy 2-core machine (CI): a poll waits up to 5 s, not vitest's 1 s.
          expect: { poll: { timeout: 5_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
