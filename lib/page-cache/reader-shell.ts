// Client-safe: the islands and the server both use these. The per-reader queries are in lib/page-cache/reader-payload.ts.

/**
 * What a signed-in reader's copy of a cached page adds to the anonymous one. The page cache serves
 * signed-in readers the same HTML as everyone else and embeds this beside it; the page's client islands
 * (account menu, bookmark buttons, read marks, comment controls) switch to it after hydration.
 */
export type ShellReader = {
  /** `unread`: the reader's unread notifications, for the header's count (never in a shared copy). */
  me: { name: string; isModerator: boolean; unread: number };
  /** The articles this payload speaks for: `saved` and `progress` are complete for these ids. */
  ids: number[];
  saved: number[];
  progress: Record<string, number>;
  /** The reader's rights in one article's comment thread, when the page has one. */
  comments: { articleId: number; own: number[]; editable: Record<string, string> } | null;
  /** Whether the reader follows or mutes the tag or outlet the page is about (its Follow/Mute controls). */
  topic?: { kind: "tag" | "source"; slug: string; choice: "follow" | "mute" | null } | null;
};

/** Element id of the embedded payload (a JSON script, never executed). */
export const READER_SCRIPT_ID = "reader-state";
/** Set by the client islands once they run; only then is a signed-in reader sent the shared HTML. */
export const ISLANDS_COOKIE = "tidings_js";
/**
 * localStorage key holding when this browser last asked Auth.js to renew the session (at most daily,
 * useKeepSessionAlive in components/reader/ReaderContext.tsx). The bench sets it to record a returning
 * reader's page view, which makes no renewal.
 */
export const SESSION_RENEWED_KEY = "tidings:session-renewed";
/** Markers a page puts on what it personalises, so the cache knows which rows to read per reader. */
export const READER_ID_ATTR = "data-reader-id";
export const READER_COMMENTS_ATTR = "data-reader-comments";
/** On a tag or outlet page's Follow/Mute controls: `tag:<slug>` or `source:<slug>`. */
export const READER_TOPIC_ATTR = "data-reader-topic";

/**
 * Clears ISLANDS_COOKIE. A signed-in reader's shared copy asks for it from a `<noscript>` image, so a
 * browser that has stopped running scripts (and so would see the copy signed out) is sent whole pages
 * again from its next request on.
 */
export const ISLANDS_RESET_PATH = "/api/reader/no-script";

/**
 * The payload as a JSON script element ("<" is escaped so no text in it can close the element), and
 * the `<noscript>` reset for a browser that no longer runs the islands.
 */
export function readerScript(payload: ShellReader): string {
  const json = JSON.stringify(payload).replace(/</g, "\\u003c");
  return (
    `<script id="${READER_SCRIPT_ID}" type="application/json">${json}</script>` +
    `<noscript><img src="${ISLANDS_RESET_PATH}" alt="" width="1" height="1"></noscript>`
  );
}

const ID_MARKER = new RegExp(`${READER_ID_ATTR}="(\\d+)"`, "g");
const COMMENTS_MARKER = new RegExp(`${READER_COMMENTS_ATTR}="(\\d+)"`);
const TOPIC_MARKER = new RegExp(`${READER_TOPIC_ATTR}="((?:tag|source):[a-z0-9-]{1,120})"`);

export type PersonalisedParts = { articleIds: number[]; commentsArticleId: number | null; topic?: string | null };

/** Which articles (and which comment thread, and which tag or outlet) a rendered page personalises. */
export function personalisedParts(html: string): PersonalisedParts {
  const ids = new Set<number>();
  for (const m of html.matchAll(ID_MARKER)) ids.add(Number(m[1]));
  const c = COMMENTS_MARKER.exec(html);
  const t = TOPIC_MARKER.exec(html);
  return { articleIds: [...ids], commentsArticleId: c ? Number(c[1]) : null, topic: t ? (t[1] ?? null) : null };
}

/**
 * Where the islands ask for the reader's state after a client navigation (answered by the page cache's
 * server, `private, no-store`): `?ids=1,2,3&comments=5&topic=tag:slug`, the markers of the page now shown.
 */
export const READER_STATE_PATH = "/api/reader/state";

/**
 * Where the article page's progress island saves the reader's place (POST, JSON `{ articleId,
 * progress }`). Answered by the page-cache server through the same guard as every write
 * (`recordReadingPosition`), not by a server action: it is sent on most signed-in clicks from one story
 * to another, and a server action cost about 8 ms of Next against well under 1 ms here. Sent with
 * `keepalive`, so a save made as the page is left still arrives.
 */
export const READER_POSITION_PATH = "/api/reader/position";
/** At most this many article ids per state request (a long list page shows 20, with related links). */
export const READER_STATE_MAX_IDS = 200;

const ID_LIST = /^(?:[1-9]\d{0,15})(?:,[1-9]\d{0,15})*$/;
const ONE_ID = /^[1-9]\d{0,15}$/;
const TOPIC = /^(?:tag|source):[a-z0-9-]{1,120}$/;

/** The query of a state request, or null when any part of it is malformed. */
export function readerStateQuery(params: URLSearchParams): PersonalisedParts | null {
  const ids = params.get("ids") ?? "";
  const comments = params.get("comments");
  const topic = params.get("topic");
  if (ids && !ID_LIST.test(ids)) return null;
  const articleIds = ids ? [...new Set(ids.split(",").map(Number))] : [];
  if (articleIds.length > READER_STATE_MAX_IDS) return null;
  if (comments !== null && !ONE_ID.test(comments)) return null;
  if (topic !== null && !TOPIC.test(topic)) return null;
  return { articleIds, commentsArticleId: comments === null ? null : Number(comments), topic };
}

/** The state request for what a rendered document shows (its markers, as personalisedParts reads them). */
export function readerStateUrl(parts: PersonalisedParts): string {
  const q = new URLSearchParams();
  if (parts.articleIds.length) q.set("ids", parts.articleIds.slice(0, READER_STATE_MAX_IDS).join(","));
  if (parts.commentsArticleId !== null) q.set("comments", String(parts.commentsArticleId));
  if (parts.topic) q.set("topic", parts.topic);
  return `${READER_STATE_PATH}?${q}`;
}
