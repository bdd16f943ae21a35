import http from "node:http";
import zlib from "node:zlib";
import { expect, test } from "@playwright/test";
import { openArticle, randomUser, signUp } from "./helpers";

// The page cache stores pages gzip-compressed with holes for the nonce and a reader's state, and sends
// them gzipped to clients that take gzip (lib/page-cache/gzip-body.ts). A browser decodes whatever it
// gets, so these read the bytes on the wire: what a client without gzip gets must be the same page.

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A GET with exactly these headers, the body as sent (no decoding). */
function rawGet(base: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, base), { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on("error", reject);
  });
}

const GZIP = { "accept-encoding": "gzip, deflate, br, zstd" };
const nonceOf = (csp: unknown) => /'nonce-([^']+)'/.exec(String(csp))?.[1] ?? "";

test("a cached page goes gzipped to a client that takes gzip and plain to one that does not, the same page", async ({
  page,
  baseURL,
}) => {
  const base = baseURL as string;
  await page.goto("/");
  const href = (await page.locator("main article h2 a").nth(3).getAttribute("href")) ?? "";
  await rawGet(base, href, GZIP); // fills the cache if nothing had yet

  const zipped = await rawGet(base, href, GZIP);
  expect(zipped.status).toBe(200);
  expect(zipped.headers["x-page-cache"]).toBe("HIT");
  expect(zipped.headers["content-encoding"]).toBe("gzip");
  expect(zipped.headers.vary).toContain("Accept-Encoding");
  expect(Number(zipped.headers["content-length"])).toBe(zipped.body.length);
  const html = zlib.gunzipSync(zipped.body).toString("utf8");

  const plain = await rawGet(base, href, {});
  expect(plain.headers["x-page-cache"]).toBe("HIT");
  expect(plain.headers["content-encoding"]).toBeUndefined();
  expect(Number(plain.headers["content-length"])).toBe(plain.body.length);
  const text = plain.body.toString("utf8");

  // Each answer has its own nonce, the same in its CSP, its Link header and every script of its body.
  const a = nonceOf(zipped.headers["content-security-policy"]);
  const b = nonceOf(plain.headers["content-security-policy"]);
  expect(a).toHaveLength(24);
  expect(b).toHaveLength(24);
  expect(a).not.toBe(b);
  for (const [body, nonce, link] of [
    [html, a, zipped.headers.link],
    [text, b, plain.headers.link],
  ] as const) {
    const inBody = [...body.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);
    expect(inBody.length).toBeGreaterThan(3);
    expect(new Set(inBody)).toEqual(new Set([nonce]));
    for (const m of String(link ?? "").matchAll(/nonce="([^"]+)"/g)) expect(m[1]).toBe(nonce);
  }
  expect(html.replaceAll(a, "N")).toBe(text.replaceAll(b, "N"));
  expect(zipped.body.length).toBeLessThan(text.length / 2);
});

test("a signed-in reader's page comes gzipped with their own state in it", async ({ page, baseURL }) => {
  const user = randomUser("gzip");
  await signUp(page, user);
  const href = await openArticle(page, 4);
  // The islands set their cookie once they run; with it, the reader gets the shared copy and their state.
  await expect.poll(async () => (await page.context().cookies()).some((c) => c.name === "tidings_js")).toBe(true);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");

  const zipped = await rawGet(baseURL as string, href, { ...GZIP, cookie });
  expect(zipped.headers["x-page-cache"]).toBe("SHELL");
  expect(zipped.headers["content-encoding"]).toBe("gzip");
  expect(zipped.headers["cache-control"]).toContain("no-store");
  expect(zipped.headers.vary).toBe("Cookie, Accept-Encoding");
  const html = zlib.gunzipSync(zipped.body).toString("utf8");
  // Just before </body>, where the shell puts it.
  const state = /<script id="reader-state"[^>]*>([^<]*)<\/script><noscript>.*?<\/noscript><\/body>/s.exec(html);
  expect(JSON.parse(state?.[1] ?? "null")?.me?.name).toBe(user.name);

  const plain = await rawGet(baseURL as string, href, { cookie });
  expect(plain.headers["x-page-cache"]).toBe("SHELL");
  expect(plain.headers["content-encoding"]).toBeUndefined();
  expect(plain.body.toString("utf8")).toContain(`"name":${JSON.stringify(user.name)}`);
});

test("the build's scripts go gzipped to a client that takes gzip", async ({ page, baseURL }) => {
  const response = await page.goto("/");
  const html = (await response?.text()) ?? "";
  const script = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1] ?? "";
  expect(script).not.toBe("");
  const zipped = await rawGet(baseURL as string, script, GZIP);
  const plain = await rawGet(baseURL as string, script, {});
  expect(zipped.headers["content-encoding"]).toBe("gzip");
  expect(zipped.headers.etag).not.toBe(plain.headers.etag);
  expect(zlib.gunzipSync(zipped.body).equals(plain.body)).toBe(true);
});
