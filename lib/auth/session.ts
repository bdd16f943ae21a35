import "server-only";
import { cache } from "react";
import { auth } from "@/auth";
import { getDb } from "@/db";
import { getUserById } from "@/db/queries/users";
import type { Actor } from "../guard";

export function isModeratorEmail(email: string): boolean {
  const list = (process.env.ADMIN_EMAILS ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  return list.includes(email.toLowerCase());
}

/**
 * The signed-in reader for this request, or null. The JWT alone is not trusted: the account must
 * still exist and the token must not predate a password change or account deletion.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!Number.isInteger(id) || id <= 0) return null;
  const user = getUserById(getDb(), { id });
  if (!user || user.sessionVersion !== session?.user.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, isModerator: isModeratorEmail(user.email) };
});
