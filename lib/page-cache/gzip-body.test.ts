import { randomBytes } from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { acceptsGzip, encodeBody, gzipChunks, heldBytes, plainChunks, plainPieces, shiftFor } from "./gzip-body";

const OLD = "AAAAAAAAAAAAAAAAAAAAAA==";
const nonceOf = (s: string) => Buffer.from(s, "latin1");
const fresh = () => randomBytes(16).toString("base64");

/** What a stored page must read as, decoded by zlib itself (which checks the CRC and the length). */
function gunzip(chunks: Buffer[]): string {
  return zlib.gunzipSync(Buffer.concat(chunks)).toString("utf8");
}

/** A page shaped like Next's: inline scripts with the nonce, text around them, and `</body>` near the end. */
function pageLike(nonce: string, scripts: number): string {
  let html = `<!DOCTYPE html><html><head><script nonce="${nonce}" src="/a.js"></script></head><body>`;
  for (let i = 0; i < scripts; i++)
    html += `<p>Paragraph ${i}: the council voted on the budget for the year, é ü — “quoted”.</p><script nonce="${nonce}">self.__next_f.push([1,"row ${i} of the payload"])</script>`;
  return `${html}</body></html>`;
}

describe("gzip body with holes", () => {
  it("decodes to the page with the fresh nonce everywhere the old one was", () => {
    const page = pageLike(OLD, 30);
    const body = encodeBody(page, OLD, true);
    for (let i = 0; i < 3; i++) {
      const nonce = fresh();
      expect(gunzip(gzipChunks(body, nonceOf(nonce)))).toBe(page.replaceAll(OLD, nonce));
    }
  });

  it("puts a reader's state just before the last </body>, and nothing there for anyone else", () => {
    const page = pageLike(OLD, 3);
    const body = encodeBody(page, OLD, true);
    const nonce = fresh();
    const expected = page.replaceAll(OLD, nonce);
    const at = expected.lastIndexOf("</body>");
    const state = '<script id="reader-state" type="application/json">{"me":{"name":"Ann"}}</script>';
    expect(gunzip(gzipChunks(body, nonceOf(nonce), Buffer.from(state)))).toBe(
      expected.slice(0, at) + state + expected.slice(at),
    );
    expect(gunzip(gzipChunks(body, nonceOf(nonce)))).toBe(expected);
    // Larger than one stored block (65,535 bytes).
    const big = `<script>${"x".repeat(200_000)}</script>`;
    expect(gunzip(gzipChunks(body, nonceOf(nonce), Buffer.from(big)))).toBe(
      expected.slice(0, at) + big + expected.slice(at),
    );
    // A </body> inside a nonce (never in a real page: base64 has no < or >) is not cut.
    const odd = "AB</body>AAAAAAAAAAAAAAA";
    const oddPage = `<p>x</p>${odd}<p>y</p>`;
    const oddBody = encodeBody(oddPage, odd, true);
    expect(gunzip(gzipChunks(oddBody, nonceOf(nonce), Buffer.from("<i>r</i>")))).toBe(
      `${oddPage.replace(odd, nonce)}<i>r</i>`,
    );
    // With no </body> the state goes at the end.
    const bare = encodeBody("<p>x</p>", null, true);
    expect(gunzip(gzipChunks(bare, null, Buffer.from("<i>y</i>")))).toBe("<p>x</p><i>y</i>");
  });

  it("stays right when the text around a nonce repeats parts of it, or holds NUL bytes", () => {
    // Back-references into the old nonce would decode to the fresh one's bytes: the text quotes the
    // old nonce's pieces right after it, so a compressor allowed to would reach into it.
    const tricky = `${OLD.slice(0, 12)}<a>${OLD}${OLD.slice(4, 20)}${OLD.slice(0, 12)}<b>${OLD}${OLD.slice(0, 23)}`;
    const nonce = fresh();
    expect(gunzip(gzipChunks(encodeBody(tricky, OLD, false), nonceOf(nonce)))).toBe(tricky.replaceAll(OLD, nonce));
    const withNul = `a\u0000b${OLD}a\u0000b${OLD}a\u0000b`;
    expect(gunzip(gzipChunks(encodeBody(withNul, OLD, true), nonceOf(nonce)))).toBe(withNul.replaceAll(OLD, nonce));
    // Nonces back to back, at the start and at the end: empty pieces between them.
    const edges = `${OLD}${OLD}x${OLD}`;
    expect(gunzip(gzipChunks(encodeBody(edges, OLD, true), nonceOf(nonce)))).toBe(edges.replaceAll(OLD, nonce));
    expect(gunzip(gzipChunks(encodeBody("", null, false), null))).toBe("");
  });

  it("holds random pages with random nonces and readers exactly", () => {
    const alphabet = ["<p>", "</p>", "é", "x", "yy", "\n", OLD.slice(0, 5), "</body>", "\u0000"];
    for (let round = 0; round < 200; round++) {
      let text = "";
      const n = 1 + Math.floor(Math.random() * 60);
      for (let i = 0; i < n; i++)
        text += Math.random() < 0.15 ? OLD : (alphabet[Math.floor(Math.random() * alphabet.length)] as string);
      const nonce = fresh();
      const reader = Math.random() < 0.5 ? `<s>${round}</s>` : null;
      let expected = text.replaceAll(OLD, nonce);
      if (reader) {
        const at = expected.lastIndexOf("</body>");
        expected = at >= 0 ? expected.slice(0, at) + reader + expected.slice(at) : expected + reader;
      }
      const body = encodeBody(text, OLD, true);
      expect(gunzip(gzipChunks(body, nonceOf(nonce), reader ? Buffer.from(reader) : null))).toBe(expected);
      const plain = plainChunks(plainPieces(body), body.holes, nonceOf(nonce), reader ? Buffer.from(reader) : null);
      expect(Buffer.concat(plain).toString()).toBe(expected);
    }
  });

  it("compresses a page about as well as compressing it whole", () => {
    // Each hole costs a stored block (5 bytes and the nonce) and a new compressed block after it
    // (a flush marker and Huffman tables): tens of bytes, where compressing the pieces without the
    // text before each as a dictionary would lose every back-reference across a nonce.
    const page = pageLike(OLD, 40);
    const body = encodeBody(page, OLD, true);
    const whole = zlib.gzipSync(page).length;
    const ours = Buffer.concat(gzipChunks(body, nonceOf(fresh()))).length;
    const holes = body.holes.length;
    expect(ours).toBeLessThan(whole + 80 * holes);
    const alone = page.split(OLD).reduce((n, piece) => n + zlib.deflateRawSync(piece).length, 0);
    expect(heldBytes(body)).toBeLessThan(alone);
    expect(heldBytes(body)).toBeLessThan(Buffer.byteLength(page) / 3);
  });

  it("refuses a fresh nonce of another length, which would shift every distance after it", () => {
    const body = encodeBody(`<script nonce="${OLD}"></script>`, OLD, false);
    expect(() => gzipChunks(body, nonceOf("short"))).toThrow(/24 bytes/);
  });

  it("writes the trailer's CRC-32 and length of the whole text, combined from the pieces'", () => {
    expect(shiftFor(0)).toBe(0x80000000); // x^0: appending nothing leaves a CRC as it is
    const text = `the first part, ${OLD} and the second, ${OLD}!`;
    const nonce = fresh();
    const stream = Buffer.concat(gzipChunks(encodeBody(text, OLD, false), nonceOf(nonce)));
    const expected = Buffer.from(text.replaceAll(OLD, nonce));
    expect(stream.readUInt32LE(stream.length - 8)).toBe(zlib.crc32(expected));
    expect(stream.readUInt32LE(stream.length - 4)).toBe(expected.length);
  });
});

describe("acceptsGzip", () => {
  it.each([
    ["gzip, deflate, br, zstd", true],
    ["br", false],
    ["identity", false],
    ["", false],
    ["x-gzip", true],
    ["GZIP;q=0.5", true],
    ["gzip;q=0", false],
    ["gzip; q=0.0, br", false],
    ["*", true],
    ["*;q=0", false],
    ["gzip;q=0, *", false],
    ["br, *;q=0.1", true],
  ])("%j → %s", (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
  it("takes no header as identity only", () => {
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip(["gzip", "br"])).toBe(true);
  });
});
