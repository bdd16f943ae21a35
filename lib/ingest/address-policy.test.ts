import { describe, expect, it } from "vitest";
import { isPublicAddress } from "./address-policy";
import { nextFetchDelay } from "./schedule";

describe("isPublicAddress", () => {
  it("refuses private, loopback, link-local and reserved IPv4", () => {
    for (const a of [
      "127.0.0.1",
      "127.8.9.10",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "198.18.0.1",
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });

  it("refuses the same ranges in IPv6 clothing, and IPv6's own private ranges", () => {
    for (const a of [
      "::1",
      "::",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:10.0.0.1",
      "::ffff:169.254.169.254",
      "64:ff9b::127.0.0.1",
      "64:ff9b::a9fe:a9fe",
      "2002:7f00:1::",
      "2002:c0a8:101::1",
      "fe80::1",
      "fe80::1%eth0",
      "fc00::1",
      "fd12:3456::1",
      "ff02::1",
      "2001:db8::1",
      "[::1]",
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });

  it("accepts public addresses, including public IPv4 inside IPv6 forms", () => {
    for (const a of [
      "93.184.216.34",
      "8.8.8.8",
      "172.32.0.1",
      "2606:2800:220:1:248:1893:25c8:1946",
      "::ffff:93.184.216.34",
      "64:ff9b::808:808",
      "2a00:1450:4009:81d::200e",
    ]) {
      expect(isPublicAddress(a), a).toBe(true);
    }
  });

  it("refuses what is not an address at all", () => {
    expect(isPublicAddress("localhost")).toBe(false);
    expect(isPublicAddress("")).toBe(false);
  });
});

describe("nextFetchDelay", () => {
  const interval = 15 * 60_000;
  it("waits one interval when healthy and doubles per consecutive failure, up to a day", () => {
    expect(nextFetchDelay({ intervalMs: interval, consecutiveFailures: 0 })).toBe(interval);
    expect(nextFetchDelay({ intervalMs: interval, consecutiveFailures: 1 })).toBe(2 * interval);
    expect(nextFetchDelay({ intervalMs: interval, consecutiveFailures: 3 })).toBe(8 * interval);
    expect(nextFetchDelay({ intervalMs: interval, consecutiveFailures: 30 })).toBe(24 * 60 * 60_000);
  });

  it("honours a Retry-After longer than the back-off", () => {
    expect(nextFetchDelay({ intervalMs: interval, consecutiveFailures: 1, retryAfterMs: 2 * 3600_000 })).toBe(
      2 * 3600_000,
    );
    expect(nextFetchDelay({ intervalMs: interval, consecutiveFailures: 1, retryAfterMs: 60_000 })).toBe(2 * interval);
  });
});
