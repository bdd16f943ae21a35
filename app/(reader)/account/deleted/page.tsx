import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Account deleted", robots: { index: false } };

/** Where deleting an account ends: says it is done, and what became of the reader's things. */
export default function AccountDeletedPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-3xl font-bold tracking-tight">Account deleted</h1>
      <p role="status" className="mt-4 rounded border border-border bg-surface px-3 py-2">
        Your account has been deleted and you are signed out. Your bookmarks and reading history are gone.
      </p>
      <p className="mt-4 text-muted">
        Comments that others had replied to remain as “[deleted]”, with their text removed, so the replies still read in
        place. Your other comments are gone.
      </p>
      <p className="mt-6">
        <Link href="/" className="underline">
          Back to the front page
        </Link>
      </p>
    </div>
  );
}
