import "server-only";
import { readerStateForArticles } from "@/db/queries/bookmarks";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/mutations/guard";

/** What a reader's own state adds to a page of cards: saved stories and how far they read each. */
export type ReaderState = { signedIn: boolean; saved: Set<number>; progress: Map<number, number> };

export async function readerState(actor: Actor | null, articleIds: number[]): Promise<ReaderState> {
  if (!actor) return { signedIn: false, saved: new Set(), progress: new Map() };
  return { signedIn: true, ...(await readerStateForArticles(getDb(), { userId: actor.id, articleIds })) };
}
