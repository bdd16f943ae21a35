import fs from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { decodeFeedBytes, firstInvalidUtf8Byte, repairC1Controls } from "./decode";
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

  it("reads a Latin-1 body that claims UTF-8 as Windows-1252, naming the first stray byte and its line", () => {
    const { text, encoding, warning } = decodeFeedBytes(bytes("invalid-utf8.xml"));
    expect(encoding).toBe("utf-8");
    expect(text).toContain("<title>Café Journal</title>");
    expect(warning).toMatch(
      /^not valid UTF-8 \(declared by the XML declaration\): \d+ stray bytes?, the first 0xe9 at offset 77, line 2; read as Windows-1252$/,
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

const feedIn = (declared: string | null, body: string) =>
  `${declared ? `<?xml version="1.0" encoding="${declared}"?>` : ""}\n<rss version="2.0"><channel><title>${body}</title></channel></rss>`;

describe("decodeFeedBytes: real encodings round-trip", () => {
  const cases: [label: string, iconvName: string, sample: string][] = [
    ["windows-1252", "windows-1252", "“Smart” quotes – dashes — € 5… ‘ok’ Œuvre"],
    ["ISO-8859-1", "windows-1252", "“Curly” — € and … from a Windows editor, café"],
    ["ISO-8859-15", "iso-8859-15", "Prix : 5 €, œuvre, Š, Ž, Ÿ"],
    ["KOI8-R", "koi8-r", "Привет, мир: новости дня"],
    ["Shift_JIS", "shift_jis", "東京の天気は晴れ、ニュース"],
    ["GB18030", "gb18030", "北京新闻：今天天气很好 𠀀"],
    ["GB2312", "gb18030", "北京新闻：今天天气很好"],
  ];
  it.each(cases)("%s declared in the XML declaration", (label, iconvName, sample) => {
    const { text } = decodeFeedBytes(iconv.encode(feedIn(label, sample), iconvName));
    expect(text).toContain(`<title>${sample}</title>`);
  });
  it.each(cases)("%s declared by the Content-Type header only", (label, iconvName, sample) => {
    const { text } = decodeFeedBytes(
      iconv.encode(feedIn(null, sample), iconvName),
      `application/rss+xml; charset=${label}`,
    );
    expect(text).toContain(`<title>${sample}</title>`);
  });

  const wide: [string, string, boolean][] = [
    ["UTF-16LE", "utf-16le", true],
    ["UTF-16LE", "utf-16le", false],
    ["UTF-16BE", "utf-16be", true],
    ["UTF-16BE", "utf-16be", false],
    ["UTF-32LE", "utf-32le", true],
    ["UTF-32LE", "utf-32le", false],
    ["UTF-32BE", "utf-32be", true],
    ["UTF-32BE", "utf-32be", false],
  ];
  it.each(wide)("%s (byte-order mark: %s, declaring UTF-16/32 without a byte order)", (_label, name, withBom) => {
    const sample = "Zürich – 東京 😀 “quoted”";
    const generic = name.startsWith("utf-16") ? "UTF-16" : "UTF-32";
    const encoded = iconv.encode(feedIn(generic, sample), name, { addBOM: withBom });
    if (withBom) expect(encoded[0] === 0xff || encoded[0] === 0xfe || encoded[2] === 0xfe).toBe(true);
    const { text, encoding } = decodeFeedBytes(encoded);
    expect(encoding).toBe(name);
    expect(text.startsWith("<?xml")).toBe(true);
    expect(text).toContain(`<title>${sample}</title>`);
  });

  it("UTF-16 bytes under a header that says UTF-8: the zero bytes win, with a warning", () => {
    const encoded = iconv.encode(feedIn(null, "naïve").trimStart(), "utf-16le");
    const { text, warning } = decodeFeedBytes(encoded, "application/rss+xml; charset=utf-8");
    expect(text).toContain("<title>naïve</title>");
    expect(warning).toBe("declared UTF-8 (by the Content-Type header) but the bytes are UTF-16LE; read as UTF-16LE");
  });

  it("UTF-16 without a mark or a declaration at all", () => {
    const encoded = iconv.encode(feedIn(null, "naïve").trimStart(), "utf-16be");
    expect(decodeFeedBytes(encoded).text).toContain("<title>naïve</title>");
  });
});

describe("decodeFeedBytes: detection order and fallbacks", () => {
  it("reads a quoted charset in Content-Type, single or double", () => {
    const body = iconv.encode(feedIn(null, "déjà vu"), "windows-1252");
    expect(decodeFeedBytes(body, "text/xml; charset='iso-8859-1'").text).toContain("déjà vu");
    expect(decodeFeedBytes(body, 'text/xml; charset="ISO-8859-1"').text).toContain("déjà vu");
    expect(decodeFeedBytes(Buffer.from(feedIn(null, "plain")), "text/xml; charset='us-ascii'").encoding).toBe(
      "windows-1252",
    );
  });

  it("falls back to Windows-1252 when nothing is declared and the bytes are not UTF-8", () => {
    const body = iconv.encode(feedIn(null, "It’s “here” – 5 €"), "windows-1252");
    const { text, encoding, warning } = decodeFeedBytes(body);
    expect(encoding).toBe("windows-1252");
    expect(text).toContain("It’s “here” – 5 €");
    expect(warning).toMatch(/^no encoding declared and the bytes are not UTF-8 \(byte 0x92 at line 2\)/);
  });

  it("keeps valid UTF-8 around a stray Windows-1252 byte", () => {
    const body = Buffer.concat([Buffer.from("<rss>日本 café "), Buffer.from([0x93]), Buffer.from("quoted</rss>")]);
    const { text, warning } = decodeFeedBytes(body, "application/xml; charset=utf-8");
    expect(text).toBe("<rss>日本 café “quoted</rss>");
    expect(warning).toContain("1 stray byte, the first 0x93");
  });

  it("repairs C1 controls inside UTF-8 text (Windows-1252 read as Latin-1 upstream)", () => {
    const { text } = decodeFeedBytes(Buffer.from("<rss>\u0093Hi\u0094 \u0096 it\u0092s 5 \u0080\u0085</rss>", "utf8"));
    expect(text).toBe("<rss>“Hi” – it’s 5 €…</rss>");
    expect(repairC1Controls("a\u0081b\u009dc")).toBe("abc");
    expect(repairC1Controls("tab\tline\nNUL\u0000 form\u000cfeed")).toBe("tab\tline\nNUL formfeed");
  });
});
