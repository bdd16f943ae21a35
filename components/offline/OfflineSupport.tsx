"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { tellOfflineWorker } from "@/lib/offline/client";
import { OFFLINE_NOTICE_ID, SERVICE_WORKER_PATH } from "@/lib/offline/contract";

/** Runs `task` once the page has loaded and the main thread is idle, so first load pays nothing. */
function afterLoadAndIdle(task: () => void): () => void {
  let cancelled = false;
  let idle: number | undefined;
  // Every browser that has service workers but Safari has requestIdleCallback; a second's delay stands in.
  const hasIdle = typeof window.requestIdleCallback === "function";
  const run = () => {
    if (cancelled) return;
    idle = hasIdle ? window.requestIdleCallback(task, { timeout: 5_000 }) : window.setTimeout(task, 1_000);
  };
  if (document.readyState === "complete") run();
  else window.addEventListener("load", run, { once: true });
  return () => {
    cancelled = true;
    window.removeEventListener("load", run);
    if (idle !== undefined) (hasIdle ? window.cancelIdleCallback : window.clearTimeout)(idle);
  };
}

function rememberedTheme(): string | null {
  try {
    return localStorage.getItem("theme");
  } catch {
    return null;
  }
}

/**
 * Registers the offline service worker (public/sw.js) after load, when the browser is idle, and tells
 * it which page is open: a client navigation never reaches the worker as a document, so it fetches the
 * page itself to keep a copy. Production only: in dev a worker would hold on to files being edited.
 */
export function OfflineSupport() {
  const pathname = usePathname();
  const slot = useRef<HTMLDivElement>(null);
  const firstPath = useRef(pathname);

  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    return afterLoadAndIdle(() => {
      navigator.serviceWorker
        .register(SERVICE_WORKER_PATH, { scope: "/", updateViaCache: "none" })
        .catch((error) => console.warn("[offline] service worker not registered", error));
    });
  }, []);

  useEffect(() => {
    // The notice speaks for the stored copy the worker served; a page the router shows after it is not that copy.
    if (pathname !== firstPath.current) slot.current?.replaceChildren();
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    return afterLoadAndIdle(() => {
      // `ready` waits for the first registration (above) on a reader's first visit.
      void navigator.serviceWorker.ready.then(() =>
        tellOfflineWorker({ type: "opened", path: pathname, theme: rememberedTheme() }),
      );
    });
  }, [pathname]);

  // The slot for the offline notice. React does not compare or patch the inner HTML of an element
  // rendered with dangerouslySetInnerHTML when it hydrates, so the notice the worker writes into it
  // stays; an element added anywhere else in <body> would be removed by hydration.
  return <div id={OFFLINE_NOTICE_ID} ref={slot} dangerouslySetInnerHTML={{ __html: "" }} suppressHydrationWarning />;
}
