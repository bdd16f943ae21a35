import Link from "next/link";
import type { ReactNode } from "react";
import type { ArticleAnalysis } from "@/lib/nlp/analysis-data";
import { answerQuestion, MAX_QUESTION_LENGTH } from "@/lib/nlp/ask";
import { readingMinutes } from "@/lib/nlp/reading-time";
import { ListenControls } from "./ListenControls";

/** The id of sentence `index` (0-based) in the body: ArticleBody gives plain-text sentences these ids. */
export const sentenceId = (index: number) => `s-${index + 1}`;

function Part({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h3 id={id} className="font-semibold">
        {title}
      </h3>
      {children}
    </section>
  );
}

/** Sentences quoted from the body; each links to its place there when the body has sentence anchors. */
function Quoted({ indices, analysis, linked }: { indices: number[]; analysis: ArticleAnalysis; linked: boolean }) {
  return (
    <p className="leading-relaxed">
      {indices.map((i) => {
        const text = analysis.sentences[i]?.text ?? "";
        return (
          <span key={i}>
            {linked ? (
              <a href={`#${sentenceId(i)}`} className="hover:underline">
                {text}
              </a>
            ) : (
              text
            )}{" "}
          </span>
        );
      })}
    </p>
  );
}

/** Names, each linked to its hashtag page when that page has stories; otherwise plain text. */
function EntityList({
  items,
  label,
  linkable,
}: {
  items: ArticleAnalysis["people"];
  label: string;
  linkable: ReadonlySet<string>;
}) {
  if (items.length === 0) return <p className="text-sm text-muted">None named.</p>;
  return (
    <ul aria-label={label} className="flex flex-wrap gap-2 text-sm">
      {items.map((e) => (
        <li key={e.slug}>
          {linkable.has(e.slug) ? (
            <Link
              href={`/tags/${e.slug}`}
              className="inline-block rounded-full border border-border px-2.5 py-0.5 hover:border-fg"
            >
              #{e.name}
            </Link>
          ) : (
            <span className="inline-block rounded-full border border-dashed border-border px-2.5 py-0.5">{e.name}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

function AskAnswer({ question, analysis, linked }: { question: string; analysis: ArticleAnalysis; linked: boolean }) {
  const result = answerQuestion(
    question,
    analysis.sentences.map((s) => s.text),
    { people: analysis.people.map((p) => p.name), places: analysis.places.map((p) => p.name) },
  );
  if (result.status === "invalid") return <p role="alert">{result.message}</p>;
  if (result.status === "no-match")
    return (
      <p role="status" data-testid="ask-answer">
        Nothing in this story answers that well. Try other words, or read the full story.
      </p>
    );
  return (
    <div role="status" data-testid="ask-answer" className="space-y-2">
      <p className="text-sm text-muted">From the story:</p>
      <ol className="space-y-2">
        {result.answers.map((a) => (
          <li key={a.sentence} className="border-l-4 border-border pl-3">
            {/* The sentence as the story has it, quote marks included: a <q> around it added its own and
                doubled them ("“"“I'm…"). The border marks it as quoted. */}
            <span>{a.text}</span>{" "}
            {linked ? (
              <a href={`#${sentenceId(a.sentence)}`} className="text-sm text-link underline">
                Go to sentence {a.sentence + 1} in the story
              </a>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * The article page's "AI features": all of it read from the analysis stored at ingest, so rendering
 * does no language processing; only an asked question is matched against the stored sentences.
 * Works without JavaScript except "Listen", which needs the browser's speech synthesis.
 */
export function AiFeatures({
  analysis,
  title,
  articlePath,
  question,
  sentenceAnchors,
  linkableTags,
}: {
  analysis: ArticleAnalysis;
  /** Slugs of the names whose hashtag page has stories (db/queries/analysis.ts tagSlugsWithStories). */
  linkableTags: ReadonlySet<string>;
  title: string;
  articlePath: string;
  question: string | undefined;
  /** True when the body is rendered from plain text with sentence ids (not from feed HTML). */
  sentenceAnchors: boolean;
}) {
  const minutes = readingMinutes(analysis.words);
  return (
    <section
      aria-labelledby="ai-features-heading"
      className="mt-8 space-y-6 rounded border border-border bg-surface p-4"
    >
      <div>
        <h2 id="ai-features-heading" className="text-lg font-semibold">
          AI features
        </h2>
        <p className="text-sm text-muted">Made on our own server from the story's text, with no outside service.</p>
      </div>
      <Part id="ai-summary" title="Summary">
        <Quoted indices={analysis.summary} analysis={analysis} linked={sentenceAnchors} />
        {analysis.longSummary.length > analysis.summary.length ? (
          <details>
            <summary className="cursor-pointer text-sm font-medium text-link">Show longer summary</summary>
            <div className="mt-2">
              <Quoted indices={analysis.longSummary} analysis={analysis} linked={sentenceAnchors} />
            </div>
          </details>
        ) : null}
      </Part>
      {analysis.keyPoints.length > 0 ? (
        // What the summary leaves out (lib/nlp/key-points.ts); a story too short to have more shows none.
        <Part id="ai-key-points" title="Key points">
          <ul className="list-disc space-y-1 pl-5">
            {analysis.keyPoints.map((k) => (
              <li key={k.sentence}>{k.text}</li>
            ))}
          </ul>
        </Part>
      ) : null}
      <Part id="ai-people" title="People">
        <EntityList items={analysis.people} label="People" linkable={linkableTags} />
      </Part>
      <Part id="ai-places" title="Places">
        <EntityList items={analysis.places} label="Places" linkable={linkableTags} />
      </Part>
      <Part id="ai-organisations" title="Organisations">
        <EntityList items={analysis.organisations} label="Organisations" linkable={linkableTags} />
      </Part>
      <Part id="ai-ask" title="Ask this article">
        <form method="get" action={`${articlePath}#ai-ask`} className="flex flex-wrap gap-2">
          <label htmlFor="ask-question" className="sr-only">
            Your question about this story
          </label>
          <input
            id="ask-question"
            name="ask"
            type="search"
            defaultValue={question ?? ""}
            maxLength={MAX_QUESTION_LENGTH}
            placeholder="e.g. Who said what?"
            className="min-w-0 flex-1 rounded border border-border bg-bg px-2 py-1"
          />
          <button type="submit" className="rounded bg-fg px-3 py-1 font-medium text-bg">
            Ask
          </button>
        </form>
        {question !== undefined ? <AskAnswer question={question} analysis={analysis} linked={sentenceAnchors} /> : null}
      </Part>
      <ListenControls title={title} text={analysis.sentences.map((s) => s.text).join(" ")} />
      <Part id="ai-reading-time" title="Reading time">
        <p>
          About {minutes} minute{minutes === 1 ? "" : "s"} ({analysis.words.toLocaleString("en")} words).
        </p>
      </Part>
    </section>
  );
}
