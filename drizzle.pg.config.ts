import { defineConfig } from "drizzle-kit";

// The PostgreSQL migrations, generated from db/schema-pg.ts (itself derived from db/schema.ts):
// `npx drizzle-kit generate --config drizzle.pg.config.ts --name X`. Full-text search lives in a
// hand-written migration, as on SQLite.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema-pg.ts",
  out: "./db/migrations-pg",
});
