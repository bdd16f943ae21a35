import { exportUserData } from "@/db/queries/users";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";

export async function GET() {
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Sign in to download your data." }, { status: 401 });
  return Response.json(await exportUserData(getDb(), { userId: actor.id }), {
    headers: {
      "content-disposition": 'attachment; filename="tidings-my-data.json"',
      "cache-control": "private, no-store",
    },
  });
}
