// Vitest global setup for the PostgreSQL run (TEST_POSTGRES_URL set): builds the migrated template that
// await useTempDatabase() copies, once per run, and drops every test database afterwards.
import pg from "pg";
import { closeDatabase, migrateDatabase, openDatabase } from "@/db";
import { databaseUrl, PG_TEMPLATE } from "./db";

async function admin<T>(server: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dropTestDatabases(server: string): Promise<void> {
  await admin(server, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      "select datname from pg_database where datname like 't\\_%'",
    );
    for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
  });
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const server = process.env.TEST_POSTGRES_URL;
  if (!server) return undefined;
  await dropTestDatabases(server);
  await admin(server, async (client) => {
    await client.query(`drop database if exists ${PG_TEMPLATE} with (force)`);
    await client.query(`create database ${PG_TEMPLATE}`);
  });
  const db = openDatabase(databaseUrl(server, PG_TEMPLATE), { poolSize: 1 });
  await migrateDatabase(db);
  await closeDatabase(db);
  return () => dropTestDatabases(server);
}
