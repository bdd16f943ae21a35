import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, chromiumExecutablePath as executablePath } from "./e2e/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 30_000,
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: { executablePath, args: chromiumArgs },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    // A fresh database for every run: the server seeds it with the sample content on start.
    command: `rm -f data/e2e.db data/e2e.db-wal data/e2e.db-shm && npm start`,
    env: {
      DATABASE_PATH: "data/e2e.db",
      PORT: String(PORT),
      SITE_URL: baseURL,
      ADMIN_EMAILS: "moderator@e2e.test",
      // Every test browses from 127.0.0.1: loosen the per-address and comment limits so only the
      // per-account sign-in limit (exercised on purpose) can trip.
      RATE_LIMIT_SIGNIN: "5/600",
      RATE_LIMIT_SIGNIN_IP: "100000/60",
      RATE_LIMIT_SIGNUP_IP: "100000/60",
      RATE_LIMIT_COMMENT: "100000/60",
    },
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
  },
});
