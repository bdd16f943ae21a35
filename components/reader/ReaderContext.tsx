"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import {
  ISLANDS_COOKIE,
  READER_COMMENTS_ATTR,
  READER_ID_ATTR,
  READER_SCRIPT_ID,
  READER_TOPIC_ATTR,
  readerStateUrl,
  SESSION_RENEWED_KEY,
  type ShellReader,
} from "@/lib/page-cache/reader-shell";

type Value = {
  shell: ShellReader | null;
  /** Takes the reader's state for the page now shown (after a client navigation). */
  learn: (state: ShellReader) => void;
  forget: () => void;
  noteSaved: (articleId: number, saved: boolean) => void;
  /** The unread count as last learned after the page loaded (null: take the server's or the shell's). */
  unread: number | null;
  noteUnread: (update: (n: number | null) => number) => void;
};
const ReaderContext = createContext<Value>({
  shell: null,
  learn: () => {},
  forget: () => {},
  noteSaved: () => {},
  unread: null,
  noteUnread: () => {},
});

/**
 * Signed-in readers with JavaScript are sent the same cached HTML as everyone, with their own state
 * (lib/page-cache/reader-payload.ts) embedded beside it. This reads that state once after hydration, so the first
 * client render still matches the server's HTML, and hands it to the islands below.
 */
export function ReaderProvider({ children }: { children: React.ReactNode }) {
  const [shell, setShell] = useState<ShellReader | null>(null);

  useEffect(() => {
    // Tells the page cache this browser runs the islands (session-long, like the choice it stands for).
    if (!document.cookie.split("; ").includes(`${ISLANDS_COOKIE}=1`))
      // biome-ignore lint/suspicious/noDocumentCookie: a fixed name and value; the Cookie Store API is not in every browser.
      document.cookie = `${ISLANDS_COOKIE}=1; path=/; samesite=lax`;
    const script = document.getElementById(READER_SCRIPT_ID);
    if (!script) return;
    script.remove();
    try {
      setShell(JSON.parse(script.textContent ?? "") as ShellReader);
    } catch {
      // A payload that does not parse leaves the page as rendered: signed out, every link still works.
    }
  }, []);

  // The payload lives as long as the document. Client navigation keeps the root layout as the server
  // first sent it (signed out, on a cached page), so the account menu keeps needing it. Pages reached
  // that way come from the shared payload too (lib/page-cache/cache-key.ts), and their state is learned
  // after each navigation (useReaderStateAfterNavigation); it is merged, not replaced, because going
  // back restores an earlier page whose articles must keep theirs. Bookmark changes are noted here.
  const learn = useCallback(
    (state: ShellReader) =>
      setShell((s) => {
        if (!s) return state;
        const fresh = new Set(state.ids);
        return {
          ...state,
          ids: [...new Set([...s.ids, ...state.ids])],
          saved: [...s.saved.filter((id) => !fresh.has(id)), ...state.saved],
          progress: {
            ...Object.fromEntries(Object.entries(s.progress).filter(([id]) => !fresh.has(Number(id)))),
            ...state.progress,
          },
        };
      }),
    [],
  );
  const forget = useCallback(() => setShell(null), []);
  const noteSaved = useCallback(
    (articleId: number, saved: boolean) =>
      setShell((s) =>
        s?.ids.includes(articleId)
          ? { ...s, saved: saved ? [...new Set([...s.saved, articleId])] : s.saved.filter((id) => id !== articleId) }
          : s,
      ),
    [],
  );
  // The header keeps the count it was first given across client navigations (the root layout is not
  // rendered again), so /notifications and its links report what they change here.
  const [unread, setUnread] = useState<number | null>(null);
  const noteUnread = useCallback((update: (n: number | null) => number) => setUnread((n) => update(n)), []);
  const value = useMemo(
    () => ({ shell, learn, forget, noteSaved, unread, noteUnread }),
    [shell, learn, forget, noteSaved, unread, noteUnread],
  );
  return <ReaderContext value={value}>{children}</ReaderContext>;
}

export function useForgetReader() {
  return useContext(ReaderContext).forget;
}

/** Tells the embedded state that a bookmark changed, so pages rendered from it stay right. */
export function useNoteSaved() {
  return useContext(ReaderContext).noteSaved;
}

/** The markers of the page now in the document, as the page cache reads them from its HTML. */
function shownParts() {
  const ids = new Set<number>();
  for (const el of document.querySelectorAll(`[${READER_ID_ATTR}]`)) {
    const id = Number(el.getAttribute(READER_ID_ATTR));
    if (Number.isSafeInteger(id) && id > 0) ids.add(id);
  }
  const comments = Number(document.querySelector(`[${READER_COMMENTS_ATTR}]`)?.getAttribute(READER_COMMENTS_ATTR));
  const topic = document.querySelector(`[${READER_TOPIC_ATTR}]`)?.getAttribute(READER_TOPIC_ATTR) ?? null;
  return {
    articleIds: [...ids],
    commentsArticleId: Number.isSafeInteger(comments) && comments > 0 ? comments : null,
    topic,
  };
}

/**
 * After each client navigation, asks for the signed-in reader's state of the page now shown: its
 * payload is the one every reader shares, so its bookmark buttons, comment controls and Follow/Mute
 * buttons start signed out and switch when this answers (a few milliseconds). The first page needs
 * no request: its state came with it, embedded or rendered for the reader.
 */
export function useReaderStateAfterNavigation(signedIn: boolean) {
  const { learn } = useContext(ReaderContext);
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const shown = useRef<string | null>(null);
  useEffect(() => {
    const page = `${pathname}?${search}`;
    // Only a new page asks; the reader's account arriving (signedIn turning true) on the same one does not.
    const first = shown.current === null;
    if (shown.current === page) return;
    shown.current = page;
    if (first || !signedIn) return;
    const parts = shownParts();
    if (!parts.articleIds.length && parts.commentsArticleId === null && !parts.topic) return;
    const controller = new AbortController();
    fetch(readerStateUrl(parts), { cache: "no-store", credentials: "same-origin", signal: controller.signal })
      .then((response) => (response.ok ? (response.json() as Promise<ShellReader>) : null))
      .then((state) => {
        if (state && shown.current === page) learn(state);
      })
      .catch(() => {
        // Offline or aborted by the next navigation: the page stays as rendered, every link still works.
      });
    return () => controller.abort();
  }, [pathname, search, signedIn, learn]);
}

const RENEW_EVERY = 86_400_000;

/**
 * Keeps a returning reader signed in. Auth.js re-issues its session cookie, with a fresh 30-day expiry,
 * only when its session endpoint is asked; our pages come from the shared cache or from server
 * components, and neither can set a cookie, so without this a reader who comes back every day would
 * still be signed out 30 days after signing in. Asked at most once a day per browser.
 */
export function useKeepSessionAlive(signedIn: boolean) {
  useEffect(() => {
    if (!signedIn) return;
    let last = 0;
    try {
      last = Number(localStorage.getItem(SESSION_RENEWED_KEY)) || 0;
    } catch {
      // Storage refused (a private mode): renew on every load instead, a small GET.
    }
    if (Date.now() - last < RENEW_EVERY) return;
    fetch("/api/auth/session", { cache: "no-store", credentials: "same-origin" })
      .then((response) => {
        if (response.ok) localStorage.setItem(SESSION_RENEWED_KEY, String(Date.now()));
      })
      .catch(() => {
        // Offline or refused: the session stands as it was; the next page tries again.
      });
  }, [signedIn]);
}

/** The account to show: the server's when it rendered for this reader, else the embedded one. */
export function useReaderAccount(server: ShellReader["me"] | null): ShellReader["me"] | null {
  const { shell } = useContext(ReaderContext);
  return server ?? shell?.me ?? null;
}

export type ArticleState = { signedIn: boolean; saved: boolean; progress: number | undefined };

/** One article's bookmark and reading state: the server's when it rendered for this reader, else the embedded. */
export function useArticleState(articleId: number, server: ArticleState): ArticleState {
  const { shell } = useContext(ReaderContext);
  if (server.signedIn || !shell?.ids.includes(articleId)) return server;
  return { signedIn: true, saved: shell.saved.includes(articleId), progress: shell.progress[articleId] };
}

export type CommentRights = { signedIn: boolean; mine: boolean; editBody: string | null; moderator: boolean };

/**
 * What the reader may do with one comment: reply, edit (own, in the window), delete (own), report, and
 * for moderators hide. The server checks every one again; this only picks the controls to show.
 */
export function useCommentRights(articleId: number, commentId: number, server: CommentRights): CommentRights {
  const { shell } = useContext(ReaderContext);
  const thread = shell?.comments;
  if (server.signedIn || !shell || !thread || thread.articleId !== articleId) return server;
  return {
    signedIn: true,
    mine: thread.own.includes(commentId),
    editBody: thread.editable[commentId] ?? null,
    moderator: shell.me.isModerator,
  };
}

/** The name a new comment will be posted under, or null when the reader must sign in first. */
export function useCommenterName(articleId: number, server: string | null): string | null {
  const { shell } = useContext(ReaderContext);
  if (server !== null || shell?.comments?.articleId !== articleId) return server;
  return shell.me.name;
}

/** The header's unread count: what the page last reported, else the account's (server or embedded). */
export function useUnreadCount(account: number): number {
  return useContext(ReaderContext).unread ?? account;
}

/** Lets /notifications and its links correct the header's count after they change it. */
export function useNoteUnread() {
  return useContext(ReaderContext).noteUnread;
}

export type TopicState = { signedIn: boolean; choice: "follow" | "mute" | null };

/** The reader's follow/mute choice for a tag or outlet page: the server's when it rendered for them, else the embedded one. */
export function useTopicState(kind: "tag" | "source", slug: string, server: TopicState): TopicState {
  const { shell } = useContext(ReaderContext);
  const topic = shell?.topic;
  if (server.signedIn || !topic || topic.kind !== kind || topic.slug !== slug) return server;
  return { signedIn: true, choice: topic.choice };
}
