import net from "node:net";
import { config } from "@/lib/config";

// Ranges a feed URL must never reach unless private addresses are explicitly allowed: a feed list or a
// redirect is attacker-controlled input, and without this check it could make us read the cloud
// metadata service (169.254.169.254), the admin port of a neighbour, or our own loopback services.
const IPV4_BLOCKED: ReadonlyArray<readonly [string, number]> = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

const IPV6_BLOCKED: ReadonlyArray<readonly [string, number]> = [
  ["::", 96], // unspecified, loopback (::1) and the deprecated IPv4-compatible form
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001::", 32], // Teredo: the IPv4 inside is obfuscated, so the whole prefix is refused
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // old site-local
  ["ff00::", 8], // multicast
];

function ipv4Hex(address: string): [string, string] {
  const [a = 0, b = 0, c = 0, d = 0] = address.split(".").map(Number);
  const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
  return [hex(a, b), hex(c, d)];
}

const blocked = new net.BlockList();
for (const [prefix, bits] of IPV4_BLOCKED) {
  blocked.addSubnet(prefix, bits, "ipv4");
  // The same IPv4 ranges reached through IPv6 forms that embed an IPv4 address: mapped (::ffff:a.b.c.d),
  // NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::). BlockList already maps ::ffff:, but being
  // explicit keeps the rule visible and independent of that detail.
  const [hi, lo] = ipv4Hex(prefix);
  blocked.addSubnet(`::ffff:${hi}:${lo}`, 96 + bits, "ipv6");
  blocked.addSubnet(`64:ff9b::${hi}:${lo}`, 96 + bits, "ipv6");
  blocked.addSubnet(`2002:${hi}:${lo}::`, 16 + bits, "ipv6");
}
for (const [prefix, bits] of IPV6_BLOCKED) blocked.addSubnet(prefix, bits, "ipv6");

/** True for an address on the public internet; false for private, loopback, link-local and reserved ones. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = net.isIP(bare);
  if (family === 0) return false;
  return !blocked.check(bare, family === 4 ? "ipv4" : "ipv6");
}

/** Whether private addresses may be fetched: the --allow-private flag or INGEST_ALLOW_PRIVATE=1. */
export function privateAddressesAllowed(flag = false): boolean {
  return flag || config().ingestAllowPrivate;
}
