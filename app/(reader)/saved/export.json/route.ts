import { listBookmarks } from "@/db/queries/bookmarks";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { absoluteUrl } from "@/lib/site";

export async function GET() {
  const actor = await getActor();
  if (!actor) return Response.json({ error: "Sign in to export your bookmarks." }, { status: 401 });
  const bookmarks = (await listBookmarks(getDb(), { userId: actor.id })).map((b) => ({
    title: b.title,
    url: absoluteUrl(`/articles/${b.slug}`),
    originalUrl: b.url,
    source: b.sourceName,
    publishedAt: b.publishedAt.toISOString(),
    savedAt: b.savedAt.toISOString(),
  }));
  return Response.json(
    { bookmarks },
    {
      headers: {
        "content-disposition": 'attachment; filename="tidings-bookmarks.json"',
        "cache-control": "private, no-store",
      },
    },
  );
}
