import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { githubEnabled } from "@/auth";
import { AuthForm } from "@/components/auth/AuthForm";
import { safeCallbackUrl } from "@/lib/auth/request";
import { getActor } from "@/lib/auth/session";
import { signInAction, signInWithGitHub } from "../actions";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

type Props = { searchParams: Promise<{ callbackUrl?: string; intent?: string; notice?: string }> };

// What just happened, said after a redirect here. Only these fixed words are shown, never query text.
const NOTICES: Record<string, string> = {
  "password-changed": "Your password has been changed, and every session signed out. Sign in with your new password.",
  "password-reset": "Your new password is set, and every other session has been signed out. Sign in with it now.",
  "account-created": "Your account is ready. Sign in with the email and password you chose.",
};

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl: rawCallback, intent = "", notice = "" } = await searchParams;
  const callbackUrl = safeCallbackUrl(rawCallback);
  if (await getActor()) redirect(callbackUrl);
  const query = new URLSearchParams({ callbackUrl, ...(intent ? { intent } : {}) }).toString();
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-3xl font-bold tracking-tight">Sign in</h1>
      {Object.hasOwn(NOTICES, notice) ? (
        <p role="status" className="mt-4 rounded border border-border bg-surface px-3 py-2">
          {NOTICES[notice]}
        </p>
      ) : null}
      {intent.startsWith("bookmark:") ? (
        <p className="mt-2 text-muted">Sign in and we will save that story to your reading list.</p>
      ) : (
        <p className="mt-2 text-muted">Comment on stories and keep a reading list.</p>
      )}
      <AuthForm
        action={signInAction}
        permalink={`/signin?${query}`}
        submitLabel="Sign in"
        hidden={{ callbackUrl, intent }}
        fields={[
          { name: "email", label: "Email", type: "email", autoComplete: "email" },
          { name: "password", label: "Password", type: "password", autoComplete: "current-password" },
        ]}
      />
      {githubEnabled ? (
        <form action={signInWithGitHub} className="mt-4">
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button type="submit" className="rounded border border-border px-4 py-2">
            Sign in with GitHub
          </button>
        </form>
      ) : null}
      <p className="mt-4 text-sm">
        <Link href="/reset" className="underline">
          Forgot your password?
        </Link>
      </p>
      <p className="mt-6 text-sm">
        New here?{" "}
        <Link href={`/signup?${query}`} className="underline">
          Create an account
        </Link>
      </p>
    </div>
  );
}
