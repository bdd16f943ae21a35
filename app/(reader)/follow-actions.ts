"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/lib/auth/request";
import { muteWord, renewFeedToken, revokeFeedToken, setTopic, unmuteWord } from "@/lib/mutations";
import type { ActionState, GuardResult } from "@/lib/mutations/guard";
import { runMutation } from "@/lib/mutations/run-action";

// Follow, mute and the My feed link (issue 18, part 2). Each is a plain form post without JavaScript
// (the *FormAction variants redirect back) and an inline result with it.

function back(form: FormData, fallback: string): string {
  const r = form.get("returnTo");
  return safeCallbackUrl(typeof r === "string" && r ? r : fallback);
}

/**
 * Back to the page the form came from, rendered afresh. The redirect alone is not enough with
 * JavaScript: a redirect to the same page (only the #fragment differs) is a scroll for the client
 * router, which would keep showing the old lists.
 */
function backFresh(form: FormData, fallback: string, hash = ""): never {
  const to = back(form, fallback);
  revalidatePath(to.split("#")[0] ?? "/");
  redirect(`${to}${hash}`);
}

function stateOf<R>(result: GuardResult<R>, form: FormData, ok: string, fallback: string): ActionState {
  if (result.ok) return { status: "ok", message: ok };
  if (result.state.code === "unauthenticated")
    redirect(`/signin?callbackUrl=${encodeURIComponent(back(form, fallback))}`);
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !k.startsWith("$")) values[k] = v;
  return { ...result.state, values };
}

const TOPIC_DONE: Record<string, string> = {
  follow: "Following. Its stories are in My feed.",
  mute: "Muted. Its stories are hidden from your lists.",
  none: "Done.",
};

export async function topicAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const result = await runMutation(setTopic, form);
  return stateOf(result, form, TOPIC_DONE[String(form.get("choice"))] ?? "Done.", "/");
}

/** The same as a plain form post: back to the page it came from, which now renders the new choice. */
export async function topicFormAction(form: FormData) {
  await topicAction({ status: "idle" }, form);
  backFresh(form, "/");
}

export async function muteWordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const result = await runMutation(muteWord, form);
  // The action's answer carries the page again, with the new word in the list.
  if (result.ok) revalidatePath("/account");
  return stateOf(result, form, result.ok ? `Muted “${result.value.word}”.` : "", "/account");
}

export async function unmuteWordFormAction(form: FormData) {
  await runMutation(unmuteWord, form);
  backFresh(form, "/account");
}

export async function renewFeedTokenFormAction(form: FormData) {
  await runMutation(renewFeedToken, {});
  backFresh(form, "/account", "#my-feed-link");
}

export async function revokeFeedTokenFormAction(form: FormData) {
  await runMutation(revokeFeedToken, {});
  backFresh(form, "/account", "#my-feed-link");
}
