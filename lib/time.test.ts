import { describe, expect, it } from "vitest";
import { absoluteDateTime, relativeTime } from "./time";

const now = new Date("2026-11-27T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const MIN = 60_000;

describe("relativeTime", () => {
  it.each([
    [10_000, "a few seconds ago"],
    [70_000, "a minute ago"],
    [5 * MIN, "5 minutes ago"],
    [44 * MIN, "44 minutes ago"],
    [60 * MIN, "an hour ago"],
    [3 * 60 * MIN, "3 hours ago"],
    [24 * 60 * MIN, "a day ago"],
    [3 * 24 * 60 * MIN, "3 days ago"],
  ])("%i ms ago is %s", (ms, text) => {
    expect(relativeTime(ago(ms), now)).toBe(text);
  });
  it("shows a date for old items", () => {
    expect(relativeTime(new Date("2026-01-05T08:00:00Z"), now)).toBe("5 Jan 2026");
  });
  it("handles clock skew without saying 'in -1 minutes'", () => {
    expect(relativeTime(new Date(now.getTime() + 5_000), now)).toBe("just now");
    expect(relativeTime(new Date(now.getTime() + 2 * 60 * MIN), now)).toBe("in 2 hours");
  });
  it("gives the absolute time in UTC for tooltips", () => {
    expect(absoluteDateTime(now)).toBe("Friday 27 November 2026, 12:00 UTC");
  });
});
