import { describe, expect, it } from "vitest";
import { parseFeedDate } from "./feed-date";

const iso = (raw: string) => parseFeedDate(raw)?.toISOString() ?? null;

describe("parseFeedDate: RFC 822 and its relatives", () => {
  it.each([
    ["Tue, 03 Mar 2026 09:30:00 GMT", "2026-03-03T09:30:00.000Z"],
    ["Tue, 03 Mar 2026 09:30:00 UT", "2026-03-03T09:30:00.000Z"],
    ["Tue, 03 Mar 2026 09:30:00 UTC", "2026-03-03T09:30:00.000Z"],
    ["Mon, 02 Mar 2026 17:05:00 +0100", "2026-03-02T16:05:00.000Z"],
    ["Mon, 02 Mar 2026 17:05:00 -05:30", "2026-03-02T22:35:00.000Z"],
    ["Mon, 30 Nov 2026 10:00:00 -0500 (EST)", "2026-11-30T15:00:00.000Z"],
    ["Mon, 30 Nov 2026 10:00:00 GMT+01:00", "2026-11-30T09:00:00.000Z"],
    // Missing seconds, missing weekday, a single-digit day, no space after the comma.
    ["Mon, 30 Nov 2026 10:00 GMT", "2026-11-30T10:00:00.000Z"],
    ["30 Nov 2026 10:00:00 GMT", "2026-11-30T10:00:00.000Z"],
    ["Wed, 4 Feb 2026 06:00:00 GMT", "2026-02-04T06:00:00.000Z"],
    ["Mon,30 Nov 2026 10:00:00 +0000", "2026-11-30T10:00:00.000Z"],
    // Full weekday and month names, and a day and month the other way round.
    ["Monday, 30 November 2026 10:00:00 GMT", "2026-11-30T10:00:00.000Z"],
    ["Mon, Nov 30 2026 10:00:00 GMT", "2026-11-30T10:00:00.000Z"],
    ["Sun Jan  4 16:29:06 PST 2004", "2004-01-05T00:29:06.000Z"],
    ["Monday, 30-Nov-26 10:00:00 GMT", "2026-11-30T10:00:00.000Z"],
    ["Thu Jan 01 00:00:00 +0000 2004", "2004-01-01T00:00:00.000Z"],
    ["Sun, 16 Dec 2012 1:2:3 +0000", "2012-12-16T01:02:03.000Z"],
    ["Wed, 19 Aug 2009 18:28:00 EDT -0400", "2009-08-19T22:28:00.000Z"],
    ["Mon, 5 Apr 2004 01:02:03.456 GMT", "2004-04-05T01:02:03.000Z"],
  ])("%s", (raw, expected) => {
    expect(iso(raw)).toBe(expected);
  });

  it.each([
    ["EST", "15:00"],
    ["EDT", "14:00"],
    ["CST", "16:00"],
    ["CDT", "15:00"],
    ["MST", "17:00"],
    ["MDT", "16:00"],
    ["PST", "18:00"],
    ["PDT", "17:00"],
    ["AST", "14:00"],
    ["AKST", "19:00"],
    ["HST", "20:00"],
    // Generic US names without standard/daylight: read as standard time.
    ["ET", "15:00"],
    ["CT", "16:00"],
    ["MT", "17:00"],
    ["PT", "18:00"],
    ["MET", "09:00"],
    ["MEST", "08:00"],
    ["CET", "09:00"],
    ["CEST", "08:00"],
    ["BST", "09:00"],
    ["EET", "08:00"],
    ["IST", "04:30"],
    ["JST", "01:00"],
    ["AEST", "00:00"],
  ])("zone %s", (zone, utcTime) => {
    expect(iso(`Mon, 30 Nov 2026 10:00:00 ${zone}`)).toBe(`2026-11-30T${utcTime}:00.000Z`);
  });

  it.each([
    ["Z", "10:00"],
    ["A", "11:00"],
    ["I", "19:00"],
    ["K", "20:00"],
    ["M", "22:00"],
    ["N", "09:00"],
    ["Y", "22:00"],
  ])("military zone %s, with the signs RFC 822 gives them", (zone, utcTime) => {
    const expected = zone === "Y" ? `2026-11-29T${utcTime}:00.000Z` : `2026-11-30T${utcTime}:00.000Z`;
    expect(iso(`Mon, 30 Nov 2026 10:00:00 ${zone}`)).toBe(expected);
  });

  it("two-digit years: 00-49 are this century, 50-99 the last (RFC 2822)", () => {
    expect(iso("Mon, 30 Nov 26 10:00:00 GMT")).toBe("2026-11-30T10:00:00.000Z");
    expect(iso("Thu, 01 Jan 04 19:48:21 GMT")).toBe("2004-01-01T19:48:21.000Z");
    expect(iso("Fri, 31 Dec 99 23:59:59 GMT")).toBe("1999-12-31T23:59:59.000Z");
  });

  it("named months in other layouts, with a.m./p.m. and ordinals", () => {
    expect(iso("30 November 2026")).toBe("2026-11-30T00:00:00.000Z");
    expect(iso("Nov 30, 2026 10:00")).toBe("2026-11-30T10:00:00.000Z");
    expect(iso("November 30, 2026 10:00 PM")).toBe("2026-11-30T22:00:00.000Z");
    expect(iso("November 30, 2026 at 12:15 a.m. EST")).toBe("2026-11-30T05:15:00.000Z");
    expect(iso("30th November 2026")).toBe("2026-11-30T00:00:00.000Z");
    expect(iso("Sept 3, 2026")).toBe("2026-09-03T00:00:00.000Z");
    expect(iso("2026/11/30 10:00")).toBe("2026-11-30T10:00:00.000Z");
  });
});

describe("parseFeedDate: W3C-DTF and ISO 8601", () => {
  it.each([
    ["2026-02-21T12:30:00+02:00", "2026-02-21T10:30:00.000Z"],
    ["2026-02-21T12:30:00Z", "2026-02-21T12:30:00.000Z"],
    ["2026-02-21T12:30:00.250Z", "2026-02-21T12:30:00.250Z"],
    ["2026-02-21T12:30+02:00", "2026-02-21T10:30:00.000Z"],
    ["2026-02-21T12:30:00-0330", "2026-02-21T16:00:00.000Z"],
    ["2026-02-21 12:30:00", "2026-02-21T12:30:00.000Z"],
    ["2026-02-21", "2026-02-21T00:00:00.000Z"],
    ["2026-02", "2026-02-01T00:00:00.000Z"],
    ["2026", "2026-01-01T00:00:00.000Z"],
    ["20261130T101455Z", "2026-11-30T10:14:55.000Z"],
    ["20261130", "2026-11-30T00:00:00.000Z"],
  ])("%s", (raw, expected) => {
    expect(iso(raw)).toBe(expected);
  });
});

describe("parseFeedDate: localised forms", () => {
  it.each([
    ["2004년 05월 28일  01:31:15", "2004-05-27T16:31:15.000Z"],
    ["2004-05-25 오후 11:23:17", "2004-05-25T14:23:17.000Z"],
    ["2004-05-25 오전 11:23:17", "2004-05-25T02:23:17.000Z"],
    ["Κυρ, 11 Ιούλ 2004 12:00:00 EST", "2004-07-11T17:00:00.000Z"],
    ["2004-július-13T9:15-05:00", "2004-07-13T14:15:00.000Z"],
    ["2004-július-13", "2004-07-13T00:00:00.000Z"],
  ])("%s", (raw, expected) => {
    expect(iso(raw)).toBe(expected);
  });
});

describe("parseFeedDate: refusals", () => {
  it.each([
    "Someday, 45 Smarch 20X6",
    "sometime last week",
    "1700000000",
    "12345",
    "12345678",
    "Thu, 31 Apr 2026 10:00:00 GMT",
    "2026-13-01",
    "2026-02-30",
    "Mon, 30 Nov 2026 25:00:00 GMT",
    "Nov 2026",
    "30 Nov",
    "Mon, 30 Nov 2026 10:00:00 Mars/Olympus",
    "",
    "   ",
  ])("%j", (raw) => {
    expect(parseFeedDate(raw)).toBeNull();
  });

  it("refuses years before 1900", () => {
    expect(parseFeedDate("Thu, 01 Jan 0100 00:00:01 +0100")).toBeNull();
  });
});
