/**
 * What the server and the service worker (public/sw.js, plain JavaScript that cannot import this)
 * agree on. lib/offline/contract.test.ts checks that the worker spells every name the same way.
 *
 * The server says whose a page is; the worker decides nothing about sessions on its own:
 * - SESSION_HEADER, on every navigation (and every fetch the worker makes with OFFLINE_FETCH_HEADER)
 *   of a signed-in session: that session's opaque offline partition (lib/auth/session-token.ts
 *   `offlinePartition`). Its absence means "not signed in", and the worker drops any reader's pages.
 * - PUBLIC_HEADER: "public" on an anonymous render of a page the page cache shares with everyone, the
 *   only pages the worker keeps for a reader who is not signed in.
 */
export const SESSION_HEADER = "tidings-session";
export const PUBLIC_HEADER = "tidings-offline";
/** Sent by the worker when it fetches a page to keep: asks for SESSION_HEADER on the answer. */
export const OFFLINE_FETCH_HEADER = "tidings-offline-fetch";
/**
 * Answered by the cache server itself (204, no body): SESSION_HEADER when the request's session is
 * signed in. The worker asks on every page view, so it knows who is signed in before it stores or
 * serves anything, even when the page was reached by a client navigation it never saw.
 */
export const SESSION_CHECK_PATH = "/sw-session";
/** The worker's script: served by the cache server with `Cache-Control: no-cache`. */
export const SERVICE_WORKER_PATH = "/sw.js";
/** Every cache the worker opens starts with this; its pages' caches with PAGES_CACHE_PREFIX. */
export const CACHE_PREFIX = "tidings-";
export const PAGES_CACHE_PREFIX = "tidings-pages-";
/** Element id of the slot (components/offline/OfflineSupport.tsx) the worker writes the offline notice into. */
export const OFFLINE_NOTICE_ID = "offline-notice";
/** The offline page, kept by the worker at install (public/offline.html). */
export const OFFLINE_PAGE_PATH = "/offline.html";
