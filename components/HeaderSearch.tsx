"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { MAX_QUERY_CHARS } from "@/lib/search/query";

/**
 * The header's search box. A plain GET form, so searching works before (and without) any JavaScript.
 * On /search it shows the query that made the page: the server passes it in (the proxy hands the layout
 * the query string, which layouts are otherwise never given), and after a client-side navigation the
 * box follows the address bar. Not useSearchParams(): in the root layout it stalled the router's
 * navigations after a server action (e2e/bookmarks.spec.ts caught it).
 */
export function HeaderSearch({ initialQuery }: { initialQuery: string }) {
  const pathname = usePathname();
  const [q, setQ] = useState(initialQuery);
  const input = useRef<HTMLInputElement>(null);
  const hydrated = useRef(false);
  useEffect(() => {
    if (!hydrated.current) {
      hydrated.current = true;
      // Typed before the scripts ran (a slow phone, a quick reader): keep it rather than reset the box
      // to the server's value, which sent an empty search (e2e/search.spec.ts).
      const typed = input.current?.value ?? initialQuery;
      if (typed !== initialQuery) {
        setQ(typed.slice(0, MAX_QUERY_CHARS));
        return;
      }
    }
    const current = pathname === "/search" ? (new URLSearchParams(window.location.search).get("q") ?? "") : "";
    setQ(current.slice(0, MAX_QUERY_CHARS));
  }, [pathname, initialQuery]);
  return (
    <search>
      <form action="/search" method="get" className="flex items-center gap-1">
        <label htmlFor="site-search" className="sr-only">
          Search stories
        </label>
        <input
          id="site-search"
          ref={input}
          type="search"
          name="q"
          value={q}
          onChange={(e) => setQ(e.target.value)}
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
