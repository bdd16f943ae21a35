"use client";

import { useArticleState } from "./ReaderContext";

/** "Read" or "40% read" on a story card, from the server's view of the reader or the embedded one. */
export function ReadMark({
  articleId,
  signedIn,
  progress,
}: {
  articleId: number;
  signedIn: boolean;
  progress?: number;
}) {
  const state = useArticleState(articleId, { signedIn, saved: false, progress });
  if (state.progress === undefined) return null;
  return (
    <span className="rounded bg-border px-2 py-0.5 text-xs font-medium">
      {state.progress >= 0.9 ? "Read" : `${Math.round(state.progress * 100)}% read`}
    </span>
  );
}
