import { availableParallelism } from 'node:os';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.mts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      environment: 'jsdom',
      // Vitest's default leaves one core free: on a two-core machine, one file at a time.
      maxWorkers: Math.max(2, availableParallelism()),
      include: ['src/**/*.test.{ts,tsx}'],
      setupFiles: ['src/test/setup.ts'],
      css: false,
      // jsdom renders a 50-row Mantine table slowly on a shared two-core machine.
      testTimeout: 20_000,
      restoreMocks: true,
      environmentOptions: { jsdom: { url: 'http://localhost:3000/' } },
    },
  }),
);
