import { describe, expect, it } from "vitest";
import { readMailConfig } from "./config";

describe("mail configuration", () => {
  it("is off without SMTP_URL (or with an empty one)", () => {
    expect(readMailConfig({})).toBeNull();
    expect(readMailConfig({ SMTP_URL: "  " })).toBeNull();
  });

  it("takes smtp:// and smtps:// URLs, with MAIL_FROM or a default sender", () => {
    expect(readMailConfig({ SMTP_URL: "smtps://u:p@mail.example.org:465", MAIL_FROM: "News <n@example.org>" })).toEqual(
      { smtpUrl: "smtps://u:p@mail.example.org:465", from: "News <n@example.org>" },
    );
    expect(readMailConfig({ SMTP_URL: "smtp://127.0.0.1:2525" })?.from).toMatch(/^Tidings <no-reply@/);
  });

  it("fails with the variable's name on anything else", () => {
    expect(() => readMailConfig({ SMTP_URL: "mail.example.org" })).toThrow(/SMTP_URL/);
    expect(() => readMailConfig({ SMTP_URL: "http://mail.example.org" })).toThrow(/SMTP_URL/);
  });
});
