// npm start — prepares the database, then serves the production build (behind the page cache).
// `npm run build` compiles this file and scripts/prepare-db.ts to plain JavaScript (.next/tidings/,
// scripts/build-server.mjs), and `npm start` execs node on that: no tsx and no shell stay resident
// beside the server. `npm run dev` runs this same file through tsx.
// Migrations and the sample content (unless SEED_SAMPLE=0) are done first, in a process that exits,
// before the server's workers open the file. With INGEST_ON_START=1 the feed watcher
// (npm run ingest -- --watch) runs beside the server once the database is ready.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { databasePath } from "@/db";
import { ensureAuthSecret } from "@/lib/auth-secret";
import { startServer } from "@/lib/cache-server";

const dev = process.argv.includes("--dev");
// Compiled, the preparation sits beside this file as prepare.mjs; run through tsx, it is the .ts
// source (and this process's loader flags carry over to the child).
const compiled = import.meta.url.endsWith(".mjs");
const prepare = fileURLToPath(new URL(compiled ? "./prepare.mjs" : "./prepare-db.ts", import.meta.url));
const prepared = spawnSync(process.execPath, [...process.execArgv, prepare], { stdio: "inherit", env: process.env });
if (prepared.status !== 0) {
  console.error(`Preparing the database failed (${prepared.signal ?? `exit code ${prepared.status}`}); not starting.`);
  process.exit(prepared.status || 1);
}
ensureAuthSecret(path.dirname(path.resolve(databasePath())));
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
