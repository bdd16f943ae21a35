import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { createUser } from "@/db/queries/users";
import { limitFor } from "@/lib/security/rate-limit";
import { useTempDatabase } from "@/lib/testing/db";
import { hashPassword, verifyPassword } from "./password";
import { addressKey } from "./request";
import { beginSignIn, beginSignUp, peekSignIn, signInSucceeded, signUpRevealedAccount } from "./throttle";

const EMAIL = "owner@example.test";
const PASSWORD = "owner's long password";
const ATTACKER = "203.0.113.7";
const OWNER = "198.51.100.20";

let db: Db;
let hash: string;

/** What auth.ts's authorizeCredentials does: throttle, verify, clear on success. */
async function signIn(ip: string, password: string, now = Date.now()): Promise<"ok" | "wrong" | "refused"> {
  if (!(await beginSignIn(db, ip, EMAIL, now)).ok) return "refused";
  if (!(await verifyPassword(hash, password))) return "wrong";
  await signInSucceeded(db, ip, EMAIL);
  return "ok";
}

beforeEach(async () => {
  db = await useTempDatabase();
  hash ??= await hashPassword(PASSWORD);
  await createUser(db, { email: EMAIL, name: "Owner", passwordHash: hash });
});

describe("sign-in throttle", () => {
  it("an attacker's many wrong passwords do not lock the owner out of their own device", async () => {
    const { limit } = limitFor("signin");
    const answers: string[] = [];
    for (let i = 0; i < limit + 20; i++) answers.push(await signIn(ATTACKER, `guess ${i}`));
    expect(answers.slice(0, limit).every((a) => a === "wrong")).toBe(true);
    expect(answers.slice(limit).every((a) => a === "refused")).toBe(true);
    // The attacker's right password is refused too: the brute-force limit holds for their client.
    expect(await signIn(ATTACKER, PASSWORD)).toBe("refused");
    expect((await peekSignIn(db, ATTACKER, EMAIL)).ok).toBe(false);
    // The owner, from another address, signs in at once; the attacker is still refused afterwards.
    expect((await peekSignIn(db, OWNER, EMAIL)).ok).toBe(true);
    expect(await signIn(OWNER, PASSWORD)).toBe("ok");
    expect(await signIn(ATTACKER, PASSWORD)).toBe("refused");
  });

  it("the refusal grows each time the same client trips the limit again", async () => {
    const { limit, windowMs } = limitFor("signin");
    let now = Date.UTC(2026, 0, 1);
    const refusals: number[] = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < limit; i++) expect(await signIn(ATTACKER, "wrong", now)).toBe("wrong");
      const r = await beginSignIn(db, ATTACKER, EMAIL, now);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      refusals.push(r.retryAfterSeconds);
      // Still refused just before the refusal ends; allowed again after it.
      expect((await beginSignIn(db, ATTACKER, EMAIL, now + r.retryAfterSeconds * 1000 - 1000)).ok).toBe(false);
      now += r.retryAfterSeconds * 1000 + 1;
    }
    const w = windowMs / 1000;
    expect(refusals).toEqual([w, 2 * w, 4 * w, 8 * w]);
  });

  it("the owner's right password clears their own failures, not the attacker's", async () => {
    const { limit } = limitFor("signin");
    for (let i = 0; i < limit - 1; i++) expect(await signIn(OWNER, "typo")).toBe("wrong");
    expect(await signIn(OWNER, PASSWORD)).toBe("ok");
    for (let i = 0; i < limit - 1; i++) expect(await signIn(OWNER, "typo")).toBe("wrong");
    expect(await signIn(OWNER, PASSWORD)).toBe("ok");
  });

  it("guesses spread over many addresses reach the per-account ceiling; refused ones do not count", async () => {
    const { limit } = limitFor("signin");
    const { limit: ceiling } = limitFor("signin_account");
    // One address hammering far past its own limit adds only `limit` attempts to the account.
    for (let i = 0; i < ceiling * 2; i++) await beginSignIn(db, ATTACKER, EMAIL);
    expect((await peekSignIn(db, OWNER, EMAIL)).ok).toBe(true);
    // Many addresses together do reach it.
    let attempts = limit;
    for (let a = 1; attempts < ceiling; a++)
      for (let i = 0; i < limit && attempts < ceiling; i++, attempts++) await beginSignIn(db, `192.0.2.${a}`, EMAIL);
    expect((await peekSignIn(db, OWNER, EMAIL)).ok).toBe(false);
  });

  it("an IPv6 client cannot escape its limit by moving within its /64", async () => {
    const { limit } = limitFor("signin");
    for (let i = 0; i < limit; i++)
      expect(await signIn(`2001:db8:1:2::${(i + 1).toString(16)}`, "wrong")).toBe("wrong");
    expect(await signIn("2001:db8:1:2:ffff:ffff:ffff:ffff", PASSWORD)).toBe("refused");
    expect(await signIn("2001:db8:1:3::1", PASSWORD)).toBe("ok");
  });
});

describe("sign-up throttle", () => {
  it("an address cannot check a list of emails quickly", async () => {
    const { limit } = limitFor("signup_ip");
    let allowed = 0;
    for (let i = 0; i < 50; i++) if ((await beginSignUp(db, ATTACKER, `person${i}@example.test`)).ok) allowed++;
    expect(allowed).toBe(limit);
    expect(limit).toBeLessThanOrEqual(10);
    // Another address is not affected.
    expect((await beginSignUp(db, OWNER, "someone@example.test")).ok).toBe(true);
  });

  it("an address told 'already registered' a few times is refused, whatever email it tries next", async () => {
    const { limit } = limitFor("signup_probe");
    for (let i = 0; i < limit; i++) {
      expect((await beginSignUp(db, ATTACKER, `known${i}@example.test`)).ok).toBe(true);
      await signUpRevealedAccount(db, ATTACKER);
    }
    const r = await beginSignUp(db, ATTACKER, "fresh@example.test");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.retryAfterSeconds).toBeGreaterThan(3600);
    expect((await beginSignUp(db, OWNER, "fresh@example.test")).ok).toBe(true);
  });
});

describe("addressKey", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["[2001:db8::1]", "2001:db8:0:0::/64"],
    ["2001:DB8:0:0:1::", "2001:db8:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["", "unknown"],
  ])("%s counts as %s", (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});
