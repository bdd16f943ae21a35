import type { Db } from "@/db";

/**
 * Every row of every table, in a stable order: "byte-for-byte unchanged" means this string is equal.
 * Virtual tables are skipped (their shadow tables are dumped), and rows are ordered by every column so
 * WITHOUT ROWID tables work too.
 */
export function dumpDatabase(db: Db): string {
  const tables = db.$client
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and sql not like 'CREATE VIRTUAL%' order by name",
    )
    .all() as { name: string }[];
  return JSON.stringify(
    tables.map(({ name }) => {
      const cols = (db.$client.prepare(`select count(*) as n from pragma_table_info('${name}')`).get() as { n: number })
        .n;
      const order = Array.from({ length: cols }, (_, i) => i + 1).join(", ");
      return [name, db.$client.prepare(`select * from "${name}" order by ${order}`).raw().all()];
    }),
  );
}
