import { z } from "zod";
import { siteUrl } from "../site";

export type MailConfig = { smtpUrl: string; from: string };

const smtpUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      return ["smtp:", "smtps:"].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, "SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465");

/**
 * Outgoing mail, from SMTP_URL and MAIL_FROM. Null when SMTP_URL is unset or empty: the site then sends
 * nothing, and an operator hands out reset links with `npm run user:reset-link`. A malformed value
 * stops the server with the variable's name rather than failing at the first mail.
 */
export function readMailConfig(env: Record<string, string | undefined> = process.env): MailConfig | null {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return null;
  const parsed = smtpUrl.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid SMTP_URL: ${parsed.error.issues[0]?.message ?? "not a URL"}`);
  const from = env.MAIL_FROM?.trim() || `Tidings <no-reply@${new URL(siteUrl()).hostname}>`;
  return { smtpUrl: parsed.data, from };
}

let cached: { config: MailConfig | null } | undefined;

export function mailConfig(): MailConfig | null {
  cached ??= { config: readMailConfig() };
  return cached.config;
}

export function mailConfigured(): boolean {
  return mailConfig() !== null;
}
