// What a browser sends, for the bench: records with Playwright in Chromium the requests of a page view
// (the document, its scripts, styles and fonts, and the `?_rsc=` prefetches Next's <Link> makes for
// every link in the viewport) and of a click to a related story (a client navigation), then replays
// each recorded mix with wrk, and serves the same responses from a static server for the ceiling.
//
// Headers are replayed exactly as Chromium sent them, in order: Next checks the `_rsc` value against
// the router headers and answers 307 to a mismatch, and the signed-in mix needs the cookie header.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium, devices, type Request } from "@playwright/test";
import { chromiumArgs, chromiumExecutablePath } from "../e2e/chromium";

/** What a request is for: the class a latency figure or a per-view count is reported by. */
export type RequestKind = "document" | "navigation" | "prefetch" | "static" | "other";

export type RecordedRequest = {
  method: string;
  /** Path and query, as sent. */
  path: string;
  /** Every request header as Chromium sent it, in order (host and cookie included). */
  headers: [string, string][];
  body: string | null;
  kind: RequestKind;
};

export type Mix = { name: string; description: string; requests: RecordedRequest[] };

/** A recorded request's answer, as the app gave it once: the ceiling server sends these bytes. */
export type CapturedResponse = { status: number; headers: [string, string][]; body: Buffer };

function kindOf(req: Request, headers: [string, string][]): RequestKind {
  const has = (name: string) => headers.some(([n]) => n.toLowerCase() === name);
  if (req.resourceType() === "document") return "document";
  if (has("rsc")) return has("next-router-prefetch") ? "prefetch" : "navigation";
  if (new URL(req.url()).pathname.startsWith("/_next/static/")) return "static";
  return "other";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Opens `articlePath` in a fresh browser context (a first view: nothing cached), then brings the
 * related list into view and clicks its first story. Returns two mixes: the view (everything sent
 * until the page has settled) and the click (the prefetches the related links make once in view, the
 * navigation, and what the new page sends until it has settled too). Never Playwright's networkidle,
 * which prefetching can hold off.
 */
export async function recordBrowserMixes({
  base,
  articlePath,
  cookies = [],
  storage = {},
  label,
  quietMs = 1500,
}: {
  base: string;
  articlePath: string;
  cookies?: { name: string; value: string }[];
  /** localStorage entries the site's pages find already set (what an earlier visit left). */
  storage?: Record<string, string>;
  label: string;
  quietMs?: number;
}): Promise<{ view: Mix; click: Mix; clickedPath: string }> {
  const browser = await chromium.launch({ executablePath: chromiumExecutablePath, args: chromiumArgs });
  try {
    const context = await browser.newContext({ ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } });
    if (cookies.length) await context.addCookies(cookies.map((c) => ({ ...c, url: base })));
    if (Object.keys(storage).length)
      await context.addInitScript((entries) => {
        for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
      }, storage);
    const page = await context.newPage();
    const view: (RecordedRequest | null)[] = [];
    const click: (RecordedRequest | null)[] = [];
    let phase = view;
    const pending: Promise<void>[] = [];
    const inFlight = new Set<Request>();
    let lastRequestAt = Date.now();
    page.on("requestfinished", (req) => inFlight.delete(req));
    page.on("requestfailed", (req) => inFlight.delete(req));
    page.on("request", (req) => {
      if (!req.url().startsWith(`${base}/`)) return;
      lastRequestAt = Date.now();
      inFlight.add(req);
      const into = phase;
      const slot = into.push(null) - 1;
      // The headers actually sent (cookie included) come from the network stack a little later; a
      // request cancelled before that (a prefetch cut short by the navigation) may never report them.
      const actual = Promise.race([req.headersArray(), sleep(5000).then(() => null)]);
      pending.push(
        actual.then((h) => {
          const headers = (h ?? Object.entries(req.headers()).map(([name, value]) => ({ name, value })))
            .filter(({ name }) => !name.startsWith(":"))
            .map(({ name, value }) => [name, value] as [string, string]);
          const url = new URL(req.url());
          if (!headers.some(([n]) => n.toLowerCase() === "host")) headers.unshift(["Host", url.host]);
          into[slot] = {
            method: req.method(),
            path: url.pathname + url.search,
            headers,
            body: req.postData(),
            kind: kindOf(req, headers),
          };
        }),
      );
    });
    // A phase is over once React has hydrated the page (Next's prefetches start after that, from
    // IntersectionObserver callbacks), the main thread has gone idle, nothing of ours is in flight and
    // no request has started for quietMs. On a busy machine hydration can take seconds after "load";
    // a plain quiet period would end the view before its prefetches, and hand them to the click.
    const hydrated = () =>
      page.waitForFunction(
        () => {
          const last = document.querySelector("footer");
          return !!last && Object.keys(last).some((k) => k.startsWith("__reactFiber"));
        },
        undefined,
        { timeout: 60_000 },
      );
    const idle = () =>
      page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 3000 })));
    const settle = async (maxMs = 60_000) => {
      const start = Date.now();
      await hydrated();
      while (Date.now() - start < maxMs) {
        await idle();
        if (inFlight.size === 0 && Date.now() - lastRequestAt >= quietMs) return;
        await sleep(100);
      }
    };

    await page.goto(`${base}${articlePath}`, { waitUntil: "load" });
    await settle();
    phase = click;
    // The story's own link (its title), not the outlet link in the line above it: the first related
    // story, or where the article has no confident match, the first of "More from <outlet>" below it.
    const link = page
      .getByRole("list", { name: /^(Related stories|More from )/ })
      .first()
      .getByRole("heading")
      .first()
      .getByRole("link");
    const href = await link.getAttribute("href", { timeout: 30_000 });
    if (!href) throw new Error(`${articlePath} has no related story to click`);
    await link.scrollIntoViewIfNeeded();
    await settle();
    const title = await page.locator("h1").first().textContent();
    await link.click();
    await page.waitForURL((u) => u.pathname === href);
    // The new page is on screen once its heading has replaced the old one.
    await page.waitForFunction((old) => document.querySelector("h1")?.textContent !== old, title, { timeout: 60_000 });
    await settle();
    await Promise.all(pending);
    const done = (xs: (RecordedRequest | null)[]) => xs.filter((x): x is RecordedRequest => x !== null);
    const mixes = {
      view: {
        name: `${label}: article view`,
        description: `first view of ${articlePath} in a fresh 1280x800 Chromium context`,
        requests: done(view),
      },
      click: {
        name: `${label}: click to related`,
        description: `related list brought into view, then a click to ${href} (client navigation)`,
        requests: done(click),
      },
      clickedPath: href,
    };
    if (!mixes.view.requests.some((r) => r.kind === "document"))
      throw new Error(`${mixes.view.name}: Chromium sent no document request`);
    if (!mixes.click.requests.some((r) => r.kind === "navigation"))
      throw new Error(`${mixes.click.name}: the click made no client navigation (RSC) request`);
    if (mixes.click.requests.some((r) => r.kind === "document"))
      throw new Error(`${mixes.click.name}: the click loaded a whole document, not a client navigation`);
    return mixes;
  } finally {
    await browser.close();
  }
}

/** Sends one recorded request as recorded, and keeps the answer's exact bytes. */
export function replayOnce(origin: string, r: RecordedRequest): Promise<CapturedResponse> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: hostname, port, method: r.method, path: r.path, headers: r.headers.flat(), agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const headers: [string, string][] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2)
            headers.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string]);
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(r.body ?? undefined);
  });
}

/**
 * Replays every request of a mix once against the app and checks each answer is what a browser got
 * to use: a 307 means the replayed router headers no longer match the `_rsc` value.
 */
export async function captureMix(origin: string, mix: Mix): Promise<CapturedResponse[]> {
  const out: CapturedResponse[] = [];
  for (const r of mix.requests) {
    const res = await replayOnce(origin, r);
    if (res.status >= 300)
      throw new Error(`${mix.name}: replaying ${r.method} ${r.path} (${r.kind}) answered ${res.status}, not 2xx`);
    out.push(res);
  }
  return out;
}

const HOP = new Set(["date", "connection", "keep-alive", "transfer-encoding", "content-length"]);
/** The header that tells the ceiling server which captured answer to send. */
const REPLAY_HEADER = "x-bench-replay";

/**
 * Starts the ceiling: a minimal Node server (a process of its own) that answers each request of each
 * mix with the bytes the app sent for it, found by the x-bench-replay header the ceiling's wrk script
 * adds. Same number of responses, same bodies and headers; no work but sending.
 */
export async function startMixCeiling(dir: string, port: number, captured: CapturedResponse[][]) {
  const file = path.join(dir, "mix-responses.json");
  fs.writeFileSync(
    file,
    JSON.stringify(
      captured.map((rs) =>
        rs.map((r) => ({
          status: r.status,
          headers: r.headers.filter(([n]) => !HOP.has(n.toLowerCase())),
          body: r.body.toString("base64"),
        })),
      ),
    ),
  );
  const script = `
const mixes = JSON.parse(require("fs").readFileSync(${JSON.stringify(file)}, "utf8")).map((rs) =>
  rs.map((r) => { const body = Buffer.from(r.body, "base64");
    return { status: r.status, headers: [...r.headers.flat(), "content-length", String(body.length)], body }; }));
require("http").createServer((q, s) => {
  const [m, i] = String(q.headers[${JSON.stringify(REPLAY_HEADER)}] ?? "0.0").split(".").map(Number);
  const r = mixes[m]?.[i];
  if (!r) { s.writeHead(404); s.end(); return; }
  s.writeHead(r.status, r.headers); s.end(r.body);
}).listen(${port}, "127.0.0.1");`;
  const child = spawn(process.execPath, ["-e", script], { stdio: "inherit" });
  return child;
}

/** A Lua string literal for any bytes: printable ASCII as is, everything else as a decimal escape. */
function luaString(s: string): string {
  let out = '"';
  for (const b of Buffer.from(s, "utf8")) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${b}`;
  }
  return `${out}"`;
}

function rawRequest(r: RecordedRequest, extra: [string, string][] = []): string {
  const headers = [...r.headers, ...extra];
  if (r.body != null && !headers.some(([n]) => n.toLowerCase() === "content-length"))
    headers.push(["content-length", String(Buffer.byteLength(r.body))]);
  return `${r.method} ${r.path} HTTP/1.1\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n${r.body ?? ""}`;
}

/**
 * A wrk script that sends `requests` in turn, over and over (each wrk thread keeps its own turn), and
 * prints wrk's own totals and latency percentiles as one JSON line.
 */
export function wrkScript(requests: string[]): string {
  return `local reqs = { ${requests.map(luaString).join(",\n")} }
local i = 0
function request()
  i = i % #reqs + 1
  return reqs[i]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"bytes":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%.3f,"p99":%.3f}\\n',
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
`;
}

/** The raw requests of a mix, as the app is sent them, or (with `ceiling`) as the ceiling server is. */
export function mixRequests(mix: Mix, ceiling?: { index: number }): string[] {
  return mix.requests.map((r, i) => rawRequest(r, ceiling ? [[REPLAY_HEADER, `${ceiling.index}.${i}`]] : []));
}

/** A single recorded request, as a plain GET of `url` with `headers` (the document-only rows). */
export function plainRequest(url: string, headers: Record<string, string> = {}): string {
  const u = new URL(url);
  return rawRequest({
    method: "GET",
    path: u.pathname + u.search,
    headers: [["host", u.host], ...Object.entries(headers)],
    body: null,
    kind: "document",
  });
}

export type WrkResult = {
  requests: number;
  bytes: number;
  seconds: number;
  /** connect, read, write and timeout errors, and answers of 400 or more. */
  errors: number;
  p50: number;
  p99: number;
};

/** Runs wrk (one thread: the server under test needs the other core) with a script; latency in ms. */
export async function runWrk({
  dir,
  origin,
  requests,
  connections,
  seconds,
}: {
  dir: string;
  origin: string;
  requests: string[];
  connections: number;
  seconds: number;
}): Promise<WrkResult> {
  const script = path.join(dir, `wrk-${process.hrtime.bigint()}.lua`);
  fs.writeFileSync(script, wrkScript(requests));
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      "wrk",
      ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "--latency", "-s", script, `${origin}/`],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let text = "";
    child.stdout.on("data", (c) => {
      text += c;
    });
    child.on("error", (e) =>
      reject(
        (e as NodeJS.ErrnoException).code === "ENOENT"
          ? new Error("wrk is not installed: `apt-get install wrk` (scripts/ensure-chromium.sh does it as root)")
          : e,
      ),
    );
    child.on("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited with ${code}:\n${text}`))));
  });
  fs.rmSync(script);
  const line = out.split("\n").find((l) => l.startsWith("WRK_JSON "));
  if (!line) throw new Error(`wrk printed no summary:\n${out}`);
  const j = JSON.parse(line.slice("WRK_JSON ".length)) as Record<string, number>;
  const n = (k: string) => j[k] ?? 0;
  return {
    requests: n("requests"),
    bytes: n("bytes"),
    seconds: n("durationUs") / 1e6,
    errors: n("connect") + n("read") + n("write") + n("timeout") + n("status"),
    p50: Number(n("p50").toFixed(2)),
    p99: Number(n("p99").toFixed(2)),
  };
}

/** Bytes of one captured answer as HTTP/1.1 carries it: status line, headers and body. */
export function responseBytes(r: CapturedResponse): number {
  const head = r.headers.reduce(
    (n, [k, v]) => n + Buffer.byteLength(`${k}: ${v}\r\n`),
    "HTTP/1.1 200 OK\r\n\r\n".length,
  );
  return head + r.body.length;
}

/** How many requests of each kind a mix holds, and their recorded body bytes. */
export function mixKinds(mix: Mix, captured: CapturedResponse[]): Record<string, { requests: number; bytes: number }> {
  const out: Record<string, { requests: number; bytes: number }> = {};
  mix.requests.forEach((r, i) => {
    const k = out[r.kind] ?? { requests: 0, bytes: 0 };
    out[r.kind] = k;
    k.requests += 1;
    k.bytes += captured[i]?.body.length ?? 0;
  });
  return out;
}
