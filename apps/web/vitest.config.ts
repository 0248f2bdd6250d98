import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}'],
      restoreMocks: true,
      // Dialog tests click through several steps in jsdom; on a shared 2-core machine under load one
      // took 5.5 s against vitest's default 5 s limit (a harness limit, not a behaviour under test).
      testTimeout: 20_000,
    },
  }),
);
