import { moderateAction, setCommentOrderAction } from "@/app/(reader)/actions";
import { type CommentRow, listCommentRevisions, listCommentsForArticle } from "@/db/queries/comments";
import { buildThread, MAX_DEPTH, type ThreadNode, withinEditWindow } from "@/lib/comments";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/guard";
import { ActionForm } from "../ActionForm";
import { Timestamp } from "../Timestamp";
import { CommentComposer, CommentControls } from "./CommentControls";
import { CommentText } from "./CommentText";

type Props = { articleId: number; articlePath: string; actor: Actor | null; order: "oldest" | "newest" };

export async function CommentsSection({ articleId, articlePath, actor, order }: Props) {
  const rows = await listCommentsForArticle(getDb(), { articleId });
  // Moderators see hidden comments in place, to restore them there. Their pages are rendered for them,
  // never served from the shared cache (lib/cache-server.ts), so this text reaches no one else.
  const thread = buildThread(rows, order, { showHidden: actor?.isModerator === true });
  const now = Date.now();
  return (
    // data-reader-comments (READER_COMMENTS_ATTR): the page cache embeds this reader's rights in this thread.
    <section aria-labelledby="comments" className="mt-10 max-w-[68ch]" data-reader-comments={articleId}>
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
        <CommentComposer articleId={articleId} articlePath={articlePath} serverName={actor?.name ?? null} />
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
        ) : c.hiddenAt && node.placeholder ? (
          <p className="italic text-muted">[hidden by a moderator]</p>
        ) : c.hiddenAt ? (
          <HiddenForModerator commentId={c.id} body={c.body} articlePath={articlePath} />
        ) : (
          <CommentText body={c.body} />
        )}
        {c.editedAt && !node.placeholder && c.revisionCount > 0 ? <Revisions commentId={c.id} /> : null}
        {!node.placeholder && !c.hiddenAt ? (
          <CommentControls
            articleId={c.articleId}
            commentId={c.id}
            authorName={c.authorName}
            articlePath={articlePath}
            server={{
              signedIn: actor !== null,
              mine,
              // Only an editable comment's text goes to the client, to pre-fill its edit form.
              editBody: mine && withinEditWindow(c.createdAt, now) ? c.body : null,
              moderator: actor?.isModerator === true,
            }}
          />
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

async function Revisions({ commentId }: { commentId: number }) {
  const revisions = await listCommentRevisions(getDb(), { commentId });
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

/** A hidden comment as a moderator sees it on the thread: its text, marked, with a way to restore it. */
function HiddenForModerator({
  commentId,
  body,
  articlePath,
}: {
  commentId: number;
  body: string;
  articlePath: string;
}) {
  return (
    <div className="space-y-2 rounded border border-dashed border-border px-3 py-2">
      <p className="text-sm font-semibold text-muted">Hidden by a moderator: only moderators see this text.</p>
      <div className="text-muted">
        <CommentText body={body} />
      </div>
      <ActionForm
        action={moderateAction}
        hidden={{ commentId: String(commentId), action: "restore", returnTo: articlePath }}
        submitLabel="Restore comment"
        pendingLabel="Restoring…"
        buttonClassName="rounded border border-border px-2 py-1 text-sm hover:border-fg"
      />
    </div>
  );
}
