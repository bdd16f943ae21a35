import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { reloadConfig } from "@/lib/config";
import { getDb } from "@/lib/db";

/**
 * Points the app's connection at a fresh temporary SQLite file (migrations applied) and returns it.
 * Call in beforeEach/beforeAll; each call gives an empty database.
 */
export function useTempDatabase() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "news-test-"));
  process.env.DATABASE_PATH = path.join(dir, "test.db");
  reloadConfig();
  return getDb();
}
