import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, chromiumExecutablePath as executablePath } from "./e2e/chromium";

// e2e/instances.spec.ts: two app instances and two workers on one PostgreSQL database. It starts its
// own servers (the production build), so no webServer here; without TEST_POSTGRES_URL it skips.
//   npm run build && PG_PORT=55444 E2E_PORT=3500 bash scripts/with-postgres.sh npm run test:instances
export default defineConfig({
  testDir: "e2e",
  testMatch: /instances\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 60_000,
  use: {
    trace: "retain-on-failure",
    launchOptions: { executablePath, args: chromiumArgs },
    ...devices["Desktop Chrome"],
  },
});
