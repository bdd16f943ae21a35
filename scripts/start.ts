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
import { startServer } from "@/lib/page-cache/cache-server";

const dev = process.argv.includes("--dev");
const file = databasePath();
const db = openDatabase(file);
if (process.env.SEED_SAMPLE !== "0" && countArticles(db) === 0) {
  const r = seedSampleContent(db);
  console.log(`Loaded ${r.new} sample articles into ${file}`);
}
db.$client.close();
ensureAuthSecret(path.dirname(path.resolve(file)));
process.env.NEXT_TELEMETRY_DISABLED = "1";

const port = Number(process.env.PORT ?? 3000);
// The page cache is for anonymous readers of the production build; PAGE_CACHE=0 turns it off.
const server = await startServer({ dev, port, pageCache: !dev && process.env.PAGE_CACHE !== "0" });
console.log(`Tidings is listening on http://localhost:${port}${dev ? " (development)" : ""}`);

// A separate process, so a slow feed or a long ingest transaction never stalls a page render.
const watcher =
  process.env.INGEST_ON_START === "1"
    ? spawn(
        process.execPath,
        [path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs"), "scripts/ingest.ts", "--watch"],
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
