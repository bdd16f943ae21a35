import type { FeedReport } from "./pipeline";

const MAX_LISTED = 15;

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}

/** The closing summary of one feed: a headline, then each skipped item and note (the first few). */
export function formatReport(report: FeedReport): string[] {
  if (!report.ok) return [`✗ ${report.label}: ${report.error ?? "failed"}`];
  if (report.notModified) return [`✓ ${report.label}: not modified since the last fetch`];
  const c = report.counts;
  const n = (x: number) => x.toLocaleString("en");
  const parts = [`${n(c.new)} new`, `${n(c.updated)} updated`, `${n(c.unchanged)} unchanged`];
  if (c.syndicated) parts.push(`${n(c.syndicated)} already stored from another source`);
  parts.push(`${n(report.skipped.length)} skipped`);
  if (report.titledFromText) parts.push(`${n(report.titledFromText)} titled from their text`);
  // A salvaged feed went in only partly: a different mark, and the XML error that caused it first.
  const lines = [
    `${report.repaired ? "◐" : "✓"} ${report.label}${report.format ? ` [${report.format}${report.repaired ? ", repaired" : ""}]` : ""}: ${parts.join(", ")}`,
  ];
  if (report.repaired) lines.push(`  repaired: ${report.repaired}; every item that could be read whole was kept`);
  const detail = [
    ...report.skipped.map((s) => `  skipped ${s.item}: ${s.reason}`),
    ...report.notes.map((n) => `  note: ${n}`),
  ];
  lines.push(...detail.slice(0, MAX_LISTED));
  if (detail.length > MAX_LISTED) lines.push(`  … and ${plural(detail.length - MAX_LISTED, "more line")}`);
  return lines;
}

/** Totals over many feeds, the last line of a run. */
export function formatTotals(reports: readonly FeedReport[]): string {
  const sum = (f: (r: FeedReport) => number) => reports.reduce((n, r) => n + f(r), 0);
  const failed = reports.filter((r) => !r.ok).length;
  const repaired = reports.filter((r) => r.ok && r.repaired).length;
  return [
    `${plural(reports.length, "feed")}:`,
    `${sum((r) => r.counts.new).toLocaleString("en")} new,`,
    `${sum((r) => r.counts.updated).toLocaleString("en")} updated,`,
    `${sum((r) => r.skipped.length).toLocaleString("en")} skipped,`,
    ...(repaired ? [`${plural(repaired, "feed")} repaired,`] : []),
    `${plural(failed, "error")}`,
  ].join(" ");
}

/**
 * The command's exit code: 0 when every feed went in whole, 3 ("partial") when every feed went in but
 * at least one was ill-formed and only partly salvaged, 1 when any feed failed (2 is a usage mistake).
 */
export function exitCodeFor(reports: readonly FeedReport[]): 0 | 1 | 3 {
  if (reports.some((r) => !r.ok)) return 1;
  return reports.some((r) => r.repaired) ? 3 : 0;
}

export type Progress = {
  update(label: string, done: number, total: number): void;
  /** Prints a whole line, clearing the bar first so the two never interleave. */
  line(text: string): void;
};

/**
 * A progress bar redrawn in place on a terminal; on anything else (a log file, CI, the background
 * watcher) one plain line per feed when it finishes writing, since a bar there is just noise.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stdout): Progress {
  if (!stream.isTTY) {
    // Plain lines only for big feeds, every tenth of the way: a small feed's summary says it all.
    const printed = new Map<string, number>();
    return {
      update(label, done, total) {
        if (total < 1000) return;
        const tenth = Math.floor((done / total) * 10);
        if (tenth <= (printed.get(label) ?? 0)) return;
        printed.set(label, tenth);
        stream.write(`${label}: ${done.toLocaleString("en")} of ${total.toLocaleString("en")} items written\n`);
      },
      line(text) {
        stream.write(`${text}\n`);
      },
    };
  }
  let drawn = false;
  let lastDraw = 0;
  const clear = () => {
    if (drawn) stream.write("\r\x1b[2K");
    drawn = false;
  };
  return {
    update(label, done, total) {
      const now = Date.now();
      // Repainting more than ~20 times a second only slows the writer down.
      if (done !== total && now - lastDraw < 50) return;
      lastDraw = now;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
      const name = label.length > 40 ? `…${label.slice(-39)}` : label;
      stream.write(`\r\x1b[2K${name} [${"█".repeat(filled)}${"░".repeat(width - filled)}] ${pct}% ${done}/${total}`);
      drawn = true;
      if (done === total) clear();
    },
    line(text) {
      clear();
      stream.write(`${text}\n`);
    },
  };
}
