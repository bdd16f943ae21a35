import type { Metadata } from "next";
import { ActionForm } from "@/components/ActionForm";
import { SITE_NAME } from "@/lib/site";
import { unsubscribeAction } from "../../actions";

export const metadata: Metadata = { title: "Stop the email digest", robots: { index: false } };

/**
 * The digest's unsubscribe link lands here, signed in or not. Opening it changes nothing (mail scanners
 * open links); the button does, through the guard, with the signed token as its permission.
 */
export default async function UnsubscribePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <h1 className="text-3xl font-bold tracking-tight">Stop the email digest</h1>
      <p>
        Stop the daily email that lists your unread {SITE_NAME} notifications? Your notifications stay on the site, and
        you can turn the digest back on from your account page.
      </p>
      <ActionForm
        action={unsubscribeAction}
        hidden={{ token: token.slice(0, 200) }}
        submitLabel="Stop the digest"
        pendingLabel="Stopping…"
      />
    </div>
  );
}
