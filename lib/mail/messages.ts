import { SITE_NAME } from "../site";

export type MailMessage = {
  subject: string;
  text: string;
  /** Extra headers (the digest's List-Unsubscribe). */
  headers?: Record<string, string>;
};

// Plain text only: no HTML to sanitise, nothing for a mail client to load, links readable as they are.

export function passwordResetMail({ name, link }: { name: string; link: string }): MailMessage {
  return {
    subject: `Reset your ${SITE_NAME} password`,
    text: [
      `Hello ${name},`,
      "",
      `Someone (we hope you) asked to reset the password of your ${SITE_NAME} account. To choose a new one, open this link within an hour:`,
      "",
      link,
      "",
      "It works once. Setting a new password signs you out everywhere else.",
      "If you did not ask for this, ignore this message: your password stays as it is.",
    ].join("\n"),
  };
}

// No name in this one: it is whatever the visitor typed, and the address may not be theirs, so the mail
// must carry no text of a stranger's choosing.
export function signupLinkMail({ link }: { link: string }): MailMessage {
  return {
    subject: `Finish creating your ${SITE_NAME} account`,
    text: [
      "Hello,",
      "",
      `To finish creating your ${SITE_NAME} account, open this link within an hour:`,
      "",
      link,
      "",
      "If you did not sign up, ignore this message and no account will be created.",
    ].join("\n"),
  };
}

export function signupAttemptMail({
  name,
  signinLink,
  resetLink,
}: {
  name: string;
  signinLink: string;
  resetLink: string;
}): MailMessage {
  return {
    subject: `Someone tried to sign up to ${SITE_NAME} with your address`,
    text: [
      `Hello ${name},`,
      "",
      `Someone just tried to create a ${SITE_NAME} account with this email address, which already has one. No new account was made and nothing changed on yours.`,
      "",
      `If it was you: sign in at ${signinLink}`,
      `Forgot your password? Reset it at ${resetLink}`,
      "",
      "If it was not you, you can ignore this message.",
    ].join("\n"),
  };
}
