import { type Db, engineOf } from "@/db";
import { sqlAll, sqlValue } from "./sql";

/** The tables a dump covers, by name, with their column counts. */
async function tablesOf(db: Db): Promise<{ name: string; columns: number }[]> {
  if (engineOf(db) === "postgres") {
    // The app's tables are in `public`; drizzle's migration journal lives in schema `drizzle`.
    const found = await sqlAll<{ name: string; columns: number }>(
      db,
      `select t.table_name as name,
              (select count(*) from information_schema.columns c
                where c.table_schema = t.table_schema and c.table_name = t.table_name) as columns
         from information_schema.tables t
        where t.table_schema = 'public' and t.table_type = 'BASE TABLE'`,
    );
    return found.map((t) => ({ name: t.name, columns: Number(t.columns) }));
  }
  // Virtual tables are skipped (their shadow tables are dumped).
  const names = await sqlAll<{ name: string }>(
    db,
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and sql not like 'CREATE VIRTUAL%'",
  );
  const tables: { name: string; columns: number }[] = [];
  for (const { name } of names) {
    tables.push({ name, columns: Number(await sqlValue(db, `select count(*) from pragma_table_info('${name}')`)) });
  }
  return tables;
}

/**
 * Every row of every table, in a stable order: "byte-for-byte unchanged" means this string is equal.
 * Rows are ordered by every column, so tables without a single-column key (WITHOUT ROWID ones on
 * SQLite) are stable too. Compare dumps of one engine with each other only: the engines order NULLs
 * differently and name their own bookkeeping tables.
 */
export async function dumpDatabase(db: Db): Promise<string> {
  const tables = (await tablesOf(db)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const dump: [string, unknown[][]][] = [];
  for (const { name, columns } of tables) {
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(", ");
    const rows = await sqlAll(db, `select * from "${name}" order by ${order}`);
    dump.push([name, rows.map((row) => Object.values(row))]);
  }
  return JSON.stringify(dump);
}
