// npm run db:seed — loads the sample content into the configured database (the SQLite file, or
// DATABASE_URL's PostgreSQL database, whose schema `npm run db:migrate` must have made); safe to run again.
import { closeDatabase, openDatabase, pendingMigrations } from "@/db";
import { config } from "@/lib/config";
import { seedSampleContent } from "@/lib/sample/seed";

const { database } = config();
const db = openDatabase(database.location);
try {
  const pending = await pendingMigrations(db);
  if (pending !== 0) {
    console.error(
      `The PostgreSQL database ${pending === "missing" ? "has no Tidings schema yet" : `is ${pending} migration(s) behind`}: run \`npm run db:migrate\` first.`,
    );
    process.exitCode = 1;
  } else {
    const r = await seedSampleContent(db);
    console.log(`Sample content: ${r.new} new, ${r.updated} updated, ${r.unchanged} unchanged`);
  }
} finally {
  await closeDatabase(db);
}
