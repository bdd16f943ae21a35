export const DEFAULT_POLL_MINUTES = 15;
const MAX_BACKOFF_MS = 24 * 60 * 60_000;

/**
 * How long to wait before fetching a source again. Healthy sources wait one interval; each consecutive
 * failure doubles the wait (up to a day), so a dead feed is not hammered; a server's Retry-After is
 * honoured whenever it asks for longer than that.
 */
export function nextFetchDelay({
  intervalMs,
  consecutiveFailures,
  retryAfterMs,
}: {
  intervalMs: number;
  consecutiveFailures: number;
  retryAfterMs?: number;
}): number {
  const backoff =
    consecutiveFailures > 0
      ? Math.min(intervalMs * 2 ** Math.min(consecutiveFailures, 16), MAX_BACKOFF_MS)
      : intervalMs;
  return Math.max(backoff, Math.min(retryAfterMs ?? 0, MAX_BACKOFF_MS));
}
