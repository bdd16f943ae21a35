import { IngestError } from "./errors";

export type DecodedText = { text: string; encoding: string; warning?: string };

const SINGLE_BYTE = /^(?:iso-8859-\d+|windows-125\d|us-ascii|ascii|latin1|l1|cp125\d)$/i;

function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? "");
  return m?.[1]?.toLowerCase();
}

function charsetFromXmlDeclaration(bytes: Uint8Array): string | undefined {
  // The declaration is ASCII by definition, so reading the first bytes as latin1 is exact.
  const head = Buffer.from(bytes.subarray(0, 256)).toString("latin1");
  const m = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1]?.toLowerCase();
}

function charsetFromBom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  return undefined;
}

/** Offset of the first byte that breaks UTF-8, or -1 when the whole buffer is valid. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong three-byte forms, UTF-16 surrogates and code points past U+10FFFF.
    const c1 = bytes[i + 1] ?? 0;
    if (
      (b === 0xe0 && c1 < 0xa0) ||
      (b === 0xed && c1 >= 0xa0) ||
      (b === 0xf0 && c1 < 0x90) ||
      (b === 0xf4 && c1 >= 0x90)
    ) {
      return i;
    }
    i += need + 1;
  }
  return -1;
}

function hasMultiByteUtf8(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Bytes of a feed to text. The charset comes from a byte-order mark, then the Content-Type header, then
 * the XML declaration, then UTF-8. Two common lies are handled: a single-byte charset declared for a
 * body that is really UTF-8 is read as UTF-8 (with a warning), and a body that is not valid in the
 * declared UTF-8 fails with the byte and line where it breaks rather than filling articles with U+FFFD.
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): DecodedText {
  const bom = charsetFromBom(bytes);
  const fromHeader = charsetFromContentType(contentType);
  const fromXml = charsetFromXmlDeclaration(bytes);
  const declared = bom ?? fromHeader ?? fromXml ?? "utf-8";
  const where = bom ? "byte-order mark" : fromHeader ? "Content-Type header" : fromXml ? "XML declaration" : "default";

  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared, { fatal: true });
  } catch {
    throw new IngestError("encoding", `unsupported character encoding "${declared}" (from the ${where})`);
  }

  if (decoder.encoding === "utf-8") {
    // The native decoder is the fast path; the byte-by-byte scan runs only to explain a failure.
    try {
      return { text: decoder.decode(bytes), encoding: "utf-8" };
    } catch {}
    const bad = firstInvalidUtf8Byte(bytes);
    if (bad >= 0) {
      // A header saying UTF-8 over a document declaring its real single-byte charset: trust the document.
      if (fromHeader && fromXml && fromXml !== fromHeader && SINGLE_BYTE.test(fromXml)) {
        return {
          ...decodeFeedBytes(bytes),
          warning: `Content-Type says ${fromHeader} but the bytes are ${fromXml}; read as ${fromXml}`,
        };
      }
      const hex = (bytes[bad] ?? 0).toString(16).padStart(2, "0");
      throw new IngestError(
        "encoding",
        `not valid ${declared.toUpperCase()} (declared by the ${where}): byte 0x${hex} at offset ${bad}, line ${lineOf(bytes, bad)}; the file is probably in another encoding such as ISO-8859-1 or Windows-1252 without saying so`,
      );
    }
  } else if (SINGLE_BYTE.test(declared) && hasMultiByteUtf8(bytes) && firstInvalidUtf8Byte(bytes) === -1) {
    // Valid multi-byte UTF-8 is vanishingly rare in genuine Latin-1 text, while UTF-8 mislabelled as
    // Latin-1 is common: reading it as declared would turn every "é" into "Ã©".
    return {
      text: new TextDecoder("utf-8").decode(bytes),
      encoding: "utf-8",
      warning: `declared ${declared.toUpperCase()} (by the ${where}) but the bytes are UTF-8; read as UTF-8`,
    };
  }

  try {
    return { text: decoder.decode(bytes), encoding: decoder.encoding };
  } catch {
    throw new IngestError("encoding", `not valid ${declared.toUpperCase()} (declared by the ${where})`);
  }
}
