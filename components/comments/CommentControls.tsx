"use client";

import Link from "next/link";
import { deleteCommentAction, editCommentAction, postCommentAction, reportCommentAction } from "@/app/(reader)/actions";
import { REPORT_REASONS } from "@/lib/limits";
import { ActionForm } from "../ActionForm";
import { type CommentRights, useCommenterName, useCommentRights } from "../reader/ReaderContext";
import { CommentForm } from "./CommentForm";

/** The new-comment form for a signed-in reader, a way to sign in for anyone else. */
export function CommentComposer({
  articleId,
  articlePath,
  serverName,
}: {
  articleId: number;
  articlePath: string;
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
      hidden={{ articleId: String(articleId), parentId: "", returnTo: articlePath }}
      label={`Add a comment as ${name}`}
      submitLabel="Post comment"
    />
  );
}

/**
 * Reply, edit, delete and report under one comment. The server decides what each action may do (the
 * guard checks ownership and the edit window again); this only chooses which controls to offer.
 */
export function CommentControls({
  articleId,
  commentId,
  authorName,
  articlePath,
  server,
}: {
  articleId: number;
  commentId: number;
  authorName: string | null;
  articlePath: string;
  server: CommentRights;
}) {
  const rights = useCommentRights(articleId, commentId, server);
  if (!rights.signedIn) return null;
  const hidden = { commentId: String(commentId), returnTo: articlePath };
  return (
    <div className="flex flex-wrap gap-x-4 gap-y-2 pt-1 text-sm">
      <details>
        <summary className="cursor-pointer text-muted hover:text-fg">Reply</summary>
        <div className="mt-2">
          <CommentForm
            action={postCommentAction}
            hidden={{ articleId: String(articleId), parentId: String(commentId), returnTo: articlePath }}
            label={`Reply to ${authorName ?? "comment"}`}
            submitLabel="Post reply"
          />
        </div>
      </details>
      {rights.editBody !== null ? (
        <details>
          <summary className="cursor-pointer text-muted hover:text-fg">Edit</summary>
          <div className="mt-2">
            <CommentForm
              action={editCommentAction}
              hidden={hidden}
              label="Edit your comment"
              submitLabel="Save changes"
              defaultValue={rights.editBody}
            />
          </div>
        </details>
      ) : null}
      {rights.mine ? (
        <ActionForm
          action={deleteCommentAction}
          hidden={hidden}
          submitLabel="Delete"
          pendingLabel="Deleting…"
          buttonClassName="text-muted underline hover:text-fg"
        />
      ) : (
        <details>
          <summary className="cursor-pointer text-muted hover:text-fg">Report</summary>
          <ActionForm action={reportCommentAction} hidden={hidden} submitLabel="Send report" className="mt-2">
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
        </details>
      )}
    </div>
  );
}
