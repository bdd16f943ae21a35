// npm run db:backup -- FILE — an online backup of the running app's database: the SQLite file
// (DATABASE_PATH) through SQLite's backup API, or PostgreSQL (DATABASE_URL) through pg_dump's custom
// format. Either way the copy is checked before it takes the name FILE.
import path from "node:path";
import { databaseLocation } from "@/lib/db";
import { backupDatabase, describeLocation } from "@/lib/ops/backup";

const target = process.argv[2];
if (!target) {
  console.error("Usage: npm run db:backup -- FILE");
  process.exit(2);
}
const location = databaseLocation();
try {
  const r = await backupDatabase(location, path.resolve(target), (pct) => {
    if (process.stdout.isTTY) process.stdout.write(`\rbacking up ${pct}%`);
  });
  console.log(
    `\nBacked up ${describeLocation(location)} to ${target}: ${r.articles} articles, ${r.users} users, checked`,
  );
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exit(1);
}
