// npm run ingest -- <url-or-file> [...] | --jsonl FILE [--source NAME] | --sources | --watch [minutes]
// A thin wrapper over lib/ingest: parses arguments, opens the database, prints progress and summaries.
import { parseArgs } from "node:util";
import { closeDatabase, openDatabase } from "@/db";
import { syncListedSources } from "@/db/queries/ingest";
import { databaseLocation } from "@/lib/db";
import { describeError } from "@/lib/ingest/errors";
import {
  type FeedReport,
  type IngestOptions,
  ingestFeedFile,
  ingestFeedUrl,
  ingestJsonlFile,
  ingestSources,
} from "@/lib/ingest/pipeline";
import { createProgress, exitCodeFor, formatReport, formatTotals } from "@/lib/ingest/report";
import { DEFAULT_POLL_MINUTES } from "@/lib/ingest/schedule";
import { loadSourceList } from "@/lib/ingest/source-list";
import { watchSources } from "@/lib/ingest/watch";

const USAGE = `Usage:
  npm run ingest -- <feed-url-or-file> [...]     RSS 2.0, RSS 1.0 (RDF), Atom 1.0 or JSON Feed
  npm run ingest -- --jsonl FILE [--source NAME]  one article a line: title, body, url, published_at, ...
  npm run ingest -- --sources                     load the sources list, then fetch every enabled source
  npm run ingest -- --watch [minutes]             keep polling the enabled sources (default ${DEFAULT_POLL_MINUTES} min)
Options:
  --source NAME     the source to store a file's articles under
  --allow-private   allow private, loopback and link-local addresses (also INGEST_ALLOW_PRIVATE=1)
  --force           ignore ETag / Last-Modified and fetch in full
Exit codes: 0 every feed went in, 3 partial (every feed went in, but an ill-formed one only in part),
  1 a feed failed, 2 a usage mistake
Environment: DATABASE_PATH (default data/news.db) or DATABASE_URL (PostgreSQL), INGEST_SOURCES_FILE (default lib/ingest/default-sources.json)`;

function usageError(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

// `--watch` takes an optional number, which parseArgs cannot express: pull it out first.
const argv = process.argv.slice(2);
let watchMinutes: number | undefined;
const watchAt = argv.findIndex((a) => a === "--watch" || a.startsWith("--watch="));
if (watchAt >= 0) {
  const arg = argv[watchAt] ?? "";
  const inline = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : undefined;
  const following = argv[watchAt + 1];
  const raw = inline ?? (following && /^\d+(\.\d+)?$/.test(following) ? following : undefined);
  watchMinutes = raw === undefined ? DEFAULT_POLL_MINUTES : Number(raw);
  if (!(watchMinutes >= 1)) usageError(`--watch takes a number of minutes (at least 1), not "${raw}"`);
  argv.splice(watchAt, inline === undefined && raw !== undefined ? 2 : 1);
}

function parse() {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        jsonl: { type: "string", multiple: true },
        source: { type: "string" },
        sources: { type: "boolean", default: false },
        "allow-private": { type: "boolean", default: false },
        force: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    usageError(describeError(err));
  }
}

const { values, positionals } = parse();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const jsonlFiles = values.jsonl ?? [];
if (positionals.length === 0 && jsonlFiles.length === 0 && !values.sources && watchMinutes === undefined) {
  usageError("Nothing to ingest.");
}

const progress = createProgress(process.stdout);
const options: IngestOptions = {
  allowPrivate: values["allow-private"],
  force: values.force,
  sourceName: values.source,
  intervalMs: (watchMinutes ?? DEFAULT_POLL_MINUTES) * 60_000,
  onProgress: (label, done, total) => progress.update(label, done, total),
};

const db = openDatabase(databaseLocation());

async function main(): Promise<number> {
  const reports: FeedReport[] = [];
  const report = (r: FeedReport) => {
    reports.push(r);
    for (const line of formatReport(r)) progress.line(line);
  };

  for (const file of jsonlFiles) report(await ingestJsonlFile(db, file, options));
  for (const target of positionals) {
    report(
      /^[a-z][a-z0-9+.-]*:\/\//i.test(target)
        ? await ingestFeedUrl(db, target, options)
        : await ingestFeedFile(db, target, options),
    );
  }

  if (values.sources || watchMinutes !== undefined) {
    try {
      await syncListedSources(db, { list: loadSourceList() });
    } catch (err) {
      progress.line(`✗ sources list: ${describeError(err)}`);
      return 1;
    }
  }

  if (values.sources) {
    // Successes are summarised as they come; failures wait for the end, where a run in which every
    // source failed for want of a network collapses into one line instead of one per feed.
    const failures: FeedReport[] = [];
    const run = await ingestSources(db, {
      ...options,
      onSourceDone: (r, done, total) => {
        progress.update("fetching sources", done, total);
        if (r.ok) report(r);
        else failures.push(r);
      },
    });
    if (run.reports.length === 0) progress.line("No enabled sources with a feed URL: nothing to fetch.");
    if (run.networkDown) {
      progress.line(
        `network unreachable: none of the ${run.reports.length} sources could be reached (${run.reports[0]?.error})`,
      );
      return 1;
    }
    for (const r of failures) report(r);
  }

  if (reports.length > 1) progress.line(formatTotals(reports));
  const code = exitCodeFor(reports);

  if (watchMinutes !== undefined) {
    const controller = new AbortController();
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort());
    await watchSources(db, {
      ...options,
      onProgress: undefined,
      intervalMs: watchMinutes * 60_000,
      signal: controller.signal,
      log: (line) => console.log(`[ingest ${new Date().toISOString()}] ${line}`),
    });
  }
  return code;
}

main()
  .then(async (code) => {
    await closeDatabase(db);
    process.exitCode = code;
  })
  .catch((err) => {
    console.error(`ingest failed: ${describeError(err)}`);
    process.exitCode = 1;
  });
