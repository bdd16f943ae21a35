/** Minutes to read `words` words at 230 words a minute (a common adult silent-reading rate), at least 1. */
export function readingMinutes(words: number): number {
  return Math.max(1, Math.round(words / 230));
}
