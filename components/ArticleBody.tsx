import type { ReactNode } from "react";
import { splitParagraphs } from "@/lib/articles/text";
import { proxyBodyImages } from "@/lib/images/image-urls";

type Sentence = { text: string; paragraph: number };

/**
 * A paragraph with each stored sentence wrapped in `<span id="s-N">`, so summaries and answers can link
 * to (and highlight) the sentence they quote. Sentences are located by text, in order; if the stored
 * analysis no longer matches the body, the rest of the paragraph is shown plain rather than misplaced.
 */
function withSentenceIds(paragraph: string, sentences: { text: string; n: number }[]): ReactNode[] {
  const out: ReactNode[] = [];
  let at = 0;
  for (const s of sentences) {
    const start = paragraph.indexOf(s.text, at);
    if (start < 0) break;
    if (start > at) out.push(paragraph.slice(at, start));
    out.push(
      <span key={s.n} id={`s-${s.n}`} className="sentence">
        {s.text}
      </span>,
    );
    at = start + s.text.length;
  }
  if (at < paragraph.length) out.push(paragraph.slice(at));
  return out;
}

/**
 * The story text. Sanitized feed HTML (cleaned to an allowlist at ingest) keeps its links and images;
 * otherwise the plain body is shown as paragraphs, escaped by React, with sentence ids when the
 * stored analysis gives the sentences.
 */
export function ArticleBody({
  articleId,
  body,
  bodyHtml,
  sentences,
}: {
  articleId: number;
  body: string;
  bodyHtml: string | null;
  sentences?: readonly Sentence[];
}) {
  if (bodyHtml)
    return (
      <div
        id="article-body"
        className="prose-article"
        // Pictures inside the stored HTML are pointed at our own /images endpoint here, at render.
        dangerouslySetInnerHTML={{ __html: proxyBodyImages(bodyHtml, articleId) }}
      />
    );
  const byParagraph = new Map<number, { text: string; n: number }[]>();
  sentences?.forEach((s, i) => {
    const list = byParagraph.get(s.paragraph) ?? [];
    list.push({ text: s.text, n: i + 1 });
    byParagraph.set(s.paragraph, list);
  });
  return (
    <div id="article-body" className="prose-article">
      {splitParagraphs(body).map((p, i) => (
        // Paragraph order is fixed for a given body, so the index is a stable key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <p key={i} id={`p-${i + 1}`}>
          {byParagraph.has(i) ? withSentenceIds(p, byParagraph.get(i) ?? []) : p}
        </p>
      ))}
    </div>
  );
}
