// npm start — prepares the database, then serves the production build (behind the page cache).
// Migrations run here once, before the server's workers open the file, and the sample content is
// loaded into an empty database unless SEED_SAMPLE=0. With INGEST_ON_START=1 the feed watcher
// (npm run ingest -- --watch) runs beside the server once the database is ready.
import { spawn } from "node:child_process";
import path from "node:path";
import { databasePath, openDatabase } from "@/db";
import { countArticles } from "@/db/queries/article-store";
import { seedSampleContent } from "@/db/seed";
import { ensureAuthSecret } from "@/lib/auth-secret";
import { type Config, ConfigError, config } from "@/lib/config";
import { startServer } from "@/lib/page-cache/cache-server";

const dev = process.argv.includes("--dev");
// Every setting is checked before anything else happens: a bad one stops here, named, not mid-request.
let settings: Config;
try {
  settings = config();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
const file = databasePath();
const db = openDatabase(file);
if (settings.seedSample && countArticles(db) === 0) {
  const r = seedSampleContent(db);
  console.log(`Loaded ${r.new} sample articles into ${file}`);
}
db.$client.close();
ensureAuthSecret(path.dirname(path.resolve(file)));
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
