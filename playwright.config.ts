import { defineConfig, devices } from "@playwright/test";
import { chromiumArgs, chromiumExecutablePath as executablePath } from "./e2e/chromium";
import { e2eDatabaseEnv, e2eEngine } from "./e2e/database";
import { smtpSinkPort } from "./e2e/smtp-sink";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
// A second server with outgoing mail on, for e2e/mail.spec.ts: sign-up works differently there, so
// the other specs keep a server without mail. The spec starts the SMTP sink that SMTP_URL points at.
// E2E_MAIL=0 leaves both out.
const MAIL_PORT = PORT + 1;
const mailURL = `http://127.0.0.1:${MAIL_PORT}`;
const withMail = process.env.E2E_MAIL !== "0";
// A fresh database for every run, on SQLite (data/NAME.db) or, with TEST_POSTGRES_URL set
// (scripts/with-postgres.sh), a PostgreSQL database tidings_NAME on that server: the script empties it
// (SQLite: npm start then migrates and seeds it; PostgreSQL: it migrates and seeds, as db:migrate and a
// deploy's seeding would, and the instance only serves).
const fresh = (name: string) => ({
  command: "npx tsx scripts/fresh-database.ts --yes && npm start",
  env: { ...e2eDatabaseEnv(name), ...(e2eEngine === "postgres" ? { SEED_SAMPLE: "0" } : {}) },
});

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
  projects: [
    // instances.spec.ts starts servers of its own on PostgreSQL: playwright.instances.config.ts.
    { name: "chromium", testIgnore: /(mail|instances)\.spec\.ts$/, use: { ...devices["Desktop Chrome"] } },
    ...(withMail
      ? [{ name: "mail", testMatch: /mail\.spec\.ts$/, use: { ...devices["Desktop Chrome"], baseURL: mailURL } }]
      : []),
  ],
  webServer: [
    {
      command: fresh("e2e").command,
      env: {
        ...fresh("e2e").env,
        PORT: String(PORT),
        SITE_URL: baseURL,
        ADMIN_EMAILS: "moderator@e2e.test",
        // Every test browses from 127.0.0.1: loosen the per-address and comment limits so only the
        // per-account-and-address sign-in limit (exercised on purpose) can trip. e2e/throttle.spec.ts
        // checks the default limits on a server of its own.
        RATE_LIMIT_SIGNIN: "5/600",
        RATE_LIMIT_SIGNIN_IP: "100000/60",
        RATE_LIMIT_SIGNUP_IP: "100000/60",
        RATE_LIMIT_SIGNUP_PROBE: "100000/60",
        RATE_LIMIT_COMMENT: "100000/60",
        // /error-probe fails on purpose, so e2e/errors.spec.ts can check what a reader sees then.
        ERROR_PROBE: "1",
      },
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
    },
    ...(withMail
      ? [
          {
            command: fresh("e2e-mail").command,
            env: {
              ...fresh("e2e-mail").env,
              PORT: String(MAIL_PORT),
              SITE_URL: mailURL,
              // Its own secret: two servers starting at once must not race to write data/auth-secret.
              AUTH_SECRET: "e2e-mail-server-secret-0123456789abcdef",
              SMTP_URL: `smtp://127.0.0.1:${smtpSinkPort()}`,
              MAIL_FROM: "Tidings <no-reply@e2e.test>",
              RATE_LIMIT_SIGNIN_IP: "100000/60",
              RATE_LIMIT_SIGNUP_IP: "100000/60",
              RATE_LIMIT_RESET_IP: "100000/60",
            },
            url: `${mailURL}/healthz`,
            reuseExistingServer: false,
            timeout: 120_000,
            stdout: "pipe" as const,
          },
        ]
      : []),
  ],
});
