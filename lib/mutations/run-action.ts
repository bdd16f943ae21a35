import "server-only";
import type { z } from "zod";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import {
  executeMutation,
  formDataToObject,
  type GuardResult,
  type Mutation,
  type PublicMutation,
} from "@/lib/mutations/guard";

/**
 * Binds the guard to the request: the actor comes from the session, never from the form.
 * Server actions and route handlers call this and nothing else to write.
 */
export async function runMutation<S extends z.ZodType, R>(
  mutation: Mutation<S, R> | PublicMutation<S, R>,
  input: FormData | Record<string, unknown>,
): Promise<GuardResult<R>> {
  const actor = await getActor();
  const raw = input instanceof FormData ? formDataToObject(input) : input;
  return executeMutation(getDb(), mutation, actor, raw);
}
