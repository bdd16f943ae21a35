import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { changePasswordAction, deleteAccountAction, renameAction } from "@/app/(reader)/actions";
import { ActionForm } from "@/components/ActionForm";
import { DigestSetting } from "@/components/notifications/DigestSetting";
import { FollowMuteSettings } from "@/components/reader/FollowMuteSettings";
import { getUserById } from "@/db/queries/users";
import { getActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { PASSWORD_MIN } from "@/lib/limits";

export const metadata: Metadata = { title: "Your account", robots: { index: false } };

const input = "w-full rounded border border-border bg-surface px-3 py-2";
const section = "space-y-3 rounded border border-border bg-surface p-4";

export default async function AccountPage() {
  const actor = await getActor();
  if (!actor) redirect("/signin?callbackUrl=/account");
  const user = await getUserById(getDb(), { id: actor.id });
  const hasPassword = Boolean(user?.passwordHash);
  return (
    <div className="mx-auto max-w-xl space-y-8">
      <div>
        <h1 className="text-3xl font-bold tracking-tight">Your account</h1>
        <p className="mt-1 text-muted">Signed in as {actor.email}</p>
      </div>

      <section aria-labelledby="name-heading" className={section}>
        <h2 id="name-heading" className="text-lg font-semibold">
          Display name
        </h2>
        <ActionForm action={renameAction} hidden={{ returnTo: "/account" }} submitLabel="Save name">
          <label htmlFor="name" className="block text-sm font-medium">
            Shown next to your comments
          </label>
          <input id="name" name="name" defaultValue={actor.name} required maxLength={60} className={input} />
        </ActionForm>
      </section>

      {hasPassword ? (
        <section aria-labelledby="password-heading" className={section}>
          <h2 id="password-heading" className="text-lg font-semibold">
            Change password
          </h2>
          <p className="text-sm text-muted">You will be signed out everywhere and asked to sign in again.</p>
          <ActionForm action={changePasswordAction} submitLabel="Change password">
            <label htmlFor="currentPassword" className="block text-sm font-medium">
              Current password
            </label>
            <input
              id="currentPassword"
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
              className={input}
            />
            <label htmlFor="newPassword" className="block text-sm font-medium">
              New password (at least {PASSWORD_MIN} characters)
            </label>
            <input
              id="newPassword"
              name="newPassword"
              type="password"
              autoComplete="new-password"
              minLength={PASSWORD_MIN}
              required
              className={input}
            />
          </ActionForm>
        </section>
      ) : null}

      <DigestSetting userId={actor.id} />
      <FollowMuteSettings userId={actor.id} />

      <section aria-labelledby="data-heading" className={section}>
        <h2 id="data-heading" className="text-lg font-semibold">
          Your data
        </h2>
        <p className="text-sm">
          <a href="/account/export" className="underline" download>
            Download my data (JSON)
          </a>
          : your account, comments, bookmarks and reading positions.
        </p>
      </section>

      <section aria-labelledby="delete-heading" className={`${section} border-accent`}>
        <h2 id="delete-heading" className="text-lg font-semibold">
          Delete my account
        </h2>
        <p className="text-sm text-muted">
          Your bookmarks and reading history are deleted, and so is the text of every comment you wrote. A comment that
          others replied to stays in its thread as “[deleted]”, so the replies still make sense; the rest disappear.
          This cannot be undone.
        </p>
        <ActionForm
          action={deleteAccountAction}
          submitLabel="Delete my account"
          pendingLabel="Deleting…"
          buttonClassName="rounded border border-accent px-3 py-1.5 text-sm font-semibold text-accent"
        >
          <label htmlFor="confirm" className="block text-sm font-medium">
            Type DELETE to confirm
          </label>
          <input id="confirm" name="confirm" required autoComplete="off" className={input} />
          {hasPassword ? (
            <>
              <label htmlFor="delete-password" className="block text-sm font-medium">
                Password
              </label>
              <input
                id="delete-password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                className={input}
              />
            </>
          ) : null}
        </ActionForm>
      </section>
    </div>
  );
}
