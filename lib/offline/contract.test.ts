import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/db";
import { createUser, updateUserPassword } from "@/db/queries/users";
import { offlinePartition, sessionFromCookieHeader } from "../auth/session-token";
import * as contract from "./contract";

const worker = fs.readFileSync(path.join(__dirname, "../../public/sw.js"), "utf8");
const SECRET = "test-secret-for-offline-partition-0123456789";

describe("the service worker and the server agree", () => {
  it("on every name they share", () => {
    const constants: [string, string][] = [
      ["SESSION_HEADER", contract.SESSION_HEADER],
      ["PUBLIC_HEADER", contract.PUBLIC_HEADER],
      ["OFFLINE_FETCH_HEADER", contract.OFFLINE_FETCH_HEADER],
      ["SESSION_CHECK_PATH", contract.SESSION_CHECK_PATH],
      ["CACHE_PREFIX", contract.CACHE_PREFIX],
      ["PAGES_CACHE_PREFIX", contract.PAGES_CACHE_PREFIX],
      ["OFFLINE_PAGE", contract.OFFLINE_PAGE_PATH],
    ];
    for (const [name, value] of constants) expect(worker, name).toContain(`const ${name} = "${value}";`);
    expect(worker).toContain(`<div id="${contract.OFFLINE_NOTICE_ID}"`);
    expect(fs.existsSync(path.join(__dirname, "../../public", contract.OFFLINE_PAGE_PATH))).toBe(true);
  });
});

describe("offlinePartition", () => {
  const claims = { uid: "7", sv: 0, sid: "5b0e8f62-7a52-4c1e-9d7f-0d3c1b8a2f11" };

  it("is opaque, stable for one session and different for any other", () => {
    const p = offlinePartition(SECRET, claims);
    expect(p).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(p).not.toContain("7");
    expect(offlinePartition(SECRET, { ...claims })).toBe(p);
    // Another sign-in of the same reader, a password change, another secret, another reader.
    expect(offlinePartition(SECRET, { ...claims, sid: "another-sign-in" })).not.toBe(p);
    expect(offlinePartition(SECRET, { ...claims, sv: 1 })).not.toBe(p);
    expect(offlinePartition(`${SECRET}x`, claims)).not.toBe(p);
    expect(offlinePartition(SECRET, { ...claims, uid: "8" })).not.toBe(p);
  });

  it("is none for a token from before sessions had an id", () => {
    expect(offlinePartition(SECRET, { uid: "7", sv: 0 })).toBeNull();
    expect(offlinePartition(SECRET, { uid: "7", sv: 0, sid: "" })).toBeNull();
  });

  it("is given only for a token that still verifies", async () => {
    const db = openDatabase(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "offline-test-")), "t.db"));
    const reader = await createUser(db, { email: "r@x.test", name: "Reader", passwordHash: "x" });
    if (!reader) throw new Error("user not created");
    const salt = "authjs.session-token";
    const token = await encode({
      token: { uid: String(reader.id), sv: reader.sessionVersion, sid: "sign-in-1" },
      secret: SECRET,
      salt,
    });
    const session = await sessionFromCookieHeader(db, `${salt}=${token}`, SECRET);
    expect(session?.actor.id).toBe(reader.id);
    expect(session?.partition).toBe(
      offlinePartition(SECRET, { uid: String(reader.id), sv: reader.sessionVersion, sid: "sign-in-1" }),
    );
    await updateUserPassword(db, { userId: reader.id, passwordHash: "y" });
    expect(await sessionFromCookieHeader(db, `${salt}=${token}`, SECRET)).toBeNull();
  });
});
