import Link from "next/link";
import {
  muteWordAction,
  renewFeedTokenFormAction,
  revokeFeedTokenFormAction,
  topicFormAction,
  unmuteWordFormAction,
} from "@/app/(reader)/follow-actions";
import { ActionForm } from "@/components/ActionForm";
import { getFeedToken, getReaderChoices, type Topic, type TopicKind } from "@/db/queries/follows";
import { ensureAuthSecret } from "@/lib/auth/secret";
import { getDb } from "@/lib/db";
import { feedTokenFor, myFeedUrl } from "@/lib/reader/feed-token";
import { MAX_MUTED_WORDS, MUTED_WORD_MAX } from "@/lib/reader/mutes";

const section = "space-y-3 rounded border border-border bg-surface p-4";
const smallButton = "rounded border border-border px-2 py-0.5 text-sm hover:border-fg";
const RETURN = "/account#follow-mute";

function TopicRow({ kind, topic, action }: { kind: TopicKind; topic: Topic; action: "Unfollow" | "Unmute" }) {
  const href = kind === "tag" ? `/tags/${topic.slug}` : `/sources/${topic.slug}`;
  const label = kind === "tag" ? `#${topic.name}` : topic.name;
  return (
    <li className="flex items-center justify-between gap-3 py-1">
      <Link href={href} prefetch={false} className="underline">
        {label}
      </Link>
      <form action={topicFormAction}>
        <input type="hidden" name="kind" value={kind} />
        <input type="hidden" name="slug" value={topic.slug} />
        <input type="hidden" name="choice" value="none" />
        <input type="hidden" name="returnTo" value={RETURN} />
        <button type="submit" className={smallButton}>
          {action}
          <span className="sr-only"> {label}</span>
        </button>
      </form>
    </li>
  );
}

function TopicList({
  title,
  tags,
  sources,
  action,
  empty,
}: {
  title: string;
  tags: Topic[];
  sources: Topic[];
  action: "Unfollow" | "Unmute";
  empty: string;
}) {
  return (
    <div>
      <h3 className="font-semibold">{title}</h3>
      {tags.length + sources.length === 0 ? (
        <p className="text-sm text-muted">{empty}</p>
      ) : (
        <ul aria-label={title} className="divide-y divide-border">
          {tags.map((t) => (
            <TopicRow key={`t-${t.slug}`} kind="tag" topic={t} action={action} />
          ))}
          {sources.map((s) => (
            <TopicRow key={`s-${s.slug}`} kind="source" topic={s} action={action} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** /account: what the reader follows and mutes, their muted words, and the private My feed RSS link. */
export async function FollowMuteSettings({ userId }: { userId: number }) {
  const db = getDb();
  const choices = await getReaderChoices(db, { userId });
  const token = await getFeedToken(db, { userId });
  const feedUrl = token ? myFeedUrl(feedTokenFor(ensureAuthSecret(), userId, token.nonce)) : null;
  return (
    <section id="follow-mute" aria-labelledby="follow-mute-heading" className={section}>
      <h2 id="follow-mute-heading" className="text-lg font-semibold">
        Follow and mute
      </h2>
      <p className="text-sm text-muted">
        Follow or mute a tag or an outlet with the buttons on its page. What you follow makes up{" "}
        <Link href="/my" prefetch={false} className="underline">
          My feed
        </Link>
        ; what you mute leaves your front page, tag and outlet pages and My feed. Search still finds it, and says how
        many results it hid.
      </p>

      <TopicList
        title="Following"
        tags={choices.followedTags}
        sources={choices.followedSources}
        action="Unfollow"
        empty="Nothing yet."
      />
      <TopicList
        title="Muted tags and outlets"
        tags={choices.mutedTags}
        sources={choices.mutedSources}
        action="Unmute"
        empty="Nothing muted."
      />

      <div className="space-y-2">
        <h3 className="font-semibold">Muted words</h3>
        <p className="text-sm text-muted">
          A story is hidden when its title or summary contains the word as a whole word, in any case and with or without
          accents, or its plural (“election” also hides “elections”; “cat” does not hide “category”). A phrase matches
          its words in order. Up to {MAX_MUTED_WORDS} words of at most {MUTED_WORD_MAX} characters.
        </p>
        {choices.mutedWords.length > 0 ? (
          <ul aria-label="Muted words" className="flex flex-wrap gap-2">
            {choices.mutedWords.map((w) => (
              <li
                key={w}
                className="flex items-center gap-1 rounded-full border border-border py-0.5 pr-1 pl-3 text-sm"
              >
                {w}
                <form action={unmuteWordFormAction}>
                  <input type="hidden" name="word" value={w} />
                  <input type="hidden" name="returnTo" value={RETURN} />
                  <button type="submit" className="rounded-full px-1.5 hover:bg-bg" aria-label={`Unmute “${w}”`}>
                    ×
                  </button>
                </form>
              </li>
            ))}
          </ul>
        ) : null}
        <ActionForm action={muteWordAction} hidden={{ returnTo: RETURN }} submitLabel="Mute word">
          <label htmlFor="mute-word" className="block text-sm font-medium">
            Word or phrase to mute ({choices.mutedWords.length} of {MAX_MUTED_WORDS})
          </label>
          <input
            id="mute-word"
            name="word"
            required
            maxLength={MUTED_WORD_MAX}
            autoComplete="off"
            className="w-full rounded border border-border bg-bg px-3 py-2"
          />
        </ActionForm>
      </div>

      <div id="my-feed-link" className="space-y-2">
        <h3 className="font-semibold">My feed as RSS</h3>
        <p className="text-sm text-muted">
          A private address for any feed reader. Anyone who has it can read your feed (not your account), so keep it to
          yourself; making a new one turns the old one off at once, and so does changing your password.
        </p>
        {feedUrl ? (
          <>
            <label htmlFor="my-feed-url" className="block text-sm font-medium">
              Your private feed address
            </label>
            <input
              id="my-feed-url"
              readOnly
              value={feedUrl}
              className="w-full rounded border border-border bg-bg px-3 py-2 font-mono text-sm"
            />
          </>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <form action={renewFeedTokenFormAction}>
            <input type="hidden" name="returnTo" value="/account" />
            <button type="submit" className="rounded border border-border px-3 py-1.5 text-sm font-semibold">
              {feedUrl ? "Create new link" : "Create a private RSS link"}
            </button>
          </form>
          {feedUrl ? (
            <form action={revokeFeedTokenFormAction}>
              <input type="hidden" name="returnTo" value="/account" />
              <button type="submit" className="rounded border border-border px-3 py-1.5 text-sm">
                Turn off
              </button>
            </form>
          ) : null}
        </div>
      </div>
    </section>
  );
}
