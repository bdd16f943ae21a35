"use client";

import Link from "next/link";
import { useCallback, useId, useState } from "react";
import {
  deleteCommentAction,
  editCommentAction,
  moderateAction,
  postCommentAction,
  reportCommentAction,
} from "@/app/(reader)/actions";
import { REPORT_REASONS } from "@/lib/limits";
import { ActionForm } from "../ActionForm";
import { type CommentRights, useCommenterName, useCommentRights } from "../reader/ReaderContext";
import { useHydrated } from "../useHydrated";
import { CommentForm } from "./CommentForm";

/** The new-comment form for a signed-in reader, a way to sign in for anyone else. */
export function CommentComposer({
  articleId,
  articlePath,
  commentPage = 1,
  serverName,
}: {
  articleId: number;
  articlePath: string;
  /** The page of comments this form sits on: a comment that lands on another one takes its author there. */
  commentPage?: number;
  serverName: string | null;
}) {
  const name = useCommenterName(articleId, serverName);
  if (name === null) {
    return (
      <p>
        <Link
          href={`/signin?callbackUrl=${encodeURIComponent(`${articlePath}#comments`)}`}
          prefetch={false}
          className="font-medium underline"
        >
          Sign in to comment
        </Link>
      </p>
    );
  }
  return (
    <CommentForm
      action={postCommentAction}
      hidden={{ articleId: String(articleId), parentId: "", returnTo: articlePath, commentPage: String(commentPage) }}
      label={`Add a comment as ${name}`}
      submitLabel="Post comment"
    />
  );
}

type PanelKey = "reply" | "edit" | "delete" | "report" | "hide";
type Panel = { key: PanelKey; label: string; body: (close?: () => void) => React.ReactNode };

const toggle = "cursor-pointer text-muted underline-offset-2 hover:text-fg hover:underline";

/**
 * Reply, edit, delete, report and (for moderators) hide under one comment. The server decides what each
 * may do (the guard checks ownership, role and the edit window again); this only chooses what to offer.
 *
 * With JavaScript the controls are a row of toggles and the chosen form opens full width below them,
 * one at a time, closing again once it has done its work. Without JavaScript (and until hydration) each
 * is a <details> that opens in place onto its own full-width line, so every form still works as a post.
 */
export function CommentControls({
  articleId,
  commentId,
  authorName,
  articlePath,
  permalink,
  server,
}: {
  articleId: number;
  commentId: number;
  authorName: string | null;
  articlePath: string;
  /** The comment's "Link", first in the row; the only control a reader who is not signed in gets. */
  permalink?: React.ReactNode;
  server: CommentRights;
}) {
  const rights = useCommentRights(articleId, commentId, server);
  const hydrated = useHydrated();
  const [open, setOpen] = useState<PanelKey | null>(null);
  const close = useCallback(() => setOpen(null), []);
  const panelId = useId();
  if (!rights.signedIn) return permalink ? <div className="pt-1 text-sm">{permalink}</div> : null;
  const hidden = { commentId: String(commentId), returnTo: articlePath };

  const panels: Panel[] = [
    {
      key: "reply",
      label: "Reply",
      body: (done) => (
        <CommentForm
          action={postCommentAction}
          hidden={{ articleId: String(articleId), parentId: String(commentId), returnTo: articlePath }}
          label={`Reply to ${authorName ?? "comment"}`}
          submitLabel="Post reply"
          autoFocus={Boolean(done)}
          onDone={done}
          onCancel={done}
        />
      ),
    },
  ];
  if (rights.editBody !== null)
    panels.push({
      key: "edit",
      label: "Edit",
      body: (done) => (
        <CommentForm
          action={editCommentAction}
          hidden={hidden}
          label="Edit your comment"
          submitLabel="Save changes"
          defaultValue={rights.editBody ?? ""}
          autoFocus={Boolean(done)}
          onDone={done}
          onCancel={done}
        />
      ),
    });
  if (rights.mine)
    panels.push({
      key: "delete",
      label: "Delete",
      body: (done) => (
        <ActionForm
          action={deleteCommentAction}
          hidden={hidden}
          submitLabel="Delete comment"
          pendingLabel="Deleting…"
          buttonClassName="rounded border border-accent px-3 py-1 text-sm font-semibold text-accent disabled:opacity-60"
          onCancel={done}
        >
          <p className="text-sm">
            Delete this comment? Its text is removed for good; replies to it stay in the thread.
          </p>
        </ActionForm>
      ),
    });
  else
    panels.push({
      key: "report",
      label: "Report",
      body: (done) => (
        <ActionForm action={reportCommentAction} hidden={hidden} submitLabel="Send report" onCancel={done}>
          <label htmlFor={`reason-${commentId}`} className="block text-sm font-medium">
            Reason
          </label>
          <select
            id={`reason-${commentId}`}
            name="reason"
            className="rounded border border-border bg-surface px-2 py-1"
            defaultValue="spam"
          >
            {REPORT_REASONS.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <label htmlFor={`note-${commentId}`} className="block text-sm font-medium">
            Note for moderators (optional)
          </label>
          <input
            id={`note-${commentId}`}
            name="note"
            maxLength={500}
            className="w-full rounded border border-border bg-surface px-2 py-1"
          />
        </ActionForm>
      ),
    });
  if (rights.moderator)
    panels.push({
      key: "hide",
      label: "Hide",
      body: (done) => (
        <ActionForm
          action={moderateAction}
          hidden={{ ...hidden, action: "hide" }}
          submitLabel="Hide comment"
          pendingLabel="Hiding…"
          onCancel={done}
        >
          <p className="text-sm">
            Readers will see “[hidden by a moderator]”. You can restore it here or from the moderation page.
          </p>
          <label htmlFor={`mod-note-${commentId}`} className="block text-sm font-medium">
            Note for the log (optional)
          </label>
          <input
            id={`mod-note-${commentId}`}
            name="note"
            maxLength={500}
            className="w-full rounded border border-border bg-surface px-2 py-1"
          />
        </ActionForm>
      ),
    });

  if (!hydrated) {
    return (
      <div className="flex flex-wrap gap-x-4 gap-y-2 pt-1 text-sm">
        {permalink}
        {panels.map((p) => (
          // An open one takes a whole line, so its form gets the comment's full width.
          <details key={p.key} className="open:basis-full">
            <summary className={`list-none [&::-webkit-details-marker]:hidden ${toggle}`}>{p.label}</summary>
            <div className="mt-2">{p.body()}</div>
          </details>
        ))}
      </div>
    );
  }

  const current = panels.find((p) => p.key === open);
  return (
    <div className="pt-1 text-sm">
      <div className="flex flex-wrap gap-x-4 gap-y-2">
        {permalink}
        {panels.map((p) => (
          <button
            key={p.key}
            type="button"
            aria-expanded={open === p.key}
            aria-controls={open === p.key ? panelId : undefined}
            onClick={() => setOpen(open === p.key ? null : p.key)}
            className={`${toggle} ${open === p.key ? "font-semibold text-fg" : ""}`}
          >
            {p.label}
          </button>
        ))}
      </div>
      {current ? (
        <div id={panelId} className="mt-2 w-full">
          {current.body(close)}
        </div>
      ) : null}
    </div>
  );
}
