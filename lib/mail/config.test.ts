import { describe, expect, it } from "vitest";
import { parseConfig } from "../config";

const mailOf = (env: Record<string, string>) => parseConfig(env).mail;

describe("mail configuration", () => {
  it("is off without SMTP_URL (or with an empty one)", () => {
    expect(mailOf({})).toBeNull();
    expect(mailOf({ SMTP_URL: "  " })).toBeNull();
  });

  it("takes smtp:// and smtps:// URLs, with MAIL_FROM or a default sender", () => {
    expect(mailOf({ SMTP_URL: "smtps://u:p@mail.example.org:465", MAIL_FROM: "News <n@example.org>" })).toEqual({
      smtpUrl: "smtps://u:p@mail.example.org:465",
      from: "News <n@example.org>",
    });
    expect(mailOf({ SMTP_URL: "smtp://127.0.0.1:2525" })?.from).toMatch(/^Tidings <no-reply@localhost>/);
  });

  it("fails with the variable's name on anything else", () => {
    expect(() => mailOf({ SMTP_URL: "mail.example.org" })).toThrow(/SMTP_URL/);
    expect(() => mailOf({ SMTP_URL: "http://mail.example.org" })).toThrow(/SMTP_URL/);
  });
});
