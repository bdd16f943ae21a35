import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/AuthForm";
import { safeCallbackUrl } from "@/lib/auth/request";
import { getActor } from "@/lib/auth/session";
import { PASSWORD_MIN } from "@/lib/mutations/readers";
import { signUpAction } from "../actions";

export const metadata: Metadata = { title: "Create an account", robots: { index: false } };

type Props = { searchParams: Promise<{ callbackUrl?: string; intent?: string }> };

export default async function SignUpPage({ searchParams }: Props) {
  const { callbackUrl: rawCallback, intent = "" } = await searchParams;
  const callbackUrl = safeCallbackUrl(rawCallback);
  if (await getActor()) redirect(callbackUrl);
  const query = new URLSearchParams({ callbackUrl, ...(intent ? { intent } : {}) }).toString();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-3xl font-bold tracking-tight">Create an account</h1>
      <p className="mt-2 text-muted">Free. We keep your email private and never send newsletters.</p>
      <AuthForm
        action={signUpAction}
        permalink={`/signup?${query}`}
        submitLabel="Create account"
        hidden={{ callbackUrl, intent }}
        fields={[
          {
            name: "name",
            label: "Display name",
            type: "text",
            autoComplete: "nickname",
            hint: "Shown next to your comments.",
          },
          { name: "email", label: "Email", type: "email", autoComplete: "email" },
          {
            name: "password",
            label: "Password",
            type: "password",
            autoComplete: "new-password",
            hint: `At least ${PASSWORD_MIN} characters.`,
            minLength: PASSWORD_MIN,
          },
        ]}
      />
      <p className="mt-6 text-sm">
        Already have an account?{" "}
        <Link href={`/signin?${query}`} className="underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
