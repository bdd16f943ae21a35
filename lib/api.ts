import "server-only";
import type { z } from "zod";
import { HTTP_STATUS, type Mutation } from "@/lib/mutations/guard";
import { runMutation } from "@/lib/mutations/run-action";
import { isCrossSiteRequest } from "@/lib/security/cross-site";
import { siteUrl, siteUrlConfigured, trustProxy } from "./site";

/** The one answer to every refused origin, whatever was wrong with it. */
export const crossSiteRefused = () =>
  Response.json({ error: "forbidden", message: "Cross-site request refused." }, { status: 403 });

/**
 * A JSON write endpoint over the one guard. Cookie-authenticated writes from another site are refused
 * up front (CSRF): the browser's Origin (or Sec-Fetch-Site) must say the request came from us.
 */
export async function apiMutation<S extends z.ZodType, R>(
  request: Request,
  mutation: Mutation<S, R>,
  input: Record<string, unknown>,
  okStatus = 200,
): Promise<Response> {
  if (
    isCrossSiteRequest(request.headers, {
      siteUrl: siteUrl(),
      siteUrlConfigured: siteUrlConfigured(),
      trustProxy: trustProxy(),
    })
  ) {
    return crossSiteRefused();
  }
  const result = await runMutation(mutation, input);
  if (result.ok) return Response.json({ ok: true, value: result.value }, { status: okStatus });
  const code = result.state.code ?? "invalid";
  const headers: Record<string, string> = {};
  if (result.retryAfterSeconds) headers["Retry-After"] = String(result.retryAfterSeconds);
  return Response.json(
    { error: code, message: result.state.message, fieldErrors: result.state.fieldErrors },
    { status: HTTP_STATUS[code], headers },
  );
}

/** The request body as an object, or null when it is not a JSON object (a clear 400, never a 500). */
export async function jsonBody(request: Request): Promise<Record<string, unknown> | null> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > 64 * 1024) return null;
  try {
    const text = await request.text();
    if (text.length > 64 * 1024) return null;
    const body = JSON.parse(text) as unknown;
    return body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const badJson = () =>
  Response.json({ error: "invalid", message: "The body must be a JSON object of at most 64 KB." }, { status: 400 });
