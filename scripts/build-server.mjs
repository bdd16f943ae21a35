// Second half of `npm run build`: compiles what `npm start` runs (scripts/start.ts and the database
// preparation it starts), and the worker (scripts/worker.ts), to plain ES modules in .next/tidings/,
// so production serving is node on JavaScript, with no TypeScript loader resident. Our own modules are bundled; packages stay imports
// from node_modules, as Next's own server loads them.
import { build } from "esbuild";

await build({
  // worker: `npm run worker` compiled, for a deployment that runs `node .next/tidings/worker.mjs`.
  entryPoints: { start: "scripts/start.ts", prepare: "scripts/prepare-db.ts", worker: "scripts/worker.ts" },
  outdir: ".next/tidings",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  tsconfig: "tsconfig.json",
  logLevel: "warning",
});
console.log("Compiled npm start's server to .next/tidings/start.mjs");
