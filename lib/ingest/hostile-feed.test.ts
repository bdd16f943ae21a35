import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseHTML } from "linkedom";
import { describe, expect, it } from "vitest";
import { escapeXml } from "@/lib/publishing/rss";
import { useTempDatabase } from "@/lib/testing/db";
import { sqlAll } from "@/lib/testing/sql";
import { xssPayloadsExtended } from "@/lib/testing/xss-payloads";
import { ingestFeedFile } from "./pipeline";
import { sanitizeArticleHtml } from "./sanitize";

const FORBIDDEN_ELEMENTS =
  "script, iframe, object, embed, style, meta, link, svg, math, form, input, button, base, frame";

/** Everything in sanitized HTML that could run: forbidden elements, on* handlers, script URLs, styles. */
function dangers(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const found: string[] = [];
  for (const el of document.querySelectorAll(FORBIDDEN_ELEMENTS)) found.push(`<${el.tagName.toLowerCase()}>`);
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const value = attr.value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
      if (attr.name.startsWith("on")) found.push(`${attr.name}=`);
      if (attr.name === "style") found.push("style=");
      if (
        ["href", "src", "action", "formaction", "srcset", "xlink:href"].includes(attr.name) &&
        /^(javascript|vbscript|data):/.test(value)
      )
        found.push(`${attr.name}=${value.slice(0, 20)}`);
    }
  }
  return found;
}

describe("hostile feed HTML and titles", () => {
  it(`sanitizes all ${xssPayloadsExtended.length} payloads to inert HTML`, () => {
    expect(xssPayloadsExtended.length).toBeGreaterThanOrEqual(100);
    for (const payload of xssPayloadsExtended) {
      expect(dangers(sanitizeArticleHtml(payload, "https://feed.example/item")), payload).toEqual([]);
      expect(dangers(sanitizeArticleHtml(`<p>${payload}</p><div title="${payload}">x</div>`)), payload).toEqual([]);
    }
  });

  it("stores payloads in feed titles and bodies as text and inert HTML", async () => {
    const db = await useTempDatabase();
    const items = xssPayloadsExtended
      .map(
        (p, i) => `<item><title>${escapeXml(`Story ${i} ${p}`)}</title><link>https://feed.example/${i}</link>
<guid>g${i}</guid><description>${escapeXml(`<p>Body ${i}</p>${p}`)}</description></item>`,
      )
      .join("\n");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hostile-feed-")), "feed.xml");
    fs.writeFileSync(
      file,
      `<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title><link>https://feed.example/</link><description>x</description>${items}</channel></rss>`,
    );
    const report = await ingestFeedFile(db, file, { analyze: false, related: false });
    expect(report.ok).toBe(true);
    const rows = await sqlAll<{
      title: string;
      body: string;
      bodyHtml: string | null;
    }>(db, `select title, body, body_html as "bodyHtml" from articles`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      // Titles are plain text (React escapes them on every page); stored HTML is inert.
      expect(r.title).not.toMatch(/<\s*script/i);
      if (r.bodyHtml) expect(dangers(r.bodyHtml), r.title).toEqual([]);
    }
  });
});
