import { digestAction } from "@/app/(reader)/notifications/actions";
import { getDigestSetting } from "@/db/queries/notifications";
import { getDb } from "@/lib/db";
import { mailConfigured } from "@/lib/mail/config";
import { ActionForm } from "../ActionForm";

/** /account's email digest choice. Not offered at all on a site that sends no mail. */
export async function DigestSetting({ userId }: { userId: number }) {
  if (!mailConfigured()) return null;
  const on = await getDigestSetting(getDb(), { userId });
  return (
    <section aria-labelledby="digest-heading" className="space-y-3 rounded border border-border bg-surface p-4">
      <h2 id="digest-heading" className="text-lg font-semibold">
        Email digest
      </h2>
      <p className="text-sm text-muted">
        {on
          ? "On: once a day, an email lists the notifications you have not read since the last one. Nothing is sent on a day without any."
          : "Off. Turn it on to get, once a day, an email with the notifications you have not read yet (none on a quiet day)."}
      </p>
      <ActionForm
        action={digestAction}
        hidden={{ digest: on ? "false" : "true" }}
        submitLabel={on ? "Stop the daily digest" : "Email me a daily digest"}
        buttonClassName={
          on
            ? "rounded border border-border px-3 py-1.5 text-sm hover:border-fg"
            : "rounded bg-accent px-3 py-1.5 text-sm font-semibold text-accent-fg disabled:opacity-60"
        }
      />
    </section>
  );
}
