"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { after } from "next/server";
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/auth";
import { transaction } from "@/db";
import { getLiveAccountToken } from "@/db/queries/account-tokens";
import { createUser, getUserByEmail } from "@/db/queries/users";
import { accountTokenField, hashAccountToken, resetLink, signupLink } from "@/lib/auth/account-tokens";
import { hashPassword } from "@/lib/auth/password";
import { clientIp, safeCallbackUrl } from "@/lib/auth/request";
import { isModeratorEmail } from "@/lib/auth/session-token";
import { beginPasswordReset, beginSignUp, peekSignIn, signUpRevealedAccount } from "@/lib/auth/throttle";
import { getDb } from "@/lib/db";
import { mailConfigured } from "@/lib/mail/config";
import { passwordResetMail, signupAttemptMail, signupLinkMail } from "@/lib/mail/messages";
import { sendMailQuietly } from "@/lib/mail/send";
import {
  completePasswordReset,
  confirmSignup,
  emailField,
  requestPasswordReset,
  requestSignup,
} from "@/lib/mutations/accounts";
import { type ActionState, executeMutation, formDataToObject } from "@/lib/mutations/guard";
import { displayName, passwordField, toggleBookmark } from "@/lib/mutations/readers";
import { runMutation } from "@/lib/mutations/run-action";
import { retryMessage } from "@/lib/security/rate-limit";
import { absoluteUrl } from "@/lib/site";

const signInSchema = z.object({
  email: emailField,
  password: z.string().min(1, "Enter your password.").max(200, "Email or password is incorrect."),
  callbackUrl: z.string().optional(),
  intent: z.string().optional(),
});

const signUpSchema = z.object({
  name: displayName,
  email: emailField,
  password: passwordField,
  callbackUrl: z.string().optional(),
  intent: z.string().optional(),
});

/** The non-secret fields, echoed back so a refused form keeps what the reader typed. */
function typed(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ["name", "email"]) {
    const v = form.get(key);
    if (typeof v === "string") out[key] = v.slice(0, 300);
  }
  return out;
}

function rateLimited(retryAfterSeconds: number, form: FormData): ActionState {
  return { status: "error", code: "rate_limited", message: retryMessage(retryAfterSeconds), values: typed(form) };
}

function invalid(error: z.ZodError, form: FormData): ActionState {
  const fieldErrors = z.flattenError(error).fieldErrors as Record<string, string[]>;
  return {
    status: "error",
    code: "invalid",
    message: "Please correct the highlighted fields.",
    fieldErrors,
    values: typed(form),
  };
}

/**
 * Finishes what the reader was doing when sign-in interrupted them (e.g. "bookmark:42"). It runs
 * through the same guard as every other write, as the reader who just proved who they are.
 */
async function completeIntent(email: string, intent: string | undefined) {
  const m = /^bookmark:(\d{1,12})$/.exec(intent ?? "");
  if (!m) return;
  const user = await getUserByEmail(getDb(), { email });
  if (!user) return;
  const actor = { id: user.id, email: user.email, name: user.name, isModerator: isModeratorEmail(user.email) };
  await executeMutation(getDb(), toggleBookmark, actor, { articleId: m[1], saved: "true" });
}

async function signInWithPassword(email: string, password: string): Promise<ActionState | null> {
  try {
    await signIn("credentials", { email, password, redirect: false });
    return null;
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return { status: "error", code: "unauthenticated", message: "Email or password is incorrect." };
    }
    throw error;
  }
}

export async function signInAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = signInSchema.safeParse(formDataToObject(form));
  if (!parsed.success) return invalid(parsed.error, form);
  const { email, password, callbackUrl, intent } = parsed.data;
  // The limit is counted inside authorize(); here we only look, to give a clear message up front.
  const ip = clientIp(await headers());
  const over = await peekSignIn(getDb(), ip, email);
  if (!over.ok) return rateLimited(over.retryAfterSeconds, form);
  const failed = await signInWithPassword(email, password);
  if (failed) return { ...failed, values: typed(form) };
  await completeIntent(email, intent);
  redirect(safeCallbackUrl(callbackUrl));
}

export async function signUpAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = signUpSchema.safeParse(formDataToObject(form));
  if (!parsed.success) return invalid(parsed.error, form);
  const { name, email, password, callbackUrl, intent } = parsed.data;
  const db = getDb();
  const ip = clientIp(await headers());
  const limit = await beginSignUp(db, ip, email);
  if (!limit.ok) return rateLimited(limit.retryAfterSeconds, form);
  if (mailConfigured()) return signUpByMail({ name, email, passwordHash: await hashPassword(password) });
  const passwordHash = await hashPassword(password);
  const user = await transaction(db, (tx) => createUser(tx, { email, name, passwordHash }));
  if (!user) {
    await signUpRevealedAccount(db, ip);
    return {
      status: "error",
      code: "conflict",
      message: "That email already has an account. Sign in instead.",
      fieldErrors: { email: ["That email already has an account."] },
      values: typed(form),
    };
  }
  const failed = await signInWithPassword(email, password);
  if (failed) return failed;
  await completeIntent(email, intent);
  redirect(safeCallbackUrl(callbackUrl));
}

export async function signOutAction(form: FormData) {
  await signOut({ redirectTo: safeCallbackUrl(form.get("callbackUrl")) });
}

export async function signInWithGitHub(form: FormData) {
  await signIn("github", { redirectTo: safeCallbackUrl(form.get("callbackUrl")) });
}

/**
 * With outgoing mail, sign-up no longer says whether an address is taken: the same answer follows
 * either way, a new address gets a link that creates the account, and an address that already has one
 * gets a notice instead. Mail goes out after the response, so its timing tells nothing either.
 */
async function signUpByMail(input: { name: string; email: string; passwordHash: string }): Promise<ActionState> {
  const result = await runMutation(requestSignup, { ...input, verified: true });
  if (!result.ok) return { ...result.state, values: { name: input.name, email: input.email } };
  const outcome = result.value;
  after(() =>
    outcome.kind === "new"
      ? sendMailQuietly(outcome.email, signupLinkMail({ link: signupLink(outcome.token) }))
      : sendMailQuietly(
          outcome.email,
          signupAttemptMail({
            name: outcome.name,
            signinLink: absoluteUrl("/signin"),
            resetLink: absoluteUrl("/reset"),
          }),
        ),
  );
  return {
    status: "ok",
    message: `Check your inbox: we have sent a message to ${input.email}. Follow its link within an hour to finish.`,
  };
}

/** Finishes a sign-up from the mailed link (a POST from the confirm page: mail scanners only GET). */
export async function confirmSignupAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const result = await runMutation(confirmSignup, formDataToObject(form));
  if (!result.ok) return result.state;
  redirect("/signin?notice=account-created");
}

const RESET_SENT =
  "If an account uses that address, we have sent it a link to choose a new password. The link works for an hour.";

/**
 * Asks for a reset link. The answer is the same whether or not the address has an account, and the
 * mail is sent after the response, so neither the words nor the timing say which.
 */
export async function requestResetAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = z.object({ email: emailField }).safeParse(formDataToObject(form));
  if (!parsed.success) return invalid(parsed.error, form);
  const { email } = parsed.data;
  if (!mailConfigured())
    return { status: "error", code: "invalid", message: "This site does not send mail. Ask its operator for a link." };
  const limit = await beginPasswordReset(getDb(), clientIp(await headers()), email);
  if (!limit.ok) return rateLimited(limit.retryAfterSeconds, form);
  const result = await runMutation(requestPasswordReset, { email });
  if (!result.ok) return { ...result.state, values: typed(form) };
  const issued = result.value;
  if (issued)
    after(() => sendMailQuietly(issued.email, passwordResetMail({ name: issued.name, link: resetLink(issued.token) })));
  return { status: "ok", message: RESET_SENT };
}

/** Sets the new password from a reset link, which ends every session; then the reader signs in with it. */
export async function completeResetAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const token = accountTokenField.safeParse(form.get("token"));
  const password = passwordField.safeParse(form.get("password"));
  if (!password.success) {
    const message = password.error.issues[0]?.message ?? "Invalid password.";
    return { status: "error", code: "invalid", message, fieldErrors: { password: [message] } };
  }
  // Look before hashing, so a dead link costs no argon2 work; the mutation checks again atomically.
  const live =
    token.success &&
    (await getLiveAccountToken(getDb(), {
      purpose: "password_reset",
      tokenHash: hashAccountToken(token.data),
      now: new Date(),
    }));
  if (!live)
    return {
      status: "error",
      code: "invalid",
      message: "This link has expired or has already been used. Ask for a new one.",
    };
  const result = await runMutation(completePasswordReset, {
    token: form.get("token"),
    passwordHash: await hashPassword(password.data),
    verified: true,
  });
  if (!result.ok) return result.state;
  redirect("/signin?notice=password-reset");
}
