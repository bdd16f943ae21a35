import type { Db } from "@/db";

/** Every row of every table, in a stable order: "byte-for-byte unchanged" means this string is equal. */
export function dumpDatabase(db: Db): string {
  const tables = db.$client
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all() as { name: string }[];
  return JSON.stringify(
    tables.map(({ name }) => [name, db.$client.prepare(`select * from "${name}" order by rowid`).all()]),
  );
}
