import path from "node:path";
import { z } from "zod";

/**
 * The one reader of `process.env`. Every setting is parsed here once, with zod, into typed values with
 * their defaults; a bad value stops the process at start with a message naming the variable, instead of
 * becoming NaN (or a silent default) somewhere deep in a request. The README's Configuration table lists
 * the same variables.
 *
 * An empty variable counts as unset (`AUTH_SECRET=` in a .env file means "none"), as before.
 *
 * Not here: NODE_ENV, which Next replaces with a constant when it compiles proxy.ts (and sets itself);
 * variables only the test and tool configs read (E2E_PORT, CI); and the environment forwarded whole to
 * child processes, which is passing it on, not reading settings from it.
 */

// Leaf module: zod and node:path only, so db/ (the bottom layer) can read its file name here too.

const flag = (name: string, fallback: boolean) =>
  z
    .enum(["0", "1", "true", "false"], { error: `${name} must be 0 or 1` })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === "1" || v === "true"));

const integer = (name: string, fallback: number, { min, max }: { min: number; max: number }) =>
  z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined) return fallback;
      const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `${name} must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

export type RateLimitSetting = { limit: number; windowMs: number };

const rateLimit = (name: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): RateLimitSetting | undefined => {
      if (raw === undefined) return undefined;
      const m = /^\s*(\d{1,9})\/(\d{1,9})\s*$/.exec(raw);
      if (!m || Number(m[1]) < 1 || Number(m[2]) < 1) {
        ctx.addIssue({ code: "custom", message: `${name} must be COUNT/SECONDS, e.g. 10/900` });
        return z.NEVER;
      }
      return { limit: Number(m[1]), windowMs: Number(m[2]) * 1000 };
    });

const httpUrl = (name: string) =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || /^https?:\/\/[^/\s]+/i.test(v), {
      message: `${name} must be an http(s) origin, e.g. https://news.example.org`,
    });

const text = z.string().optional();

/** Every rate limit the app keeps (lib/security/rate-limit.ts holds their defaults); each is set by RATE_LIMIT_<NAME>. */
export const RATE_LIMIT_NAMES = [
  "signin",
  "signin_ip",
  "signin_account",
  "signup",
  "signup_ip",
  "signup_probe",
  "comment",
  "reset",
  "reset_ip",
] as const;
export type RateLimitName = (typeof RATE_LIMIT_NAMES)[number];
const rateLimitVariable = (name: RateLimitName) =>
  `RATE_LIMIT_${name.toUpperCase()}` as `RATE_LIMIT_${Uppercase<RateLimitName>}`;

const schema = z.object({
  PORT: integer("PORT", 3000, { min: 1, max: 65_535 }),
  DATABASE_PATH: z.string().default(path.join("data", "news.db")),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .refine(
      (v) => v === undefined || /^postgres(ql)?:\/\/[^\s]+$/i.test(v),
      "DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/tidings (unset it to use the SQLite file DATABASE_PATH)",
    ),
  DATABASE_POOL_SIZE: integer("DATABASE_POOL_SIZE", 10, { min: 1, max: 1000 }),
  SQLITE_CACHE_MB: integer("SQLITE_CACHE_MB", 8, { min: 1, max: 65_536 }),
  SEED_SAMPLE: flag("SEED_SAMPLE", true),
  SITE_URL: httpUrl("SITE_URL"),
  AUTH_SECRET: text,
  ADMIN_EMAILS: text,
  AUTH_GITHUB_ID: text,
  AUTH_GITHUB_SECRET: text,
  ...(Object.fromEntries(
    RATE_LIMIT_NAMES.map((name) => [rateLimitVariable(name), rateLimit(rateLimitVariable(name))]),
  ) as Record<`RATE_LIMIT_${Uppercase<RateLimitName>}`, ReturnType<typeof rateLimit>>),
  PAGE_CACHE: flag("PAGE_CACHE", true),
  PAGE_CACHE_MAX_MB: integer("PAGE_CACHE_MAX_MB", 16, { min: 1, max: 65_536 }),
  PAGE_CACHE_TTL_SECONDS: integer("PAGE_CACHE_TTL_SECONDS", 300, { min: 1, max: 31_536_000 }),
  TRUST_PROXY: flag("TRUST_PROXY", false),
  INGEST_ON_START: flag("INGEST_ON_START", false),
  INGEST_ALLOW_PRIVATE: flag("INGEST_ALLOW_PRIVATE", false),
  INGEST_SOURCES_FILE: text,
  IMAGE_CACHE_DIR: text,
  IMAGE_CACHE_MAX_MB: integer("IMAGE_CACHE_MAX_MB", 512, { min: 16, max: 1_048_576 }),
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
  ERROR_PROBE: flag("ERROR_PROBE", false),
  SMTP_URL: z
    .string()
    .trim()
    .optional()
    .refine((v) => {
      if (v === undefined) return true;
      try {
        return ["smtp:", "smtps:"].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, "SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465"),
  MAIL_FROM: text,
});

export type Config = {
  port: number;
  /** The SQLite file; with DATABASE_URL set it still locates the data folder (image cache). */
  databasePath: string;
  /** Where the data lives: the SQLite file by default, PostgreSQL when DATABASE_URL is set. */
  database:
    | { engine: "sqlite"; location: string; cacheMb: number }
    | { engine: "postgres"; location: string; poolSize: number };
  seedSample: boolean;
  /** Public origin without a trailing slash, for canonical links, feeds and the sitemap. */
  siteUrl: string;
  /** Whether SITE_URL was set, rather than the localhost default. */
  siteUrlSet: boolean;
  /** Unset means "generate one into the data folder" (lib/auth/secret.ts). */
  authSecret: string | undefined;
  /** Lower-cased emails of moderators. */
  adminEmails: string[];
  github: { clientId: string; clientSecret: string } | null;
  /** Only the limits that were set; lib/security/rate-limit.ts holds the defaults. */
  rateLimits: Partial<Record<RateLimitName, RateLimitSetting>>;
  pageCache: { enabled: boolean; maxBytes: number; ttlMs: number };
  trustProxy: boolean;
  ingestOnStart: boolean;
  ingestAllowPrivate: boolean;
  /** Unset means the list shipped with the app. */
  ingestSourcesFile: string | undefined;
  /** Lead images re-encoded by /images (lib/images/): where they are kept and how much disk they may take. */
  imageCache: { dir: string; maxBytes: number };
  chromiumPath: string;
  /** Serves /error-probe, a page that always fails, so the e2e suite can see the error page. Off by default. */
  errorProbe: boolean;
  /** Outgoing mail; null when SMTP_URL is unset, and the site then sends nothing. */
  mail: { smtpUrl: string; from: string } | null;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses an environment (process.env or a test's object). Throws a ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.keys(schema.shape).flatMap((k) => {
      const v = env[k];
      return v === undefined || v.trim() === "" ? [] : [[k, v]];
    }),
  );
  const r = schema.safeParse(present);
  if (!r.success) {
    throw new ConfigError(
      r.error.issues.map((i) => {
        const name = String(i.path[0] ?? "environment");
        const got = name in present ? ` (got ${JSON.stringify(String(present[name]).slice(0, 60))})` : "";
        // Our own messages start with the variable's name; zod's generic ones get it in front.
        return (i.message.startsWith(name) ? i.message : `${name}: ${i.message}`) + got;
      }),
    );
  }
  const e = r.data;
  if (e.DATABASE_URL && !e.AUTH_SECRET) {
    // A secret generated into one machine's data folder would sign sessions no other instance accepts.
    throw new ConfigError([
      "AUTH_SECRET: required when DATABASE_URL is set, so that every app instance signs and checks sessions with the same key (make one with `openssl rand -base64 33`)",
    ]);
  }
  const siteUrl = (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  return {
    port: e.PORT,
    databasePath: e.DATABASE_PATH,
    database: e.DATABASE_URL
      ? { engine: "postgres", location: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { engine: "sqlite", location: e.DATABASE_PATH, cacheMb: e.SQLITE_CACHE_MB },
    seedSample: e.SEED_SAMPLE,
    siteUrl,
    siteUrlSet: e.SITE_URL !== undefined,
    authSecret: e.AUTH_SECRET,
    adminEmails: (e.ADMIN_EMAILS ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
    github:
      e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET
        ? { clientId: e.AUTH_GITHUB_ID, clientSecret: e.AUTH_GITHUB_SECRET }
        : null,
    rateLimits: Object.fromEntries(
      RATE_LIMIT_NAMES.map((name) => [name, e[rateLimitVariable(name)]] as const).filter(([, v]) => v !== undefined),
    ),
    pageCache: {
      enabled: e.PAGE_CACHE,
      maxBytes: e.PAGE_CACHE_MAX_MB * 1024 * 1024,
      ttlMs: e.PAGE_CACHE_TTL_SECONDS * 1000,
    },
    trustProxy: e.TRUST_PROXY,
    ingestOnStart: e.INGEST_ON_START,
    ingestAllowPrivate: e.INGEST_ALLOW_PRIVATE,
    ingestSourcesFile: e.INGEST_SOURCES_FILE,
    imageCache: {
      // Beside the database by default: the data folder is what an operator backs up and mounts.
      dir: e.IMAGE_CACHE_DIR ?? path.join(path.dirname(e.DATABASE_PATH), "images"),
      maxBytes: e.IMAGE_CACHE_MAX_MB * 1024 * 1024,
    },
    chromiumPath: e.CHROMIUM_PATH,
    errorProbe: e.ERROR_PROBE,
    mail: e.SMTP_URL
      ? { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM?.trim() || `Tidings <no-reply@${new URL(siteUrl).hostname}>` }
      : null,
  };
}

// Kept on globalThis like the database connection: Next's server bundles and the tsx-loaded start script
// are separate module graphs in one process, and all of them should see one parse.
const holder = globalThis as unknown as { __tidingsConfig?: Config };

/** The process's configuration, parsed on first use. */
export function config(): Config {
  holder.__tidingsConfig ??= parseConfig(process.env);
  return holder.__tidingsConfig;
}

/**
 * The configuration for a command's start: a bad setting prints the named problems and exits 1,
 * before anything else happens, instead of failing mid-request.
 */
export function configOrExit(): Config {
  try {
    return config();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}

/**
 * Parses process.env again. For tests, and for scripts that point the process at a database of their own
 * before opening it; the app itself never changes its environment after start.
 */
export function reloadConfig(): Config {
  holder.__tidingsConfig = undefined;
  return config();
}
