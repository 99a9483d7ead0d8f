import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{unit,sandboxes,content}/**/*.test.ts'],
    // Server and parser comparisons talk to real processes over loopback; give them room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
