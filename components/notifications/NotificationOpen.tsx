"use client";

import { useEffect } from "react";
import { useNoteUnread } from "../reader/ReaderContext";

/**
 * A notification's link. Following it marks that one read (a keepalive POST, so it survives the page
 * change); without JavaScript the link still works and "Mark all read" clears the list.
 */
export function NotificationOpen({
  id,
  href,
  unread,
  children,
}: {
  id: number;
  href: string;
  unread: boolean;
  children: React.ReactNode;
}) {
  const noteUnread = useNoteUnread();
  const open = () => {
    if (!unread) return;
    noteUnread((n) => Math.max((n ?? 1) - 1, 0));
    void fetch(`/api/notifications/${id}/read`, { method: "POST", keepalive: true, credentials: "same-origin" }).catch(
      () => {
        // Offline: it stays unread, and says so on the next visit.
      },
    );
  };
  return (
    <a href={href} onClick={open} className="font-medium hover:underline">
      {children}
    </a>
  );
}

/** Tells the header the count this page was rendered with (it may have changed since the header was drawn). */
export function UnreadSync({ count }: { count: number }) {
  const noteUnread = useNoteUnread();
  useEffect(() => {
    noteUnread(() => count);
  }, [count, noteUnread]);
  return null;
}
