// The database half of `npm start`, run by it in a short-lived process of its own before the server
// starts: applies pending migrations (opening the file does) and loads the sample content into an
// empty database unless SEED_SAMPLE=0. Seeding analyses every sample article with wink-nlp and its
// English model; in a process of their own they are gone before the server takes its first request,
// instead of staying resident in it for its whole life.
import { closeDatabase, openDatabase } from "@/db";
import { countArticles } from "@/db/queries/article-store";
import { config } from "@/lib/config";
import { databasePath } from "@/lib/db";

const file = databasePath();
const db = openDatabase(file);
if (config().seedSample && (await countArticles(db)) === 0) {
  // Imported only when there is something to load: a restart on a full database needs none of it.
  const { seedSampleContent } = await import("@/lib/sample/seed");
  const r = await seedSampleContent(db);
  console.log(`Loaded ${r.new} sample articles into ${file}`);
}
await closeDatabase(db);
