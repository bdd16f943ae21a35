import { DrizzleQueryError } from "drizzle-orm";

/**
 * Why a whole feed could not be ingested. The message is written for the person running the command:
 * the runner prefixes it with the feed's name, so it never repeats the URL itself.
 */
export type IngestErrorCode =
  | "bad-url" // not http(s), or unparseable
  | "blocked-address" // private, loopback or link-local without --allow-private
  | "network" // DNS failure, connection refused or reset
  | "timeout"
  | "too-large"
  | "redirect"
  | "http" // a status other than 200 or 304
  | "rate-limited" // 429 or 503, with the server's Retry-After when it gave one
  | "file"
  | "empty"
  | "html-not-feed"
  | "malformed"
  | "truncated"
  | "entities"
  | "encoding"
  | "not-a-feed";

export class IngestError extends Error {
  readonly code: IngestErrorCode;
  /** Milliseconds the server asked us to wait (Retry-After), for rate-limited responses. */
  readonly retryAfterMs: number | undefined;
  /** True when the failure says the network as a whole is down, not that this one feed is broken. */
  readonly networkDown: boolean;

  constructor(code: IngestErrorCode, message: string, options: { retryAfterMs?: number; networkDown?: boolean } = {}) {
    super(message);
    this.name = "IngestError";
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
    this.networkDown = options.networkDown ?? false;
  }
}

// Errors that mean "no route to anywhere" rather than "this host is broken". When every source fails
// with one of these the run reports a single "network unreachable" line instead of one per feed.
const NETWORK_DOWN_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "ENETUNREACH", "ENETDOWN", "EHOSTUNREACH"]);

/** Turns a low-level socket or DNS error into an IngestError with a one-line, human message. */
export function fromSocketError(error: unknown, host: string): IngestError {
  if (error instanceof IngestError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
  const detail = error instanceof Error ? error.message : String(error);
  const networkDown = NETWORK_DOWN_CODES.has(code);
  const what =
    code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_FAIL"
      ? `could not resolve ${host} (${code})`
      : code === "ECONNREFUSED"
        ? `${host} refused the connection`
        : code === "ECONNRESET"
          ? `${host} reset the connection`
          : code
            ? `could not reach ${host} (${code})`
            : `could not reach ${host}: ${detail}`;
  return new IngestError("network", what, { networkDown });
}

/** Any thrown value as one line, for summaries and logs: never a stack trace. */
export function describeError(error: unknown): string {
  // drizzle wraps a failed statement (on PostgreSQL) in "Failed query: <the SQL>": what went wrong is
  // the database's own message, its cause; the statement and its parameters are no use to the reader.
  if (error instanceof DrizzleQueryError && error.cause !== undefined) return describeError(error.cause);
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}
