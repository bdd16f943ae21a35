import Link from "next/link";
import {
  deleteCommentAction,
  editCommentAction,
  postCommentAction,
  reportCommentAction,
  setCommentOrderAction,
} from "@/app/(reader)/actions";
import { getDb } from "@/db";
import { type CommentRow, listCommentRevisions, listCommentsForArticle } from "@/db/queries/comments";
import { buildThread, MAX_DEPTH, type ThreadNode } from "@/lib/comments";
import type { Actor } from "@/lib/guard";
import { EDIT_WINDOW_MS } from "@/lib/limits";
import { REPORT_REASONS } from "@/lib/mutations/comments";
import { ActionForm } from "../ActionForm";
import { Timestamp } from "../RelativeTime";
import { CommentForm } from "./CommentForm";
import { CommentText } from "./CommentText";

type Props = { articleId: number; articlePath: string; actor: Actor | null; order: "oldest" | "newest" };

export function CommentsSection({ articleId, articlePath, actor, order }: Props) {
  const rows = listCommentsForArticle(getDb(), { articleId });
  const thread = buildThread(rows, order);
  const now = Date.now();
  return (
    <section aria-labelledby="comments" className="mt-10 max-w-[68ch]">
      <div className="flex flex-wrap items-baseline justify-between gap-3 border-b border-border pb-2">
        <h2 id="comments" className="scroll-mt-4 text-xl font-semibold">
          Comments <span className="text-muted">({thread.count})</span>
        </h2>
        {thread.roots.length > 1 ? (
          <form action={setCommentOrderAction} className="flex items-center gap-2 text-sm">
            <input type="hidden" name="returnTo" value={articlePath} />
            <span className="text-muted">Order:</span>
            {(["oldest", "newest"] as const).map((o) => (
              <button
                key={o}
                type="submit"
                name="order"
                value={o}
                aria-pressed={order === o}
                className={`rounded px-2 py-0.5 ${order === o ? "bg-fg text-bg" : "border border-border"}`}
              >
                {o === "oldest" ? "Oldest first" : "Newest first"}
              </button>
            ))}
          </form>
        ) : null}
      </div>

      <div className="mt-4">
        {actor ? (
          <CommentForm
            action={postCommentAction}
            hidden={{ articleId: String(articleId), parentId: "", returnTo: articlePath }}
            label={`Add a comment as ${actor.name}`}
            submitLabel="Post comment"
          />
        ) : (
          <p>
            <Link
              href={`/signin?callbackUrl=${encodeURIComponent(`${articlePath}#comments`)}`}
              className="font-medium underline"
            >
              Sign in to comment
            </Link>
          </p>
        )}
      </div>

      {thread.roots.length === 0 ? (
        <p className="mt-6 text-muted">No comments yet. Start the conversation.</p>
      ) : (
        <ol className="mt-6 space-y-4">
          {thread.roots.map((node) => (
            <CommentItem key={node.comment.id} node={node} actor={actor} articlePath={articlePath} now={now} />
          ))}
        </ol>
      )}
    </section>
  );
}

function CommentItem({
  node,
  actor,
  articlePath,
  now,
}: {
  node: ThreadNode<CommentRow>;
  actor: Actor | null;
  articlePath: string;
  now: number;
}) {
  const c = node.comment;
  const mine = actor !== null && c.userId === actor.id;
  const canEdit = mine && !node.placeholder && now - c.createdAt.getTime() < EDIT_WINDOW_MS;
  const hidden = { commentId: String(c.id), returnTo: articlePath };
  const indent = node.depth > 0;
  // At the deepest level the rest of the conversation is listed flat, at that level's indentation.
  const children = node.depth + 1 >= MAX_DEPTH ? node.children.flatMap(flattenSubtree) : node.children;
  const nested = node.depth < MAX_DEPTH;
  return (
    <li id={`comment-${c.id}`} className={indent ? "border-l-2 border-border pl-4" : ""}>
      <article aria-label={`Comment by ${c.authorName ?? "[deleted]"}`} className="space-y-1">
        <p className="text-sm text-muted">
          <span className="font-semibold text-fg">{c.deletedAt || !c.authorName ? "[deleted]" : c.authorName}</span>
          <span aria-hidden="true"> · </span>
          <a href={`#comment-${c.id}`} className="hover:underline">
            <Timestamp date={c.createdAt} />
          </a>
          {c.editedAt && !node.placeholder ? (
            <>
              <span aria-hidden="true"> · </span>
              <span>edited</span>
            </>
          ) : null}
        </p>
        {c.deletedAt ? (
          <p className="italic text-muted">[deleted]</p>
        ) : c.hiddenAt ? (
          <p className="italic text-muted">[hidden by a moderator]</p>
        ) : (
          <CommentText body={c.body} />
        )}
        {c.editedAt && !node.placeholder && c.revisionCount > 0 ? <Revisions commentId={c.id} /> : null}
        {!node.placeholder && actor ? (
          <div className="flex flex-wrap gap-x-4 gap-y-2 pt-1 text-sm">
            <details>
              <summary className="cursor-pointer text-muted hover:text-fg">Reply</summary>
              <div className="mt-2">
                <CommentForm
                  action={postCommentAction}
                  hidden={{ articleId: String(c.articleId), parentId: String(c.id), returnTo: articlePath }}
                  label={`Reply to ${c.authorName ?? "comment"}`}
                  submitLabel="Post reply"
                />
              </div>
            </details>
            {canEdit ? (
              <details>
                <summary className="cursor-pointer text-muted hover:text-fg">Edit</summary>
                <div className="mt-2">
                  <CommentForm
                    action={editCommentAction}
                    hidden={hidden}
                    label="Edit your comment"
                    submitLabel="Save changes"
                    defaultValue={c.body}
                  />
                </div>
              </details>
            ) : null}
            {mine ? (
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
                  <label htmlFor={`reason-${c.id}`} className="block text-sm font-medium">
                    Reason
                  </label>
                  <select
                    id={`reason-${c.id}`}
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
                  <label htmlFor={`note-${c.id}`} className="block text-sm font-medium">
                    Note for moderators (optional)
                  </label>
                  <input
                    id={`note-${c.id}`}
                    name="note"
                    maxLength={500}
                    className="w-full rounded border border-border bg-surface px-2 py-1"
                  />
                </ActionForm>
              </details>
            )}
          </div>
        ) : null}
      </article>
      {nested && children.length > 0 ? (
        <ol className="mt-4 space-y-4">
          {children.map((child) => (
            <CommentItem key={child.comment.id} node={child} actor={actor} articlePath={articlePath} now={now} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}

function flattenSubtree<T extends CommentRow>(node: ThreadNode<T>): ThreadNode<T>[] {
  return [node, ...node.children.flatMap(flattenSubtree)];
}

function Revisions({ commentId }: { commentId: number }) {
  const revisions = listCommentRevisions(getDb(), { commentId });
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-muted">Earlier versions ({revisions.length})</summary>
      <ol className="mt-2 space-y-2 border-l-2 border-border pl-3 text-muted">
        {revisions.map((r) => (
          <li key={r.createdAt.getTime()}>
            <Timestamp date={r.createdAt} />
            <CommentText body={r.body} />
          </li>
        ))}
      </ol>
    </details>
  );
}
