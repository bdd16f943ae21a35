import { notFound } from "next/navigation";
import { connection } from "next/server";
import { config } from "@/lib/config";

// Off unless ERROR_PROBE=1 (the e2e server sets it): a page that fails the way a broken query would,
// with internals in its message, so a test can check that the reader sees none of them.
export default async function ErrorProbePage(): Promise<never> {
  await connection();
  if (!config().errorProbe) notFound();
  throw new Error("error probe: SQLITE_CORRUPT at /srv/tidings/data/news.db (select * from users)");
}
