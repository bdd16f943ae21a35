import Database from "better-sqlite3";
import { eq, inArray, sql } from "drizzle-orm";
import { type Db, engineOf, run, transaction } from "../index";
import { articles, cacheTags } from "../schema";

/**
 * The page cache's tags, built here and nowhere else (lib/page-cache/README.md says which page carries
 * which). They live in db/ because writes in db/ (ingest, related lists) bump them, and db/ imports
 * nothing from lib/.
 */
export type CacheTag = "all" | "list:latest" | "stories" | `article:${string}` | `tag:${string}` | `source:${string}`;

export const cacheTag = {
  /** Every cached page: for a change every page may show (a reader's name beside their comments). */
  all: "all",
  /** Every page that lists stories: the front page, tag and outlet pages, the outlets list, search. */
  latest: "list:latest",
  /**
   * The full-coverage pages (/stories/<id>): bumped when a same-story cluster or a member's revisions
   * change. One tag for all of them, since which page shows an article depends on the clusters.
   */
  stories: "stories",
  /** One story's page (its text, comments, related list), and its "What changed" page. */
  article: (slug: string) => `article:${slug}`,
  /** One hashtag's page; nothing bumps it on its own yet (a new story bumps `latest`). */
  tag: (slug: string) => `tag:${slug}`,
  /** One outlet's page; nothing bumps it on its own yet (a new story bumps `latest`). */
  source: (slug: string) => `source:${slug}`,
} as const satisfies Record<string, CacheTag | ((slug: string) => CacheTag)>;

/** Marks every page carrying one of these tags as stale, in every process. Call inside the write's transaction. */
export async function bumpCacheTags(db: Db, tags: readonly CacheTag[]) {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return;
  if (engineOf(db) === "postgres") {
    await bumpAndNotify(db, unique);
    return;
  }
  await db
    .insert(cacheTags)
    .values(unique.map((tag) => ({ tag, version: 1 })))
    .onConflictDoUpdate({ target: cacheTags.tag, set: { version: sql`${cacheTags.version} + 1` } });
}

/** The LISTEN/NOTIFY channel on which PostgreSQL bumps are announced (cache-tag-listener.ts). */
export const CACHE_TAG_CHANNEL = "tidings_cache_tags";
/**
 * A row of cache_tags that no page carries: bumped with every PostgreSQL bump, so one primary-key read
 * tells a listener whether it missed a notification (cache-tag-listener.ts polls it).
 */
export const CACHE_TAG_EPOCH = "#epoch";
// NOTIFY payloads must stay under 8000 bytes; a longer list is announced as "re-read everything".
const MAX_PAYLOAD = 7_000;

/** The message a PostgreSQL bump announces: the new epoch, and the new versions unless they did not fit. */
export type CacheTagNotice = { e: number; t?: [string, number][] };

/**
 * PostgreSQL: the same upsert plus the epoch row, then a pg_notify in the same transaction, so every
 * instance's listener hears of it exactly when it commits (never for a rolled-back write). Writes
 * serialize (the write lock, and the epoch row's own row lock until commit), so epochs arrive in order
 * and a gap means a lost notification.
 */
async function bumpAndNotify(db: Db, tags: readonly CacheTag[]) {
  await transaction(db, async (tx) => {
    const bumped = await tx
      .insert(cacheTags)
      .values([...tags, CACHE_TAG_EPOCH].sort().map((tag) => ({ tag, version: 1 })))
      .onConflictDoUpdate({ target: cacheTags.tag, set: { version: sql`${cacheTags.version} + 1` } })
      .returning({ tag: cacheTags.tag, version: cacheTags.version });
    const epoch = bumped.find((r) => r.tag === CACHE_TAG_EPOCH)?.version ?? 0;
    const notice: CacheTagNotice = {
      e: epoch,
      t: bumped.filter((r) => r.tag !== CACHE_TAG_EPOCH).map((r) => [r.tag, r.version]),
    };
    let payload = JSON.stringify(notice);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) payload = JSON.stringify({ e: epoch } satisfies CacheTagNotice);
    await run(tx, sql`select pg_notify(${CACHE_TAG_CHANNEL}, ${payload})`);
  });
}

/** Current versions of these tags (0 for a tag never bumped). */
export async function cacheTagVersions(db: Db, tags: readonly CacheTag[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(tags.map((t) => [t, 0]));
  if (tags.length === 0) return out;
  for (const r of await db
    .select()
    .from(cacheTags)
    .where(inArray(cacheTags.tag, [...tags])))
    out.set(r.tag, r.version);
  return out;
}

/** The cache tag of an article's page. */
export async function articlePageTag(db: Db, articleId: number): Promise<CacheTag[]> {
  const [row] = await db.select({ slug: articles.slug }).from(articles).where(eq(articles.id, articleId)).limit(1);
  return row ? [cacheTag.article(row.slug)] : [];
}

/**
 * Tag versions for the page cache's hot path, read through a connection of its own and remembered
 * until the database changes. `PRAGMA data_version` moves whenever any OTHER connection commits (this
 * process's Next renders and server actions, or an ingest in another process), and costs a few
 * microseconds where a query per tag through drizzle cost hundreds; so every hit still sees every
 * committed bump, at once. The connection must be separate: data_version ignores its own commits.
 * Synchronous on purpose, the one exception to "every query returns a promise": it runs on every cache
 * hit, where a promise per tag would cost more than the read (an engine of its own would keep the
 * versions in memory and be told of changes instead).
 */
export class CacheTagReader {
  private readonly client: Database.Database;
  private readonly dataVersion: Database.Statement<[], number>;
  private readonly one: Database.Statement<[string], number | undefined>;
  private seen = -1;
  private readonly known = new Map<CacheTag, number>();

  constructor(file: string) {
    this.client = new Database(file, { readonly: true, fileMustExist: true });
    this.client.pragma("busy_timeout = 5000");
    this.dataVersion = this.client.prepare<[], number>("pragma data_version").pluck();
    this.one = this.client
      .prepare<[string], number | undefined>("select version from cache_tags where tag = ?")
      .pluck();
  }

  /** Forgets what it knew if anything was committed since the last call. */
  refresh() {
    const v = this.dataVersion.get() as number;
    if (v !== this.seen) {
      this.seen = v;
      this.known.clear();
    }
  }

  /** The tag's current version (0 for a tag never bumped), as of the last refresh(). */
  versionOf(tag: CacheTag): number {
    let v = this.known.get(tag);
    if (v === undefined) {
      v = this.one.get(tag) ?? 0;
      // A cache of what this reader saw, bounded by the tags pages carry; cleared on any change.
      this.known.set(tag, v);
    }
    return v;
  }

  close() {
    this.client.close();
  }
}
