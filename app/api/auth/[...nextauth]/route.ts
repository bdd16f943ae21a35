import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { addressKey, clientIp } from "@/lib/auth/request";
import { getDb } from "@/lib/db";
import { checkRateLimits, retryMessage } from "@/lib/security/rate-limit";

export const { GET } = handlers;

/**
 * Auth.js's own endpoints. A credentials callback from an address that is over the sign-in limit is
 * answered here with 429 and Retry-After, before Auth.js runs (authorize() counts the attempts).
 */
export async function POST(request: NextRequest) {
  if (request.nextUrl.pathname.endsWith("/callback/credentials")) {
    const limited = await checkRateLimits(
      getDb(),
      [{ name: "signin_ip", key: addressKey(clientIp(request.headers)) }],
      {
        count: false,
      },
    );
    if (!limited.ok) {
      return Response.json(
        { error: "rate_limited", message: retryMessage(limited.retryAfterSeconds) },
        { status: 429, headers: { "Retry-After": String(limited.retryAfterSeconds) } },
      );
    }
  }
  return handlers.POST(request);
}
