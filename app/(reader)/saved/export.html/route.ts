import { listBookmarks } from "@/db/queries/bookmarks";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { netscapeBookmarks } from "@/lib/reader/bookmark-export";
import { absoluteUrl } from "@/lib/site";

export async function GET() {
  const actor = await getActor();
  if (!actor) return new Response("Sign in to export your bookmarks.", { status: 401 });
  const items = (await listBookmarks(getDb(), { userId: actor.id })).map((b) => ({
    title: b.title,
    href: absoluteUrl(`/articles/${b.slug}`),
    savedAt: b.savedAt,
  }));
  return new Response(netscapeBookmarks(items), {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-disposition": 'attachment; filename="tidings-bookmarks.html"',
      "cache-control": "private, no-store",
    },
  });
}
