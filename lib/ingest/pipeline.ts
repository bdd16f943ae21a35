import fs from "node:fs";
import path from "node:path";
import { type Db, transaction } from "@/db";
import type { UpsertResult } from "@/db/queries/article-store";
import {
  ensureSource,
  type FetchState,
  freeSourceSlug,
  getSourceByFeedUrl,
  listFeedSources,
  recordFetchFailure,
  recordFetchNotModified,
  type SourceFields,
  type SourceTarget,
  storedGuids,
  type WriteCounts,
  writeFeedArticles,
} from "@/db/queries/ingest";
import type { Source } from "@/db/schema";
import { articleRow } from "@/lib/articles/article-row";
import { slugify } from "@/lib/articles/slug";
import { analyzeIngested } from "@/lib/nlp/store";
import { refreshRelated } from "@/lib/related/store";
import { isMaterialChange } from "@/lib/updates/change";
import { decodeFeedBytes } from "./decode";
import { describeError, IngestError, type IngestErrorCode } from "./errors";
import { extractFullText } from "./full-text";
import { readJsonlArticles } from "./jsonl";
import { type ArticleDraft, entryToDraft, inlineLeadImage, leadImageFields } from "./normalize";
import { formatName, type ParsedFeed, parseFeedDocument } from "./parse-feed";
import { checkFetchableUrl, parseRetryAfter, safeFetch } from "./safe-fetch";
import { absoluteHttpUrl } from "./sanitize";
import { DEFAULT_POLL_MINUTES, nextFetchDelay } from "./schedule";
import { listedSourceBySlug } from "./source-list";

/** What happened to one feed or file: the closing summary is printed from this. */
export type FeedReport = {
  /** The feed as the user knows it: the source slug, or the URL or path given. */
  label: string;
  ok: boolean;
  notModified: boolean;
  format?: string;
  entries: number;
  counts: WriteCounts;
  skipped: { item: string; reason: string }[];
  notes: string[];
  /**
   * Set when the document was not well-formed XML and was salvaged: the XML error, with its line and
   * column. The feed went in, but only partly (see `skipped`): the command's exit code says so.
   */
  repaired?: string;
  /** Items stored with the time of ingest because their date could not be read. */
  unreadableDates: number;
  /** Items that had no title and were given one made from their text. */
  titledFromText: number;
  error?: string;
  errorCode?: IngestErrorCode;
  networkDown: boolean;
  retryAfterMs?: number;
};

export type IngestOptions = {
  allowPrivate?: boolean;
  /** See SafeFetchOptions.trustedAddresses. */
  trustedAddresses?: readonly string[];
  /** Ignore the stored ETag / Last-Modified and fetch in full. */
  force?: boolean;
  intervalMs?: number;
  timeoutMs?: number;
  /** The source name for a file (feed or JSONL), instead of the feed title or each row's `source`. */
  sourceName?: string;
  now?: () => Date;
  onProgress?: (label: string, done: number, total: number) => void;
  /** Run text analysis (summary, entities) after the write; on by default. Benchmarks turn it off to time the write alone. */
  analyze?: boolean;
  /** Precompute related lists after the write; on by default. */
  related?: boolean;
};

const RELATED_BATCH = 200;

/**
 * What follows a feed's write, once it has committed: text analysis first (its entity hashtags feed
 * relatedness), then the related lists of the new and changed stories, each in short transactions so
 * the write lock is never held for long. Until then a new story shows without its summary or list.
 */
async function afterWrite(
  db: Db,
  results: readonly UpsertResult[],
  drafts: Parameters<typeof analyzeIngested>[2],
  now: Date,
  options: IngestOptions,
) {
  if (options.analyze !== false)
    await analyzeIngested(db, results, drafts, now, (done, total) => options.onProgress?.("analysis", done, total));
  if (options.related === false) return;
  const ids = results.filter((r) => r.status !== "unchanged" && !r.fromOtherSource).map((r) => r.id);
  for (let i = 0; i < ids.length; i += RELATED_BATCH) {
    await transaction(db, (tx) => refreshRelated(tx, { articleIds: ids.slice(i, i + RELATED_BATCH) }));
    options.onProgress?.("related lists", Math.min(ids.length, i + RELATED_BATCH), ids.length);
  }
}

/** Local files are trusted more than the network, but a file this big is a mistake, not a feed. */
const MAX_FILE_BYTES = 200 * 1024 * 1024;
const FULL_TEXT_CONCURRENCY = 4;
const SOURCE_CONCURRENCY = 4;

function emptyReport(label: string): FeedReport {
  return {
    label,
    ok: false,
    notModified: false,
    entries: 0,
    counts: { new: 0, updated: 0, unchanged: 0, syndicated: 0 },
    skipped: [],
    notes: [],
    unreadableDates: 0,
    titledFromText: 0,
    networkDown: false,
  };
}

const MAX_DATE_EXAMPLES = 3;

function fail(report: FeedReport, err: unknown): FeedReport {
  report.ok = false;
  report.error = describeError(err);
  if (err instanceof IngestError) {
    report.errorCode = err.code;
    report.networkDown = err.networkDown;
    report.retryAfterMs = err.retryAfterMs;
  } else {
    // Anything else (a database error mid-write, a bug) happened before or inside the feed's single
    // transaction, which rolled back: say so, since "nothing stored" is what the user needs to know.
    report.error = `nothing stored: ${report.error}`;
  }
  return report;
}

function intervalOf(options: IngestOptions): number {
  return options.intervalMs ?? DEFAULT_POLL_MINUTES * 60_000;
}

type Drafts = { feed: ParsedFeed; drafts: ArticleDraft[] };

/** Parses a feed document and cleans its entries; bad entries are skipped into the report. */
function draftsFromText(
  text: string,
  contentType: string | undefined,
  baseUrl: string | undefined,
  now: Date,
  report: FeedReport,
): Drafts {
  const feed = parseFeedDocument(text, contentType);
  report.format = formatName(feed.format);
  report.entries = feed.entries.length + (feed.repair?.skipped.length ?? 0);
  if (feed.repair) {
    report.repaired = feed.repair.problem;
    report.skipped.push(...feed.repair.skipped);
    for (const part of feed.repair.dropped) report.notes.push(`dropped ${part}`);
  }
  if (report.entries === 0) report.notes.push("the feed has no items");
  const drafts: ArticleDraft[] = [];
  const seen = new Map<string, string>();
  // The feed's xml:base, then its address; a local file has no address of its own, so its links
  // resolve against the site the feed names.
  const documentUrl = absoluteHttpUrl(feed.xmlBase, baseUrl) ?? baseUrl;
  if (feed.homepage) feed.homepage = absoluteHttpUrl(feed.homepage, documentUrl) ?? feed.homepage;
  const base = documentUrl ?? absoluteHttpUrl(feed.homepage) ?? undefined;
  const unreadable = new Set<string>();
  for (const entry of feed.entries) {
    const outcome = entryToDraft(entry, { baseUrl: base, now });
    if (!outcome.ok) {
      report.skipped.push({ item: outcome.label, reason: outcome.reason });
      continue;
    }
    report.notes.push(...outcome.notes);
    if (outcome.unreadableDate !== undefined) {
      report.unreadableDates++;
      unreadable.add(outcome.unreadableDate);
    }
    if (outcome.titledFromText) report.titledFromText++;
    const key = outcome.draft.guid ?? "";
    const first = seen.get(key);
    if (first) {
      report.skipped.push({ item: outcome.draft.label, reason: `repeats the id of ${first}` });
      continue;
    }
    seen.set(key, outcome.draft.label);
    drafts.push(outcome.draft);
  }
  if (unreadable.size > 0) {
    // Once per feed, not once per item: a feed that writes dates one odd way writes them all that way.
    const examples = [...unreadable].slice(0, MAX_DATE_EXAMPLES).map((d) => `"${d}"`);
    const more = unreadable.size > MAX_DATE_EXAMPLES ? `, and ${unreadable.size - MAX_DATE_EXAMPLES} more` : "";
    report.notes.push(
      `${report.unreadableDates} item${report.unreadableDates === 1 ? "" : "s"} with a date that could not be read (${examples.join(", ")}${more}); stored with the time of ingest`,
    );
  }
  return { feed, drafts };
}

/**
 * Fetches the page of each story not yet stored and replaces the feed's teaser with the article.
 * Returns the drafts still to write: stories already stored keep the text extracted when they were
 * first seen, since re-fetching every page on every poll would cost a request per story and the
 * feed's teaser must not overwrite the article.
 */
async function withFullText(
  db: Db,
  sourceId: number,
  drafts: ArticleDraft[],
  options: IngestOptions,
  report: FeedReport,
) {
  const known = await storedGuids(db, { sourceId, guids: drafts.flatMap((d) => (d.guid ? [d.guid] : [])) });
  const fresh = drafts.filter((d) => !(d.guid && known.has(d.guid)));
  report.counts.unchanged += drafts.length - fresh.length;
  const todo = fresh.filter((d) => d.url);
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const draft = todo[next++];
      if (!draft?.url) continue;
      const full = await extractFullText(draft.url, options);
      // The page's og:image is the picture the outlet chose for the story: better than the first
      // picture in the text, not better than one the feed named itself.
      if (full.image && (!draft.imageUrl || draft.imageFromBody)) Object.assign(draft, leadImageFields(full.image));
      if (full.ok) {
        draft.body = full.body;
        draft.bodyHtml = full.bodyHtml;
        // No picture from the feed or the page's head: the first one in the article, as for feed text.
        const inline = draft.imageUrl || !full.bodyHtml ? null : inlineLeadImage(full.bodyHtml);
        if (inline) Object.assign(draft, leadImageFields(inline), { imageFromBody: true });
      } else {
        report.notes.push(`${draft.label}: full text unavailable (${full.reason}); kept the feed's text`);
      }
    }
  };
  await Promise.all(Array.from({ length: FULL_TEXT_CONCURRENCY }, worker));
  return fresh;
}

function sourceFields(name: string, extra: Partial<SourceFields> = {}, slug = slugify(name)): SourceFields {
  // A source named like a listed one ("Wikinews") takes its homepage and licence from the list.
  const listed = listedSourceBySlug(slug);
  return {
    slug,
    name: listed?.name ?? name,
    homepage: listed?.homepage ?? extra.homepage ?? null,
    feedUrl: extra.feedUrl ?? null,
    attribution: listed?.attribution ?? null,
    licenseUrl: listed?.licenseUrl ?? null,
  };
}

type Fetched =
  | { kind: "not-modified" }
  | { kind: "body"; text: string; contentType?: string; url: string; etag: string | null; lastModified: string | null };

async function fetchFeed(
  url: string,
  source: Source | undefined,
  options: IngestOptions,
  report: FeedReport,
): Promise<Fetched> {
  const conditional = source && !options.force;
  const res = await safeFetch(url, {
    allowPrivate: options.allowPrivate,
    trustedAddresses: options.trustedAddresses,
    timeoutMs: options.timeoutMs,
    accept:
      "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    etag: conditional ? source.etag : null,
    lastModified: conditional ? source.lastModified : null,
  });
  if (res.status === 304) return { kind: "not-modified" };
  if (res.status === 429 || res.status === 503) {
    const retryAfterMs = parseRetryAfter(res.headers["retry-after"]);
    const wait = retryAfterMs !== undefined ? `; the server asks us to wait ${Math.round(retryAfterMs / 1000)} s` : "";
    throw new IngestError(
      "rate-limited",
      `HTTP ${res.status} ${res.status === 429 ? "Too Many Requests" : "Service Unavailable"}${wait}`,
      {
        retryAfterMs,
      },
    );
  }
  if (res.status !== 200) throw new IngestError("http", `HTTP ${res.status} from ${res.url}`);
  const contentType = res.headers["content-type"];
  const decoded = decodeFeedBytes(res.body, contentType);
  if (decoded.warning) report.notes.push(decoded.warning);
  const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;
  return {
    kind: "body",
    text: decoded.text,
    contentType,
    url: res.url,
    etag: header(res.headers.etag),
    lastModified: header(res.headers["last-modified"]),
  };
}

/**
 * The ETag and Last-Modified to store. Not those of a document that arrived cut short: the server's
 * copy is whole, and a conditional request would answer 304 and never send us the rest.
 */
function cacheValidators(fetched: { etag: string | null; lastModified: string | null }, report: FeedReport) {
  if (report.repaired?.startsWith("truncated")) return { etag: null, lastModified: null };
  return { etag: fetched.etag, lastModified: fetched.lastModified };
}

function progressFor(label: string, options: IngestOptions) {
  const onProgress = options.onProgress;
  return onProgress ? (done: number, total: number) => onProgress(label, done, total) : undefined;
}

/** Fetches and stores a source from the sources table, with conditional GET and its polling state. */
export async function ingestSource(db: Db, source: Source, options: IngestOptions = {}): Promise<FeedReport> {
  const report = emptyReport(source.slug);
  const now = options.now?.() ?? new Date();
  try {
    if (!source.feedUrl) throw new IngestError("bad-url", "the source has no feed URL");
    const fetched = await fetchFeed(source.feedUrl, source, options, report);
    const nextFetchAt = new Date(now.getTime() + intervalOf(options));
    if (fetched.kind === "not-modified") {
      await recordFetchNotModified(db, { sourceId: source.id, fetchedAt: now, nextFetchAt });
      report.ok = true;
      report.notModified = true;
      return report;
    }
    const parsed = draftsFromText(fetched.text, fetched.contentType, fetched.url, now, report);
    const drafts = source.fullText ? await withFullText(db, source.id, parsed.drafts, options, report) : parsed.drafts;
    const fetchState: FetchState = {
      ...cacheValidators(fetched, report),
      fetchedAt: now,
      nextFetchAt,
    };
    await writeFeed(
      db,
      report,
      {
        target: { id: source.id },
        items: drafts,
        now,
        fetchState,
        onProgress: progressFor(report.label, options),
      },
      options,
    );
  } catch (err) {
    fail(report, err);
  }
  return report;
}

type FeedWrite = Omit<Parameters<typeof writeFeedArticles>[1], "items"> & { items: readonly ArticleDraft[] };

/** One feed's write, then what follows it, counted into the feed's report. */
async function writeFeed(db: Db, report: FeedReport, args: FeedWrite, options: IngestOptions) {
  const written = await writeFeedArticles(db, { ...args, items: args.items.map(articleRow), isMaterialChange });
  await afterWrite(db, written.results, args.items, args.now, options);
  addCounts(report.counts, written.counts);
  report.ok = true;
}

function addCounts(into: WriteCounts, from: WriteCounts) {
  into.new += from.new;
  into.updated += from.updated;
  into.unchanged += from.unchanged;
  into.syndicated += from.syndicated;
}

/**
 * Records a failed fetch on the source: the error, and when to try again (backing off, or as the
 * server's Retry-After asks). A network that is down as a whole is nobody's fault and is not recorded.
 */
export async function recordFailure(db: Db, source: Source, report: FeedReport, options: IngestOptions = {}) {
  if (report.ok || report.networkDown) return;
  const now = options.now?.() ?? new Date();
  const delay = nextFetchDelay({
    intervalMs: intervalOf(options),
    consecutiveFailures: source.failureCount + 1,
    retryAfterMs: report.retryAfterMs,
  });
  await recordFetchFailure(db, {
    sourceId: source.id,
    error: report.error ?? "unknown error",
    fetchedAt: now,
    nextFetchAt: new Date(now.getTime() + delay),
  });
}

/** A feed URL given on the command line: polled like a known source if it is one, else a new source. */
export async function ingestFeedUrl(db: Db, rawUrl: string, options: IngestOptions = {}): Promise<FeedReport> {
  let url: string;
  try {
    url = checkFetchableUrl(rawUrl).href;
  } catch (err) {
    return fail(emptyReport(rawUrl), err);
  }
  const known = await getSourceByFeedUrl(db, { feedUrl: url });
  if (known) {
    const report = await ingestSource(db, known, options);
    report.label = `${known.slug} (${rawUrl})`;
    await recordFailure(db, known, report, options);
    return report;
  }
  const report = emptyReport(rawUrl);
  const now = options.now?.() ?? new Date();
  try {
    const fetched = await fetchFeed(url, undefined, options, report);
    if (fetched.kind === "not-modified")
      throw new IngestError("http", "HTTP 304 to a request that was not conditional");
    const { feed, drafts } = draftsFromText(fetched.text, fetched.contentType, fetched.url, now, report);
    const name = feed.title ? feed.title.replace(/\s+/g, " ").trim().slice(0, 120) : new URL(url).hostname;
    const slug = await freeSourceSlug(db, { base: slugify(name, 60), feedUrl: url });
    const target: SourceTarget = {
      create: sourceFields(name, { homepage: feed.homepage ?? new URL(url).origin, feedUrl: url }, slug),
    };
    await writeFeed(
      db,
      report,
      {
        target,
        items: drafts,
        now,
        fetchState: {
          ...cacheValidators(fetched, report),
          fetchedAt: now,
          nextFetchAt: new Date(now.getTime() + intervalOf(options)),
        },
        onProgress: progressFor(report.label, options),
      },
      options,
    );
  } catch (err) {
    fail(report, err);
  }
  return report;
}

/** Checks a local path before reading it: it must be a file, and not absurdly big. */
function checkLocalFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new IngestError("file", `no such file: ${file}`);
  }
  if (!stat.isFile()) throw new IngestError("file", `not a file: ${file}`);
  if (stat.size > MAX_FILE_BYTES) {
    throw new IngestError("too-large", `the file is ${Math.round(stat.size / 1048576)} MB, over the 200 MB limit`);
  }
}

/** A feed document on disk (RSS, RDF, Atom or JSON Feed). Stored under --source, or the feed's title. */
export async function ingestFeedFile(db: Db, file: string, options: IngestOptions = {}): Promise<FeedReport> {
  const report = emptyReport(file);
  const now = options.now?.() ?? new Date();
  try {
    if (/\.jsonl$/i.test(file))
      throw new IngestError("not-a-feed", "this looks like a JSONL file: import it with --jsonl");
    checkLocalFile(file);
    const decoded = decodeFeedBytes(fs.readFileSync(file));
    if (decoded.warning) report.notes.push(decoded.warning);
    const { feed, drafts } = draftsFromText(decoded.text, undefined, undefined, now, report);
    const name = options.sourceName ?? (feed.title?.replace(/\s+/g, " ").trim() || path.basename(file));
    await writeFeed(
      db,
      report,
      {
        target: { create: sourceFields(name.slice(0, 120), { homepage: feed.homepage }) },
        items: drafts,
        now,
        onProgress: progressFor(report.label, options),
      },
      options,
    );
  } catch (err) {
    fail(report, err);
  }
  return report;
}

/** A JSONL file of articles, all of it in one transaction, each row under its own (or --source) source. */
export async function ingestJsonlFile(db: Db, file: string, options: IngestOptions = {}): Promise<FeedReport> {
  const report = emptyReport(file);
  report.format = "JSONL";
  const now = options.now?.() ?? new Date();
  try {
    checkLocalFile(file);
    const read = await readJsonlArticles(file, now);
    report.entries = read.lines;
    report.skipped.push(...read.skipped);
    report.notes.push(...read.notes);
    const fallback = path.basename(file).replace(/\.jsonl$/i, "");
    const bySource = new Map<string, typeof read.drafts>();
    for (const d of read.drafts) {
      const name = options.sourceName ?? d.sourceName ?? fallback;
      const list = bySource.get(name) ?? [];
      list.push(d);
      bySource.set(name, list);
    }
    // One transaction for the whole file, so a file is imported entirely or not at all.
    const toAnalyze: { results: UpsertResult[]; drafts: typeof read.drafts }[] = [];
    await transaction(db, async (tx) => {
      let done = 0;
      const progress = progressFor(report.label, options);
      for (const [name, drafts] of bySource) {
        const sourceId = (await ensureSource(tx, sourceFields(name))).id;
        const written = await writeFeedArticles(tx, {
          target: { id: sourceId },
          items: drafts.map(articleRow),
          now,
          isMaterialChange,
          onProgress: progress ? (n) => progress(done + n, read.drafts.length) : undefined,
        });
        done += drafts.length;
        addCounts(report.counts, written.counts);
        toAnalyze.push({ results: written.results, drafts });
      }
    });
    for (const { results, drafts } of toAnalyze) await afterWrite(db, results, drafts, now, options);
    report.ok = true;
  } catch (err) {
    fail(report, err);
  }
  return report;
}

export type SourcesRun = { reports: FeedReport[]; networkDown: boolean };

/**
 * Every enabled source with a feed URL (or, with dueOnly, those whose next fetch time has come), a few
 * at a time. `networkDown` is true when every one of them failed because the network is unreachable.
 */
export async function ingestSources(
  db: Db,
  options: IngestOptions & {
    dueOnly?: boolean;
    /** Called as each source finishes, for live progress; `done` counts finished sources. */
    onSourceDone?: (report: FeedReport, done: number, total: number) => void;
  } = {},
): Promise<SourcesRun> {
  const now = options.now?.() ?? new Date();
  const list = await listFeedSources(db, options.dueOnly ? { dueAt: now } : {});
  const reports: FeedReport[] = new Array(list.length);
  let next = 0;
  let finished = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      const source = list[i];
      if (!source) continue;
      const report = await ingestSource(db, source, options);
      await recordFailure(db, source, report, options);
      reports[i] = report;
      finished++;
      options.onSourceDone?.(report, finished, list.length);
    }
  };
  await Promise.all(Array.from({ length: SOURCE_CONCURRENCY }, worker));
  return { reports, networkDown: reports.length > 0 && reports.every((r) => !r.ok && r.networkDown) };
}
