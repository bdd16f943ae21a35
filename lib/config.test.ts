import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("parseConfig", () => {
  it("gives typed defaults for an empty environment", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databasePath: path.join("data", "news.db"),
      seedSample: true,
      siteUrl: "http://localhost:3000",
      authSecret: undefined,
      adminEmails: [],
      github: null,
      rateLimits: {},
      database: { engine: "sqlite", location: path.join("data", "news.db"), cacheMb: 8 },
      pageCache: { enabled: true, maxBytes: 16 * 1024 * 1024, ttlMs: 300_000 },
      trustProxy: false,
      ingestAllowPrivate: false,
      ingestSourcesFile: undefined,
      imageCache: { dir: path.join("data", "images"), maxBytes: 512 * 1024 * 1024 },
    });
  });

  it("keeps the image cache beside the database unless IMAGE_CACHE_DIR says otherwise", () => {
    expect(parseConfig({ DATABASE_PATH: "/srv/t/news.db" }).imageCache.dir).toBe(path.join("/srv/t", "images"));
    expect(parseConfig({ IMAGE_CACHE_DIR: "/cache/img", IMAGE_CACHE_MAX_MB: "64" }).imageCache).toEqual({
      dir: "/cache/img",
      maxBytes: 64 * 1024 * 1024,
    });
    expect(() => parseConfig({ IMAGE_CACHE_MAX_MB: "lots" })).toThrow(/IMAGE_CACHE_MAX_MB must be a whole number/);
  });

  it("reads every kind of value", () => {
    const c = parseConfig({
      PORT: "3501",
      SITE_URL: "https://news.example.org/",
      ADMIN_EMAILS: " Mod@Example.org, ,other@example.org",
      AUTH_GITHUB_ID: "id",
      AUTH_GITHUB_SECRET: "secret",
      RATE_LIMIT_SIGNIN: "5/600",
      PAGE_CACHE: "0",
      PAGE_CACHE_MAX_MB: "24",
      SQLITE_CACHE_MB: "4",
      TRUST_PROXY: "1",
      SEED_SAMPLE: "0",
      // Empty counts as unset, as `AUTH_SECRET=` in an env file means "none".
      AUTH_SECRET: "",
      INGEST_SOURCES_FILE: "",
    });
    expect(c.port).toBe(3501);
    expect(c.siteUrl).toBe("https://news.example.org");
    expect(c.adminEmails).toEqual(["mod@example.org", "other@example.org"]);
    expect(c.github).toEqual({ clientId: "id", clientSecret: "secret" });
    expect(c.rateLimits).toEqual({ signin: { limit: 5, windowMs: 600_000 } });
    expect(c.pageCache).toEqual({ enabled: false, maxBytes: 24 * 1024 * 1024, ttlMs: 300_000 });
    expect(c.database).toMatchObject({ engine: "sqlite", cacheMb: 4 });
    expect(c).toMatchObject({ trustProxy: true, seedSample: false, authSecret: undefined });
    expect(c.ingestSourcesFile).toBeUndefined();
    // The default site URL follows the port.
    expect(parseConfig({ PORT: "8080" }).siteUrl).toBe("http://localhost:8080");
  });

  it.each([
    ["PAGE_CACHE_MAX_MB", "abc"],
    ["PAGE_CACHE_MAX_MB", "-5"],
    ["PAGE_CACHE_MAX_MB", "1.5"],
    ["PAGE_CACHE_TTL_SECONDS", "0"],
    ["SQLITE_CACHE_MB", "0"],
    ["SQLITE_CACHE_MB", "lots"],
    ["PORT", "70000"],
    ["PORT", "3000abc"],
    ["RATE_LIMIT_COMMENT", "nonsense"],
    ["RATE_LIMIT_SIGNIN", "0/60"],
    ["SITE_URL", "news.example.org"],
    ["TRUST_PROXY", "yes"],
    ["SEED_SAMPLE", "2"],
  ])("refuses %s=%s, naming the variable and the value", (name, value) => {
    const found = problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name}\\b`));
    expect(found[0]).toContain(JSON.stringify(value));
  });

  it("names every bad variable at once", () => {
    expect(problems({ PAGE_CACHE_MAX_MB: "abc", PORT: "x", TRUST_PROXY: "maybe" }).map((p) => p.split(" ")[0])).toEqual(
      ["PORT", "PAGE_CACHE_MAX_MB", "TRUST_PROXY"],
    );
  });
});

describe("npm start with a bad setting", () => {
  it("stops before opening anything, with a message naming the variable", () => {
    const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
    const r = spawnSync(process.execPath, [tsx, "scripts/start.ts"], {
      env: { ...process.env, PAGE_CACHE_MAX_MB: "abc", DATABASE_PATH: "/nonexistent/never-created.db" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Invalid configuration");
    expect(r.stderr).toMatch(/PAGE_CACHE_MAX_MB must be a whole number .*\(got "abc"\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
