import { splitParagraphs } from "@/lib/text";

/**
 * The story text. Sanitized feed HTML (cleaned to an allowlist at ingest) keeps its links and images;
 * otherwise the plain body is shown as paragraphs, escaped by React.
 */
export function ArticleBody({ body, bodyHtml }: { body: string; bodyHtml: string | null }) {
  if (bodyHtml)
    return <div id="article-body" className="prose-article" dangerouslySetInnerHTML={{ __html: bodyHtml }} />;
  return (
    <div id="article-body" className="prose-article">
      {splitParagraphs(body).map((p, i) => (
        // Paragraph order is fixed for a given body, so the index is a stable key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <p key={i} id={`p-${i + 1}`}>
          {p}
        </p>
      ))}
    </div>
  );
}
