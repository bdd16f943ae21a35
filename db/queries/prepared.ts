// Prepared statements that run on both engines: the write paths that run once per stored article
// (ingest, analysis) prepare their statements once per connection instead of building SQL each time.
// Used by scripts, so no "server-only".
import { type Db, engineOf } from "../index";

/** A builder the SQLite typing knows how to prepare, and what its prepared statement answers. */
type Preparable<Row, Rows> = { prepare(): { get(p?: Params): Row; all(p?: Params): Rows; run(p?: Params): unknown } };
export type Params = Record<string, unknown>;

/**
 * A prepared statement with the same three calls on both engines, each a promise. SQLite runs the
 * better-sqlite3 statement synchronously; PostgreSQL runs it as a named server-side statement (parsed
 * and planned once per pooled connection), through the transaction's client when there is one.
 */
export function stmt<Row, Rows>(db: Db, name: string, builder: Preparable<Row, Rows>) {
  if (engineOf(db) === "sqlite") {
    const q = builder.prepare();
    return {
      get: async (p?: Params): Promise<Row> => q.get(p),
      all: async (p?: Params): Promise<Rows> => q.all(p),
      run: async (p?: Params): Promise<void> => {
        q.run(p);
      },
    };
  }
  // pg-core's prepare takes the statement's name; its execute answers mapped rows (with fields) or
  // the driver's result (a statement without RETURNING).
  const q = (builder.prepare as unknown as (name: string) => { execute(p?: Params): Promise<unknown> }).call(
    builder,
    name,
  );
  return {
    get: async (p?: Params): Promise<Row> => ((await q.execute(p)) as Row[])[0] as Row,
    all: async (p?: Params): Promise<Rows> => (await q.execute(p)) as Rows,
    run: async (p?: Params): Promise<void> => {
      await q.execute(p);
    },
  };
}
