import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NotificationOpen, UnreadSync } from "@/components/notifications/NotificationOpen";
import { Timestamp } from "@/components/Timestamp";
import { countUnreadNotifications, listNotifications } from "@/db/queries/notifications";
import { makeExcerpt } from "@/lib/articles/text";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { notificationHref, notificationSentence } from "@/lib/notifications/notify";
import { markAllReadAction, muteThreadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications", robots: { index: false } };

const PAGE_SIZE = 20;

const button = "rounded border border-border px-2 py-1 text-sm hover:border-fg";

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ before?: string }> }) {
  const actor = await getActor();
  if (!actor) redirect("/signin?callbackUrl=%2Fnotifications");
  const raw = (await searchParams).before;
  const before = raw && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : null;
  const db = getDb();
  const rows = await listNotifications(db, { userId: actor.id, before, limit: PAGE_SIZE + 1 });
  const items = rows.slice(0, PAGE_SIZE);
  const older = rows.length > PAGE_SIZE ? items.at(-1)?.id : undefined;
  const unread = await countUnreadNotifications(db, { userId: actor.id });
  // "Mark all read" covers what exists now, not what arrives between this render and the click.
  const newest = before ? (await listNotifications(db, { userId: actor.id, limit: 1 }))[0]?.id : items[0]?.id;
  const here = before ? `/notifications?before=${before}` : "/notifications";
  return (
    <div className="mx-auto max-w-3xl">
      <UnreadSync count={unread} />
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-3xl font-bold tracking-tight">Notifications</h1>
        {unread > 0 && newest ? (
          <form action={markAllReadAction}>
            <input type="hidden" name="upTo" value={newest} />
            <input type="hidden" name="returnTo" value={here} />
            <button type="submit" className={button}>
              Mark all read
            </button>
          </form>
        ) : null}
      </div>
      <p className="mt-1 text-sm text-muted">
        {unread > 0 ? `${unread} unread.` : "All read."} Replies to your comments, and moderators’ decisions about them.
      </p>
      {items.length === 0 ? (
        <p className="mt-6 text-muted">
          {before
            ? "No older notifications."
            : "Nothing yet. When someone replies to one of your comments, it shows here."}
        </p>
      ) : (
        <ol className="mt-4 divide-y divide-border border-y border-border">
          {items.map((n) => {
            const isUnread = n.readAt === null;
            return (
              <li
                key={n.id}
                className={`flex flex-wrap items-start gap-x-4 gap-y-2 py-4 pl-3 border-l-4 ${isUnread ? "border-l-accent" : "border-l-transparent"}`}
              >
                <div className="min-w-0 flex-1 space-y-1">
                  <p>
                    {isUnread ? <span className="sr-only">Unread: </span> : null}
                    <NotificationOpen id={n.id} href={notificationHref(n)} unread={isUnread}>
                      {notificationSentence(n)}
                    </NotificationOpen>
                  </p>
                  <blockquote className="border-l-2 border-border pl-3 text-sm text-muted">
                    {makeExcerpt(n.body, 200)}
                  </blockquote>
                  <p className="text-sm text-muted">
                    <Timestamp date={n.createdAt} />
                    {n.threadMuted ? <> · no more notifications from this thread</> : null}
                  </p>
                </div>
                {n.kind === "reply" ? (
                  <form action={muteThreadAction}>
                    <input type="hidden" name="threadId" value={n.threadId} />
                    <input type="hidden" name="muted" value={n.threadMuted ? "false" : "true"} />
                    <input type="hidden" name="returnTo" value={here} />
                    <button type="submit" className={button}>
                      {n.threadMuted ? "Notify me again" : "Stop notifying me"}
                      <span className="sr-only"> about this thread</span>
                    </button>
                  </form>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      {older ? (
        <p className="mt-4">
          <a href={`/notifications?before=${older}`} className="underline">
            Older notifications
          </a>
        </p>
      ) : null}
    </div>
  );
}
