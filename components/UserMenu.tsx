import { getActor } from "@/lib/auth/session";
import { AccountMenu } from "./AccountMenu";

/**
 * The account area as the server sees this request. On a cached page it renders signed out and the
 * AccountMenu island switches to the reader's embedded state after hydration.
 */
export async function UserMenu() {
  const actor = await getActor();
  return <AccountMenu account={actor ? { name: actor.name, isModerator: actor.isModerator } : null} />;
}
