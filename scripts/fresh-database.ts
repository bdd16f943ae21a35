// tsx scripts/fresh-database.ts --yes — empties the configured database and loads the sample content, for test servers
// (playwright.config.ts) that need a known start. Refuses without --yes, because it throws away
// everything stored there.
// SQLite (DATABASE_PATH): removes the file and its WAL; `npm start` migrates and seeds it on start.
// PostgreSQL (DATABASE_URL): drops and recreates the database, applies the migrations and loads the
// sample content here (app instances on PostgreSQL never migrate or seed by themselves).
import fs from "node:fs";
import { closeDatabase, migrateDatabase, openDatabase } from "@/db";
import { config } from "@/lib/config";
import { describeLocation } from "@/lib/ops/backup";
import { freshPostgresDatabase } from "./harness";

const settings = config();
if (!process.argv.includes("--yes")) {
  console.error(
    `Usage: tsx scripts/fresh-database.ts --yes   (deletes everything in ${describeLocation(settings.database.location)})`,
  );
  process.exit(2);
}
if (settings.database.engine === "sqlite") {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${settings.database.location}${suffix}`, { force: true });
  console.log(`Removed ${settings.database.location}; npm start migrates and seeds it`);
} else {
  const url = new URL(settings.database.location);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name || name === "postgres") throw new Error("fresh-database will not drop the maintenance database postgres");
  url.pathname = "/postgres";
  await freshPostgresDatabase(url.toString(), name);
  const db = openDatabase(settings.database.location, { poolSize: 2 });
  await migrateDatabase(db);
  const { seedSampleContent } = await import("@/lib/sample/seed");
  const r = await seedSampleContent(db);
  await closeDatabase(db);
  console.log(`Fresh database ${describeLocation(settings.database.location)}: ${r.new} sample articles`);
}
