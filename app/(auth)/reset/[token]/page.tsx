import type { Metadata } from "next";
import Link from "next/link";
import { AuthForm } from "@/components/auth/AuthForm";
import { getLiveAccountToken } from "@/db/queries/account-tokens";
import { accountTokenField, hashAccountToken } from "@/lib/auth/account-tokens";
import { getDb } from "@/lib/db";
import { PASSWORD_MIN } from "@/lib/limits";
import { completeResetAction } from "../../actions";

export const metadata: Metadata = {
  title: "Choose a new password",
  robots: { index: false },
  // The token is in this page's address: never send it on to another site.
  referrer: "no-referrer",
};

type Props = { params: Promise<{ token: string }> };

export default async function ResetPasswordPage({ params }: Props) {
  const { token } = await params;
  const parsed = accountTokenField.safeParse(token);
  // Only looks: the link is used up when the form is sent, not when a mail scanner opens it.
  const live =
    parsed.success &&
    (await getLiveAccountToken(getDb(), {
      purpose: "password_reset",
      tokenHash: hashAccountToken(parsed.data),
      now: new Date(),
    }));
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-3xl font-bold tracking-tight">Choose a new password</h1>
      {live ? (
        <>
          <p className="mt-2 text-muted">For {live.email}. Every other session will be signed out.</p>
          <AuthForm
            permalink={`/reset/${encodeURIComponent(token)}`}
            action={completeResetAction}
            submitLabel="Set new password"
            hidden={{ token }}
            fields={[
              {
                name: "password",
                label: "New password",
                type: "password",
                autoComplete: "new-password",
                hint: `At least ${PASSWORD_MIN} characters.`,
                minLength: PASSWORD_MIN,
              },
            ]}
          />
        </>
      ) : (
        <>
          <p role="alert" className="mt-4 rounded border border-accent px-3 py-2 text-accent">
            This link has expired or has already been used.
          </p>
          <p className="mt-4">
            <Link href="/reset" className="underline">
              Ask for a new link
            </Link>{" "}
            (it works for an hour, once).
          </p>
        </>
      )}
    </div>
  );
}
