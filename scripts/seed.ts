// npm run db:seed — loads the sample content; safe to run again.
import { databasePath, openDatabase } from "@/db";
import { seedSampleContent } from "@/lib/seed";

const db = openDatabase(databasePath());
const r = await seedSampleContent(db);
db.$client.close();
console.log(`Sample content: ${r.new} new, ${r.updated} updated, ${r.unchanged} unchanged`);
