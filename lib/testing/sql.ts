// Hand-written SQL for tests, on either engine: `?` placeholders (rewritten to $1, $2… on PostgreSQL),
// rows as plain objects with the selected column names. Product code uses db/ query functions instead.
import { sql } from "drizzle-orm";
import { type Db, rows, run } from "@/db";

function statement(text: string, params: unknown[]) {
  // One chunk per placeholder, so drizzle numbers them for the engine at hand.
  const parts = text.split("?");
  if (parts.length - 1 !== params.length) {
    throw new Error(`lib/testing/sql.ts: ${parts.length - 1} placeholders, ${params.length} parameters: ${text}`);
  }
  const chunks = sql.empty();
  parts.forEach((part, i) => {
    chunks.append(sql.raw(part));
    if (i < params.length) chunks.append(sql`${params[i]}`);
  });
  return chunks;
}

/** Every row of `text`. */
export function sqlAll<T = Record<string, unknown>>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  return rows<T>(db, statement(text, params));
}

/** The first row of `text`, or undefined. */
export async function sqlGet<T = Record<string, unknown>>(
  db: Db,
  text: string,
  ...params: unknown[]
): Promise<T | undefined> {
  return (await sqlAll<T>(db, text, ...params))[0];
}

/** The first column of every row. */
export async function sqlPluck<T = unknown>(db: Db, text: string, ...params: unknown[]): Promise<T[]> {
  return (await sqlAll<Record<string, T>>(db, text, ...params)).map((row) => Object.values(row)[0] as T);
}

/** The first column of the first row, or undefined. */
export async function sqlValue<T = unknown>(db: Db, text: string, ...params: unknown[]): Promise<T | undefined> {
  return (await sqlPluck<T>(db, text, ...params))[0];
}

/** Runs a statement; resolves with the number of rows it changed. */
export function sqlRun(db: Db, text: string, ...params: unknown[]): Promise<number> {
  return run(db, statement(text, params));
}
