import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { listSources } from "@/db/queries/articles";
import { getDb } from "@/lib/db";

export const metadata: Metadata = {
  title: "Sources",
  description: "Every outlet we follow.",
  alternates: { canonical: "/sources" },
};

export default async function SourcesPage() {
  // Read at request time: the list changes whenever an ingest adds a source.
  await connection();
  const sources = await listSources(getDb());
  return (
    <>
      <h1 className="text-3xl font-bold tracking-tight">Sources</h1>
      <ul className="mt-4 divide-y divide-border">
        {sources.map((s) => (
          <li key={s.slug} className="flex items-baseline justify-between py-3">
            <Link href={`/sources/${s.slug}`} className="font-semibold hover:underline">
              {s.name}
            </Link>
            <span className="text-sm text-muted">
              {s.articleCount} {s.articleCount === 1 ? "story" : "stories"}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
