"use client";

import Link from "next/link";
import { signOutAction } from "@/app/(auth)/actions";
import { forgetOfflineCopies } from "@/lib/offline/client";
import type { ShellReader } from "@/lib/page-cache/reader-shell";
import { NotificationsLink } from "./notifications/NotificationsLink";
import {
  useForgetReader,
  useKeepSessionAlive,
  useReaderAccount,
  useReaderStateAfterNavigation,
} from "./reader/ReaderContext";

/** The header's account area: sign-in links for visitors, the reader's own links once signed in. */
export function AccountMenu({ account }: { account: ShellReader["me"] | null }) {
  const me = useReaderAccount(account);
  const forget = useForgetReader();
  useKeepSessionAlive(me !== null);
  useReaderStateAfterNavigation(me !== null);
  if (!me) {
    return (
      <div className="flex items-center gap-3 text-sm">
        <Link href="/signin" prefetch={false} className="hover:underline">
          Sign in
        </Link>
        <Link href="/signup" prefetch={false} className="rounded bg-accent px-2.5 py-1 font-semibold text-accent-fg">
          Sign up
        </Link>
      </div>
    );
  }
  return (
    <nav aria-label="Account" className="flex flex-wrap items-center gap-3 text-sm">
      {/* Personal pages are never cached: prefetching them on every page view cost a render each. */}
      <Link href="/my" prefetch={false} className="hover:underline">
        My feed
      </Link>
      <Link href="/saved" prefetch={false} className="hover:underline">
        Saved
      </Link>
      {me.isModerator ? (
        <Link href="/moderation" prefetch={false} className="hover:underline">
          Moderation
        </Link>
      ) : null}
      <NotificationsLink unread={me.unread} />
      <Link href="/account" prefetch={false} className="font-medium hover:underline">
        {me.name}
      </Link>
      {/* Forgets the embedded state and the pages kept for offline reading at once, so nothing
          signed-in lingers while the sign-out completes. */}
      <form
        action={signOutAction}
        onSubmit={() => {
          forget();
          forgetOfflineCopies();
        }}
      >
        <input type="hidden" name="callbackUrl" value="/" />
        <button type="submit" className="text-muted hover:text-fg hover:underline">
          Sign out
        </button>
      </form>
    </nav>
  );
}
