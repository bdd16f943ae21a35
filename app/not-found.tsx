import Link from "next/link";

export default function NotFound() {
  return (
    <div className="py-12">
      <h1 className="text-3xl font-bold tracking-tight">Page not found</h1>
      <p className="mt-3 text-muted">There is no story, tag or source at this address. It may have been mistyped.</p>
      <p className="mt-6">
        <Link href="/" className="underline">
          Back to the latest stories
        </Link>
      </p>
    </div>
  );
}
