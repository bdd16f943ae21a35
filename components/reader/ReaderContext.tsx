"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { ISLANDS_COOKIE, READER_SCRIPT_ID, type ShellReader } from "@/lib/page-cache/reader-shell";

type Value = {
  shell: ShellReader | null;
  forget: () => void;
  noteSaved: (articleId: number, saved: boolean) => void;
  /** The unread count as last learned after the page loaded (null: take the server's or the shell's). */
  unread: number | null;
  noteUnread: (update: (n: number | null) => number) => void;
};
const ReaderContext = createContext<Value>({
  shell: null,
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
  // first sent it (signed out, on a cached page), so the account menu keeps needing it; pages reached
  // that way are rendered for this reader, and islands prefer their own props whenever those say so.
  // Going back restores the first page's props, so bookmark changes are noted here to keep it current.
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
    () => ({ shell, forget, noteSaved, unread, noteUnread }),
    [shell, forget, noteSaved, unread, noteUnread],
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

const RENEWED_KEY = "tidings:session-renewed";
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
      last = Number(localStorage.getItem(RENEWED_KEY)) || 0;
    } catch {
      // Storage refused (a private mode): renew on every load instead, a small GET.
    }
    if (Date.now() - last < RENEW_EVERY) return;
    fetch("/api/auth/session", { cache: "no-store", credentials: "same-origin" })
      .then((response) => {
        if (response.ok) localStorage.setItem(RENEWED_KEY, String(Date.now()));
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
