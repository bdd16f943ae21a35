import type { Metadata } from "next";
import Link from "next/link";
import { SearchResults } from "@/components/SearchResults";
import { type SearchResults as Results, SEARCH_PAGE_SIZE, searchArticles } from "@/db/queries/search";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { withoutMuted } from "@/lib/reader/mutes";
import { readerChoicesFor } from "@/lib/reader/reader-lists";
import { hasSearchCriteria, MAX_QUERY_CHARS, parseSearchQuery } from "@/lib/search/query";

type Props = {
  searchParams: Promise<{ q?: string | string[]; page?: string | string[]; mutes?: string | string[] }>;
};

// Request-time: results depend on the query string and on what was ingested a moment ago.
export const dynamic = "force-dynamic";

function first(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const params = await searchParams;
  const q = first(params.q).trim().slice(0, 80);
  const page = Number.parseInt(first(params.page), 10);
  const onPage = q && page > 1 ? ` (page ${page})` : "";
  // Result pages are endless variations of the same stories: keep them out of search engines.
  return { title: q ? `Search: ${q}${onPage}` : "Search", robots: { index: false, follow: true } };
}

const count = new Intl.NumberFormat("en");

/** "34 results", "Results 11–20 of 34", or "More than 1,000 results" past the counting cap. */
function resultCount(r: Results): string {
  if (r.totalIsLowerBound) {
    const more = `More than ${count.format(r.total)} results`;
    return r.page > 1 ? `${more}; this is page ${r.page}` : more;
  }
  const noun = r.total === 1 ? "result" : "results";
  if (r.page === 1) return `${count.format(r.total)} ${noun}`;
  const from = (r.page - 1) * SEARCH_PAGE_SIZE + 1;
  return `Results ${count.format(from)}–${count.format(from + r.items.length - 1)} of ${count.format(r.total)}`;
}

function pageHref(q: string, page: number, showMuted = false): string {
  const params = new URLSearchParams({ q, page: String(page) });
  if (showMuted) params.set("mutes", "off");
  return `/search?${params.toString()}`;
}

export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  const q = first(params.q);
  const requestedPage = Number.parseInt(first(params.page), 10);
  const query = parseSearchQuery(q);
  let results: Results | null = null;
  let failed = false;
  // Search never hides silently: a reader's mutes take results out of the page, and it says how many,
  // with a link that shows them ("mutes=off").
  const showMuted = first(params.mutes) === "off";
  let hidden = 0;
  if (hasSearchCriteria(query)) {
    try {
      results = await searchArticles(getDb(), { query, page: Number.isFinite(requestedPage) ? requestedPage : 1 });
    } catch (err) {
      // The parser lets no syntax through, so this is a database problem: logged, never shown.
      console.error("search failed", err);
      failed = true;
    }
  }
  if (results) {
    const { mutes } = await readerChoicesFor(await getActor());
    const kept = withoutMuted(results.items, mutes);
    hidden = kept.hidden;
    if (!showMuted) results = { ...results, items: kept.items };
  }
  const mutedNote =
    results && hidden > 0 ? (
      <p className="mt-1 text-sm">
        {showMuted ? (
          <>
            Showing {hidden === 1 ? "1 result" : `${hidden} results`} your mutes would hide.{" "}
            <Link href={pageHref(q, results.page)} className="underline">
              Hide {hidden === 1 ? "it" : "them"}
            </Link>
          </>
        ) : (
          <>
            {hidden === 1 ? "1 result" : `${hidden} results`} on this page hidden by your mutes.{" "}
            <Link href={pageHref(q, results.page, true)} prefetch={false} className="underline">
              Show {hidden === 1 ? "it" : "them"}
            </Link>
          </>
        )}
      </p>
    ) : null;

  return (
    <div className="max-w-3xl">
      <h1 className="text-3xl font-bold tracking-tight">Search</h1>
      <search>
        <form action="/search" method="get" className="mt-4 flex flex-wrap gap-2">
          <label htmlFor="search-page-q" className="sr-only">
            Search for
          </label>
          <input
            id="search-page-q"
            type="search"
            name="q"
            defaultValue={q.slice(0, MAX_QUERY_CHARS)}
            maxLength={MAX_QUERY_CHARS}
            aria-describedby="search-help"
            className="min-w-0 flex-1 rounded border border-border bg-surface px-3 py-2"
          />
          <button type="submit" className="rounded bg-accent px-4 py-2 font-medium text-accent-fg">
            Search
          </button>
        </form>
      </search>
      <p id="search-help" className="mt-2 text-sm text-muted">
        Words must all appear. <code>"exact phrase"</code> keeps words together, <code>-word</code> leaves stories out,{" "}
        <code>source:caldera-wire</code> and <code>tag:strike</code> narrow to an outlet or a tag.
      </p>
      {query.truncated ? <p className="mt-3 text-sm">Your search was long, so only its first part was used.</p> : null}

      <section aria-live="polite" className="mt-6">
        {failed ? (
          <p>Search is not available just now. Please try again in a moment.</p>
        ) : !results ? (
          <p className="text-muted">Type some words to search every story we have.</p>
        ) : results.items.length === 0 && hidden === 0 ? (
          <p>
            {results.page > 1
              ? "No more results."
              : "No stories match. Try fewer words, or check the spelling of names."}
          </p>
        ) : (
          <>
            <p className="text-sm text-muted">{resultCount(results)}</p>
            {mutedNote}
            <SearchResults items={results.items} />
            <nav aria-label="Search result pages" className="mt-6 flex gap-4">
              {results.page > 1 ? (
                <Link
                  href={pageHref(q, results.page - 1, showMuted)}
                  rel="prev"
                  className="rounded border border-border px-4 py-2"
                >
                  ← Previous
                </Link>
              ) : null}
              {results.hasMore ? (
                <Link
                  href={pageHref(q, results.page + 1, showMuted)}
                  rel="next"
                  className="rounded border border-border px-4 py-2"
                >
                  More results →
                </Link>
              ) : null}
            </nav>
          </>
        )}
      </section>
    </div>
  );
}
