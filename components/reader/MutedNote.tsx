import Link from "next/link";

/**
 * Says that the reader's mutes hid stories from this page, so an emptier page is never a mystery. Only
 * ever rendered for that reader: such pages are never taken from or put in the shared cache.
 */
export function MutedNote({ hidden }: { hidden: number }) {
  if (hidden <= 0) return null;
  return (
    <p className="mt-2 text-sm text-muted">
      {hidden === 1 ? "1 story" : `${hidden} stories`} hidden by your mutes ·{" "}
      <Link href="/account#follow-mute" prefetch={false} className="underline">
        Manage mutes
      </Link>
    </p>
  );
}
