"use client";

import { useEffect, useRef, useState } from "react";
import { READER_POSITION_PATH } from "@/lib/page-cache/reader-shell";
import { useArticleState } from "./ReaderContext";

/**
 * A slim bar showing how far down the article the reader is. For signed-in readers the furthest point
 * reached is saved (when scrolling pauses, and when the page is hidden) for "Continue reading".
 */
export function ReadingProgress({ articleId, signedIn }: { articleId: number; signedIn: boolean }) {
  const save = useArticleState(articleId, { signedIn, saved: false, progress: undefined }).signedIn;
  const [progress, setProgress] = useState(0);
  const furthest = useRef(0);
  const lastSaved = useRef(0);

  useEffect(() => {
    const body = document.getElementById("article-body");
    if (!body) return;
    const measure = () => {
      const rect = body.getBoundingClientRect();
      const total = rect.height - window.innerHeight * 0.5;
      const read = Math.min(1, Math.max(0, (window.innerHeight * 0.5 - rect.top) / Math.max(1, total)));
      setProgress(read);
      furthest.current = Math.max(furthest.current, read);
    };
    const flush = () => {
      if (!save || Math.abs(furthest.current - lastSaved.current) < 0.02) return;
      lastSaved.current = furthest.current;
      const progress = Math.round(furthest.current * 1000) / 1000;
      // keepalive: a save made as the page is hidden or left still arrives.
      fetch(READER_POSITION_PATH, {
        method: "POST",
        keepalive: true,
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ articleId, progress }),
      }).catch(() => {
        // Offline: the place is saved next time the reader scrolls here.
      });
    };
    // Saved once scrolling pauses, so a reader who leaves right after still has their place.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onScroll = () => {
      measure();
      clearTimeout(timer);
      timer = setTimeout(flush, 800);
    };
    // The first measurement waits for the next frame: read during hydration's effects, the layout it
    // asks for would be forced inside that one long task, which a slow phone feels as blocking time.
    const first = requestAnimationFrame(measure);
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", measure);
    const onHide = () => document.visibilityState === "hidden" && flush();
    document.addEventListener("visibilitychange", onHide);
    return () => {
      cancelAnimationFrame(first);
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", measure);
      document.removeEventListener("visibilitychange", onHide);
      clearTimeout(timer);
      flush();
    };
  }, [articleId, save]);

  return (
    <div
      className="fixed inset-x-0 top-0 z-40 h-1 bg-transparent"
      role="progressbar"
      aria-label="Reading progress"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(progress * 100)}
    >
      <div className="h-full bg-accent transition-[width] duration-150" style={{ width: `${progress * 100}%` }} />
    </div>
  );
}
