/**
 * Keyset cursor for newest-first lists: the (publishedAt, id) of the last item shown. Opaque to readers,
 * and a tampered cursor decodes to null (first page), never to an error.
 */
export type { Cursor } from "@/db/queries/articles";

import type { Cursor } from "@/db/queries/articles";

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.publishedAt}.${c.id}`).toString("base64url");
}

export function decodeCursor(raw: string | undefined | null): Cursor | null {
  if (!raw || raw.length > 64) return null;
  const text = Buffer.from(raw, "base64url").toString("utf8");
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(text);
  if (!m) return null;
  return { publishedAt: Number(m[1]), id: Number(m[2]) };
}
