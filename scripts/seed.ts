// npm run db:seed — loads the sample content; safe to run again.
import { closeDatabase, openDatabase } from "@/db";
import { databaseLocation } from "@/lib/db";
import { seedSampleContent } from "@/lib/sample/seed";

const db = openDatabase(databaseLocation());
const r = await seedSampleContent(db);
await closeDatabase(db);
console.log(`Sample content: ${r.new} new, ${r.updated} updated, ${r.unchanged} unchanged`);
