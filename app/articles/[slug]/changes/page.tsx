import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { Timestamp } from "@/components/Timestamp";
import { DiffBody, DiffParts } from "@/components/updates/DiffView";
import { getArticleBySlug } from "@/db/queries/articles";
import { listRevisions } from "@/db/queries/revisions";
import { isValidSlug } from "@/lib/articles/slug";
import { getDb } from "@/lib/db";
import { absoluteDateTime } from "@/lib/time";
import { diffStory } from "@/lib/updates/diff";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ from?: string | string[]; to?: string | string[] }>;
};

const loadArticle = cache(async (slug: string) =>
  isValidSlug(slug) ? await getArticleBySlug(getDb(), { slug }) : null,
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const article = await loadArticle((await params).slug);
  if (!article) return { title: "Story not found" };
  return {
    title: `What changed: ${article.title}`,
    description: `Earlier versions of “${article.title}” compared word by word.`,
    alternates: { canonical: `/articles/${article.slug}/changes` },
    robots: { index: false },
  };
}

type Version = { key: string; label: string; title: string; body: string; seenAt: Date; until: Date | null };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ChangesPage({ params, searchParams }: Props) {
  const article = await loadArticle((await params).slug);
  if (!article) notFound();
  const revisions = await listRevisions(getDb(), { articleId: article.id });
  const path = `/articles/${article.slug}`;
  const versions: Version[] = [
    ...revisions.map((r, i) => ({
      key: String(r.id),
      label: i === 0 ? "First version" : `Version ${i + 1}`,
      title: r.title,
      body: r.body,
      seenAt: r.seenAt,
      until: r.replacedAt,
    })),
    {
      key: "current",
      label: "Current version",
      title: article.title,
      body: article.body,
      seenAt: revisions.at(-1)?.replacedAt ?? article.ingestedAt,
      until: null,
    },
  ];
  const back = (
    <p className="text-sm">
      <Link href={path} className="text-link underline">
        Back to the story
      </Link>
    </p>
  );
  if (revisions.length === 0) {
    return (
      <div className="space-y-4">
        <h1 className="font-serif text-3xl font-bold">What changed</h1>
        <p>“{article.title}” has not changed since it was first stored.</p>
        {back}
      </div>
    );
  }
  // Latest against the one before it, unless the reader picked a pair.
  const query = await searchParams;
  const byKey = new Map(versions.map((v) => [v.key, v]));
  const from = byKey.get(one(query.from) ?? "") ?? (versions.at(-2) as Version);
  const to = byKey.get(one(query.to) ?? "") ?? (versions.at(-1) as Version);
  const diff = diffStory(from, to);
  const changed = diff.wordsInserted + diff.wordsDeleted > 0;

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <p className="text-sm text-muted">
          {article.source.name} · {versions.length} versions
        </p>
        <h1 className="font-serif text-3xl font-bold leading-tight">What changed</h1>
        <p>
          <Link href={path} className="font-semibold hover:underline">
            {article.title}
          </Link>
        </p>
        {back}
      </header>

      <form method="get" className="flex flex-wrap items-end gap-3 rounded border border-border bg-surface p-4">
        <VersionSelect name="from" label="Compare" versions={versions} selected={from.key} />
        <VersionSelect name="to" label="with" versions={versions} selected={to.key} />
        <button type="submit" className="rounded bg-accent px-3 py-1.5 font-semibold text-accent-fg">
          Compare
        </button>
      </form>

      <section aria-labelledby="diff-heading" className="space-y-4">
        <h2 id="diff-heading" className="text-lg font-semibold">
          {from.label} → {to.label.toLowerCase()}
        </h2>
        <p className="text-sm text-muted">
          {changed
            ? `${diff.wordsInserted} ${diff.wordsInserted === 1 ? "word" : "words"} added, ${diff.wordsDeleted} removed.`
            : "These two versions say the same."}{" "}
          <span aria-hidden="true">
            Key: <span className="diff-ins">added</span> <span className="diff-del">removed</span>
          </span>
        </p>
        <h3 className="font-serif text-2xl font-bold leading-snug">
          <span className="sr-only">Headline: </span>
          <DiffParts parts={diff.title} />
        </h3>
        <DiffBody paragraphs={diff.body} />
      </section>

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading" className="text-lg font-semibold">
          Versions
        </h2>
        <ol className="mt-2 space-y-1 text-sm">
          {versions.map((v) => (
            <li key={v.key}>
              <span className="font-medium">{v.label}</span>: seen <Timestamp date={v.seenAt} />
              {v.until ? <> until {absoluteDateTime(v.until)}</> : " and still current"} · “{v.title}”
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function VersionSelect({
  name,
  label,
  versions,
  selected,
}: {
  name: string;
  label: string;
  versions: Version[];
  selected: string;
}) {
  return (
    <label className="flex w-full min-w-0 flex-col text-sm sm:w-auto">
      <span className="font-medium">{label}</span>
      <select
        name={name}
        defaultValue={selected}
        className="w-full max-w-full rounded border border-border bg-bg px-2 py-1.5 sm:w-auto"
      >
        {versions.map((v) => (
          <option key={v.key} value={v.key}>
            {v.label} ({absoluteDateTime(v.seenAt)})
          </option>
        ))}
      </select>
    </label>
  );
}
