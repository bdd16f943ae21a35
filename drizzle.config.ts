import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  dbCredentials: { url: process.env.DATABASE_PATH ?? "data/news.db" },
  // FTS5 virtual tables and their shadow tables live in hand-written migrations; keep push/introspect off them.
  tablesFilter: ["!*_fts*"],
});
