"use server";

// The notification writes as server actions. In a file of their own (not app/(reader)/actions.ts) so
// that features built at the same time do not collide in one file; the same guard, the same rules.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/lib/auth/request";
import {
  markAllNotificationsRead,
  muteNotificationThread,
  setNotificationDigest,
  unsubscribeDigest,
} from "@/lib/mutations";
import type { ActionState } from "@/lib/mutations/guard";
import { runMutation } from "@/lib/mutations/run-action";

function back(form: FormData): string {
  const to = form.get("returnTo");
  return safeCallbackUrl(typeof to === "string" && to.startsWith("/notifications") ? to : "/notifications");
}

/** "Mark all read": a plain form post, back to the list (with or without JavaScript). */
export async function markAllReadAction(form: FormData) {
  const result = await runMutation(markAllNotificationsRead, form);
  if (!result.ok && result.state.code === "unauthenticated") redirect("/signin?callbackUrl=%2Fnotifications");
  redirect(back(form));
}

/** "Stop notifying me" about a thread, and "Resume". */
export async function muteThreadAction(form: FormData) {
  const result = await runMutation(muteNotificationThread, form);
  if (!result.ok && result.state.code === "unauthenticated") redirect("/signin?callbackUrl=%2Fnotifications");
  redirect(back(form));
}

export async function digestAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const result = await runMutation(setNotificationDigest, form);
  if (!result.ok) {
    if (result.state.code === "unauthenticated") redirect("/signin?callbackUrl=%2Faccount");
    return result.state;
  }
  revalidatePath("/account");
  return {
    status: "ok",
    message: result.value.digest ? "You will get a daily digest." : "No more digests.",
  };
}

/** The digest mail's unsubscribe link, signed out: the token is the permission. */
export async function unsubscribeAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const result = await runMutation(unsubscribeDigest, form);
  if (!result.ok) return result.state;
  return { status: "ok", message: "Done: you will get no more digest emails. Nothing else changed." };
}
