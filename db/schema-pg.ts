// The PostgreSQL twin of db/schema.ts, derived from it at load time so there is one schema source.
// Only drizzle-kit reads this file (drizzle.pg.config.ts → db/migrations-pg/); queries on both engines
// use the tables of db/schema.ts, which is why every column keeps the representation it has on SQLite:
// times as integer milliseconds (bigint), booleans as 0/1 (smallint), JSON as text. The column mappings
// of db/schema.ts then read and write the same JavaScript values on either engine, and a hand-written
// `= 1` or `published_at > ?` means the same thing on both.
import { type SQL, sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  customType,
  doublePrecision,
  foreignKey,
  index,
  type PgColumnBuilderBase,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { getTableConfig, type SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as sqliteSchema from "./schema";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

// SQLite's `(unixepoch() * 1000)`, written for PostgreSQL.
const NOW_MS = sql`(floor(extract(epoch from clock_timestamp()) * 1000))::bigint`;

function defaultOf(column: SQLiteColumn): unknown {
  const value = column.default;
  if (value === undefined) return undefined;
  if (typeof value === "object" && value !== null && "queryChunks" in value) {
    const text = (value as SQL).queryChunks.map((c) => (c as { value?: string[] }).value?.join("") ?? "").join("");
    if (/unixepoch\(\)\s*\*\s*1000/.test(text)) return NOW_MS;
    throw new Error(`db/schema-pg.ts: no PostgreSQL form for the SQL default of ${column.name}: ${text}`);
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  return value;
}

function columnOf(column: SQLiteColumn, hasForeignKey: boolean, singlePrimaryKey: boolean): PgColumnBuilderBase {
  // The chain every pg-core builder used here has; each call returns a builder of the same kind.
  type Chain = PgColumnBuilderBase & {
    primaryKey(): Chain;
    generatedByDefaultAsIdentity(): Chain;
    notNull(): Chain;
    default(value: unknown): Chain;
  };
  let builder: Chain;
  switch (column.columnType) {
    case "SQLiteInteger":
    case "SQLiteTimestamp":
      builder = bigint(column.name, { mode: "number" }) as never;
      break;
    case "SQLiteBoolean":
      builder = smallint(column.name) as never;
      break;
    case "SQLiteText":
      builder = text(column.name) as never;
      break;
    case "SQLiteReal":
      builder = doublePrecision(column.name) as never;
      break;
    case "SQLiteBlobBuffer":
      builder = bytea(column.name) as never;
      break;
    default:
      throw new Error(`db/schema-pg.ts: no PostgreSQL type for ${column.columnType} (${column.name})`);
  }
  if (column.primary) {
    builder = builder.primaryKey();
    // An INTEGER PRIMARY KEY is SQLite's rowid: it numbers rows that do not give one. Identity does
    // that here, except on a key that is another table's id (article_id of a one-to-one table).
    if (column.columnType === "SQLiteInteger" && singlePrimaryKey && !hasForeignKey) {
      builder = builder.generatedByDefaultAsIdentity();
    }
  }
  if (column.notNull && !column.primary) builder = builder.notNull();
  const value = defaultOf(column);
  if (value !== undefined) builder = builder.default(value);
  return builder;
}

type PgTables = Record<string, ReturnType<typeof pgTable>>;

function convert(): PgTables {
  const out: PgTables = {};
  const entries = Object.entries(sqliteSchema).filter(([, v]) => v instanceof SQLiteTable) as [string, SQLiteTable][];
  const byName = new Map<string, string>(entries.map(([key, table]) => [getTableConfig(table).name, key]));
  for (const [key, table] of entries) {
    const config = getTableConfig(table);
    const fkColumns = new Set(config.foreignKeys.flatMap((fk) => fk.reference().columns.map((c) => c.name)));
    const columnKeys = Object.entries(table).filter(([, c]) => config.columns.includes(c as SQLiteColumn)) as [
      string,
      SQLiteColumn,
    ][];
    const keyOf = new Map(columnKeys.map(([k, c]) => [c.name, k]));
    const columns = Object.fromEntries(
      columnKeys.map(([k, c]) => [k, columnOf(c, fkColumns.has(c.name), config.primaryKeys.length === 0)]),
    );
    out[key] = pgTable(config.name, columns, (t) => {
      const col = (c: { name: string }) => (t as Record<string, AnyPgColumn>)[keyOf.get(c.name) as string];
      return [
        ...config.indexes.map((ix) => {
          const cols = ix.config.columns.map((c) => col(c as SQLiteColumn));
          const builder = (ix.config.unique ? uniqueIndex : index)(ix.config.name).on(
            ...(cols as [AnyPgColumn, ...AnyPgColumn[]]),
          );
          if (ix.config.where)
            throw new Error(`db/schema-pg.ts: partial index ${ix.config.name} needs a PostgreSQL form`);
          return builder;
        }),
        ...config.primaryKeys.map((pk) =>
          primaryKey({ columns: pk.columns.map(col) as [AnyPgColumn, ...AnyPgColumn[]] }),
        ),
        ...config.foreignKeys.map((fk) => {
          const ref = fk.reference();
          // This callback runs when drizzle-kit reads the table, after every table exists (and a
          // table that references itself finds its own columns in `t`).
          const targetName = getTableConfig(ref.foreignTable).name;
          const target = (targetName === config.name ? t : out[byName.get(targetName) as string]) as unknown as Record<
            string,
            AnyPgColumn
          >;
          const foreignColumns = Object.entries(ref.foreignTable)
            .filter(([, c]) => ref.foreignColumns.includes(c as SQLiteColumn))
            .map(([k]) => target[k]);
          return foreignKey({
            columns: ref.columns.map(col) as [AnyPgColumn, ...AnyPgColumn[]],
            foreignColumns: foreignColumns as [AnyPgColumn, ...AnyPgColumn[]],
            name: fk.getName(),
          })
            .onDelete(fk.onDelete ?? "no action")
            .onUpdate(fk.onUpdate ?? "no action");
        }),
      ];
    });
  }
  return out;
}

const pg = convert();

// drizzle-kit finds tables among a module's named exports.
export const sources = pg.sources;
export const articles = pg.articles;
export const tags = pg.tags;
export const articleTags = pg.articleTags;
export const users = pg.users;
export const comments = pg.comments;
export const commentRevisions = pg.commentRevisions;
export const commentReports = pg.commentReports;
export const moderationLog = pg.moderationLog;
export const bookmarks = pg.bookmarks;
export const readingPositions = pg.readingPositions;
export const accountTokens = pg.accountTokens;
export const rateLimits = pg.rateLimits;
export const readerTags = pg.readerTags;
export const readerSources = pg.readerSources;
export const mutedWords = pg.mutedWords;
export const feedTokens = pg.feedTokens;
export const articleRelated = pg.articleRelated;
export const articleAnalysis = pg.articleAnalysis;
export const cacheTags = pg.cacheTags;
export const relatedTerms = pg.relatedTerms;
export const relatedDocs = pg.relatedDocs;
export const relatedPostings = pg.relatedPostings;
export const relatedStats = pg.relatedStats;
export const articleRevisions = pg.articleRevisions;
export const notifications = pg.notifications;
export const notificationMutes = pg.notificationMutes;
export const notificationSettings = pg.notificationSettings;
export const notificationDigests = pg.notificationDigests;
