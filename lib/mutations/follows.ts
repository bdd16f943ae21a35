import { z } from "zod";
import {
  addMutedWord,
  countMutedWords,
  countTopicChoices,
  deleteFeedToken,
  getTopicChoice,
  hasMutedWord,
  removeMutedWord,
  replaceFeedToken,
  setTopicChoice,
  type TopicKind,
  topicIdBySlug,
} from "@/db/queries/follows";
import { isValidSlug } from "@/lib/articles/slug";
import { ensureAuthSecret } from "@/lib/auth/secret";
import { defineMutation, GuardError } from "@/lib/mutations/guard";
import { feedTokenFor, hashFeedToken, newFeedNonce } from "../reader/feed-token";
import { MAX_MUTED_WORDS, MAX_TOPIC_CHOICES, normaliseMutedWord } from "../reader/mutes";

// Follow, mute and the My feed link. Every row written is keyed by actor.id: a reader can only ever
// change their own choices, so ownership holds by construction, as for bookmarks. None of these bump a
// cache tag: no shared copy shows a reader's choices (lib/page-cache/README.md, "Follow and mute").

const kindField = z.enum(["tag", "source"], { error: "Choose a tag or an outlet." });
const slugField = z
  .string({ error: "Missing tag or outlet." })
  .refine(isValidSlug, "That tag or outlet does not exist.");

const KIND_NAME: Record<TopicKind, string> = { tag: "tag", source: "outlet" };

async function requireTopic(db: Parameters<typeof topicIdBySlug>[0], kind: TopicKind, slug: string) {
  const topic = await topicIdBySlug(db, { kind, slug });
  if (!topic) throw new GuardError("not_found", `That ${KIND_NAME[kind]} no longer exists.`);
  return topic;
}

/**
 * Follow, mute, or neither ("none" undoes either), for one tag or outlet. Following a muted topic
 * unmutes it and muting a followed one unfollows it: one row per topic (db/schema.ts `readerTags`).
 */
export const setTopic = defineMutation({
  name: "topic.set",
  role: "user",
  input: z.object({
    kind: kindField,
    slug: slugField,
    choice: z.enum(["follow", "mute", "none"], { error: "Choose follow, mute or neither." }),
  }),
  authorize: async ({ db, actor, input }) => {
    await requireTopic(db, input.kind, input.slug);
    if (input.choice === "none") return;
    const current = await getTopicChoice(db, { userId: actor.id, kind: input.kind, slug: input.slug });
    if (current === input.choice) return;
    const n = await countTopicChoices(db, { userId: actor.id, kind: input.kind, choice: input.choice });
    if (n >= MAX_TOPIC_CHOICES)
      throw new GuardError(
        "conflict",
        `You can ${input.choice} at most ${MAX_TOPIC_CHOICES} ${KIND_NAME[input.kind]}s. Remove one on your account page first.`,
      );
  },
  run: async ({ db, actor, input, now }) => {
    const topic = await requireTopic(db, input.kind, input.slug);
    const choice = input.choice === "none" ? null : input.choice;
    await setTopicChoice(db, { userId: actor.id, kind: input.kind, topicId: topic.id, choice, now });
    return { kind: input.kind, slug: input.slug, name: topic.name, choice };
  },
});

const mutedWordField = z
  .string({ error: "Type a word or phrase to mute." })
  .max(200, "A muted word must be at most 40 characters.")
  .transform((raw, ctx) => {
    const r = normaliseMutedWord(raw);
    if ("error" in r) {
      ctx.addIssue({ code: "custom", message: r.error });
      return z.NEVER;
    }
    return r.word;
  });

export const muteWord = defineMutation({
  name: "mute.word.add",
  role: "user",
  input: z.object({ word: mutedWordField }),
  authorize: async ({ db, actor, input }) => {
    if (await hasMutedWord(db, { userId: actor.id, word: input.word }))
      throw new GuardError("conflict", `You already mute “${input.word}”.`);
    if ((await countMutedWords(db, { userId: actor.id })) >= MAX_MUTED_WORDS)
      throw new GuardError("conflict", `You can mute at most ${MAX_MUTED_WORDS} words. Remove one first.`);
  },
  run: async ({ db, actor, input, now }) => {
    await addMutedWord(db, { userId: actor.id, word: input.word, now });
    return { word: input.word };
  },
});

export const unmuteWord = defineMutation({
  name: "mute.word.remove",
  role: "user",
  // The stored form is what the remove button sends, but normalising again makes a hand-typed one work.
  input: z.object({ word: mutedWordField }),
  authorize: async ({ db, actor, input }) => {
    if (!(await hasMutedWord(db, { userId: actor.id, word: input.word })))
      throw new GuardError("not_found", `You do not mute “${input.word}”.`);
  },
  run: async ({ db, actor, input }) => {
    await removeMutedWord(db, { userId: actor.id, word: input.word });
    return { word: input.word };
  },
});

/** Makes (or remakes) the secret My feed link; the previous one stops working in the same write. */
export const renewFeedToken = defineMutation({
  name: "feed.token.renew",
  role: "user",
  input: z.object({}),
  run: async ({ db, actor, now }) => {
    const nonce = newFeedNonce();
    const token = feedTokenFor(ensureAuthSecret(), actor.id, nonce);
    await replaceFeedToken(db, { userId: actor.id, nonce, tokenHash: hashFeedToken(token), now });
    return { token };
  },
});

/** Turns the private RSS link off without making another (a reader who no longer wants one). */
export const revokeFeedToken = defineMutation({
  name: "feed.token.revoke",
  role: "user",
  input: z.object({}),
  run: async ({ db, actor }) => await deleteFeedToken(db, { userId: actor.id }),
});
