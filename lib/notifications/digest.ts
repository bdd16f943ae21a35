import { type Db, transaction } from "@/db";
import {
  claimDigest,
  digestCursor,
  finishDigest,
  listDigestCandidates,
  listUnfinishedDigests,
  type NotificationItem,
  unreadSince,
} from "@/db/queries/notifications";
import { makeExcerpt } from "@/lib/articles/text";
import type { MailMessage } from "../mail/messages";
import { SITE_NAME } from "../site";
import { notificationHref, notificationSentence } from "./notify";
import { unsubscribeToken } from "./unsubscribe-token";

/** At most this many notifications are written out in one mail; the rest are counted. */
export const DIGEST_ITEMS = 20;

export type DigestRun = { sent: number; failed: number; alreadySent: number; nothingNew: number; unfinished: number };

/** The UTC calendar day a digest belongs to: one per reader per day. */
export function digestDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export function digestMail({
  name,
  items,
  total,
  origin,
  unsubscribeUrl,
}: {
  name: string;
  items: NotificationItem[];
  total: number;
  origin: string;
  unsubscribeUrl: string;
}): MailMessage {
  const lines = items.flatMap((n) => [
    `- ${notificationSentence(n)}:`,
    `  “${makeExcerpt(n.body, 160)}”`,
    `  ${origin}${notificationHref(n)}`,
    "",
  ]);
  const more = total - items.length;
  return {
    subject: `${SITE_NAME}: ${total === 1 ? "1 new notification" : `${total} new notifications`}`,
    text: [
      `Hello ${name},`,
      "",
      `Since your last digest, on ${SITE_NAME}:`,
      "",
      ...lines,
      ...(more > 0 ? [`…and ${more} more.`, ""] : []),
      `All your notifications: ${origin}/notifications`,
      "",
      `You get this once a day because you asked for it on ${origin}/account.`,
      `To stop these emails (no sign-in needed): ${unsubscribeUrl}`,
    ].join("\n"),
    headers: { "List-Unsubscribe": `<${unsubscribeUrl}>` },
  };
}

/**
 * Sends every digest that is due: each reader who chose it, at most once per UTC day, with the unread
 * notifications that arrived since their last digest, and nothing at all when there are none.
 *
 * Each digest is claimed in the database (unique per reader and day) before its mail goes out and marked
 * sent after, so two runs at once, a rerun, or a run after a crash never send one twice. The price: a crash
 * between the claim and the send loses that day's mail, and the next run says so.
 */
export async function sendDueDigests(
  db: Db,
  {
    now = new Date(),
    origin,
    secret,
    send,
    log = () => {},
  }: {
    now?: Date;
    origin: string;
    secret: string;
    send: (to: string, message: MailMessage) => Promise<void>;
    log?: (line: string) => void;
  },
): Promise<DigestRun> {
  const day = digestDay(now);
  const run: DigestRun = { sent: 0, failed: 0, alreadySent: 0, nothingNew: 0, unfinished: 0 };
  const stuck = await listUnfinishedDigests(db, { before: new Date(now.getTime() - 10 * 60_000) });
  for (const d of stuck)
    log(`digest ${d.id} (reader ${d.userId}, ${d.day}) was claimed but never confirmed sent: not sent again`);
  run.unfinished = stuck.length;

  for (const reader of await listDigestCandidates(db, { day })) {
    const claim = await transaction(db, async (tx) => {
      const afterId = await digestCursor(tx, { userId: reader.userId });
      const unread = await unreadSince(tx, { userId: reader.userId, afterId, limit: DIGEST_ITEMS });
      if (unread.total === 0) return "nothing" as const;
      const id = await claimDigest(tx, {
        userId: reader.userId,
        day,
        upToId: unread.newestId,
        count: unread.total,
        now,
      });
      return id === null ? ("taken" as const) : { id, ...unread };
    });
    if (claim === "nothing") {
      run.nothingNew += 1;
      continue;
    }
    if (claim === "taken") {
      run.alreadySent += 1;
      continue;
    }
    const unsubscribeUrl = `${origin}/notifications/unsubscribe/${unsubscribeToken(reader.userId, secret)}`;
    const message = digestMail({ name: reader.name, items: claim.items, total: claim.total, origin, unsubscribeUrl });
    try {
      await send(reader.email, message);
      await transaction(db, (tx) => finishDigest(tx, { id: claim.id, ok: true, now: new Date() }));
      run.sent += 1;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // Refused by the mail server: recorded, not retried today; its notifications stay for tomorrow's.
      await transaction(db, (tx) => finishDigest(tx, { id: claim.id, ok: false, error: reason, now: new Date() }));
      log(`digest for reader ${reader.userId} failed: ${reason}`);
      run.failed += 1;
    }
  }
  return run;
}
