// npm start — prepares the database, then serves the production build (behind the page cache).
// `npm run build` compiles this file and scripts/prepare-db.ts to plain JavaScript (.next/tidings/,
// scripts/build-server.mjs), and `npm start` execs node on that: no tsx and no shell stay resident
// beside the server. `npm run dev` runs this same file through tsx.
// SQLite: migrations and the sample content (unless SEED_SAMPLE=0) are done first, in a process that
// exits, before the server's workers open the file. With INGEST_ON_START=1 the feed watcher
// (npm run ingest -- --watch) runs beside the server once the database is ready.
// PostgreSQL (DATABASE_URL): this serves pages only, as one of N instances. It never migrates or seeds
// (N instances would race; `npm run db:migrate` and `npm run db:seed` do it once) and only checks that
// the schema is this build's; the watcher is `npm run worker`, one for all instances.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import v8 from "node:v8";
import { pendingMigrations } from "@/db";
import { ensureAuthSecret } from "@/lib/auth/secret";
import { type Config, configOrExit } from "@/lib/config";
import { databasePath, getDb } from "@/lib/db";
import { startServer } from "@/lib/page-cache/cache-server";

const dev = process.argv.includes("--dev");
// V8 lets the old generation grow to a multiple of what survives a full collection before the next one,
// up to 4x while collections are cheap. A server renders pages all day: its live heap stays near 60 MB
// at 100,000 articles, and the growth room was 150 MB of resident memory. 30% more than the live heap
// held the same render rate (2,000 cache-miss article renders: 23.6 s either way). This flag is read at
// every collection, so setting it here, after start, takes effect.
v8.setFlagsFromString("--heap-growing-percent=30");
// Every setting is checked before anything else happens: a bad one stops here, named, not mid-request.
const settings: Config = configOrExit();
const postgres = settings.database.engine === "postgres";
if (postgres) await checkPostgres();
else {
  // Compiled, the preparation sits beside this file as prepare.mjs; run through tsx, it is the .ts
  // source (and this process's loader flags carry over to the child).
  const compiled = import.meta.url.endsWith(".mjs");
  const prepare = fileURLToPath(new URL(compiled ? "./prepare.mjs" : "./prepare-db.ts", import.meta.url));
  const prepared = spawnSync(process.execPath, [...process.execArgv, prepare], { stdio: "inherit", env: process.env });
  if (prepared.status !== 0) {
    console.error(
      `Preparing the database failed (${prepared.signal ?? `exit code ${prepared.status}`}); not starting.`,
    );
    process.exit(prepared.status || 1);
  }
}
ensureAuthSecret(path.dirname(path.resolve(databasePath())));

/** PostgreSQL: refuses what an app instance must not do, and a schema this build cannot serve. */
async function checkPostgres() {
  if (settings.ingestOnStart) {
    console.error(
      "INGEST_ON_START=1 is not for PostgreSQL: every app instance would run its own feed watcher. Unset it and run one `npm run worker` beside the app instances (a second worker waits for the first).",
    );
    process.exit(1);
  }
  let pending: number | "missing";
  try {
    pending = await pendingMigrations(getDb());
  } catch (err) {
    console.error(
      `Cannot reach the PostgreSQL database of DATABASE_URL (${err instanceof Error ? err.message : String(err)}); not starting.`,
    );
    process.exit(1);
  }
  if (pending === "missing") {
    console.error(
      "The PostgreSQL database has no Tidings schema yet: run `npm run db:migrate` (once, for all instances; `npm run db:seed` adds the sample content), then start again. App instances never migrate on PostgreSQL.",
    );
    process.exit(1);
  }
  if (pending > 0) {
    console.error(
      `The PostgreSQL database is ${pending} migration${pending === 1 ? "" : "s"} behind this build: run \`npm run db:migrate\`, then start again.`,
    );
    process.exit(1);
  }
}
// Written, not read: Next's own switch, set for this process and the ones it starts.
process.env.NEXT_TELEMETRY_DISABLED = "1";

const port = settings.port;
// The page cache is for anonymous readers of the production build; PAGE_CACHE=0 turns it off.
const server = await startServer({ dev, port, pageCache: !dev && settings.pageCache.enabled });
console.log(`Tidings is listening on http://localhost:${port}${dev ? " (development)" : ""}`);

// A separate process, so a slow feed or a long ingest transaction never stalls a page render.
const watcher = settings.ingestOnStart
  ? spawn(
      process.execPath,
      [path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs"), "scripts/ingest.ts", "--watch"],
      // The watcher gets this process's environment whole (and parses it with lib/config.ts itself).
      { stdio: "inherit", env: process.env },
    )
  : null;
watcher?.on("exit", (code, signal) => {
  console.error(`ingest watcher stopped (${signal ?? `exit code ${code}`}); the server keeps running`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    watcher?.kill(signal);
    server.close();
    process.exit(0);
  });
}
