// Client-safe: the page's side of the offline store (public/sw.js does the storing).
import { PAGES_CACHE_PREFIX } from "./contract";

type WorkerMessage =
  | { type: "opened"; path: string; theme: string | null }
  | { type: "saved-changed"; path: string }
  | { type: "signed-out" };

/** Posts to the active service worker, if there is one; never throws (the store is a nicety). */
export function tellOfflineWorker(message: WorkerMessage) {
  try {
    if (!("serviceWorker" in navigator)) return;
    const worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage(message);
    else
      void navigator.serviceWorker.getRegistration().then((registration) => registration?.active?.postMessage(message));
  } catch {
    // No worker, or the browser refused: nothing was stored either.
  }
}

/**
 * Deletes every stored page of every session, here in the page, and tells the worker to forget the
 * reader too. Called as the sign-out form is sent, so nothing personal outlives the click even if the
 * worker is asleep or the network never answers.
 */
export function forgetOfflineCopies() {
  tellOfflineWorker({ type: "signed-out" });
  try {
    if (typeof caches === "undefined") return;
    void caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(PAGES_CACHE_PREFIX)).map((n) => caches.delete(n))))
      .catch(() => {});
  } catch {
    // Cache storage refused (an opaque origin, a private mode): then nothing was stored.
  }
}
