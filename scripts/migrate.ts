// npm run db:migrate — opening the database applies every pending migration.
import { databasePath, openDatabase } from "@/db";

const file = databasePath();
openDatabase(file).$client.close();
console.log(`Migrations applied to ${file}`);
