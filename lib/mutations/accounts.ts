// Writes a signed-out visitor can make: ask for a password reset, finish it, and sign up when the site
// sends mail (the account is created only once its owner follows the link sent to the address).
import { z } from "zod";
import {
  getLiveAccountToken,
  insertAccountToken,
  markAccountTokenUsed,
  retireAccountTokens,
} from "@/db/queries/account-tokens";
import { createUser, getUserByEmail, updateUserPassword } from "@/db/queries/users";
import { definePublicMutation, GuardError } from "@/lib/mutations/guard";
import { ACCOUNT_TOKEN_TTL_MS, accountTokenField, hashAccountToken, newAccountToken } from "../auth/account-tokens";
import { displayName } from "./readers";

export const emailField = z
  .string({ error: "Email is required." })
  .trim()
  .max(254, "That email is too long.")
  .pipe(z.email("Enter a valid email address."));

// The action hashes the new password first (argon2 is slow: not inside the write transaction); the mutation only
// accepts what such a hash looks like, and `verified` says the action did its part.
const hashedPassword = { passwordHash: z.string().startsWith("$argon2id$"), verified: z.literal(true) };

const LINK_GONE = "This link has expired or has already been used. Ask for a new one.";

/**
 * Makes a reset link for the account with this email, if there is one. Returns the raw token for the
 * mail (or the operator's command) and stores only its hash. An unknown address returns null and
 * changes nothing; the caller answers the visitor the same way in both cases.
 */
export const requestPasswordReset = definePublicMutation({
  name: "account.reset.request",
  role: "anyone",
  input: z.object({ email: emailField }),
  run: async ({ db, input, now }) => {
    const user = await getUserByEmail(db, { email: input.email });
    if (!user) return null;
    const { token, tokenHash } = newAccountToken();
    await insertAccountToken(db, {
      purpose: "password_reset",
      tokenHash,
      userId: user.id,
      email: user.email,
      now,
      expiresAt: new Date(now.getTime() + ACCOUNT_TOKEN_TTL_MS),
    });
    return { token, email: user.email, name: user.name };
  },
});

/**
 * Sets a new password from a reset link. The link is the proof of ownership, so it must be live; it is
 * used up, with every other reset link of the account, and the session version is bumped (as on a
 * password change), which ends every session signed in before.
 */
export const completePasswordReset = definePublicMutation({
  name: "account.reset.complete",
  role: "anyone",
  input: z.object({ token: accountTokenField, ...hashedPassword }),
  authorize: async ({ db, input, now }) => {
    const live = await getLiveAccountToken(db, {
      purpose: "password_reset",
      tokenHash: hashAccountToken(input.token),
      now,
    });
    if (!live?.userId) throw new GuardError("invalid", LINK_GONE);
  },
  run: async ({ db, input, now }) => {
    const live = await getLiveAccountToken(db, {
      purpose: "password_reset",
      tokenHash: hashAccountToken(input.token),
      now,
    });
    if (!live?.userId || !(await markAccountTokenUsed(db, { id: live.id, now })))
      throw new GuardError("invalid", LINK_GONE);
    await retireAccountTokens(db, { purpose: "password_reset", userId: live.userId, now });
    await updateUserPassword(db, { userId: live.userId, passwordHash: input.passwordHash });
    return { email: live.email };
  },
});

/**
 * Sign-up when the site sends mail. A new address gets a link that creates the account; an address
 * that already has one gets a notice instead. Nothing the visitor sees tells the two apart.
 */
export const requestSignup = definePublicMutation({
  name: "account.signup.request",
  role: "anyone",
  input: z.object({ name: displayName, email: emailField, ...hashedPassword }),
  run: async ({ db, input, now }) => {
    const existing = await getUserByEmail(db, { email: input.email });
    if (existing) return { kind: "exists" as const, email: existing.email, name: existing.name };
    const { token, tokenHash } = newAccountToken();
    await insertAccountToken(db, {
      purpose: "signup",
      tokenHash,
      userId: null,
      email: input.email,
      name: input.name,
      passwordHash: input.passwordHash,
      now,
      expiresAt: new Date(now.getTime() + ACCOUNT_TOKEN_TTL_MS),
    });
    return { kind: "new" as const, token, email: input.email, name: input.name };
  },
});

/** Creates the account a sign-up link stands for. The address is proven by the link itself. */
export const confirmSignup = definePublicMutation({
  name: "account.signup.confirm",
  role: "anyone",
  input: z.object({ token: accountTokenField }),
  authorize: async ({ db, input, now }) => {
    if (!(await getLiveAccountToken(db, { purpose: "signup", tokenHash: hashAccountToken(input.token), now })))
      throw new GuardError("invalid", LINK_GONE);
  },
  run: async ({ db, input, now }) => {
    const live = await getLiveAccountToken(db, { purpose: "signup", tokenHash: hashAccountToken(input.token), now });
    if (!live?.name || !live.passwordHash || !(await markAccountTokenUsed(db, { id: live.id, now })))
      throw new GuardError("invalid", LINK_GONE);
    const user = await createUser(db, { email: live.email, name: live.name, passwordHash: live.passwordHash, now });
    if (!user) throw new GuardError("conflict", "That email already has an account. Sign in instead.");
    await retireAccountTokens(db, { purpose: "signup", email: live.email, now });
    return { email: user.email };
  },
});
