import iconv from "iconv-lite";
import { IngestError } from "./errors";

export type DecodedText = { text: string; encoding: string; warning?: string };

// Labels that name a single-byte, ASCII-compatible charset: UTF-8 mislabelled as one of them is common.
const SINGLE_BYTE = /^(?:iso-8859-\d+|windows-125\d|us-ascii|koi8-[ru])$/;

/**
 * Labels as browsers read them (the WHATWG Encoding Standard): ISO-8859-1 and ASCII mean Windows-1252,
 * GB2312 and GBK are read with the GB18030 decoder (a superset), and so on. Feeds are written by the
 * same tools as web pages, so the same mapping reads them right: an "ISO-8859-1" feed with curly
 * quotes really is Windows-1252.
 */
const WHATWG_ALIASES: Record<string, string> = {
  "iso-8859-1": "windows-1252",
  "iso8859-1": "windows-1252",
  iso_8859_1: "windows-1252",
  "iso_8859-1": "windows-1252",
  latin1: "windows-1252",
  l1: "windows-1252",
  cp819: "windows-1252",
  ibm819: "windows-1252",
  "us-ascii": "windows-1252",
  ascii: "windows-1252",
  "ansi_x3.4-1968": "windows-1252",
  cp1252: "windows-1252",
  "x-cp1252": "windows-1252",
  "iso-8859-9": "windows-1254",
  latin5: "windows-1254",
  "iso-8859-11": "windows-874",
  "tis-620": "windows-874",
  utf8: "utf-8",
  "unicode-1-1-utf-8": "utf-8",
  gb2312: "gb18030",
  gbk: "gb18030",
  "x-gbk": "gb18030",
  chinese: "gb18030",
  csgb2312: "gb18030",
  sjis: "shift_jis",
  "x-sjis": "shift_jis",
  "shift-jis": "shift_jis",
  ms_kanji: "shift_jis",
  "windows-31j": "shift_jis",
  ms932: "shift_jis",
  "euc-kr": "cp949",
  "ks_c_5601-1987": "cp949",
  "ucs-2": "utf-16",
  "iso-10646-ucs-2": "utf-16",
  unicode: "utf-16",
  "ucs-4": "utf-32",
};

/** A charset label to the name we decode with, or undefined when iconv-lite does not know it. */
export function canonicalCharset(label: string): string | undefined {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  const name = WHATWG_ALIASES[l] ?? l;
  if (name === "utf-16" || name === "utf-32") return name;
  return iconv.encodingExists(name) ? name : undefined;
}

function charsetFromContentType(contentType: string | undefined): string | undefined {
  // The value may be quoted either way (charset="utf-8", charset='us-ascii') or bare.
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^;\s]+))/i.exec(contentType ?? "");
  const value = (m?.[1] ?? m?.[2] ?? m?.[3])?.trim().toLowerCase();
  return value || undefined;
}

function charsetFromXmlDeclaration(head: string): string | undefined {
  const m = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1]?.toLowerCase();
}

type Wide = "utf-16le" | "utf-16be" | "utf-32le" | "utf-32be";

function charsetFromBom(bytes: Uint8Array): { charset: "utf-8" | Wide; length: number } | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { charset: "utf-8", length: 3 };
  // UTF-32LE's mark starts like UTF-16LE's, so it is tested first.
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { charset: "utf-32le", length: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { charset: "utf-32be", length: 4 };
  if (a === 0xfe && b === 0xff) return { charset: "utf-16be", length: 2 };
  if (a === 0xff && b === 0xfe) return { charset: "utf-16le", length: 2 };
  return undefined;
}

/**
 * UTF-16 or UTF-32 without a byte-order mark, from where the zero bytes fall in the first character
 * (XML section F.1: a document starts with "<" or white space, both ASCII).
 */
function wideFromBytePattern(bytes: Uint8Array): Wide | undefined {
  if (bytes.length < 4) return undefined;
  const z = [bytes[0] === 0, bytes[1] === 0, bytes[2] === 0, bytes[3] === 0];
  if (z[0] && z[1] && z[2] && !z[3]) return "utf-32be";
  if (!z[0] && z[1] && z[2] && z[3]) return "utf-32le";
  if (z[0] && !z[1] && z[2] && !z[3]) return "utf-16be";
  if (!z[0] && z[1] && !z[2] && z[3]) return "utf-16le";
  return undefined;
}

/** Offset of the first byte that breaks UTF-8, or -1 when the whole buffer is valid. */
export function firstInvalidUtf8Byte(bytes: Uint8Array, from = 0): number {
  let i = from;
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes, i);
    if (n < 0) return i;
    i += n;
  }
  return -1;
}

/** Length of the valid UTF-8 sequence starting at `i`, or -1 when the byte there starts none. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] ?? 0;
  const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
  if (need < 0) return -1;
  for (let k = 1; k <= need; k++) {
    const c = bytes[i + k];
    if (c === undefined || (c & 0xc0) !== 0x80) return -1;
  }
  // Overlong three-byte forms, UTF-16 surrogates and code points past U+10FFFF.
  const c1 = bytes[i + 1] ?? 0;
  if (
    (b === 0xe0 && c1 < 0xa0) ||
    (b === 0xed && c1 >= 0xa0) ||
    (b === 0xf0 && c1 < 0x90) ||
    (b === 0xf4 && c1 >= 0x90)
  )
    return -1;
  return need + 1;
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

// Windows-1252's characters at 0x80-0x9F, where ISO-8859-1 and Unicode have invisible C1 controls.
// The five bytes Windows-1252 leaves undefined map to "" (they carry no text).
const CP1252_C1 = "€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ"
  .split("")
  .map((c) => (c === "\u0000" ? "" : c));

const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u0080-\u009f]/g;

/**
 * C1 control characters in text are nearly always Windows-1252 bytes that went through a Latin-1
 * decoder or a `&#150;` reference somewhere upstream; nobody puts a real U+0096 in a headline. C0
 * controls other than tab and line breaks (a stray NUL or form feed) are not text at all and go.
 */
export function repairC1Controls(text: string): string {
  if (!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u0080-\u009f]/.test(text)) return text;
  return text.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return code >= 0x80 ? (CP1252_C1[code - 0x80] ?? "") : "";
  });
}

/**
 * UTF-8 with stray bytes that are not UTF-8: every valid sequence is read as UTF-8 and every stray
 * byte as Windows-1252, the encoding such bytes nearly always come from (a pasted "é" or "’").
 */
function decodeMixedUtf8(bytes: Uint8Array): { text: string; stray: number; first: number; multiByte: number } {
  const utf8 = new TextDecoder("utf-8");
  let out = "";
  let runStart = 0;
  let stray = 0;
  let first = -1;
  let multiByte = 0;
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes, i);
    if (n > 0) {
      if (n > 1) multiByte++;
      i += n;
      continue;
    }
    if (first < 0) first = i;
    stray++;
    out += utf8.decode(bytes.subarray(runStart, i));
    out += iconv.decode(Buffer.from([bytes[i] ?? 0]), "windows-1252");
    i++;
    runStart = i;
  }
  out += utf8.decode(bytes.subarray(runStart));
  return { text: out, stray, first, multiByte };
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
}

/**
 * Bytes of a feed to text. The charset comes from, in order: a byte-order mark, the Content-Type
 * header, the XML declaration, the pattern of zero bytes that UTF-16 and UTF-32 leave, and then
 * UTF-8 when the bytes are valid UTF-8 or Windows-1252 when they are not (what browsers do).
 * Decoding is iconv-lite's, correct for every WHATWG encoding (Node's TextDecoder maps Windows-1252
 * and Latin-1 wrongly on Node >= 20.18.3). Lies are handled rather than refused: a single-byte charset
 * declared over real UTF-8 is read as UTF-8, and stray non-UTF-8 bytes in UTF-8 are read as
 * Windows-1252, each with a warning; C1 controls that are really Windows-1252 are repaired.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): DecodedText {
  const bom = charsetFromBom(bytes);
  const pattern = bom ? undefined : wideFromBytePattern(bytes);
  const fromHeader = charsetFromContentType(contentType);
  // The declaration is ASCII by definition: read the start as Latin-1, or in the wide layout the zero
  // bytes show, where the document is UTF-16 or UTF-32.
  const wide = bom && bom.charset !== "utf-8" ? bom.charset : pattern;
  const head = wide
    ? decodeWith(bytes.subarray(bom?.length ?? 0, 1024), wide)
    : Buffer.from(bytes.subarray(0, 256)).toString("latin1");
  const fromXml = charsetFromXmlDeclaration(head.replace(/^\uFEFF/, ""));
  const declared = bom?.charset ?? fromHeader ?? fromXml;
  const where = bom ? "byte-order mark" : fromHeader ? "Content-Type header" : fromXml ? "XML declaration" : undefined;

  let charset: string | undefined;
  let warning: string | undefined;
  if (declared === undefined) {
    charset = pattern ?? "utf-8";
  } else {
    charset = canonicalCharset(declared);
    if (!charset) throw new IngestError("encoding", `unsupported character encoding "${declared}" (from the ${where})`);
    if (charset === "utf-16" || charset === "utf-32") {
      // "UTF-16" alone names no byte order: the mark or the byte pattern says which; big-endian by the spec.
      charset = wide?.startsWith(charset) ? wide : `${charset}be`;
    } else if (wide && !charset.startsWith("utf-16") && !charset.startsWith("utf-32")) {
      // Zero bytes between ASCII characters cannot be an ASCII-compatible charset, whatever the label says.
      warning = `declared ${declared.toUpperCase()} (by the ${where}) but the bytes are ${wide.toUpperCase()}; read as ${wide.toUpperCase()}`;
      charset = wide;
    }
  }

  if (charset === "utf-8") {
    // The native decoder is the fast path; the byte-by-byte walk runs only when it fails.
    const body = bom ? bytes.subarray(bom.length) : bytes;
    try {
      return { text: repairC1Controls(new TextDecoder("utf-8", { fatal: true }).decode(body)), encoding: "utf-8" };
    } catch {}
    // A header saying UTF-8 over a document declaring its real single-byte charset: trust the document.
    if (fromHeader && fromXml && !bom) {
      const real = canonicalCharset(fromXml);
      if (real && real !== "utf-8" && SINGLE_BYTE.test(real)) {
        return {
          text: repairC1Controls(decodeWith(bytes, real)),
          encoding: real,
          warning: `Content-Type says ${fromHeader} but the bytes are ${fromXml}; read as ${fromXml}`,
        };
      }
    }
    const mixed = decodeMixedUtf8(body);
    const line = lineOf(body, mixed.first);
    const hex = (body[mixed.first] ?? 0).toString(16).padStart(2, "0");
    if (!declared && mixed.multiByte === 0) {
      return {
        text: repairC1Controls(decodeWith(body, "windows-1252")),
        encoding: "windows-1252",
        warning: `no encoding declared and the bytes are not UTF-8 (byte 0x${hex} at line ${line}); read as Windows-1252`,
      };
    }
    return {
      text: repairC1Controls(mixed.text),
      encoding: "utf-8",
      warning: `not valid UTF-8${where ? ` (declared by the ${where})` : ""}: ${mixed.stray} stray byte${mixed.stray === 1 ? "" : "s"}, the first 0x${hex} at offset ${mixed.first}, line ${line}; read as Windows-1252`,
    };
  }

  if (
    declared !== undefined &&
    SINGLE_BYTE.test(charset) &&
    hasHighBytes(bytes) &&
    firstInvalidUtf8Byte(bytes) === -1
  ) {
    // Valid multi-byte UTF-8 is vanishingly rare in genuine single-byte text, while UTF-8 mislabelled
    // as Latin-1 is common: reading it as declared would turn every "é" into "Ã©".
    return {
      text: repairC1Controls(new TextDecoder("utf-8").decode(bytes)),
      encoding: "utf-8",
      warning: `declared ${declared.toUpperCase()} (by the ${where}) but the bytes are UTF-8; read as UTF-8`,
    };
  }

  const text = repairC1Controls(decodeWith(bytes, charset).replace(/^\uFEFF/, ""));
  return warning ? { text, encoding: charset, warning } : { text, encoding: charset };
}
