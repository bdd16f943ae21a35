// npm run db:seed — loads the sample content; safe to run again.
import { databasePath, openDatabase } from "@/db";
import { seedSampleContent } from "@/db/seed";

const db = openDatabase(databasePath());
const r = seedSampleContent(db);
db.$client.close();
console.log(`Sample content: ${r.new} new, ${r.updated} updated, ${r.unchanged} unchanged`);
