import { describe, expect, it } from "vitest";
import { useTempDatabase } from "@/lib/testing/db";
import { sqlAll, sqlGet, sqlPluck, sqlRun, sqlValue } from "@/lib/testing/sql";

describe("sql helpers", () => {
  it("work", async () => {
    const db = await useTempDatabase();
    expect(await sqlRun(db, "insert into sources (slug, name) values (?, ?)", "a", "A")).toBe(1);
    expect(await sqlGet(db, "select slug, name, enabled from sources where slug = ?", "a")).toEqual({
      slug: "a",
      name: "A",
      enabled: 1,
    });
    expect(await sqlPluck(db, "select id from sources")).toEqual([1]);
    expect(await sqlValue(db, "select count(*) as n from sources where name like ?", "%")).toBe(1);
    expect((await sqlAll(db, "select * from sources")).length).toBe(1);
  });
});
