import fs from "node:fs/promises";
import path from "node:path";

/**
 * The on-disk image cache: one folder per picture (named by its key), holding the fetched original
 * (`source`), what we learnt about it (`meta.json`: its size, or why it failed and when to retry) and
 * the re-encoded variants (`640.webp`, `1280.avif`...).
 *
 * Bounded: the total size of every folder is tracked in memory (scanned once from disk on first use)
 * and, past `maxBytes`, the least recently used pictures are deleted until the cache is back under 90%
 * of it. The tracking is per process: two processes sharing a folder may overshoot the bound between
 * sweeps, never by more than what they wrote since. It is a cache: losing any of it costs a refetch.
 */

export type ImageMeta =
  | { status: "ok"; url: string; format: string; width: number; height: number; bytes: number; fetchedAt: number }
  | { status: "failed"; url: string; reason: string; retryAt: number };

type Entry = { bytes: number; usedAt: number };

const KEY = /^[0-9a-f]{16}$/;

export class ImageStore {
  private index: Map<string, Entry> | null = null;
  private scanning: Promise<Map<string, Entry>> | null = null;
  private total = 0;
  /** Keys being written right now: eviction leaves them alone. */
  private readonly busy = new Set<string>();

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  private folder(key: string): string {
    if (!KEY.test(key)) throw new Error(`not an image key: ${key}`);
    return path.join(this.dir, key);
  }

  variantPath(key: string, name: string): string {
    return path.join(this.folder(key), name);
  }

  async readMeta(key: string): Promise<ImageMeta | null> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.folder(key), "meta.json"), "utf8")) as ImageMeta;
    } catch {
      return null;
    }
  }

  /** A stored file's bytes, or null when it is not there (never written, or evicted meanwhile). */
  async read(key: string, name: string): Promise<Buffer | null> {
    try {
      const bytes = await fs.readFile(path.join(this.folder(key), name));
      await this.touch(key);
      return bytes;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw err;
    }
  }

  /** Writes a file atomically (temporary name, then rename), so a reader never sees half of one. */
  async write(key: string, name: string, bytes: Buffer | string): Promise<void> {
    const folder = this.folder(key);
    // Scanned before the write, so the new file is counted once, by account().
    await this.loadIndex();
    this.busy.add(key);
    try {
      await fs.mkdir(folder, { recursive: true });
      const target = path.join(folder, name);
      const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await fs.writeFile(tmp, bytes);
      let previous = 0;
      try {
        previous = (await fs.stat(target)).size;
      } catch {}
      await fs.rename(tmp, target);
      await this.account(key, Buffer.byteLength(bytes) - previous);
    } finally {
      this.busy.delete(key);
    }
    await this.evict();
  }

  async writeMeta(key: string, meta: ImageMeta): Promise<void> {
    await this.write(key, "meta.json", JSON.stringify(meta));
  }

  /** Deletes a picture's folder (its original, meta and every variant). */
  async remove(key: string): Promise<void> {
    const index = await this.loadIndex();
    const entry = index.get(key);
    await fs.rm(this.folder(key), { recursive: true, force: true });
    if (entry) {
      this.total -= entry.bytes;
      index.delete(key);
    }
  }

  /** Bytes on disk, as tracked. */
  async totalBytes(): Promise<number> {
    await this.loadIndex();
    return this.total;
  }

  private async touch(key: string) {
    const entry = (await this.loadIndex()).get(key);
    if (entry) entry.usedAt = this.now();
  }

  private async account(key: string, delta: number) {
    const index = await this.loadIndex();
    const entry = index.get(key) ?? { bytes: 0, usedAt: this.now() };
    entry.bytes += delta;
    entry.usedAt = this.now();
    index.set(key, entry);
    this.total += delta;
  }

  private async evict() {
    if (this.total <= this.maxBytes) return;
    const index = await this.loadIndex();
    const target = this.maxBytes * 0.9;
    const oldest = [...index.entries()].filter(([k]) => !this.busy.has(k)).sort((a, b) => a[1].usedAt - b[1].usedAt);
    for (const [key] of oldest) {
      if (this.total <= target) break;
      await this.remove(key);
    }
  }

  /** Sizes and last use (file modification time) of every picture on disk, read once per process. */
  private loadIndex(): Promise<Map<string, Entry>> {
    if (this.index) return Promise.resolve(this.index);
    this.scanning ??= (async () => {
      const index = new Map<string, Entry>();
      let total = 0;
      let names: string[] = [];
      try {
        names = await fs.readdir(this.dir);
      } catch {}
      for (const key of names) {
        if (!KEY.test(key)) continue;
        let bytes = 0;
        let usedAt = 0;
        try {
          for (const file of await fs.readdir(path.join(this.dir, key))) {
            const st = await fs.stat(path.join(this.dir, key, file));
            bytes += st.size;
            usedAt = Math.max(usedAt, st.mtimeMs);
          }
        } catch {
          continue;
        }
        index.set(key, { bytes, usedAt });
        total += bytes;
      }
      this.total = total;
      this.index = index;
      return index;
    })();
    return this.scanning;
  }
}
