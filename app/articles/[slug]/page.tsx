import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ArticleBody } from "@/components/ArticleBody";
import { AiFeatures } from "@/components/ai/AiFeatures";
import { CommentsSection } from "@/components/comments/CommentsSection";
import { FullCoverageLink } from "@/components/coverage/FullCoverageLink";
import { ArticleLeadImage } from "@/components/LeadImage";
import { AlsoCoveredBy, MoreFromOutlet, RelatedList } from "@/components/RelatedList";
import { BookmarkButton } from "@/components/reader/BookmarkButton";
import { ContinueReading } from "@/components/reader/ContinueReading";
import { ReadingProgress } from "@/components/reader/ReadingProgress";
import { TagList } from "@/components/TagList";
import { Timestamp } from "@/components/Timestamp";
import { ArticleUpdateNote } from "@/components/updates/ArticleUpdateNote";
import { tagSlugsWithStories } from "@/db/queries/analysis";
import { getArticleBySlug, listArticlesBySource } from "@/db/queries/articles";
import { isValidSlug } from "@/lib/articles/slug";
import { splitParagraphs } from "@/lib/articles/text";
import { getActor } from "@/lib/auth/session";
import { commentOrderOf, readCommentQuery, searchParamValues } from "@/lib/comments/thread";
import { getDb } from "@/lib/db";
import { shareImagePath } from "@/lib/images/image-urls";
import { readingMinutes } from "@/lib/nlp/reading-time";
import { getArticleAnalysis } from "@/lib/nlp/stored-analysis";
import { newsArticleJsonLd } from "@/lib/publishing/structured-data";
import { readerState } from "@/lib/reader/state";
import { relatedArticles } from "@/lib/related/list";
import { isConfidentMatch } from "@/lib/related/reasons";

/** Related stories shown beside an article, at most; and at most this many of the outlet's others to fill. */
const RELATED_SHOWN = 6;
const MORE_FROM_OUTLET = 4;

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// generateMetadata and the page both need the article: one query per request.
const loadArticle = cache(async (slug: string) =>
  isValidSlug(slug) ? await getArticleBySlug(getDb(), { slug }) : null,
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const article = await loadArticle((await params).slug);
  if (!article) return { title: "Story not found" };
  const path = `/articles/${article.slug}`;
  return {
    title: article.title,
    description: article.excerpt,
    authors: article.author ? [{ name: article.author }] : undefined,
    alternates: { canonical: path },
    openGraph: {
      type: "article",
      title: article.title,
      description: article.excerpt,
      url: path,
      publishedTime: article.publishedAt.toISOString(),
      modifiedTime: article.updatedAt.toISOString(),
      authors: article.author ? [article.author] : undefined,
      tags: article.tags.map((t) => t.name),
      images: article.imageUrl ? [{ url: shareImagePath(article.id, article.imageUrl) }] : undefined,
    },
    twitter: {
      card: article.imageUrl ? "summary_large_image" : "summary",
      title: article.title,
      description: article.excerpt,
    },
  };
}

export default async function ArticlePage({ params, searchParams }: Props) {
  const article = await loadArticle((await params).slug);
  if (!article) notFound();
  // The whole stored list: "Also covered by" needs every same-story row, the list shows the first six.
  const related = await relatedArticles({ articleId: article.id, limit: 12 });
  // Only matches we can stand behind are called related coverage; where there are few, the outlet's
  // other stories fill in under their own heading.
  const coverage = related.filter(isConfidentMatch).slice(0, RELATED_SHOWN);
  const fill = RELATED_SHOWN - coverage.length;
  const more =
    fill > 0
      ? (await listArticlesBySource(getDb(), { sourceId: article.sourceId, limit: fill + 1 + coverage.length })).items
          .filter((a) => a.id !== article.id && !coverage.some((c) => c.id === a.id))
          .slice(0, Math.min(fill, MORE_FROM_OUTLET))
      : [];
  const minutes = readingMinutes(article.wordCount);
  // Stored at ingest; the page only reads it (and matches a question against its sentences).
  const analysis = await getArticleAnalysis({ articleId: article.id });
  const linkableTags = await tagSlugsWithStories(getDb(), {
    slugs: analysis ? [...analysis.people, ...analysis.places, ...analysis.organisations].map((e) => e.slug) : [],
  });
  const query = await searchParams;
  const asked = query.ask;
  const question = Array.isArray(asked) ? asked[0] : asked;
  const actor = await getActor();
  const reader = await readerState(actor, [article.id]);
  const progress = reader.progress.get(article.id);
  const order = commentOrderOf((await cookies()).get("comment_order")?.value);
  const path = `/articles/${article.slug}`;

  return (
    <div className="grid gap-10 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <ReadingProgress articleId={article.id} signedIn={reader.signedIn} />
      <article className="min-w-0" aria-labelledby="article-title">
        <header className="space-y-3">
          <h1 id="article-title" className="font-serif text-3xl font-bold leading-tight sm:text-4xl">
            {article.title}
          </h1>
          <p className="text-muted">
            <Link href={`/sources/${article.source.slug}`} className="font-semibold text-fg hover:underline">
              {article.source.name}
            </Link>
            {article.author ? <> · By {article.author}</> : null} · <Timestamp date={article.publishedAt} /> · {minutes}{" "}
            min read
          </p>
          <ArticleUpdateNote articleId={article.id} slug={article.slug} />
          <FullCoverageLink articleId={article.id} />
          <div className="flex flex-wrap items-center gap-3">
            <BookmarkButton
              articleId={article.id}
              title={article.title}
              initialSaved={reader.saved.has(article.id)}
              signedIn={reader.signedIn}
              returnTo={path}
            />
            <ContinueReading
              articleId={article.id}
              signedIn={reader.signedIn}
              progress={progress}
              paragraphs={article.bodyHtml ? null : splitParagraphs(article.body).length}
            />
          </div>
        </header>
        {article.imageUrl ? (
          <ArticleLeadImage
            articleId={article.id}
            image={{ url: article.imageUrl, width: article.imageWidth, height: article.imageHeight }}
            alt={article.imageAlt}
            credit={article.imageCredit}
          />
        ) : null}
        <div className="mt-6">
          <ArticleBody
            articleId={article.id}
            body={article.body}
            bodyHtml={article.bodyHtml}
            sentences={analysis?.sentences}
          />
        </div>
        {article.url || article.source.attribution ? (
          <p className="mt-6 max-w-[68ch] border-l-4 border-border pl-3 text-sm text-muted">
            {article.source.attribution ? (
              <>
                {article.source.licenseUrl ? (
                  <a href={article.source.licenseUrl} className="underline" rel="license noopener">
                    {article.source.attribution.replace(/\.$/, "")}
                  </a>
                ) : (
                  article.source.attribution.replace(/\.$/, "")
                )}
                .{" "}
              </>
            ) : null}
            {article.url ? (
              <a href={article.url} className="underline" rel="noopener">
                Read the original at {new URL(article.url).hostname}
              </a>
            ) : null}
          </p>
        ) : null}
        {analysis ? (
          <AiFeatures
            analysis={analysis}
            title={article.title}
            articlePath={path}
            question={question}
            sentenceAnchors={!article.bodyHtml}
            linkableTags={linkableTags}
          />
        ) : null}
        <section aria-labelledby="hashtags-heading" className="mt-8">
          <h2 id="hashtags-heading" className="mb-2 text-lg font-semibold">
            Hashtags
          </h2>
          {article.tags.length > 0 ? (
            <TagList tags={article.tags} label="Hashtags" />
          ) : (
            <p className="text-muted">No hashtags.</p>
          )}
        </section>
        <CommentsSection
          articleId={article.id}
          articleSlug={article.slug}
          articlePath={path}
          actor={actor}
          order={order}
          query={readCommentQuery(searchParamValues(query))}
        />
      </article>
      <aside aria-labelledby="related-heading" className="min-w-0">
        <h2 id="related-heading" className="text-lg font-semibold">
          Related coverage
        </h2>
        <AlsoCoveredBy items={related} />
        <RelatedList items={coverage} tagNames={new Map(article.tags.map((t) => [t.slug, t.name]))} />
        <MoreFromOutlet items={more} outlet={article.source} />
      </aside>
      <script
        type="application/ld+json"
        // JSON with "<" escaped cannot close the script element, whatever a title contains.
        dangerouslySetInnerHTML={{ __html: newsArticleJsonLd(article) }}
      />
    </div>
  );
}
