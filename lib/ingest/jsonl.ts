import fs from "node:fs";
import readline from "node:readline";
import { z } from "zod";
import { canonicalUrl } from "./canonical-url";
import { IngestError } from "./errors";
import { type ArticleDraft, choosePublishedAt, itemLabel, MAX_ITEM_CHARS } from "./normalize";

// One article a line. Unknown fields (a row's `license`, say) are ignored rather than refused.
const jsonlRow = z.object({
  id: z.union([z.string(), z.number()]).nullish(),
  title: z.string(),
  body: z.string(),
  url: z.string().nullish(),
  published_at: z.union([z.string(), z.number()]).nullish(),
  source: z.string().nullish(),
  author: z.string().nullish(),
  categories: z.union([z.array(z.string()), z.string()]).nullish(),
});

export type JsonlDraft = ArticleDraft & { sourceName: string | null };
export type JsonlRead = {
  drafts: JsonlDraft[];
  skipped: { item: string; reason: string }[];
  notes: string[];
  lines: number;
};

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length > 0 ? `"${i.path.join(".")}": ${i.message}` : i.message)).join("; ");
}

function publishedFrom(value: string | number | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value;
  // Epoch numbers: seconds when small enough to be, milliseconds otherwise.
  return new Date(value < 1e11 ? value * 1000 : value).toISOString();
}

/**
 * Reads a JSONL file of articles (title, body and optional url, published_at, source, author,
 * categories, id), line by line. Bad lines are skipped with their line number and the reason.
 */
export async function readJsonlArticles(file: string, now: Date): Promise<JsonlRead> {
  if (!fs.existsSync(file)) throw new IngestError("file", `no such file: ${file}`);
  const result: JsonlRead = { drafts: [], skipped: [], notes: [], lines: 0 };
  const lines = readline.createInterface({
    input: fs.createReadStream(file, { encoding: "utf8" }),
    crlfDelay: Infinity,
  });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    result.lines++;
    const where = `line ${lineNo}`;
    if (line.length > MAX_ITEM_CHARS * 2) {
      result.skipped.push({
        item: where,
        reason: `is ${line.length.toLocaleString("en")} characters long, over the limit for one article`,
      });
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      result.skipped.push({ item: where, reason: `is not valid JSON (${(err as Error).message})` });
      continue;
    }
    const parsed = jsonlRow.safeParse(json);
    if (!parsed.success) {
      result.skipped.push({ item: where, reason: `is not an article: ${describeIssues(parsed.error)}` });
      continue;
    }
    const row = parsed.data;
    const id = row.id === null || row.id === undefined ? undefined : String(row.id);
    const title = row.title.replace(/\s+/g, " ").trim();
    const label = itemLabel(where, title || undefined, { id });
    if (!title) {
      result.skipped.push({ item: label, reason: "has an empty title" });
      continue;
    }
    // Bodies are plain text with paragraphs separated by blank lines; normalise line endings only.
    const body = row.body.replace(/\r\n?/g, "\n").trim();
    if (!body) {
      result.skipped.push({ item: label, reason: "has an empty body" });
      continue;
    }
    const url = canonicalUrl(row.url);
    if (row.url && !url)
      result.notes.push(`${label}: url "${row.url.slice(0, 80)}" is not an http(s) URL; stored without one`);
    const published = choosePublishedAt(publishedFrom(row.published_at), now);
    if (published.note) result.notes.push(`${label}: ${published.note}`);
    const categories = typeof row.categories === "string" ? [row.categories] : (row.categories ?? []);
    result.drafts.push({
      label,
      sourceName: row.source?.trim() || null,
      guid: id ?? url,
      externalId: id ?? null,
      url,
      title,
      author: row.author?.trim() || null,
      body,
      bodyHtml: null,
      publishedAt: published.date,
      tags: categories,
    });
  }
  return result;
}
