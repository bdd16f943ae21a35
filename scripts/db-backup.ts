// npm run db:backup -- FILE — an online backup of the running app's database (DATABASE_PATH).
import path from "node:path";
import { databasePath } from "@/lib/db";
import { backupDatabase } from "@/lib/ops/backup";

const target = process.argv[2];
if (!target) {
  console.error("Usage: npm run db:backup -- FILE");
  process.exit(2);
}
try {
  const r = await backupDatabase(databasePath(), path.resolve(target), (pct) => {
    if (process.stdout.isTTY) process.stdout.write(`\rbacking up ${pct}%`);
  });
  console.log(`\nBacked up ${databasePath()} to ${target}: ${r.articles} articles, ${r.users} users, integrity ok`);
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exit(1);
}
