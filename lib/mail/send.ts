import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { mailConfig } from "./config";
import type { MailMessage } from "./messages";

let transporter: Transporter | undefined;

/**
 * Sends one plain-text mail through SMTP_URL. Throws when mail is not configured or the server
 * refuses; callers that answer a visitor run this after the response (see `after()`), so how long a
 * send takes, or whether one happened at all, never shows in the answer.
 */
export async function sendMail(to: string, message: MailMessage): Promise<void> {
  const config = mailConfig();
  if (!config) throw new Error("Mail is not configured (SMTP_URL is unset).");
  transporter ??= nodemailer.createTransport(config.smtpUrl);
  await transporter.sendMail({
    from: config.from,
    to,
    subject: message.subject,
    text: message.text,
    headers: message.headers,
  });
}

/** For work done after a response: a failed send is logged (without the link in it), never thrown. */
export async function sendMailQuietly(to: string, message: MailMessage): Promise<void> {
  try {
    await sendMail(to, message);
  } catch (error) {
    console.error(`[mail] could not send "${message.subject}":`, error instanceof Error ? error.message : error);
  }
}
