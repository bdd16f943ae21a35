// npm run bench:ingest [-- --items N --runs R --jsonl FILE --skip-analysis]
// Measures ingest throughput end to end (read, parse, sanitize, dedupe, tags, one transaction) on a
// generated RSS feed of N items (default 10,000) and on the Wikinews JSONL, each run into a fresh
// temporary database. Prints articles per second per run and the median; nothing is kept afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDatabase, openDatabase } from "@/db";
import { countArticles } from "@/db/queries/article-store";
import { countTagLinks } from "@/db/queries/scripts";
import { type FeedReport, ingestFeedFile, ingestJsonlFile } from "@/lib/ingest/pipeline";
import { escapeXml } from "@/lib/publishing/rss";

const { values } = parseArgs({
  options: {
    // Time the write (parse, sanitize, dedupe, tags, search index, related lists) without text analysis.
    "skip-analysis": { type: "boolean", default: false },
    items: { type: "string", default: "10000" },
    runs: { type: "string", default: "3" },
    jsonl: { type: "string", default: path.join("..", "shared", "data", "wikinews", "articles.jsonl") },
  },
});
const itemCount = Number(values.items);
// --skip-analysis times the write itself (parse, sanitize, dedupe, tags, search index): no text analysis
// and no related lists, which run after the write commits.
const ingestOptions = { analyze: !values["skip-analysis"], related: !values["skip-analysis"] };
const runs = Math.max(1, Number(values.runs));
const TOPICS = ["Politics", "Climate", "Health", "Science", "Business", "Sport", "Culture", "Technology"];

function generateFeed(n: number): string {
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench Feed</title><link>https://bench.example/</link><description>Generated for the ingest benchmark</description>`,
  ];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < n; i++) {
    const topic = TOPICS[i % TOPICS.length] ?? "News";
    const paragraphs = Array.from(
      { length: 4 },
      (_, p) =>
        `<p>Paragraph ${p + 1} of story ${i}: reporters in district ${i % 97} describe how ${topic.toLowerCase()} decisions affect <a href="/related/${i}-${p}?utm_source=bench">residents</a> and <em>local businesses</em> this week.</p>`,
    ).join("");
    parts.push(
      `<item><title>${escapeXml(`Story ${i}: ${topic} update from district ${i % 97}`)}</title>`,
      `<link>https://bench.example/news/${i}?utm_source=rss&amp;utm_medium=feed</link>`,
      `<guid isPermaLink="false">bench-${i}</guid>`,
      `<pubDate>${new Date(start + i * 60_000).toUTCString()}</pubDate>`,
      `<dc:creator>Reporter ${i % 31}</dc:creator>`,
      `<category>${topic}</category><category>District ${i % 97}</category><category>${TOPICS[(i + 3) % TOPICS.length]}</category>`,
      `<description>${escapeXml(`Summary of story ${i} about ${topic.toLowerCase()}.`)}</description>`,
      `<content:encoded><![CDATA[${paragraphs}<img src="/img/${i}.jpg" alt="Photo for story ${i}">]]></content:encoded></item>`,
    );
  }
  parts.push("</channel></rss>\n");
  return parts.join("");
}

// CPU time beside wall time: on a shared machine the wall clock also measures everyone else's work.
type Timed = { report: FeedReport; ms: number; cpuMs: number };

function line(label: string, { report, ms, cpuMs }: Timed, articles: number) {
  const rate = Math.round((articles / ms) * 1000);
  const c = report.counts;
  console.log(
    `${label.padEnd(36)} ${String(articles).padStart(6)} items in ${(ms / 1000).toFixed(2).padStart(6)} s = ${String(rate).padStart(6)} articles/s (cpu ${(cpuMs / 1000).toFixed(2)} s)  (${c.new} new, ${c.updated} updated, ${c.unchanged} unchanged, ${report.skipped.length} skipped${report.ok ? "" : `, FAILED: ${report.error}`})`,
  );
  return rate;
}

async function timed(run: () => Promise<FeedReport>): Promise<Timed> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const report = await run();
  const used = process.cpuUsage(cpu);
  return { report, ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ingest-bench-"));
  try {
    const feedFile = path.join(dir, "bench-feed.xml");
    fs.writeFileSync(feedFile, generateFeed(itemCount));
    console.log(
      `Generated ${itemCount} items (${(fs.statSync(feedFile).size / 1048576).toFixed(1)} MB) in ${feedFile}`,
    );

    const firstRates: number[] = [];
    const againRates: number[] = [];
    for (let r = 1; r <= runs; r++) {
      const db = openDatabase(path.join(dir, `feed-${r}.db`));
      firstRates.push(
        line(
          `run ${r}: RSS feed, empty database`,
          await timed(() => ingestFeedFile(db, feedFile, ingestOptions)),
          itemCount,
        ),
      );
      againRates.push(
        line(
          `run ${r}: RSS feed again (no changes)`,
          await timed(() => ingestFeedFile(db, feedFile, ingestOptions)),
          itemCount,
        ),
      );
      if (r === runs) {
        const links = await countTagLinks(db);
        console.log(`  stored articles: ${await countArticles(db)}, tag links: ${links}`);
      }
      await closeDatabase(db);
    }
    console.log(`median: ${median(firstRates)} articles/s first ingest, ${median(againRates)} articles/s re-ingest`);

    if (!fs.existsSync(values.jsonl)) {
      console.log(`Skipped the JSONL benchmark: ${values.jsonl} not found (the shared data folder is not here).`);
      return;
    }
    const rows = fs
      .readFileSync(values.jsonl, "utf8")
      .split("\n")
      .filter((l) => l.trim()).length;
    const jsonlRates: number[] = [];
    for (let r = 1; r <= runs; r++) {
      const jdb = openDatabase(path.join(dir, `jsonl-${r}.db`));
      const label = `run ${r}: JSONL ${path.basename(values.jsonl)}`;
      jsonlRates.push(line(label, await timed(() => ingestJsonlFile(jdb, values.jsonl, ingestOptions)), rows));
      await closeDatabase(jdb);
    }
    console.log(`median: ${median(jsonlRates)} articles/s for ${values.jsonl}`);
    console.log(
      `load average at the end: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(", ")} on ${os.cpus().length} CPUs`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
