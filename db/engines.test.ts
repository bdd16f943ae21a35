import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { testEngine, useTempDatabase } from "@/lib/testing/db";
import { byteOrder, type Db, rows } from "./index";

// Where the two engines would differ if left alone, and the helper in db/index.ts that makes them agree.

let db: Db;
beforeEach(async () => {
  db = await useTempDatabase();
});

const words = sql`(select 'apple' as x union all select 'Éclair' union all select 'zebra' union all select 'Zebra') as v`;

describe("engine differences", () => {
  it("byteOrder sorts text by bytes, as SQLite's BINARY collation does", async () => {
    const sorted = await rows<{ x: string }>(db, sql`select x from ${words} order by ${byteOrder(db, sql`x`)}`);
    expect(sorted.map((r) => r.x)).toEqual(["Zebra", "apple", "zebra", "Éclair"]);
  });

  // The suite's server is initialised with the C.UTF-8 locale, which already sorts by code point; a
  // production server usually has a language's collation. An ICU collation stands in for one here.
  it.skipIf(testEngine !== "postgres")("byteOrder overrides a server's linguistic collation (PostgreSQL)", async () => {
    const linguistic = sql`(x collate "en-x-icu")`;
    const plain = await rows<{ x: string }>(db, sql`select x from ${words} order by ${linguistic}`);
    expect(plain.map((r) => r.x)).not.toEqual(["Zebra", "apple", "zebra", "Éclair"]);
    const pinned = await rows<{ x: string }>(db, sql`select x from ${words} order by ${byteOrder(db, linguistic)}`);
    expect(pinned.map((r) => r.x)).toEqual(["Zebra", "apple", "zebra", "Éclair"]);
  });
});
