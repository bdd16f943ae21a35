import type { Db } from "@/db";
import { readerStateForArticles } from "@/db/queries/bookmarks";
import { listOwnComments } from "@/db/queries/comments";
import { getTopicChoice } from "@/db/queries/follows";
import { countUnreadNotifications } from "@/db/queries/notifications";
import { withinEditWindow } from "@/lib/comments/thread";
import type { Actor } from "@/lib/mutations/guard";
import type { ShellReader } from "./reader-shell";

/** A signed-in reader's own state for a cached page's personalised parts (see lib/page-cache/reader-shell.ts). */
export async function readerPayload(
  db: Db,
  actor: Actor,
  {
    articleIds,
    commentsArticleId,
    topic = null,
    now = Date.now(),
  }: { articleIds: number[]; commentsArticleId: number | null; topic?: string | null; now?: number },
): Promise<ShellReader> {
  const { saved, progress } = await readerStateForArticles(db, { userId: actor.id, articleIds });
  let comments: ShellReader["comments"] = null;
  if (commentsArticleId !== null) {
    const own = await listOwnComments(db, { articleId: commentsArticleId, userId: actor.id });
    comments = {
      articleId: commentsArticleId,
      own: own.map((c) => c.id),
      // Only comments still editable carry their text: it pre-fills the edit form.
      editable: Object.fromEntries(own.filter((c) => withinEditWindow(c.createdAt, now)).map((c) => [c.id, c.body])),
    };
  }
  let topicState: ShellReader["topic"] = null;
  if (topic) {
    const [kind, slug] = topic.split(":") as ["tag" | "source", string];
    topicState = { kind, slug, choice: await getTopicChoice(db, { userId: actor.id, kind, slug }) };
  }
  return {
    me: {
      name: actor.name,
      isModerator: actor.isModerator,
      unread: await countUnreadNotifications(db, { userId: actor.id }),
    },
    ids: articleIds,
    saved: [...saved],
    progress: Object.fromEntries(progress),
    comments,
    topic: topicState,
  };
}
