import type pg from "pg";
import { type Db, postgresPool } from "../index";
import { CACHE_TAG_CHANNEL, CACHE_TAG_EPOCH, type CacheTag, type CacheTagNotice } from "./cache-tags";

/** What the page cache asks on every hit (SQLite: CacheTagReader; PostgreSQL: CacheTagListener). */
export interface TagVersions {
  /** Called before a batch of versionOf() calls; cheap, synchronous. */
  refresh(): void;
  /** The tag's current version; a value that never equals a stored one (NaN) when it cannot be known. */
  versionOf(tag: CacheTag): number;
  close(): void | Promise<void>;
}

export type CacheTagListenerOptions = {
  /** How often the epoch row is read, to catch a lost notification (default 400 ms). */
  pollMs?: number;
  log?: (line: string) => void;
};

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;
const QUERY_TIMEOUT_MS = 5_000;

/**
 * PostgreSQL: every tag version held in memory, so a cache hit reads a Map and no database at all
 * (a query per hit would be a network round trip and a ceiling shared by every instance).
 *
 * - A dedicated client from the pool LISTENs on CACHE_TAG_CHANNEL; bumpCacheTags sends the new
 *   versions with pg_notify in the writing transaction, so they arrive when (and only if) it commits,
 *   a few milliseconds after, on every instance.
 * - Every notice carries the epoch (a counter bumped with every bump). A notice whose epoch is not
 *   the next one means one was lost: everything is re-read.
 * - The same client reads the epoch row every `pollMs`. When it is ahead of what the notices said and
 *   still ahead at the next poll (so not a notice merely in flight), everything is re-read: a lost
 *   notice leaves a page stale for at most about two poll intervals. The poll also finds a dead
 *   connection that never reported an error.
 * - When the connection drops (a server restart, pg_terminate_backend), it reconnects with backoff,
 *   LISTENs again and then re-reads every version, so nothing committed meanwhile is missed. Until
 *   that re-read has finished, versionOf answers NaN: no stored page is served, and pages rendered
 *   meanwhile are stored with NaN and never served either.
 *
 * Versions only grow, so every update keeps the larger of what it knew and what it heard.
 */
export class CacheTagListener implements TagVersions {
  private readonly known = new Map<string, number>();
  private epoch = 0;
  private current = false;
  private closed = false;
  private client: pg.PoolClient | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private backoff = RECONNECT_MIN_MS;
  private behindAt: number | null = null;
  private reloading: Promise<void> | null = null;
  private readonly pollMs: number;
  private readonly log: (line: string) => void;

  private constructor(
    private readonly pool: pg.Pool,
    options: CacheTagListenerOptions,
  ) {
    this.pollMs = options.pollMs ?? 400;
    this.log = options.log ?? ((line) => console.error(`[page-cache] ${line}`));
  }

  /** Connects, listens and reads every version; resolves once versionOf answers. */
  static async start(db: Db, options: CacheTagListenerOptions = {}): Promise<CacheTagListener> {
    const listener = new CacheTagListener(postgresPool(db), options);
    await listener.connect();
    return listener;
  }

  /** True while the versions are known to be current (connected and caught up). */
  get isCurrent(): boolean {
    return this.current;
  }

  refresh() {}

  /** The listening connection's server process id (tests terminate it), or null while reconnecting. */
  get backendPid(): number | null {
    return (this.client as unknown as { processID?: number } | null)?.processID ?? null;
  }

  versionOf(tag: CacheTag): number {
    return this.current ? (this.known.get(tag) ?? 0) : Number.NaN;
  }

  /**
   * Resolves once this listener has heard of every bump committed before the call: it reads the epoch
   * row and waits for the notifications up to it (re-reading everything if they do not come within
   * `timeoutMs`). For tests and tools that must see their own writes before asking; the page cache's
   * hot path never waits.
   */
  async settled(timeoutMs = 1_000): Promise<void> {
    const { rows } = await this.pool.query<{ version: number }>("select version from cache_tags where tag = $1", [
      CACHE_TAG_EPOCH,
    ]);
    const committed = Number(rows[0]?.version ?? 0);
    const until = Date.now() + timeoutMs;
    while (!(this.current && this.epoch >= committed)) {
      if (Date.now() > until) {
        await this.reloadNow();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  async close() {
    this.closed = true;
    this.current = false;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    if (client) {
      await client.query(`unlisten ${CACHE_TAG_CHANNEL}`).catch(() => {});
      client.release();
    }
  }

  private async connect() {
    const client = await this.pool.connect();
    if (this.closed) {
      client.release();
      return;
    }
    this.client = client;
    client.on("notification", (msg) => {
      if (msg.channel === CACHE_TAG_CHANNEL) this.heard(msg.payload);
    });
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, new Error("connection ended")));
    try {
      await client.query(`listen ${CACHE_TAG_CHANNEL}`);
      // After LISTEN: whatever commits from here on is heard, and everything before it is read.
      await this.reload();
    } catch (error) {
      this.lost(client, error as Error);
      throw error;
    }
    this.backoff = RECONNECT_MIN_MS;
    this.behindAt = null;
    this.current = true;
    if (!this.pollTimer) {
      this.pollTimer = setInterval(() => void this.poll(), this.pollMs);
      this.pollTimer.unref();
    }
  }

  private heard(payload: string | undefined) {
    let notice: CacheTagNotice;
    try {
      notice = JSON.parse(payload ?? "") as CacheTagNotice;
    } catch {
      void this.reloadNow();
      return;
    }
    for (const [tag, version] of notice.t ?? []) this.keep(tag, version);
    if (notice.t && notice.e === this.epoch + 1) this.epoch = notice.e;
    else if (notice.e > this.epoch) void this.reloadNow();
  }

  private keep(tag: string, version: number) {
    if (version > (this.known.get(tag) ?? 0)) this.known.set(tag, version);
  }

  /** Reads every version through the listening client. */
  private async reload() {
    const client = this.client;
    if (!client) return;
    const { rows } = await client.query<{ tag: string; version: number }>({
      text: "select tag, version from cache_tags",
      query_timeout: QUERY_TIMEOUT_MS,
    } as pg.QueryConfig);
    for (const row of rows) this.keep(row.tag, Number(row.version));
    this.epoch = Math.max(this.epoch, this.known.get(CACHE_TAG_EPOCH) ?? 0);
  }

  private reloadNow(): Promise<void> {
    if (this.reloading !== null) return this.reloading;
    const client = this.client;
    const reloading = this.reload()
      .catch((error) => {
        // Only the connection that failed: by now a reconnect may have replaced it.
        if (client) this.lost(client, error as Error);
      })
      .finally(() => {
        this.reloading = null;
      });
    this.reloading = reloading;
    return reloading;
  }

  private async poll() {
    const client = this.client;
    if (!client || !this.current || this.reloading !== null) return;
    try {
      const { rows } = await client.query<{ version: number }>({
        text: "select version from cache_tags where tag = $1",
        values: [CACHE_TAG_EPOCH],
        query_timeout: QUERY_TIMEOUT_MS,
      } as pg.QueryConfig);
      const committed = Number(rows[0]?.version ?? 0);
      if (committed <= this.epoch) {
        this.behindAt = null;
        return;
      }
      // Behind: a notice may merely be in flight. Still behind a poll later means it was lost.
      if (this.behindAt === null) this.behindAt = committed;
      else if (this.epoch < this.behindAt) {
        this.log(`missed a cache-tag notification (epoch ${this.epoch} < ${this.behindAt}); re-reading`);
        this.behindAt = null;
        await this.reloadNow();
      } else this.behindAt = committed;
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  /** The listening connection failed: stop serving what it said, and reconnect. */
  private lost(client: pg.PoolClient, error: Error) {
    if (this.client !== client) return;
    this.client = null;
    this.current = false;
    client.removeAllListeners("notification");
    // Destroyed, not returned: the pool must not hand a dead connection to a query.
    try {
      client.release(error);
    } catch {
      // Already released by an earlier failure.
    }
    if (this.closed) return;
    this.log(`cache-tag listener lost its connection (${error.message}); reconnecting`);
    this.scheduleReconnect();
  }

  private scheduleReconnect() {
    if (this.closed || this.reconnectTimer) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, RECONNECT_MAX_MS);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().then(
        () => this.log("cache-tag listener reconnected and caught up"),
        () => this.scheduleReconnect(),
      );
    }, wait);
    this.reconnectTimer.unref();
  }
}
