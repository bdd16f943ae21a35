// npm run db:restore -- FILE — replaces the database (DATABASE_PATH, or DATABASE_URL on PostgreSQL)
// with a checked backup made by db:backup. The previous content is kept (a file beside the SQLite
// database, or a renamed PostgreSQL database) and named in the output.
import { databaseLocation } from "@/lib/db";
import { describeLocation, restoreDatabase } from "@/lib/ops/backup";

const source = process.argv[2];
if (!source) {
  console.error("Usage: npm run db:restore -- FILE");
  process.exit(2);
}
const location = databaseLocation();
try {
  const r = await restoreDatabase(source, location);
  console.log(`Restored ${source} into ${describeLocation(location)}: ${r.articles} articles, ${r.users} users.`);
  if (r.saved) console.log(`The previous database was saved as ${r.saved}.`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
