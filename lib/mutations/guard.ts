import { z } from "zod";
import { type Db, type Tx, transaction } from "@/db";
import { bumpCacheTags, type CacheTag } from "@/db/queries/cache-tags";

/**
 * The one guard every write goes through: session → zod → ownership/role → query.
 * Framework-free, so unit tests drive it with any actor; app/lib/run-action.ts binds it to the
 * session for server actions and route handlers.
 */

export type Actor = { id: number; email: string; name: string; isModerator: boolean };

export type ActionState = {
  status: "idle" | "ok" | "error";
  code?: GuardCode;
  message?: string;
  fieldErrors?: Record<string, string[]>;
  /** What the reader typed, echoed back on a refusal so the form can show it again. */
  values?: Record<string, string>;
};

export type GuardCode = "unauthenticated" | "forbidden" | "invalid" | "not_found" | "rate_limited" | "conflict";

export const HTTP_STATUS: Record<GuardCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  invalid: 400,
  not_found: 404,
  rate_limited: 429,
  conflict: 409,
};

/** A refusal with a code the edge maps to an HTTP status and a human message. */
export class GuardError extends Error {
  constructor(
    readonly code: GuardCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** What a mutation's steps receive. `db` is the transaction handle: every read and write of the step goes through it. */
export type MutationContext<I, A = Actor> = { db: Tx; actor: A; input: I; now: Date };

/** A step may answer at once or after awaiting (every query returns a promise). */
type MaybePromise<T> = T | Promise<T>;

export type Mutation<S extends z.ZodType, R> = {
  name: string;
  /** Who may call it at all: any signed-in reader, or moderators only. */
  role: "user" | "moderator";
  input: S;
  /** Ownership and state checks. Throws GuardError to refuse; runs before anything is written. */
  authorize?(ctx: MutationContext<z.infer<S>>): MaybePromise<void>;
  run(ctx: MutationContext<z.infer<S>>): MaybePromise<R>;
  /** Page-cache tags of the public pages this write changed; bumped in the same transaction. */
  invalidates?(ctx: MutationContext<z.infer<S>>, result: R): MaybePromise<CacheTag[]>;
};

/**
 * A write that a signed-out visitor may make (ask for a password reset, finish one, sign up by mail).
 * It takes the same path as every other: zod, then its own checks (a valid one-time token stands in
 * for the session), then the query, in one transaction. The actor is whoever is signed in, if anyone.
 */
export type PublicMutation<S extends z.ZodType, R> = {
  name: string;
  role: "anyone";
  input: S;
  authorize?(ctx: MutationContext<z.infer<S>, Actor | null>): MaybePromise<void>;
  run(ctx: MutationContext<z.infer<S>, Actor | null>): MaybePromise<R>;
  invalidates?(ctx: MutationContext<z.infer<S>, Actor | null>, result: R): MaybePromise<CacheTag[]>;
};

/** Any mutation, for lists of them (method syntax above keeps this assignable). */
export type AnyMutation = Mutation<z.ZodType, unknown> | PublicMutation<z.ZodType, unknown>;

export function defineMutation<S extends z.ZodType, R>(m: Mutation<S, R>): Mutation<S, R> {
  return m;
}

export function definePublicMutation<S extends z.ZodType, R>(m: PublicMutation<S, R>): PublicMutation<S, R> {
  return m;
}

export type GuardResult<R> = { ok: true; value: R } | { ok: false; state: ActionState; retryAfterSeconds?: number };

function fail(code: GuardCode, message: string, fieldErrors?: Record<string, string[]>, retryAfterSeconds?: number) {
  return { ok: false as const, state: { status: "error" as const, code, message, fieldErrors }, retryAfterSeconds };
}

/**
 * Runs a mutation for an actor (null = anonymous). Authorization and the write happen inside one
 * transaction, so a refusal changes nothing and no other write can slip between check and act. The
 * steps may await; a throw at any point, after an await too, rolls back everything the mutation wrote,
 * its cache-tag bumps included.
 */
export async function executeMutation<S extends z.ZodType, R>(
  db: Db,
  m: Mutation<S, R> | PublicMutation<S, R>,
  actor: Actor | null,
  raw: unknown,
  now = new Date(),
): Promise<GuardResult<R>> {
  if (m.role !== "anyone" && !actor) return fail("unauthenticated", "Please sign in first.");
  if (m.role === "moderator" && !actor?.isModerator) return fail("forbidden", "Only moderators can do that.");
  const parsed = m.input.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors as Record<string, string[]>;
    const first = Object.values(fieldErrors)[0]?.[0] ?? parsed.error.issues[0]?.message ?? "Invalid input.";
    return fail("invalid", first, fieldErrors);
  }
  // Signed-in roles were checked above, so only a public mutation can see a null actor here.
  const pm = m as Mutation<S, R>;
  try {
    const value = await transaction(db, async (tx) => {
      const ctx = { db: tx, actor, input: parsed.data, now } as MutationContext<z.infer<S>>;
      await pm.authorize?.(ctx);
      const result = await pm.run(ctx);
      if (pm.invalidates) await bumpCacheTags(tx, await pm.invalidates(ctx, result));
      return result;
    });
    return { ok: true, value };
  } catch (error) {
    if (error instanceof GuardError) return fail(error.code, error.message, undefined, error.retryAfterSeconds);
    throw error;
  }
}

/** FormData → plain object for zod (repeated keys become arrays; files are ignored). */
export function formDataToObject(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || key.startsWith("$ACTION")) continue;
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** Trims, then checks length: what the reader meant is what gets measured. */
export const trimmedText = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} is required.` })
    // Control characters other than newline and tab carry no meaning in a comment or a name.
    .transform((s) =>
      s
        .replace(/\r\n?/g, "\n")
        .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "")
        .trim(),
    )
    .pipe(
      z
        .string()
        .min(min, min === 1 ? `${label} cannot be empty.` : `${label} must be at least ${min} characters.`)
        .max(max, `${label} must be at most ${max.toLocaleString("en")} characters.`),
    );

export const idField = z.coerce.number({ error: "Invalid id." }).int().positive();
