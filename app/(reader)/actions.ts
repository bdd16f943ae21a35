"use server";

import { revalidatePath } from "next/cache";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { signOut } from "@/auth";
import { commentArticleSlug, locateComment } from "@/db/queries/comments";
import { getUserById } from "@/db/queries/users";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { safeCallbackUrl } from "@/lib/auth/request";
import { getActor } from "@/lib/auth/session";
import { commentHref, commentOrderOf, pageOfThread } from "@/lib/comments/thread";
import { getDb } from "@/lib/db";
import {
  changePassword,
  deleteAccount,
  deleteOwnComment,
  editOwnComment,
  moderate,
  postComment,
  renameAccount,
  reportOthersComment,
  toggleBookmark,
} from "@/lib/mutations";
import type { ActionState, GuardResult } from "@/lib/mutations/guard";
import { passwordField } from "@/lib/mutations/readers";
import { runMutation } from "@/lib/mutations/run-action";

/** Where the form came from, for redirects after a no-JavaScript post. Same-site paths only. */
async function returnPath(form: FormData): Promise<string> {
  const explicit = form.get("returnTo");
  if (typeof explicit === "string") return safeCallbackUrl(explicit);
  const referer = (await headers()).get("referer");
  if (!referer) return "/";
  try {
    const u = new URL(referer);
    return safeCallbackUrl(`${u.pathname}${u.search}`);
  } catch {
    return "/";
  }
}

async function toState<R>(result: GuardResult<R>, form: FormData, okMessage?: string): Promise<ActionState> {
  if (result.ok) {
    revalidatePath(await returnPath(form));
    return { status: "ok", message: okMessage };
  }
  if (result.state.code === "unauthenticated") {
    redirect(`/signin?callbackUrl=${encodeURIComponent(await returnPath(form))}`);
  }
  const values: Record<string, string> = {};
  for (const [k, v] of form.entries())
    if (typeof v === "string" && !k.startsWith("$") && !/password/i.test(k)) values[k] = v;
  return { ...result.state, values };
}

export async function postCommentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const result = await runMutation(postComment, form);
  // A new top-level comment can land on another page of the thread than the one it was written on (the
  // last, oldest first): then take its author to it. A reply stays in the thread the reader is on.
  if (result.ok && result.value.parentId === null) {
    const { id, articleId } = result.value;
    const db = getDb();
    const order = commentOrderOf((await cookies()).get("comment_order")?.value);
    const showHidden = (await getActor())?.isModerator === true;
    const [at, slug] = await Promise.all([
      locateComment(db, { articleId, order, showHidden, commentId: id }),
      commentArticleSlug(db, { commentId: id }),
    ]);
    if (at && slug && pageOfThread(at.threadsBefore) !== Number(form.get("commentPage") ?? 1)) {
      revalidatePath(`/articles/${slug}`);
      redirect(commentHref({ articleSlug: slug, commentId: id }));
    }
  }
  return toState(result, form, "Comment posted.");
}

export async function editCommentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return toState(await runMutation(editOwnComment, form), form, "Comment updated.");
}

export async function deleteCommentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return toState(await runMutation(deleteOwnComment, form), form, "Comment deleted.");
}

export async function reportCommentAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return toState(await runMutation(reportOthersComment, form), form, "Thanks. A moderator will look at it.");
}

export async function moderateAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return toState(await runMutation(moderate, form), form, "Done.");
}

/**
 * Bookmark toggle. Used as a plain form post (no JavaScript: we redirect back) and from the
 * optimistic button (it reads the returned state and rolls back on error).
 */
export async function bookmarkAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const result = await runMutation(toggleBookmark, form);
  if (!result.ok && result.state.code === "unauthenticated") {
    const articleId = String(form.get("articleId") ?? "");
    const back = await returnPath(form);
    redirect(`/signin?${new URLSearchParams({ callbackUrl: back, intent: `bookmark:${articleId}` })}`);
  }
  return toState(result, form, result.ok ? (result.value.saved ? "Saved." : "Removed.") : undefined);
}

/** The same toggle as a plain form post, for readers without JavaScript: back to the page it came from. */
export async function bookmarkFormAction(form: FormData) {
  await bookmarkAction({ status: "idle" }, form);
  redirect(await returnPath(form));
}

export async function renameAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return toState(await runMutation(renameAccount, form), form, "Display name updated.");
}

export async function changePasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const actor = await getActor();
  if (!actor) redirect("/signin?callbackUrl=/account");
  const user = await getUserById(getDb(), { id: actor.id });
  const current = String(form.get("currentPassword") ?? "");
  const next = passwordField.safeParse(form.get("newPassword"));
  if (!next.success) {
    const message = next.error.issues[0]?.message ?? "Invalid password.";
    return { status: "error", code: "invalid", message, fieldErrors: { newPassword: [message] } };
  }
  if (!(await verifyPassword(user?.passwordHash, current))) {
    const message = "Your current password is not correct.";
    return { status: "error", code: "forbidden", message, fieldErrors: { currentPassword: [message] } };
  }
  const result = await runMutation(changePassword, { passwordHash: await hashPassword(next.data), verified: true });
  if (!result.ok) return result.state;
  // Other sessions are now invalid; this one too, so sign in again with the new password. The sign-in
  // page says why the reader is there.
  await signOut({ redirectTo: "/signin?callbackUrl=/account&notice=password-changed" });
  return { status: "ok" };
}

export async function deleteAccountAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const actor = await getActor();
  if (!actor) redirect("/signin?callbackUrl=/account");
  const user = await getUserById(getDb(), { id: actor.id });
  // OAuth-only accounts have no password; for them typing DELETE is the confirmation.
  if (user?.passwordHash && !(await verifyPassword(user.passwordHash, String(form.get("password") ?? "")))) {
    const message = "Your password is not correct.";
    return { status: "error", code: "forbidden", message, fieldErrors: { password: [message] } };
  }
  const result = await runMutation(deleteAccount, { confirm: form.get("confirm"), verified: true });
  if (!result.ok) return result.state;
  await signOut({ redirectTo: "/account/deleted" });
  return { status: "ok" };
}

export async function setCommentOrderAction(form: FormData) {
  const order = form.get("order") === "newest" ? "newest" : "oldest";
  // A preference, not account data: a cookie works for anonymous readers too.
  (await cookies()).set("comment_order", order, { path: "/", maxAge: 365 * 86_400, sameSite: "lax", httpOnly: true });
  redirect(`${await returnPath(form)}#comments`);
}
