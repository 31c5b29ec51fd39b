import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    environment: "node",
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: "forks",
    fileParallelism: false,
    // a browser on a busy machine can take seconds to re-render: `expect.poll` waits for UI
    // state, so its default of one second made the tests fail under load, not the product
    expect: { poll: { timeout: 15_000 } },
  },
});
