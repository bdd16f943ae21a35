import { linkify } from "@/lib/comments/thread";

/**
 * A comment's text: React escapes every character, line breaks are kept by CSS, and only http(s)
 * URLs become links, marked as user content that earns no ranking credit.
 */
export function CommentText({ body }: { body: string }) {
  return (
    <p className="whitespace-pre-line break-words">
      {linkify(body).map((seg, i) =>
        seg.type === "link" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments of a fixed string
          <a key={i} href={seg.href} rel="nofollow ugc noopener" className="text-link underline">
            {seg.text}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: segments of a fixed string
          <span key={i}>{seg.text}</span>
        ),
      )}
    </p>
  );
}
