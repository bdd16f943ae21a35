import { relativeTime } from "@/lib/time";
import { RelativeTime } from "./RelativeTime";

/**
 * A server component on purpose: the label is computed once, here, and travels as a string. Were this
 * in the client file, the browser would recompute it while hydrating a page cached minutes earlier,
 * the text would not match, and React would re-render the whole document.
 */
export function Timestamp({ date }: { date: Date }) {
  return <RelativeTime iso={date.toISOString()} initial={relativeTime(date)} />;
}
