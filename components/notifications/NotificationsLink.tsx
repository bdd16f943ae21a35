"use client";

import Link from "next/link";
import { useUnreadCount } from "../reader/ReaderContext";

/**
 * The header's bell. Its count comes from the reader's own render or embedded state (never from a
 * shared page) and is announced in the link's name: "Notifications, 3 unread".
 */
export function NotificationsLink({ unread: account }: { unread: number }) {
  const unread = useUnreadCount(account);
  const label = unread > 0 ? `Notifications, ${unread} unread` : "Notifications";
  return (
    // Personal and never cached: not prefetched on every page view.
    <Link
      href="/notifications"
      prefetch={false}
      aria-label={label}
      title={label}
      className="relative inline-flex items-center rounded p-1 hover:bg-bg"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        width="20"
        height="20"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      >
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" strokeLinecap="round" strokeLinejoin="round" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {unread > 0 ? (
        <span
          aria-hidden="true"
          className="absolute -right-1.5 -top-1 min-w-[1.25rem] rounded-full bg-accent px-1 text-center text-xs font-bold leading-5 text-accent-fg"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
