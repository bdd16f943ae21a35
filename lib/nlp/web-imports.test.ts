import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The web server never analyses: ingest, the seed and `npm run analyze` do, in processes of their own.
// wink-nlp's English model is a 6 MB module that stays in memory once imported (as a 12 MB V8 string
// and the parsed model), so nothing the server loads may import it. A bundler keeps a module whose
// import has side effects even when nothing it exports is used, so follow every static import.

const ROOT = path.resolve(__dirname, "../..");
const ANALYSIS_PACKAGES = ["wink-nlp", "wink-eng-lite-web-model"];
const EXTENSIONS = [".ts", ".tsx", "/index.ts", "/index.tsx"];

/** The module specifiers of a file's static imports and re-exports that load code (`import type` does not). */
function staticImports(source: string): string[] {
  const specifiers: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s+)?["']([^"']+)["']/gm)) {
    if (m[1]) specifiers.push(m[1]);
  }
  return specifiers;
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? path.join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (base === null) return null;
  if (fs.existsSync(base) && fs.statSync(base).isFile()) return base;
  for (const ext of EXTENSIONS) if (fs.existsSync(base + ext)) return base + ext;
  return null;
}

/** Every package import reachable from `entries`, with the chain of files that leads to it. */
function reachablePackages(entries: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const seen = new Set<string>();
  const queue: { file: string; chain: string[] }[] = entries.map((file) => ({ file, chain: [file] }));
  while (queue.length > 0) {
    const { file, chain } = queue.shift() as { file: string; chain: string[] };
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of staticImports(fs.readFileSync(file, "utf8"))) {
      const local = resolveLocal(file, specifier);
      if (local) queue.push({ file: local, chain: [...chain, local] });
      else if (!specifier.startsWith(".") && !specifier.startsWith("@/") && !found.has(specifier)) {
        found.set(
          specifier,
          chain.map((f) => path.relative(ROOT, f)),
        );
      }
    }
  }
  return found;
}

function sourcesUnder(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => path.join(ROOT, dir, f));
}

describe("what the web server imports", () => {
  const entries = [
    ...sourcesUnder("app"),
    ...sourcesUnder("components"),
    path.join(ROOT, "proxy.ts"),
    path.join(ROOT, "auth.ts"),
    path.join(ROOT, "scripts/start.ts"),
  ];

  it("follows imports through the app (the walk itself works)", () => {
    const packages = reachablePackages(entries);
    expect(packages.has("next/link")).toBe(true);
    expect(packages.has("drizzle-orm")).toBe(true);
  });

  it("never reaches wink-nlp or its model (they are for ingest and analysis)", () => {
    const packages = reachablePackages(entries);
    const offending = [...packages].filter(([name]) => ANALYSIS_PACKAGES.includes(name));
    expect(offending.map(([name, chain]) => `${name} via ${chain.join(" → ")}`)).toEqual([]);
  });

  it("finds the model when a page imports what analyses", () => {
    const analyser = path.join(ROOT, "lib/nlp/store.ts");
    expect([...reachablePackages([analyser]).keys()]).toContain("wink-eng-lite-web-model");
  });
});
