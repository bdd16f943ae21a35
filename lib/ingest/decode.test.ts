import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeFeedBytes, firstInvalidUtf8Byte } from "./decode";
import { IngestError } from "./errors";
import { fixturePath } from "./fixtures/feed-server";

const bytes = (name: string) => fs.readFileSync(fixturePath(name));

describe("decodeFeedBytes", () => {
  it("reads a feed that declares ISO-8859-1 and is ISO-8859-1", () => {
    const { text, encoding, warning } = decodeFeedBytes(bytes("latin1.xml"));
    expect(encoding).toBe("windows-1252");
    expect(text).toContain("Crème brûlée festival");
    expect(text).toContain("São Paulo and Zürich queued for naïve desserts © 2026");
    expect(warning).toBeUndefined();
  });

  it("reads UTF-8 mislabelled as ISO-8859-1 as UTF-8, and says so", () => {
    const { text, encoding, warning } = decodeFeedBytes(bytes("mislabelled-utf8.xml"));
    expect(encoding).toBe("utf-8");
    expect(text).toContain("Crème brûlée");
    expect(text).not.toContain("Ã");
    expect(warning).toBe("declared ISO-8859-1 (by the XML declaration) but the bytes are UTF-8; read as UTF-8");
  });

  it("refuses a body that is not valid in its declared UTF-8, naming the byte and line", () => {
    let err: unknown;
    try {
      decodeFeedBytes(bytes("invalid-utf8.xml"));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe("encoding");
    expect((err as IngestError).message).toMatch(
      /^not valid UTF-8 \(declared by the XML declaration\): byte 0xe9 at offset 77, line 2;/,
    );
  });

  it("prefers the Content-Type charset to the XML declaration", () => {
    const body = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><rss>caf\u00e9</rss>', "latin1");
    expect(decodeFeedBytes(body, "application/rss+xml; charset=ISO-8859-1").text).toContain("café");
  });

  it("trusts the document over a header claiming UTF-8 for a Latin-1 body", () => {
    const body = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss>caf\u00e9</rss>', "latin1");
    const decoded = decodeFeedBytes(body, "text/xml; charset=utf-8");
    expect(decoded.text).toContain("café");
    expect(decoded.warning).toBe("Content-Type says utf-8 but the bytes are iso-8859-1; read as iso-8859-1");
  });

  it("follows a UTF-16 byte-order mark", () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("<rss>ünïcödé</rss>", "utf16le")]);
    expect(decodeFeedBytes(body).text).toBe("<rss>ünïcödé</rss>");
  });

  it("refuses an encoding it does not know", () => {
    expect(() => decodeFeedBytes(Buffer.from('<?xml version="1.0" encoding="klingon-8"?><rss/>'))).toThrow(
      'unsupported character encoding "klingon-8" (from the XML declaration)',
    );
  });
});

describe("firstInvalidUtf8Byte", () => {
  it("finds the first bad byte and accepts valid multi-byte text", () => {
    expect(firstInvalidUtf8Byte(Buffer.from("añb€😀", "utf8"))).toBe(-1);
    expect(firstInvalidUtf8Byte(Buffer.from([0x61, 0x62, 0xe9, 0x63]))).toBe(2);
    // Overlong encoding of "/" and a lone surrogate.
    expect(firstInvalidUtf8Byte(Buffer.from([0xc0, 0xaf]))).toBe(0);
    expect(firstInvalidUtf8Byte(Buffer.from([0x41, 0xed, 0xa0, 0x80]))).toBe(1);
    // Cut in the middle of a character.
    expect(firstInvalidUtf8Byte(Buffer.from([0x41, 0xe2, 0x82]))).toBe(1);
  });
});
