const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The one relative-time formatter ("5 minutes ago"). Server and client both call it with an explicit
 * `now`, so the server's text and the client's first render agree and hydration never warns.
 */
export function relativeTime(date: Date, now: Date = new Date()): string {
  const diff = now.getTime() - date.getTime();
  if (diff < 0) return diff > -MINUTE ? "just now" : `in ${formatUnits(-diff)}`;
  if (diff < 45_000) return "a few seconds ago";
  if (diff < 90_000) return "a minute ago";
  if (diff < 45 * MINUTE) return `${Math.round(diff / MINUTE)} minutes ago`;
  if (diff < 90 * MINUTE) return "an hour ago";
  if (diff < 22 * HOUR) return `${Math.round(diff / HOUR)} hours ago`;
  if (diff < 36 * HOUR) return "a day ago";
  if (diff < 26 * DAY) return `${Math.round(diff / DAY)} days ago`;
  return absoluteDate(date);
}

function formatUnits(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MINUTE))} minutes`;
  if (ms < DAY) return `${Math.round(ms / HOUR)} hours`;
  return `${Math.round(ms / DAY)} days`;
}

/** Absolute date and time for tooltips and old items, in UTC so server and browser print the same text. */
export function absoluteDateTime(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: "UTC",
  })
    .format(date)
    .concat(" UTC");
}

export function absoluteDate(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(date);
}
