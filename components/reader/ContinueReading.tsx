"use client";

import { useArticleState } from "./ReaderContext";

/**
 * "Continue reading" jumps to the paragraph the reader had reached. `paragraphs` is null for stories
 * kept as HTML, whose paragraphs carry no anchors.
 */
export function ContinueReading({
  articleId,
  signedIn,
  progress,
  paragraphs,
}: {
  articleId: number;
  signedIn: boolean;
  progress?: number;
  paragraphs: number | null;
}) {
  const state = useArticleState(articleId, { signedIn, saved: false, progress });
  const read = state.progress;
  if (read === undefined || paragraphs === null || read <= 0.05 || read >= 0.95) return null;
  const at = Math.max(1, Math.floor(read * paragraphs));
  return (
    <a href={`#p-${at}`} className="text-sm font-medium underline">
      Continue reading ({Math.round(read * 100)}% read)
    </a>
  );
}
