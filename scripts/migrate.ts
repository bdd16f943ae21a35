// npm run db:migrate — opening the database applies every pending migration.
import { closeDatabase, openDatabase } from "@/db";
import { databasePath } from "@/lib/db";

const file = databasePath();
closeDatabase(openDatabase(file));
console.log(`Migrations applied to ${file}`);
