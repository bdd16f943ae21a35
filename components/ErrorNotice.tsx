/**
 * What a reader sees when a page fails: calm words, a way back, and a retry. Never the error itself: in
 * production Next sends only a digest (the key to the server's log line), which is shown as a reference
 * someone can quote when they report it.
 */
export function ErrorNotice({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  return (
    <div className="max-w-2xl py-12">
      <title>Something went wrong · Tidings</title>
      <h1 className="text-3xl font-bold tracking-tight">Something went wrong</h1>
      <p className="mt-3 text-muted">
        This page could not be shown just now. It is a problem on our side, not something you did, and it has been
        logged. Trying again often works.
      </p>
      <div className="mt-6 flex flex-wrap items-center gap-4">
        <button
          type="button"
          onClick={() => retry()}
          className="rounded bg-accent px-4 py-2 font-medium text-accent-fg"
        >
          Try again
        </button>
        {/* A plain link, not <Link>: a full load starts clean even if the app's client state is what broke. */}
        <a href="/" className="underline">
          Back to the latest stories
        </a>
      </div>
      {digest ? <p className="mt-8 text-sm text-muted">Reference: {digest}</p> : null}
    </div>
  );
}
