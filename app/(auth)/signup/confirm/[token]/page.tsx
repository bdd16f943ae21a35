import type { Metadata } from "next";
import Link from "next/link";
import { AuthForm } from "@/components/auth/AuthForm";
import { getLiveAccountToken } from "@/db/queries/account-tokens";
import { accountTokenField, hashAccountToken } from "@/lib/auth/account-tokens";
import { getDb } from "@/lib/db";
import { confirmSignupAction } from "../../../actions";

export const metadata: Metadata = {
  title: "Finish creating your account",
  robots: { index: false },
  referrer: "no-referrer",
};

type Props = { params: Promise<{ token: string }> };

export default async function ConfirmSignupPage({ params }: Props) {
  const { token } = await params;
  const parsed = accountTokenField.safeParse(token);
  // Opening the link changes nothing (mail scanners open links too); the button below does.
  const live =
    parsed.success &&
    (await getLiveAccountToken(getDb(), {
      purpose: "signup",
      tokenHash: hashAccountToken(parsed.data),
      now: new Date(),
    }));
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-3xl font-bold tracking-tight">Finish creating your account</h1>
      {live ? (
        <>
          <p className="mt-2 text-muted">
            {live.name} · {live.email}
          </p>
          <AuthForm
            action={confirmSignupAction}
            permalink={`/signup/confirm/${encodeURIComponent(token)}`}
            submitLabel="Create my account"
            hidden={{ token }}
            fields={[]}
          />
        </>
      ) : (
        <>
          <p role="alert" className="mt-4 rounded border border-accent px-3 py-2 text-accent">
            This link has expired or has already been used.
          </p>
          <p className="mt-4">
            <Link href="/signup" className="underline">
              Sign up again
            </Link>{" "}
            or{" "}
            <Link href="/signin" className="underline">
              sign in
            </Link>
            .
          </p>
        </>
      )}
    </div>
  );
}
