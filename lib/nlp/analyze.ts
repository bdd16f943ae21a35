import { normalizeTag } from "@/lib/articles/tags";
import { countWords } from "@/lib/articles/text";
import { ANALYSIS_VERSION, type ArticleAnalysis } from "./analysis-data";
import { type Entity, extractEntities, MIN_TAG_CONFIDENCE } from "./entities";
import { isGenericWord } from "./generic-words";
import { cleanHashtags, keyPhrases, MAX_AUTO_HASHTAGS } from "./hashtags";
import { keyPoints } from "./key-points";
import { bodySentences } from "./sentences";
import { LONG_SUMMARY_RATIO, rankSentences, SHORT_SUMMARY, selectSentences } from "./summary";

const MAX_PER_KIND = 8;

function named(entities: Entity[], type: Entity["type"]) {
  return entities
    .filter((e) => e.type === type)
    .slice(0, MAX_PER_KIND)
    .flatMap((e) => {
      const tag = normalizeTag(e.name);
      return tag ? [{ name: e.name, slug: tag.slug }] : [];
    });
}

/**
 * Everything the article page's AI block shows, computed once when an article is stored. `autoTagged`
 * says whether the caller will write `hashtags` as the article's tags (it does when the feed gave none).
 */
export function analyzeArticle({
  title,
  body,
  autoTagged,
}: {
  title: string;
  body: string;
  autoTagged: boolean;
}): ArticleAnalysis {
  const sentences = bodySentences(body);
  const texts = sentences.map((s) => s.text);
  const ranking = rankSentences(title, texts);
  // Only names whose type we are sure of are shown or become hashtags: a wrong one ("#Calderan No." as
  // a person) would be a public page.
  const entities = extractEntities(`${title}.\n\n${body}`).filter((e) => e.confidence >= MIN_TAG_CONFIDENCE);
  // Entities the text names most often lead; distinctive subject words fill the rest, never an
  // everyday word ("#Entire", "#Coach").
  const hashtags = cleanHashtags(
    [
      ...entities.filter((e) => e.mentions >= 2 || e.type !== "person").map((e) => e.name),
      ...keyPhrases(title, body).filter((w) => !isGenericWord(w)),
    ],
    MAX_AUTO_HASHTAGS,
  );
  const summary = selectSentences(ranking, texts, SHORT_SUMMARY);
  return {
    version: ANALYSIS_VERSION,
    sentences: sentences.map((s) => ({ text: s.text, paragraph: s.paragraph })),
    summary,
    longSummary: selectSentences(ranking, texts, { ratio: LONG_SUMMARY_RATIO }),
    // Key points add what the summary leaves out, rather than repeating it.
    keyPoints: keyPoints(texts, ranking, summary),
    people: named(entities, "person"),
    places: named(entities, "place"),
    organisations: named(entities, "organisation"),
    hashtags,
    autoTagged,
    words: countWords(body),
  };
}
