import { countUnreadNotifications } from "@/db/queries/notifications";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { AccountMenu } from "./AccountMenu";

/**
 * The account area as the server sees this request. On a cached page it renders signed out and the
 * AccountMenu island switches to the reader's embedded state after hydration.
 */
export async function UserMenu() {
  const actor = await getActor();
  // Rendered with an actor only for a reader's own, never-shared render: the count cannot reach a shared copy.
  const unread = actor ? await countUnreadNotifications(getDb(), { userId: actor.id }) : 0;
  return <AccountMenu account={actor ? { name: actor.name, isModerator: actor.isModerator, unread } : null} />;
}
