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

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

// Built by hand rather than with Intl: Node's and the browser's ICU data differ in small ways
// (a comma here, a narrow space there), and the text must be identical on both sides of hydration.
/** Absolute date and time for tooltips, in UTC: "Friday 27 November 2026, 12:00 UTC". */
export function absoluteDateTime(date: Date): string {
  const hh = String(date.getUTCHours()).padStart(2, "0");
  const mm = String(date.getUTCMinutes()).padStart(2, "0");
  return `${WEEKDAYS[date.getUTCDay()]} ${absoluteDate(date, true)}, ${hh}:${mm} UTC`;
}

/** "27 Nov 2026" (or "27 November 2026" with `long`). */
export function absoluteDate(date: Date, long = false): string {
  const month = MONTHS[date.getUTCMonth()] ?? "";
  return `${date.getUTCDate()} ${long ? month : month.slice(0, 3)} ${date.getUTCFullYear()}`;
}
