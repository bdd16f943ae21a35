// npm run worker [-- --interval MINUTES] [--allow-private]   (compiled: node .next/tidings/worker.mjs)
// The background half of the site, one process for all app instances: the feed watcher (fetches the
// enabled sources when due), the text analysis and related lists that follow each fetch, and the
// daily notification digest (lib/ingest/watch.ts). App instances on PostgreSQL serve pages only.
//
// On PostgreSQL it holds an advisory lock (WORKER_LOCK) for its whole life, so a second worker started
// beside it (a deploy overlap, a second machine) waits, saying so, and takes over if the first stops
// or dies: one watcher per database, never two fetching the same feeds and updating the related-terms
// statistics at once. On SQLite it runs as it is (one machine, and `npm start` with INGEST_ON_START=1
// is the same watcher).
import { parseArgs } from "node:util";
import { closeDatabase, holdAdvisoryLock, openDatabase, pendingMigrations, WORKER_LOCK } from "@/db";
import { type Config, configOrExit } from "@/lib/config";
import { describeError } from "@/lib/ingest/errors";
import { DEFAULT_POLL_MINUTES } from "@/lib/ingest/schedule";
import { watchSources } from "@/lib/ingest/watch";

const USAGE = `Usage: npm run worker [-- --interval MINUTES] [--allow-private]
  --interval MINUTES  the longest wait between two rounds (default ${DEFAULT_POLL_MINUTES}; each source's own schedule applies)
  --allow-private     allow feeds on private, loopback and link-local addresses (also INGEST_ALLOW_PRIVATE=1)
Environment: DATABASE_URL (PostgreSQL) or DATABASE_PATH (SQLite), INGEST_SOURCES_FILE, SMTP_URL (digests)`;

const log = (line: string) => console.log(`[worker ${new Date().toISOString()}] ${line}`);

let values: { interval?: string; "allow-private"?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      interval: { type: "string" },
      "allow-private": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (err) {
  console.error(`${describeError(err)}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const minutes = values.interval === undefined ? DEFAULT_POLL_MINUTES : Number(values.interval);
if (!(minutes >= 1)) {
  console.error(`--interval takes a number of minutes (at least 1), not "${values.interval}"\n\n${USAGE}`);
  process.exit(2);
}

const settings: Config = configOrExit();

const db = openDatabase(settings.database.location);
const controller = new AbortController();
let running = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    controller.abort();
    // Still waiting for the lock: nothing to finish.
    if (!running) process.exit(0);
  });
}

let release: (() => Promise<void>) | null = null;
if (settings.database.engine === "postgres") {
  const pending = await pendingMigrations(db);
  if (pending !== 0) {
    console.error(
      `The PostgreSQL database ${pending === "missing" ? "has no Tidings schema yet" : `is ${pending} migration(s) behind this build`}: run \`npm run db:migrate\` first.`,
    );
    await closeDatabase(db);
    process.exit(1);
  }
  release = await holdAdvisoryLock(db, WORKER_LOCK, {
    onWait: () => log("another worker holds the lock; waiting"),
    onLost: (error) => {
      // Without its connection the lock is gone and another worker may already run: stop, and let the
      // supervisor start this one again (it will wait its turn).
      console.error(`[worker] lost the worker lock's database connection (${error.message}); stopping`);
      process.exit(1);
    },
  });
  log("holding the worker lock");
}

running = true;
try {
  await watchSources(db, {
    allowPrivate: values["allow-private"] || settings.ingestAllowPrivate,
    intervalMs: minutes * 60_000,
    signal: controller.signal,
    log,
  });
} catch (err) {
  console.error(`worker failed: ${describeError(err)}`);
  process.exitCode = 1;
} finally {
  await release?.();
  await closeDatabase(db);
  log("stopped");
}
