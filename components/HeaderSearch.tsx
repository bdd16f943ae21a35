"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { MAX_QUERY_CHARS } from "@/lib/search-query";

/**
 * The header's search box. A plain GET form, so searching works before (and without) any JavaScript; a
 * client island only because the root layout is never given the query string, and on /search the box
 * should show the query that made the page (it is rendered on the server there too: /search is dynamic).
 */
export function HeaderSearch() {
  const pathname = usePathname();
  const params = useSearchParams();
  const q = pathname === "/search" ? (params.get("q") ?? "").slice(0, MAX_QUERY_CHARS) : "";
  return (
    <search>
      <form action="/search" method="get" className="flex items-center gap-1">
        <label htmlFor="site-search" className="sr-only">
          Search stories
        </label>
        {/* Keyed by the query: a new search (or leaving /search) resets what the box shows. */}
        <input
          key={q}
          id="site-search"
          type="search"
          name="q"
          defaultValue={q}
          placeholder="Search stories"
          maxLength={MAX_QUERY_CHARS}
          className="w-40 rounded border border-border bg-bg px-2 py-1 text-sm sm:w-56"
        />
        <button type="submit" className="rounded border border-border px-2 py-1 text-sm hover:bg-bg">
          Search
        </button>
      </form>
    </search>
  );
}
