// npm run notify:digest: sends the daily notification digests that are due (lib/notifications/digest.ts).
// Safe to run as often as you like: each reader gets at most one a day, and what was sent is recorded
// before it goes out. The ingest watcher runs it once a day by itself when SMTP_URL is set.
import { closeDatabase, openDatabase } from "@/db";
import { ensureAuthSecret } from "@/lib/auth/secret";
import { databaseLocation } from "@/lib/db";
import { mailConfigured } from "@/lib/mail/config";
import { sendMail } from "@/lib/mail/send";
import { sendDueDigests } from "@/lib/notifications/digest";
import { siteUrl } from "@/lib/site";

if (process.argv.length > 2) {
  console.error("Usage: npm run notify:digest");
  process.exit(2);
}
if (!mailConfigured()) {
  console.log("SMTP_URL is not set: this site sends no email, so there are no digests to send.");
  process.exit(0);
}

const db = openDatabase(databaseLocation());
try {
  const run = await sendDueDigests(db, {
    origin: siteUrl(),
    secret: ensureAuthSecret(),
    send: sendMail,
    log: (line) => console.error(line),
  });
  console.log(
    `digests: ${run.sent} sent, ${run.failed} failed, ${run.nothingNew} with nothing new, ${run.alreadySent} already sent today`,
  );
  if (run.failed > 0) process.exitCode = 1;
} finally {
  await closeDatabase(db);
}
