// npm run db:restore -- FILE — replaces the database (DATABASE_PATH) with a checked backup.

import { databasePath } from "@/lib/db";
import { restoreDatabase } from "@/lib/ops/backup";

const source = process.argv[2];
if (!source) {
  console.error("Usage: npm run db:restore -- FILE");
  process.exit(2);
}
try {
  const r = await restoreDatabase(source, databasePath());
  console.log(`Restored ${source} into ${databasePath()}: ${r.articles} articles, ${r.users} users.`);
  if (r.saved) console.log(`The previous database was saved as ${r.saved}.`);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
