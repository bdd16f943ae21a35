import { getReaderChoices } from "@/db/queries/follows";
import { exportUserData } from "@/db/queries/users";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";

export async function GET() {
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Sign in to download your data." }, { status: 401 });
  const data = await exportUserData(getDb(), { userId: actor.id });
  // Follows, mutes and muted words are the reader's too (the My feed token is a credential: left out).
  const followAndMute = data ? await getReaderChoices(getDb(), { userId: actor.id }) : null;
  return Response.json(data && { ...data, followAndMute }, {
    headers: {
      "content-disposition": 'attachment; filename="tidings-my-data.json"',
      "cache-control": "private, no-store",
    },
  });
}
