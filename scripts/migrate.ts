// npm run db:migrate — applies every pending migration to the configured database.
// SQLite: opening the file applies them. PostgreSQL (DATABASE_URL): they run under an advisory lock,
// so two deploys starting at once apply them once; app instances never migrate by themselves.
import { closeDatabase, migrateDatabase, openDatabase } from "@/db";
import { config } from "@/lib/config";

const { database } = config();
const db = openDatabase(database.location, { poolSize: 1 });
await migrateDatabase(db);
await closeDatabase(db);
// Never print a PostgreSQL URL: it may carry a password.
console.log(
  `Migrations applied to ${database.engine === "sqlite" ? database.location : `PostgreSQL (${new URL(database.location).host}${new URL(database.location).pathname})`}`,
);
