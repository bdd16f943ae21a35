import { config } from "../config";

/**
 * Outgoing mail, from SMTP_URL and MAIL_FROM (parsed and checked with the rest of the configuration in
 * lib/config.ts). Null when SMTP_URL is unset or empty: the site then sends nothing, and an operator hands
 * out reset links with `npm run user:reset-link`.
 */
export type MailConfig = { smtpUrl: string; from: string };

export function mailConfig(): MailConfig | null {
  return config().mail;
}

export function mailConfigured(): boolean {
  return mailConfig() !== null;
}
