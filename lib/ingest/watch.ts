import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@/db";
import { nextScheduledFetch, syncListedSources } from "@/db/queries/ingest";
import { dailyDigests } from "../notifications/daily";
import { describeError } from "./errors";
import { type IngestOptions, ingestSources } from "./pipeline";
import { formatReport } from "./report";
import { loadSourceList, sourcesFilePath } from "./source-list";

const MIN_SLEEP_MS = 30_000;

export type WatchOptions = IngestOptions & {
  intervalMs: number;
  log: (line: string) => void;
  signal?: AbortSignal;
};

/**
 * Polls the enabled sources until the signal aborts. Each round re-reads the sources list (so edits
 * apply without a restart), fetches the sources that are due, and sleeps until the next one is.
 * Quiet by design: a round logs only feeds with news or errors, and a network outage is logged once
 * when it starts and once when it ends, however long it lasts.
 */
export async function watchSources(db: Db, options: WatchOptions): Promise<void> {
  const { log, signal, intervalMs } = options;
  let offline = false;
  const digests = dailyDigests(log);
  log(
    `ingest watcher: polling the enabled sources of ${sourcesFilePath()} every ${Math.round(intervalMs / 60_000)} min`,
  );
  while (!signal?.aborted) {
    try {
      await syncListedSources(db, { list: loadSourceList() });
      const run = await ingestSources(db, { ...options, dueOnly: true });
      if (run.networkDown) {
        if (!offline) {
          const first = run.reports[0]?.error ?? "no source reachable";
          log(
            `network unreachable: none of ${run.reports.length} sources could be reached (${first}); retrying quietly`,
          );
        }
        offline = true;
      } else {
        if (offline && run.reports.length > 0) log("network reachable again");
        offline = offline && run.reports.length === 0;
        for (const report of run.reports) {
          const news = !report.ok || report.counts.new > 0 || report.counts.updated > 0;
          if (news) for (const line of formatReport(report)) log(line);
        }
      }
    } catch (err) {
      // The watcher outlives any one bad round (a locked database, a typo in the sources list).
      log(`ingest round failed: ${describeError(err)}`);
    }
    digests();
    const next = (await nextScheduledFetch(db))?.getTime() ?? Date.now() + intervalMs;
    const wait = offline ? intervalMs : Math.min(Math.max(next - Date.now(), MIN_SLEEP_MS), intervalMs);
    try {
      await sleep(wait, undefined, { signal });
    } catch {
      break;
    }
  }
}
