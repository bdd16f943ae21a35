import "server-only";
import { getReaderChoices, type ReaderChoices, type TopicChoice, type TopicKind } from "@/db/queries/follows";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/mutations/guard";
import { mutesOf } from "./lists";
import type { Mutes } from "./mutes";

/** What a list page needs to know about its reader's follows and mutes (nothing for a visitor). */
export async function readerChoicesFor(actor: Actor | null): Promise<{ choices: ReaderChoices | null; mutes: Mutes }> {
  const choices = actor ? await getReaderChoices(getDb(), { userId: actor.id }) : null;
  return { choices, mutes: mutesOf(choices) };
}

/** The reader's choice about one tag or outlet, from their loaded choices. */
export function topicChoiceIn(choices: ReaderChoices | null, kind: TopicKind, slug: string): TopicChoice | null {
  if (!choices) return null;
  const [followed, muted] =
    kind === "tag" ? [choices.followedTags, choices.mutedTags] : [choices.followedSources, choices.mutedSources];
  if (followed.some((t) => t.slug === slug)) return "follow";
  if (muted.some((t) => t.slug === slug)) return "mute";
  return null;
}
