import "server-only";
import { cache } from "react";
import { auth } from "@/auth";
import { getDb } from "@/lib/db";
import type { Actor } from "@/lib/mutations/guard";
import { actorForSession } from "./session-token";

/** The signed-in reader for this request, or null (see `actorForSession` for what is checked). */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  if (!session?.user) return null;
  return actorForSession(getDb(), { userId: session.user.id, sessionVersion: session.user.sessionVersion });
});
