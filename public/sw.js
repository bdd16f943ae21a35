// Tidings' service worker: saved stories and recently opened pages readable offline.
// Plain JavaScript, no build step; served by lib/page-cache/cache-server.ts with `Cache-Control:
// no-cache`. Names shared with the server are in lib/offline/contract.ts (a test checks they match).
//
// Rules, in order of importance:
// - Online, nothing changes: every page comes from the network (comments, bookmarks, counts are always
//   fresh). A stored copy is only ever shown when the network fails.
// - A copy of a signed-in reader's page lives in a cache named after that session's opaque partition,
//   which the server alone computes and sends (SESSION_HEADER). The worker keeps one session's pages at a
//   time: as soon as an answer shows another session (or none), every other session's pages are deleted,
//   and a stored copy is served only when its partition is the current one.
// - Nothing is kept that the server did not mark as someone's own page or as public: no POSTs, no server
//   actions, no /api, no auth pages, no account pages, no RSC payloads.

const SESSION_HEADER = "tidings-session";
const PUBLIC_HEADER = "tidings-offline";
const OFFLINE_FETCH_HEADER = "tidings-offline-fetch";
const SESSION_CHECK_PATH = "/sw-session";
const CACHE_PREFIX = "tidings-";
const PAGES_CACHE_PREFIX = "tidings-pages-";
const STATIC_CACHE = "tidings-static";
const SHELL_CACHE = "tidings-shell-v1";
const META_CACHE = "tidings-meta";
const OFFLINE_PAGE = "/offline.html";
const STATE_KEY = "/__tidings/state";

// Metadata kept on each stored copy (headers of the stored response; never sent to a server).
const STORED_AT = "x-tidings-stored-at";
const TITLE = "x-tidings-title";
const SCOPE = "x-tidings-scope";

/** Pages opened recently, per session; saved stories and the saved list come on top of these. */
const RECENT_LIMIT = 30;
/** Saved stories kept (the newest saved first, as /saved lists them). */
const SAVED_LIMIT = 50;
/** Build files (scripts, styles, fonts) kept for the stored pages. */
const STATIC_LIMIT = 300;
/** A copy older than a session can live (30 days, auth.ts) is never shown. */
const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** A page opened again within this time is not fetched again for the store. */
const KEEP_AGAIN_AFTER_MS = 5 * 60 * 1000;
/** How stale the stored saved list may get before a page view refreshes it. */
const SAVED_LIST_REFRESH_MS = 10 * 60 * 1000;

const PARTITION = /^[A-Za-z0-9_-]{16,64}$/;

// ---------------------------------------------------------------------------------------------------
// State: the current scope ("anon" or "r-<partition>") and the reader's theme, kept in a cache entry
// because a worker's globals die whenever the browser stops it.

let state = null;
// Bumped on every change of session: work started before it (a fetch that carried the old cookie) is
// dropped instead of storing an old session's page or switching back to it.
let generation = 0;
let lock = Promise.resolve();

/** Runs state changes one at a time. */
function serial(fn) {
  const run = lock.then(fn, fn);
  lock = run.catch(() => {});
  return run;
}

async function loadState() {
  if (state) return state;
  const meta = await caches.open(META_CACHE);
  const kept = await meta.match(STATE_KEY);
  let parsed = null;
  try {
    parsed = kept ? await kept.json() : null;
  } catch {
    parsed = null;
  }
  state = {
    scope: typeof parsed?.scope === "string" ? parsed.scope : "anon",
    theme: parsed?.theme === "dark" || parsed?.theme === "light" ? parsed.theme : null,
    pins: Array.isArray(parsed?.pins) ? parsed.pins.filter((p) => typeof p === "string") : [],
  };
  return state;
}

async function saveState() {
  const meta = await caches.open(META_CACHE);
  await meta.put(STATE_KEY, new Response(JSON.stringify(state), { headers: { "content-type": "application/json" } }));
}

const pagesCache = (scope) => `${PAGES_CACHE_PREFIX}${scope}`;

/** Makes `scope` the current session, deleting every other session's pages. */
function switchTo(scope) {
  return serial(async () => {
    const st = await loadState();
    if (st.scope === scope) return;
    generation++;
    st.scope = scope;
    st.pins = [];
    await saveState();
    await dropPagesExcept(scope);
  });
}

async function dropPagesExcept(scope) {
  const keep = pagesCache(scope);
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(PAGES_CACHE_PREFIX) && n !== keep).map((n) => caches.delete(n)));
}

/** The scope an answer from our server speaks for. */
function scopeOf(response) {
  const partition = response.headers.get(SESSION_HEADER);
  return partition && PARTITION.test(partition) ? `r-${partition}` : "anon";
}

// ---------------------------------------------------------------------------------------------------
// What may be stored.

/** "saved" for the reader's saved list, "page" for a public page, null for anything else. */
function storableKind(pathname) {
  if (pathname === "/saved") return "saved";
  if (pathname === "/" || pathname === "/sources") return "page";
  if (/^\/(articles|tags|sources)\/[^/]+$/.test(pathname)) return "page";
  return null;
}

function titleOf(html) {
  const m = /<title[^>]*>([^<]*)<\/title>/i.exec(html);
  const raw = m ? m[1] : "";
  return decodeEntities(raw)
    .replace(/\s+·\s+Tidings$/, "")
    .trim();
}

function decodeEntities(text) {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Learns whose session an answer belongs to, and keeps the page when it may be kept. `startedAt` is
 * the generation when the request left: an answer to a request sent before a session change is
 * ignored entirely.
 */
async function learnAndStore(requested, response, startedAt) {
  if (startedAt !== generation || response.status >= 500 || response.type === "opaqueredirect") return;
  const scope = scopeOf(response);
  await switchTo(scope);
  if (startedAt !== generation && scope !== (await loadState()).scope) return;
  const url = response.url ? new URL(response.url) : requested;
  if (url.origin !== self.location.origin) return;
  // Copies are filed by path: page 3 of a story's comments or an older page of a list must not become
  // the offline copy of the page itself.
  if (url.search !== "") return;
  const kind = storableKind(url.pathname);
  if (!kind || response.status !== 200) return;
  if (!(response.headers.get("content-type") || "").startsWith("text/html")) return;
  // Not signed in: only what the server marked as the copy everyone gets.
  if (scope === "anon" && (kind === "saved" || response.headers.get(PUBLIC_HEADER) !== "public")) return;
  const html = await response.text();
  const headers = new Headers(response.headers);
  headers.set(STORED_AT, String(Date.now()));
  headers.set(TITLE, encodeURIComponent(titleOf(html)));
  headers.set(SCOPE, scope);
  const gen = generation;
  const cache = await caches.open(pagesCache(scope));
  if (gen !== generation) return;
  await cache.put(new Request(url.origin + url.pathname), new Response(html, { status: 200, headers }));
  // A switch may have deleted this cache while the copy was being written: put it back out of reach.
  if (gen !== generation) {
    await caches.delete(pagesCache(scope));
    return;
  }
  await keepAssets(html);
  if (kind === "saved") await pinSaved(scope, html);
  await trim(scope);
}

/** The build files a stored page loads (scripts, styles, fonts), so it renders offline as it did online. */
async function keepAssets(html) {
  const urls = new Set();
  for (const m of html.matchAll(/\/_next\/static\/[A-Za-z0-9_\-./~%]+/g)) urls.add(m[0].replace(/\\+$/, ""));
  const cache = await caches.open(STATIC_CACHE);
  for (const path of [...urls].slice(0, 80)) {
    if (await cache.match(path)) continue;
    try {
      const response = await fetch(path, { credentials: "same-origin" });
      if (response.ok) await cache.put(path, response);
    } catch {
      return; // Offline again: the rest waits for the next page.
    }
  }
  await trimStatic(cache);
}

async function trimStatic(cache) {
  const keys = await cache.keys();
  // Oldest first (a cache lists its entries in the order they were put).
  for (const request of keys.slice(0, Math.max(0, keys.length - STATIC_LIMIT))) await cache.delete(request);
}

/**
 * The saved list names the saved stories: keep the newest SAVED_LIMIT of them, fetching what is missing,
 * and fetching again every story saved or unsaved since the last list, whose stored copy shows its old
 * bookmark state.
 */
async function pinSaved(scope, html) {
  const pins = [];
  for (const m of html.matchAll(/href="(\/articles\/[^"?#/]+)"/g)) if (!pins.includes(m[1])) pins.push(m[1]);
  const kept = pins.slice(0, SAVED_LIMIT);
  const result = await serial(async () => {
    const st = await loadState();
    if (st.scope !== scope) return null;
    const before = new Set(st.pins);
    const changed = [...kept.filter((p) => !before.has(p)), ...st.pins.filter((p) => !kept.includes(p))];
    st.pins = kept;
    await saveState();
    return { gen: generation, changed };
  });
  if (result === null) return;
  for (const path of new Set([...result.changed, ...kept])) {
    if (result.gen !== generation) return;
    const changed = result.changed.includes(path);
    const copy = await storedCopy(scope, path);
    if (copy && !changed) continue;
    // An unsaved story is fetched again only if it is still kept as a recent page.
    if (!copy && !kept.includes(path)) continue;
    await keep(path, { force: true, recheckSession: false });
  }
}

/** Keeps the saved list, its stories and the RECENT_LIMIT most recently stored other pages. */
async function trim(scope) {
  const st = await loadState();
  if (st.scope !== scope) return;
  const cache = await caches.open(pagesCache(scope));
  const pinned = new Set(["/saved", ...st.pins]);
  const recent = [];
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    const copy = await cache.match(request);
    const at = Number(copy?.headers.get(STORED_AT)) || 0;
    if (Date.now() - at > MAX_AGE_MS) await cache.delete(request);
    else if (!pinned.has(path)) recent.push({ request, at });
  }
  recent.sort((a, b) => b.at - a.at);
  for (const { request } of recent.slice(RECENT_LIMIT)) await cache.delete(request);
}

/** The stored copy of a path for the current session only, and only while it is young enough. */
async function storedCopy(scope, path) {
  const cache = await caches.open(pagesCache(scope));
  const copy = await cache.match(new Request(self.location.origin + path));
  if (!copy || copy.headers.get(SCOPE) !== scope) return null;
  const at = Number(copy.headers.get(STORED_AT)) || 0;
  return Date.now() - at > MAX_AGE_MS ? null : copy;
}

/** Asks the server who is signed in now (a tiny answer from the cache server) and follows it. */
async function checkSession() {
  const startedAt = generation;
  let response;
  try {
    response = await fetch(SESSION_CHECK_PATH, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { [OFFLINE_FETCH_HEADER]: "1" },
    });
  } catch {
    return false; // Offline: nothing learnt, nothing changed.
  }
  if (response.status !== 204 || startedAt !== generation) return false;
  await switchTo(scopeOf(response));
  return true;
}

/** Fetches a page the reader opened (a client navigation never reaches this worker as a document). */
async function keep(path, { force = false, recheckSession = true } = {}) {
  if (recheckSession && !(await checkSession())) return;
  const st = await loadState();
  if (!storableKind(path) || (path === "/saved" && st.scope === "anon")) return;
  const copy = await storedCopy(st.scope, path);
  if (!force && copy && Date.now() - Number(copy.headers.get(STORED_AT)) < KEEP_AGAIN_AFTER_MS) return;
  const startedAt = generation;
  let response;
  try {
    response = await fetch(path, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { [OFFLINE_FETCH_HEADER]: "1", accept: "text/html" },
    });
  } catch {
    return;
  }
  await learnAndStore(new URL(path, self.location.origin), response, startedAt);
}

/** A reader page was opened: keep it, and keep the saved list fresh while signed in. */
async function opened({ path, theme }) {
  const st = await loadState();
  if (theme !== st.theme && (theme === "dark" || theme === "light" || theme === null)) {
    await serial(async () => {
      st.theme = theme;
      await saveState();
    });
  }
  if (!(await checkSession())) return;
  await keep(path, { recheckSession: false });
  const now = await loadState();
  if (now.scope === "anon") return;
  const list = await storedCopy(now.scope, "/saved");
  if (!list || Date.now() - Number(list.headers.get(STORED_AT)) > SAVED_LIST_REFRESH_MS)
    await keep("/saved", { recheckSession: false });
}

// ---------------------------------------------------------------------------------------------------
// Answers when the network fails.

function escapeHtml(text) {
  return String(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );
}

/** "at 14:02" today, "on 28 Nov at 14:02" before. */
function savedWhen(at) {
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  if (date.toDateString() === new Date().toDateString()) return `at ${time}`;
  return `on ${date.toLocaleDateString(undefined, { day: "numeric", month: "short" })} at ${time}`;
}

/** Response headers for an answer made here: our own metadata removed, never stored by anyone. */
function servedHeaders(from) {
  const headers = new Headers(from);
  for (const name of [STORED_AT, TITLE, SCOPE, "content-length"]) headers.delete(name);
  headers.set("cache-control", "no-store");
  return headers;
}

/**
 * The stored page with the offline notice at its top, written into the slot the layout keeps for it
 * (components/offline/OfflineSupport.tsx): React leaves the inner HTML of that element alone when it
 * hydrates, where it would remove an element added anywhere else in <body>. A page without the slot
 * (an older build) gets the notice as the first thing in <body>, shown at least until hydration.
 */
async function withNotice(copy) {
  const html = await copy.text();
  const at = Number(copy.headers.get(STORED_AT)) || Date.now();
  const notice =
    `<div class="offline-notice" role="status" data-offline-notice=""><p class="offline-notice-text">` +
    `You are offline — showing the copy saved ${escapeHtml(savedWhen(at))}. ` +
    `<a href="${OFFLINE_PAGE}">What else is saved</a></p></div>`;
  const slot = /<div id="offline-notice"[^>]*>(?=<\/div>)/.exec(html);
  const place = slot ?? /<body[^>]*>/i.exec(html);
  const cut = place ? place.index + place[0].length : 0;
  const out = html.slice(0, cut) + notice + html.slice(cut);
  return new Response(out, { status: 200, headers: servedHeaders(copy.headers) });
}

/** What the current session has stored, for the offline page: saved first, then the rest, newest first. */
async function storedList(scope) {
  const st = await loadState();
  const cache = await caches.open(pagesCache(scope));
  const entries = [];
  for (const request of await cache.keys()) {
    const copy = await cache.match(request);
    if (!copy || copy.headers.get(SCOPE) !== scope) continue;
    const at = Number(copy.headers.get(STORED_AT)) || 0;
    if (Date.now() - at > MAX_AGE_MS) continue;
    const path = new URL(request.url).pathname;
    let title = "";
    try {
      title = decodeURIComponent(copy.headers.get(TITLE) || "");
    } catch {
      title = "";
    }
    const label = path === "/" ? "Front page" : path === "/saved" ? "Saved stories" : title || path;
    entries.push({ path, title: label, at, saved: st.pins.includes(path) });
  }
  entries.sort((a, b) => b.at - a.at);
  return entries;
}

function listSection(heading, entries) {
  if (entries.length === 0) return "";
  const items = entries
    .map(
      (e) =>
        `<li><a href="${escapeHtml(e.path)}">${escapeHtml(e.title)}</a> <span class="when">saved ${escapeHtml(savedWhen(e.at))}</span></li>`,
    )
    .join("");
  return `<section><h2>${escapeHtml(heading)}</h2><ul>${items}</ul></section>`;
}

const OFFLINE_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The offline page, kept at install, with the links this session can open offline. */
async function offlinePage(requestedPath, status) {
  const st = await loadState();
  const shell = await caches.open(SHELL_CACHE);
  const kept = await shell.match(OFFLINE_PAGE);
  let html = kept
    ? await kept.text()
    : '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Offline · Tidings</title></head><body><main><h1>You are offline</h1><!--offline-retry--><!--offline-list--></main></body></html>';
  const entries = await storedList(st.scope);
  const listPage = entries.find((e) => e.path === "/saved");
  const saved = entries.filter((e) => e.saved);
  const recent = entries.filter((e) => !e.saved && e.path !== "/saved");
  let list =
    (listPage ? `<p class="saved-list"><a href="/saved">Your saved stories</a></p>` : "") +
    listSection("Saved stories", saved) +
    listSection("Opened recently", recent);
  if (!list)
    list =
      "<p>Nothing is kept for reading offline yet. Stories you open while online are kept here (the last " +
      `${RECENT_LIMIT}), and so are your saved stories once you sign in.</p>`;
  const retry =
    requestedPath && requestedPath !== OFFLINE_PAGE
      ? `<p><a href="${escapeHtml(requestedPath)}">Try again</a> once you are back online.</p>`
      : "";
  html = html.replace("<!--offline-list-->", list).replace("<!--offline-retry-->", retry);
  // Opened on purpose (the notice's "What else is saved"), the page is a list, not an apology.
  if (!requestedPath)
    html = html
      .replace(/<h1>[^<]*<\/h1>/, "<h1>Saved for offline reading</h1>")
      .replace(
        /<p class="lead">[^<]*<\/p>/,
        '<p class="lead">These pages are kept in this browser and open without a network.</p>',
      );
  if (st.theme) html = html.replace(/<html([^>]*)>/i, `<html$1 data-theme="${st.theme}">`);
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": OFFLINE_PAGE_CSP,
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
    },
  });
}

async function offlineAnswer(url) {
  const st = await loadState();
  const copy = storableKind(url.pathname) ? await storedCopy(st.scope, url.pathname) : null;
  if (copy) return withNotice(copy);
  return offlinePage(`${url.pathname}${url.search}`, 503);
}

// ---------------------------------------------------------------------------------------------------
// Events.

async function navigate(event, url) {
  if (url.pathname === OFFLINE_PAGE) return offlinePage(null, 200);
  const startedAt = generation;
  let response;
  try {
    response = (await event.preloadResponse) || (await fetch(event.request));
  } catch {
    return offlineAnswer(url);
  }
  event.waitUntil(learnAndStore(url, response.clone(), startedAt).catch(() => {}));
  return response;
}

/** Build files never change under one name: from the store first, else the network (kept). */
async function staticAsset(request) {
  const cache = await caches.open(STATIC_CACHE);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const copy = response.clone();
    cache.put(request, copy).then(
      () => trimStatic(cache),
      () => {},
    );
  }
  return response;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const shell = await caches.open(SHELL_CACHE);
      await shell.add(new Request(OFFLINE_PAGE, { cache: "reload", credentials: "omit" }));
      // Requests the worker never handles skip it entirely where the browser can be told so (Chromium's
      // static routing): server actions and other POSTs, /api, and RSC payloads (prefetches and client
      // navigations; offline, their failure makes Next load the page as a document, which lands below).
      if (typeof event.addRoutes === "function") {
        try {
          await event.addRoutes([
            { condition: { requestMethod: "POST" }, source: "network" },
            { condition: { urlPattern: new URLPattern({ pathname: "/api/*" }) }, source: "network" },
            { condition: { urlPattern: new URLPattern({ search: "*_rsc=*" }) }, source: "network" },
          ]);
        } catch {
          // A browser that knows the API but not a condition: the fetch handler below passes them on.
        }
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const known = new Set([STATIC_CACHE, SHELL_CACHE, META_CACHE]);
      for (const name of await caches.keys())
        if (name.startsWith(CACHE_PREFIX) && !known.has(name) && !name.startsWith(PAGES_CACHE_PREFIX))
          await caches.delete(name);
      // The navigation's request starts while the worker wakes up, so online pages are not slowed down.
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
    return;
  }
  if (url.pathname.startsWith("/_next/static/")) event.respondWith(staticAsset(request));
  // Everything else (RSC payloads, /api, feeds, images) goes to the network untouched. An RSC request
  // that fails offline makes Next's router load the page as a document, which the branch above answers
  // from the store: a client navigation offline becomes a full page, never a broken one.
});

self.addEventListener("message", (event) => {
  if (event.origin && event.origin !== self.location.origin) return;
  const data = event.data && typeof event.data === "object" ? event.data : {};
  if (data.type === "opened" && typeof data.path === "string" && data.path.startsWith("/")) {
    event.waitUntil(opened({ path: data.path, theme: data.theme ?? null }).catch(() => {}));
  } else if (data.type === "saved-changed") {
    // The saved list (and through it the stories saved or unsaved), and the page the button was on.
    const path = typeof data.path === "string" && data.path.startsWith("/") ? data.path : null;
    event.waitUntil(
      keep("/saved", { force: true })
        .then(() => (path && path !== "/saved" ? keep(path, { force: true, recheckSession: false }) : undefined))
        .catch(() => {}),
    );
  } else if (data.type === "signed-out") {
    // The sign-out form was sent: forget the reader now, before the server has even answered.
    event.waitUntil(
      serial(async () => {
        const st = await loadState();
        generation++;
        st.scope = "anon";
        st.pins = [];
        await saveState();
        await dropPagesExcept("anon");
      }).catch(() => {}),
    );
  }
});
