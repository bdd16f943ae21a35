"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/auth";
import { getDb } from "@/db";
import { createUser, getUserByEmail } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { clientIp, safeCallbackUrl } from "@/lib/auth/request";
import { isModeratorEmail } from "@/lib/auth/session-token";
import { beginSignUp, peekSignIn, signUpRevealedAccount } from "@/lib/auth/throttle";
import { type ActionState, executeMutation, formDataToObject } from "@/lib/guard";
import { displayName, passwordField, toggleBookmark } from "@/lib/mutations/readers";
import { retryMessage } from "@/lib/rate-limit";

const emailField = z
  .string({ error: "Email is required." })
  .trim()
  .max(254, "That email is too long.")
  .pipe(z.email("Enter a valid email address."));

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
function completeIntent(email: string, intent: string | undefined) {
  const m = /^bookmark:(\d{1,12})$/.exec(intent ?? "");
  if (!m) return;
  const user = getUserByEmail(getDb(), { email });
  if (!user) return;
  const actor = { id: user.id, email: user.email, name: user.name, isModerator: isModeratorEmail(user.email) };
  executeMutation(getDb(), toggleBookmark, actor, { articleId: m[1], saved: "true" });
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
  const over = peekSignIn(getDb(), ip, email);
  if (!over.ok)
    return {
      status: "error",
      code: "rate_limited",
      message: retryMessage(over.retryAfterSeconds),
      values: typed(form),
    };
  const failed = await signInWithPassword(email, password);
  if (failed) return { ...failed, values: typed(form) };
  completeIntent(email, intent);
  redirect(safeCallbackUrl(callbackUrl));
}

export async function signUpAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = signUpSchema.safeParse(formDataToObject(form));
  if (!parsed.success) return invalid(parsed.error, form);
  const { name, email, password, callbackUrl, intent } = parsed.data;
  const db = getDb();
  const ip = clientIp(await headers());
  const limit = beginSignUp(db, ip, email);
  if (!limit.ok)
    return {
      status: "error",
      code: "rate_limited",
      message: retryMessage(limit.retryAfterSeconds),
      values: typed(form),
    };
  const user = createUser(db, { email, name, passwordHash: await hashPassword(password) });
  if (!user) {
    signUpRevealedAccount(db, ip);
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
  completeIntent(email, intent);
  redirect(safeCallbackUrl(callbackUrl));
}

export async function signOutAction(form: FormData) {
  await signOut({ redirectTo: safeCallbackUrl(form.get("callbackUrl")) });
}

export async function signInWithGitHub(form: FormData) {
  await signIn("github", { redirectTo: safeCallbackUrl(form.get("callbackUrl")) });
}
