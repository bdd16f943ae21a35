"use client";

import { useOptimistic, useState, useTransition } from "react";
import { bookmarkAction, bookmarkFormAction } from "@/app/(reader)/actions";
import { tellOfflineWorker } from "@/lib/offline/client";
import { useArticleState, useNoteSaved } from "./ReaderContext";

const buttonClass =
  "inline-flex items-center gap-1 rounded border border-border px-2 py-0.5 text-sm hover:border-fg aria-pressed:bg-fg aria-pressed:text-bg";

type Props = { articleId: number; title: string; initialSaved: boolean; signedIn: boolean; returnTo: string };

/**
 * Bookmark toggle, for the server's view of the reader or, on a cached page, the embedded one (keyed, so
 * switching starts the toggle afresh).
 */
export function BookmarkButton({ articleId, initialSaved, signedIn, ...rest }: Props) {
  const state = useArticleState(articleId, { signedIn, saved: initialSaved, progress: undefined });
  return (
    <BookmarkToggle
      key={`${state.signedIn}-${state.saved}`}
      articleId={articleId}
      initialSaved={state.saved}
      signedIn={state.signedIn}
      {...rest}
    />
  );
}

/**
 * Bookmark toggle. Without JavaScript it is a form post (or, signed out, a link through sign-in that
 * completes the bookmark). With JavaScript it flips at once and rolls back if the server refuses.
 */
function BookmarkToggle({ articleId, title, initialSaved, signedIn, returnTo }: Props) {
  const [saved, setSaved] = useState(initialSaved);
  const [optimisticSaved, setOptimisticSaved] = useOptimistic(saved);
  const [error, setError] = useState<string | null>(null);
  const [, startTransition] = useTransition();
  const noteSaved = useNoteSaved();

  if (!signedIn) {
    return (
      // data-reader-id (READER_ID_ATTR): tells the page cache which reader rows this page shows.
      <form action="/signin" method="get" data-reader-id={articleId}>
        <input type="hidden" name="callbackUrl" value={returnTo} />
        <input type="hidden" name="intent" value={`bookmark:${articleId}`} />
        <button type="submit" aria-pressed={false} className={buttonClass}>
          <span aria-hidden="true">☆</span> Bookmark<span className="sr-only">: {title}</span>
        </button>
      </form>
    );
  }

  return (
    <form
      action={bookmarkFormAction}
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const next = !saved;
        form.set("saved", String(next));
        setError(null);
        startTransition(async () => {
          setOptimisticSaved(next);
          try {
            const result = await bookmarkAction({ status: "idle" }, form);
            if (result.status === "ok") {
              setSaved(next);
              noteSaved(articleId, next);
              // The offline store keeps saved stories: it refreshes the saved list and fetches this one.
              tellOfflineWorker({ type: "saved-changed", path: window.location.pathname });
            } else setError(result.message ?? "Could not update the bookmark.");
          } catch {
            setError("Could not reach the server. Try again.");
          }
        });
      }}
      className="inline-flex items-center gap-2"
      data-reader-id={articleId}
    >
      <input type="hidden" name="articleId" value={articleId} />
      <input type="hidden" name="saved" value={String(!saved)} />
      <input type="hidden" name="returnTo" value={returnTo} />
      {/* The label stays "Bookmark"; aria-pressed (and the filled star) says whether it is on. */}
      <button type="submit" aria-pressed={optimisticSaved} className={buttonClass}>
        <span aria-hidden="true">{optimisticSaved ? "★" : "☆"}</span> Bookmark<span className="sr-only">: {title}</span>
      </button>
      {error ? (
        <span role="status" className="text-sm text-accent">
          {error}
        </span>
      ) : null}
    </form>
  );
}
