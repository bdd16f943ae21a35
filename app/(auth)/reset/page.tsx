import type { Metadata } from "next";
import Link from "next/link";
import { AuthForm } from "@/components/auth/AuthForm";
import { mailConfigured } from "@/lib/mail/config";
import { requestResetAction } from "../actions";

export const metadata: Metadata = { title: "Reset your password", robots: { index: false } };

export default function ResetRequestPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-3xl font-bold tracking-tight">Reset your password</h1>
      {mailConfigured() ? (
        <>
          <p className="mt-2 text-muted">
            Enter the email address of your account. We will send it a link to choose a new password.
          </p>
          <AuthForm
            permalink="/reset"
            action={requestResetAction}
            submitLabel="Send reset link"
            hidden={{}}
            fields={[{ name: "email", label: "Email", type: "email", autoComplete: "email" }]}
          />
        </>
      ) : (
        <p className="mt-2">
          This site does not send email. Ask its operator for a reset link: they can make one for your address.
        </p>
      )}
      <p className="mt-6 text-sm">
        Remembered it?{" "}
        <Link href="/signin" className="underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
