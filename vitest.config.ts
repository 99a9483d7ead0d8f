import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{unit,sandboxes,content}/**/*.test.ts'],
    // Server and parser comparisons talk to real processes over loopback; give them room.
    testTimeout: 30_000,
    // Most files wait on child processes and sockets, not the CPU: two at once on two cores
    // take about two thirds of the time of one (vitest's default is cores − 1).
    maxWorkers: 2,
    hookTimeout: 60_000,
  },
});
