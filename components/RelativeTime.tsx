"use client";

import { useEffect, useState } from "react";
import { absoluteDateTime, relativeTime } from "@/lib/time";

/**
 * A <time> whose text is first the server's ("5 minutes ago", passed in as `initial`), so hydration
 * always matches, and which then keeps itself current while the page stays open.
 */
export function RelativeTime({ iso, initial }: { iso: string; initial: string }) {
  const [label, setLabel] = useState(initial);
  useEffect(() => {
    const date = new Date(iso);
    const update = () => setLabel(relativeTime(date));
    update();
    const timer = setInterval(update, 60_000);
    return () => clearInterval(timer);
  }, [iso]);
  return (
    <time dateTime={iso} title={absoluteDateTime(new Date(iso))}>
      {label}
    </time>
  );
}
