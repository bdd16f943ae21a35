import { redirect } from "next/navigation";
import { moderateAction, setCommentOrderAction } from "@/app/(reader)/actions";
import {
  type CommentRow,
  countShownComments,
  countShownThreads,
  listCommentRevisions,
  listThreadPage,
  locateComment,
} from "@/db/queries/comments";
import {
  buildThread,
  type CommentQuery,
  commentGoneHref,
  commentHref,
  commentPageHref,
  MAX_DEPTH,
  pageOfThread,
  replyCount,
  THREADS_PER_PAGE,
  type ThreadNode,
  withinEditWindow,
} from "@/lib/comments/thread";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/mutations/guard";
import { ActionForm } from "../ActionForm";
import { Timestamp } from "../Timestamp";
import { CommentComposer, CommentControls } from "./CommentControls";
import { CommentPages } from "./CommentPages";
import { CommentText } from "./CommentText";

type Props = {
  articleId: number;
  articleSlug: string;
  articlePath: string;
  actor: Actor | null;
  order: "oldest" | "newest";
  /** What the URL asks for: a page of comments, or a permalinked comment (lib/comments/thread.ts readCommentQuery). */
  query: CommentQuery;
};

/** The href of a canonical comment query, for redirecting a non-canonical one to it. */
function hrefOf(articleSlug: string, q: Exclude<CommentQuery, { kind: "invalid" }>): string {
  if (q.kind === "comment") return commentHref({ articleSlug, commentId: q.id });
  if (q.kind === "gone") return commentGoneHref({ articleSlug });
  return commentPageHref({ articleSlug, page: q.kind === "page" ? q.page : 1 });
}

export async function CommentsSection({ articleId, articleSlug, articlePath, actor, order, query }: Props) {
  const db = getDb();
  // Moderators see hidden comments in place, to restore them there. Their pages are rendered for them,
  // never served from the shared cache (lib/cache-server.ts), so this text reaches no one else.
  const view = { articleId, order, showHidden: actor?.isModerator === true };
  const [count, threads] = await Promise.all([countShownComments(db, { articleId }), countShownThreads(db, view)]);
  const pages = Math.max(1, Math.ceil(threads / THREADS_PER_PAGE));

  // Every URL this section answers with a page is one of a bounded set (a page that exists, a comment
  // that is shown, or the "gone" note): anything else is redirected, and a redirect is never cached.
  if (query.kind === "invalid") redirect(hrefOf(articleSlug, query.canonical));
  let page = 1;
  let target: number | null = null;
  if (query.kind === "page") {
    if (query.page > pages) redirect(commentPageHref({ articleSlug, page: pages }));
    page = query.page;
  } else if (query.kind === "comment") {
    const at = await locateComment(db, { ...view, commentId: query.id });
    if (!at) redirect(commentGoneHref({ articleSlug }));
    page = pageOfThread(at.threadsBefore);
    target = query.id;
  }
  const rows = await listThreadPage(db, { ...view, offset: (page - 1) * THREADS_PER_PAGE, limit: THREADS_PER_PAGE });
  const thread = buildThread(rows, order, { showHidden: view.showHidden });
  const ctx = { actor, articlePath, articleSlug, now: Date.now(), target };
  return (
    // data-reader-comments (READER_COMMENTS_ATTR): the page cache embeds this reader's rights in this thread.
    <section aria-labelledby="comments" className="mt-10 max-w-[68ch]" data-reader-comments={articleId}>
      <div className="flex flex-wrap items-baseline justify-between gap-3 border-b border-border pb-2">
        <h2 id="comments" className="scroll-mt-4 text-xl font-semibold">
          Comments <span className="text-muted">({count})</span>
        </h2>
        {threads > 1 ? (
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

      {query.kind === "gone" ? (
        <p role="status" className="mt-4 rounded border border-border bg-surface px-3 py-2 text-sm">
          The comment you followed a link to is no longer here: it was deleted or hidden by a moderator. Here is the
          rest of the conversation.
        </p>
      ) : null}

      <div className="mt-4">
        <CommentComposer
          articleId={articleId}
          articlePath={articlePath}
          commentPage={page}
          serverName={actor?.name ?? null}
        />
      </div>

      {thread.roots.length === 0 ? (
        <p className="mt-6 text-muted">No comments yet. Start the conversation.</p>
      ) : (
        <>
          {pages > 1 ? <CommentPages articleSlug={articleSlug} page={page} pages={pages} order={order} /> : null}
          <ol className="mt-6 space-y-4">
            {thread.roots.map((node) => (
              <CommentItem key={node.comment.id} node={node} ctx={ctx} />
            ))}
          </ol>
          {pages > 1 ? <CommentPages articleSlug={articleSlug} page={page} pages={pages} order={order} /> : null}
        </>
      )}
    </section>
  );
}

type ItemContext = {
  actor: Actor | null;
  articlePath: string;
  articleSlug: string;
  now: number;
  target: number | null;
};

/**
 * One comment and its replies. The comment sits in a <details> whose <summary> is its byline, so a
 * reader can collapse it with a click, Enter or Space, JavaScript or not; the list of replies is its
 * sibling, hidden by CSS while the comment is collapsed (globals.css, "Comment threads"), so a reply's
 * controls never end up inside another comment's <article>. Collapsed, the byline adds how many
 * replies went with it.
 */
function CommentItem({ node, ctx }: { node: ThreadNode<CommentRow>; ctx: ItemContext }) {
  const { actor, articlePath, now } = ctx;
  const c = node.comment;
  const mine = actor !== null && c.userId === actor.id;
  const indent = node.depth > 0;
  // At the deepest level the rest of the conversation is listed flat, at that level's indentation.
  const children = node.depth + 1 >= MAX_DEPTH ? node.children.flatMap(flattenSubtree) : node.children;
  const nested = node.depth < MAX_DEPTH;
  const name = c.deletedAt || !c.authorName ? "[deleted]" : c.authorName;
  const replies = replyCount(node);
  const current = ctx.target === c.id;
  return (
    <li id={`comment-${c.id}`} className={`comment ${indent ? "border-l-2 border-border pl-4" : ""}`}>
      <article
        aria-label={`Comment by ${c.authorName ?? "[deleted]"}`}
        aria-current={current ? "location" : undefined}
        className="comment-body"
      >
        {/* Every thread renders open, so a permalinked comment's ancestors are open too. */}
        <details open className="space-y-1">
          <summary className="comment-summary cursor-pointer list-none text-sm text-muted [&::-webkit-details-marker]:hidden">
            <span aria-hidden="true" className="comment-marker inline-block w-4 text-center" />
            <span className="font-semibold text-fg">{name}</span>
            <span aria-hidden="true"> · </span>
            <Timestamp date={c.createdAt} />
            {c.editedAt && !node.placeholder ? (
              <>
                <span aria-hidden="true"> · </span>
                <span>edited</span>
              </>
            ) : null}
            {replies > 0 ? (
              <span className="comment-collapsed-only">
                <span aria-hidden="true"> · </span>
                {replies === 1 ? "1 reply" : `${replies} replies`}
              </span>
            ) : null}
          </summary>
          <div className="space-y-1 pl-4">
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
                permalink={
                  // A plain link: a <Link> would prefetch every comment's URL as soon as it scrolled into view.
                  <a
                    href={commentHref({ articleSlug: ctx.articleSlug, commentId: c.id })}
                    className="text-muted underline-offset-2 hover:text-fg hover:underline"
                  >
                    Link<span className="sr-only"> to {name}’s comment</span>
                  </a>
                }
                server={{
                  signedIn: actor !== null,
                  mine,
                  // Only an editable comment's text goes to the client, to pre-fill its edit form.
                  editBody: mine && withinEditWindow(c.createdAt, now) ? c.body : null,
                  moderator: actor?.isModerator === true,
                }}
              />
            ) : null}
          </div>
        </details>
      </article>
      {nested && children.length > 0 ? (
        <ol className="comment-replies mt-4 space-y-4">
          {children.map((child) => (
            <CommentItem key={child.comment.id} node={child} ctx={ctx} />
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
