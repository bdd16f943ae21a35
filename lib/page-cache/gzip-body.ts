/**
 * A stored page body kept gzip-compressed, with holes for what differs between answers: the CSP nonce
 * (fresh on every answer) and, on a document, a point just before `</body>` where a signed-in reader's
 * own state goes. A hit joins the stored pieces around the hole contents and sends the result as one
 * valid gzip stream, with no compression work per answer.
 *
 * Why it works:
 * - Each piece is raw DEFLATE that ends on a byte boundary (a sync flush), so a stored (uncompressed)
 *   block holding the hole's bytes can follow it, and the next piece's blocks can follow that
 *   (RFC 1951, 3.2.4). Only the last piece ends with the final block.
 * - A piece after a nonce is compressed with the text before it as its dictionary, so it keeps the
 *   back-references a whole-page compressor would find (8.0 KB against 7.0 KB for the whole page,
 *   and 11 KB without dictionaries, on a 33 KB article page). In that dictionary the nonce's bytes are
 *   NUL, which the body never contains, so no back-reference can reach into a nonce, and the fresh
 *   nonce has the old one's length, so every distance stays right. A body that does contain NUL is
 *   compressed piece by piece with no dictionary. After the reader's hole, whose length varies, the
 *   dictionary starts afresh.
 * - The gzip trailer's CRC-32 is the stored pieces' CRCs combined with the holes' (zlib's
 *   crc32_combine: the CRC of A then B is CRC(A) times x^(8·|B|), modulo the polynomial, plus CRC(B)),
 *   with each piece's x^(8·|piece|) worked out once when it is stored. A hit with no reader's state
 *   needs only one such product (GzipBody.base and nonceSum).
 *
 * What goes in a hole is sent uncompressed, in a stored block, and nothing compressed can refer to
 * it: neither the nonce nor a reader's state can change the length of anything compressed, so the
 * compressed length gives away nothing of either (the BREACH attack reads secrets from lengths).
 *
 * A client that does not accept gzip gets the pieces inflated, once per stored page (`plainPieces`), and
 * joined the same way (`plainChunks`).
 */
import zlib from "node:zlib";

/** What goes in a hole between two pieces: the nonce, or the reader's state (nothing for anyone else). */
export type Hole = "nonce" | "reader";

export type GzipBody = {
  /** Every piece's deflated bytes, back to back. */
  deflated: Buffer;
  /** Per piece, four numbers: where its deflated bytes end, its text's length, CRC-32 and x^(8·length) mod P. */
  meta: Uint32Array;
  /** holes[i] sits between piece i and piece i + 1. */
  holes: Hole[];
  /** The nonce's length in bytes; a fresh one must have the same. */
  nonceLength: number;
  /**
   * For an answer with no reader's state: the CRC-32 of the text with NUL for every nonce, and the sum
   * of x^(8·bytes after it) over the nonce holes. A CRC is linear in the bits of the text (apart from a
   * constant for its length), so the CRC with a nonce N is base ^ sum·rawCRC(N): one multiplication
   * per hit instead of two per piece.
   */
  base: number;
  nonceSum: number;
  /** The text's length with every nonce and no reader's state. */
  length: number;
};

/** Bytes held for a body, for the cache's budget: the deflated pieces and their numbers. */
export function heldBytes(body: GzipBody): number {
  return body.deflated.length + body.meta.byteLength + 8 * body.holes.length;
}

// ── CRC-32 arithmetic (zlib's crc32.c, in its reflected bit order) ──────────────────────────────────
const POLY = 0xedb88320;

/** a·b modulo the CRC polynomial. */
function multModP(a: number, b: number): number {
  if (a === 0) return 0;
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** X2N[k] = x^(2^k) mod P. */
const X2N: number[] = [];
{
  let p = 0x40000000; // x^1
  X2N[0] = p;
  for (let k = 1; k < 32; k++) X2N[k] = p = multModP(p, p);
}

/** x^(8·bytes) mod P: what appending `bytes` bytes multiplies a CRC by. */
export function shiftFor(bytes: number): number {
  let p = 0x80000000; // x^0
  let n = bytes;
  let k = 3;
  while (n > 0) {
    if (n & 1) p = multModP(X2N[k & 31] as number, p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

/** The CRC-32 of A then B, from CRC(A), CRC(B) and shiftFor(|B|). */
function combine(crcA: number, crcB: number, shiftB: number): number {
  return (multModP(shiftB, crcA) ^ crcB) >>> 0;
}

// ── Storing ──────────────────────────────────────────────────────────────────────────────────────────
const WINDOW = 32 * 1024;
const BODY_END = Buffer.from("</body>", "utf8");

/**
 * Compresses a body with a hole at every occurrence of `nonce` and, when `readerHole` is set, one just
 * before the last `</body>` (after the body when there is none).
 */
export function encodeBody(text: string, nonce: string | null, readerHole: boolean): GzipBody {
  const bytes = Buffer.from(text, "utf8");
  const nonceBytes = nonce ? Buffer.from(nonce, "latin1") : null;
  // Where each hole starts, and how many bytes of the stored body it replaces.
  const cuts: { at: number; hole: Hole; length: number }[] = [];
  if (nonceBytes && nonceBytes.length > 0)
    for (let at = bytes.indexOf(nonceBytes); at >= 0; at = bytes.indexOf(nonceBytes, at + nonceBytes.length))
      cuts.push({ at, hole: "nonce", length: nonceBytes.length });
  if (readerHole) {
    const end = bytes.lastIndexOf(BODY_END);
    // A hole inside a nonce would split it. Base64 has no < or >, so a real nonce never holds </body>;
    // if one ever did, the reader's state would go at the very end, which a browser reads all the same.
    const inNonce = cuts.some((c) => c.at < end && end < c.at + c.length);
    const at = end >= 0 && !inNonce ? end : bytes.length;
    cuts.push({ at, hole: "reader", length: 0 });
    cuts.sort((a, b) => a.at - b.at || (a.hole === "reader" ? 1 : -1));
  }
  // The text as the compressor's dictionary sees it: every nonce's bytes NUL (see the top of this file).
  const withDictionary = !bytes.includes(0);
  const shadow = withDictionary && nonceBytes ? Buffer.from(bytes) : bytes;
  if (shadow !== bytes) for (const c of cuts) if (c.hole === "nonce") shadow.fill(0, c.at, c.at + c.length);

  const pieces: Buffer[] = [];
  const meta = new Uint32Array(4 * (cuts.length + 1));
  let start = 0;
  let since = 0; // where the current dictionary may begin
  let end = 0;
  for (let i = 0; i <= cuts.length; i++) {
    const cut = cuts[i];
    const stop = cut ? cut.at : bytes.length;
    const piece = bytes.subarray(start, stop);
    const options: zlib.ZlibOptions = {
      finishFlush: cut ? zlib.constants.Z_SYNC_FLUSH : zlib.constants.Z_FINISH,
    };
    if (withDictionary && start > since) options.dictionary = shadow.subarray(Math.max(since, start - WINDOW), start);
    const deflated = zlib.deflateRawSync(piece, options);
    pieces.push(deflated);
    end += deflated.length;
    meta[4 * i] = end;
    meta[4 * i + 1] = piece.length;
    meta[4 * i + 2] = zlib.crc32(piece);
    meta[4 * i + 3] = shiftFor(piece.length);
    if (!cut) break;
    start = stop + cut.length;
    // No dictionary reaches back past the reader's hole (its length varies), nor past any hole when
    // the body holds NUL bytes.
    if (cut.hole === "reader" || !withDictionary) since = start;
  }
  const holes = cuts.map((c) => c.hole);
  const nonceLength = nonceBytes?.length ?? 0;
  // The nonce holes' x^(8·bytes after each), from the end back; and the CRC with NUL nonces.
  let nonceSum = 0;
  let after = 0;
  for (let i = holes.length - 1; i >= 0; i--) {
    after += meta[4 * (i + 1) + 1] as number;
    if (holes[i] === "nonce") {
      nonceSum ^= shiftFor(after);
      after += nonceLength;
    }
  }
  after += meta[1] as number;
  const body = { deflated: Buffer.concat(pieces, end), meta, holes, nonceLength, base: 0, nonceSum, length: after };
  body.base = foldCrc(body, Buffer.alloc(nonceLength), null);
  return body;
}

// ── Answering ────────────────────────────────────────────────────────────────────────────────────────
// ID1 ID2, deflate, no flags, no time, no extra flags, unknown OS (RFC 1952, 2.3).
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
const STORED_MAX = 0xffff;

/** A non-final stored block's header for `length` bytes (the stream is byte-aligned before it). */
function storedHeader(length: number): Buffer {
  return Buffer.from([0, length & 0xff, length >>> 8, ~length & 0xff, (~length >>> 8) & 0xff]);
}

/** The CRC-32 of the body's text with `nonce` in every nonce hole and `reader` in the reader's. */
function foldCrc(body: GzipBody, nonce: Buffer, reader: Buffer | null): number {
  const { meta, holes } = body;
  const nonceCrc = zlib.crc32(nonce);
  const nonceShift = shiftFor(nonce.length);
  let crc = 0;
  for (let i = 0; i * 4 < meta.length; i++) {
    crc = combine(crc, meta[4 * i + 2] as number, meta[4 * i + 3] as number);
    if (holes[i] === "nonce") crc = combine(crc, nonceCrc, nonceShift);
    else if (holes[i] === "reader" && reader && reader.length > 0)
      crc = combine(crc, zlib.crc32(reader), shiftFor(reader.length));
  }
  return crc;
}

/** zlib.crc32 of `length` NUL bytes: the constant that turns a CRC-32 into the raw, linear one. */
const nulCrcs = new Map<number, number>();
function nulCrc(length: number): number {
  let crc = nulCrcs.get(length);
  if (crc === undefined) {
    crc = zlib.crc32(Buffer.alloc(length));
    nulCrcs.set(length, crc);
  }
  return crc;
}

/** The gzip stream of the body with `nonce` in every nonce hole and `reader` (if any) in the reader's. */
export function gzipChunks(body: GzipBody, nonce: Buffer | null, reader: Buffer | null = null): Buffer[] {
  const { deflated, meta, holes } = body;
  const hasNonce = holes.includes("nonce");
  if (hasNonce && (!nonce || nonce.length !== body.nonceLength))
    throw new Error(`a fresh nonce must be ${body.nonceLength} bytes, as the stored one was`);
  const own = reader && reader.length > 0 ? reader : null;
  const chunks: Buffer[] = [GZIP_HEADER];
  const nonceBlock = hasNonce ? storedHeader(body.nonceLength) : null;
  let from = 0;
  for (let i = 0; i * 4 < meta.length; i++) {
    const to = meta[4 * i] as number;
    chunks.push(deflated.subarray(from, to));
    from = to;
    const hole = holes[i];
    if (hole === "nonce") chunks.push(nonceBlock as Buffer, nonce as Buffer);
    else if (hole === "reader" && own)
      for (let at = 0; at < own.length; at += STORED_MAX) {
        const part = own.subarray(at, at + STORED_MAX);
        chunks.push(storedHeader(part.length), part);
      }
  }
  const crc = own
    ? foldCrc(body, nonce ?? Buffer.alloc(0), own)
    : hasNonce
      ? (body.base ^ multModP(body.nonceSum, (zlib.crc32(nonce as Buffer) ^ nulCrc(body.nonceLength)) >>> 0)) >>> 0
      : body.base;
  const trailer = Buffer.allocUnsafe(8);
  trailer.writeUInt32LE(crc, 0);
  trailer.writeUInt32LE((body.length + (own?.length ?? 0)) % 0x1_0000_0000, 4);
  chunks.push(trailer);
  return chunks;
}

/**
 * The body's pieces uncompressed (views of one buffer), for clients that do not accept gzip: inflated
 * once, then joined around the holes like the compressed ones (`plainChunks`).
 */
export function plainPieces(body: GzipBody): Buffer[] {
  const placeholder = body.holes.includes("nonce") ? Buffer.alloc(body.nonceLength, "A") : null;
  const text = zlib.gunzipSync(Buffer.concat(gzipChunks(body, placeholder)));
  const pieces: Buffer[] = [];
  let at = 0;
  for (let i = 0; i * 4 < body.meta.length; i++) {
    const length = body.meta[4 * i + 1] as number;
    pieces.push(text.subarray(at, at + length));
    at += length + (body.holes[i] === "nonce" ? body.nonceLength : 0);
  }
  return pieces;
}

/** Plain pieces joined around the holes: `nonce` in each nonce hole, `reader` (if any) in the reader's. */
export function plainChunks(
  pieces: Buffer[],
  holes: Hole[],
  nonce: Buffer | null,
  reader: Buffer | null = null,
): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < pieces.length; i++) {
    chunks.push(pieces[i] as Buffer);
    const hole = holes[i];
    if (hole === "nonce") chunks.push(nonce as Buffer);
    else if (hole === "reader" && reader && reader.length > 0) chunks.push(reader);
  }
  return chunks;
}

/**
 * Whether an Accept-Encoding header accepts gzip: `gzip` (or `x-gzip`), or `*`, with a q above 0.
 * The last header seen is remembered, since every request from one browser sends the same one.
 */
let lastHeader: string | undefined;
let lastAnswer = false;
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(",") : header;
  if (value === lastHeader) return lastAnswer;
  let gzip: boolean | null = null;
  let any: boolean | null = null;
  for (const item of value.split(",")) {
    const [coding = "", ...params] = item.split(";").map((s) => s.trim().toLowerCase());
    let q = 1;
    for (const p of params) {
      const m = /^q\s*=\s*([0-9.]+)$/.exec(p);
      if (m) q = Number(m[1]);
    }
    if (coding === "gzip" || coding === "x-gzip") gzip = q > 0;
    else if (coding === "*") any = q > 0;
  }
  lastHeader = value;
  lastAnswer = gzip ?? any ?? false;
  return lastAnswer;
}
