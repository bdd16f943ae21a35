import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { isValidSlug } from "@/lib/articles/slug";
import { config } from "@/lib/config";
import { IngestError } from "./errors";

/** The list shipped with the app; INGEST_SOURCES_FILE points at another one. */
export const DEFAULT_SOURCES_FILE = fileURLToPath(new URL("./default-sources.json", import.meta.url));

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const listedSource = z.object({
  slug: z.string().refine(isValidSlug, "must be lowercase letters, digits and single hyphens"),
  name: z.string().trim().min(1),
  homepage: httpUrl.nullish(),
  feedUrl: httpUrl,
  attribution: z.string().trim().min(1).nullish(),
  licenseUrl: httpUrl.nullish(),
  fullText: z.boolean().default(false),
  enabled: z.boolean().default(true),
});

const sourceListFile = z.object({
  about: z.string().optional(),
  sources: z.array(listedSource).refine((list) => new Set(list.map((s) => s.slug)).size === list.length, {
    error: "two entries share a slug",
  }),
});

export type ListedSource = z.infer<typeof listedSource>;

export function sourcesFilePath(): string {
  return config().ingestSourcesFile ?? DEFAULT_SOURCES_FILE;
}

/** Reads and checks the sources list; a mistake in it is reported with the entry and field at fault. */
export function loadSourceList(file = sourcesFilePath()): ListedSource[] {
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new IngestError("file", `cannot read the sources list ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new IngestError("malformed", `the sources list ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = sourceListFile.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ");
    throw new IngestError("malformed", `the sources list ${file} has mistakes: ${problems}`);
  }
  return parsed.data.sources;
}

/** The listed entry for a slug, so a JSONL import of "Wikinews" picks up its licence and homepage. */
export function listedSourceBySlug(slug: string, file = sourcesFilePath()): ListedSource | undefined {
  if (!fs.existsSync(file)) return undefined;
  return loadSourceList(file).find((s) => s.slug === slug);
}
