import { imageService } from "@/lib/images/image-service";
import { parseVariant } from "@/lib/images/image-urls";

// Reads the database and the disk cache on every request; the answer itself is cached by browsers
// for a year (the address changes whenever the picture does).
export const dynamic = "force-dynamic";

type Params = { params: Promise<{ articleId: string; key: string; variant: string }> };

// The reason (a refused address, a resolver error) is for the log, which the service wrote; the
// public answer names none of it.
function notFound(cacheControl = "public, max-age=300", status = 404, retryAfterSeconds?: number) {
  const text = status === 503 ? "Busy: try again shortly.\n" : "Image not available.\n";
  return new Response(text, {
    status,
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "cache-control": cacheControl,
      ...(retryAfterSeconds ? { "retry-after": String(retryAfterSeconds) } : {}),
    },
  });
}

/** GET /images/<articleId>/<key>/<width>.<webp|avif>: a lead or inline picture of one of our articles. */
export async function GET(_request: Request, { params }: Params) {
  const { articleId, key, variant } = await params;
  const parsed = parseVariant(variant);
  if (!/^\d{1,12}$/.test(articleId) || !/^[0-9a-f]{16}$/.test(key) || !parsed) return notFound();
  const answer = await imageService().serve({ articleId: Number(articleId), key, ...parsed });
  if (answer.status === 503) return notFound(answer.cacheControl, 503, answer.retryAfterSeconds);
  if (answer.status !== 200) return notFound(answer.cacheControl, answer.status);
  return new Response(new Uint8Array(answer.body), {
    headers: {
      "content-type": answer.contentType,
      "content-length": String(answer.body.length),
      "cache-control": answer.cacheControl,
    },
  });
}
