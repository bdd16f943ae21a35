import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "db/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    // Each test file opens its own temporary SQLite file; server-only is a Next.js build-time guard.
    alias: { "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts") },
    testTimeout: 20_000,
    // With TEST_POSTGRES_URL set (scripts/with-postgres.sh) the same tests run on PostgreSQL.
    globalSetup: ["lib/testing/pg-setup.ts"],
  },
});
