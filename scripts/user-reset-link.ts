// npm run user:reset-link -- EMAIL — prints a one-time password-reset link for that account, for sites
// that send no mail (SMTP_URL unset). The link works for an hour, once, and ends every other session
// when used. It is made by the same write the reset form uses, so only its hash is stored.
import { closeDatabase, openDatabase } from "@/db";
import { resetLink } from "@/lib/auth/account-tokens";
import { databasePath } from "@/lib/db";
import { requestPasswordReset } from "@/lib/mutations/accounts";
import { executeMutation } from "@/lib/mutations/guard";

const email = process.argv[2];
if (!email || process.argv.length > 3 || email.startsWith("-")) {
  console.error("Usage: npm run user:reset-link -- EMAIL");
  process.exit(2);
}

const db = openDatabase(databasePath());
try {
  const result = await executeMutation(db, requestPasswordReset, null, { email });
  if (!result.ok) {
    console.error(result.state.message);
    process.exitCode = 2;
  } else if (!result.value) {
    console.error(`No account uses ${email.trim()} in ${databasePath()}.`);
    process.exitCode = 1;
  } else {
    console.log(`Password-reset link for ${result.value.email} (valid for one hour, once):`);
    console.log(resetLink(result.value.token));
  }
} finally {
  await closeDatabase(db);
}
