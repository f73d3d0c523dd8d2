import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    globalSetup: ["test/helpers/global-setup.ts"],
    reporters: process.env.CI ? ["default"] : ["default"],
  },
});
