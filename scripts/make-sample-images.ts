/**
 * Draws the sample content's lead images (abstract shapes, no photographs, no third-party rights) as
 * SVG and renders them with sharp into public/sample-images/. Deterministic: the same script gives
 * the same pictures, so re-running it changes nothing in git.
 *
 *   npx tsx scripts/make-sample-images.ts
 *
 * The sample articles name these files in db/sample/images.ts; they reach readers through the same
 * /images endpoint as feed images (re-encoded to WebP/AVIF at several widths).
 */
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { SAMPLE_IMAGES } from "@/db/sample/images";
import { seededRandom } from "./seeded-random";

type Draw = (w: number, h: number, r: () => number) => string;

const gradient = (id: string, a: string, b: string, vertical = true) =>
  `<linearGradient id="${id}" x1="0" y1="0" x2="${vertical ? 0 : 1}" y2="${vertical ? 1 : 0}"><stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/></linearGradient>`;

const DRAWINGS: Record<string, Draw> = {
  // A hard court seen from above: lines, a net, the arc of a ball.
  court: (w, h) => `
    <defs>${gradient("bg", "#2f6f8f", "#1d4b66")}</defs>
    <rect width="${w}" height="${h}" fill="url(#bg)"/>
    <rect x="${w * 0.12}" y="${h * 0.14}" width="${w * 0.76}" height="${h * 0.72}" fill="none" stroke="#f4f1e8" stroke-width="10"/>
    <line x1="${w * 0.12}" y1="${h * 0.26}" x2="${w * 0.88}" y2="${h * 0.26}" stroke="#f4f1e8" stroke-width="6"/>
    <line x1="${w * 0.12}" y1="${h * 0.74}" x2="${w * 0.88}" y2="${h * 0.74}" stroke="#f4f1e8" stroke-width="6"/>
    <line x1="${w * 0.5}" y1="${h * 0.14}" x2="${w * 0.5}" y2="${h * 0.86}" stroke="#e8e4d8" stroke-width="14" stroke-dasharray="4 10"/>
    <line x1="${w * 0.31}" y1="${h * 0.26}" x2="${w * 0.31}" y2="${h * 0.74}" stroke="#f4f1e8" stroke-width="6"/>
    <line x1="${w * 0.69}" y1="${h * 0.26}" x2="${w * 0.69}" y2="${h * 0.74}" stroke="#f4f1e8" stroke-width="6"/>
    <path d="M ${w * 0.2} ${h * 0.8} Q ${w * 0.5} ${h * 0.02} ${w * 0.78} ${h * 0.36}" fill="none" stroke="#d8ef4a" stroke-width="5" stroke-dasharray="18 14" opacity="0.8"/>
    <circle cx="${w * 0.78}" cy="${h * 0.36}" r="${h * 0.035}" fill="#d8ef4a"/>`,
  // Bands of water rising over a low horizon.
  flood: (w, h, r) => {
    const bands = Array.from({ length: 9 }, (_, i) => {
      const y = h * (0.38 + i * 0.075);
      const amp = 14 + r() * 22;
      const shade = ["#7fa7b8", "#5f8ea3", "#4b7a90", "#3a687e", "#2d566b", "#22475a", "#1a3a4b", "#14303e", "#0f2733"][
        i
      ];
      let d = `M 0 ${y}`;
      for (let x = 0; x <= w; x += w / 8) d += ` Q ${x + w / 16} ${y - amp} ${x + w / 8} ${y}`;
      return `<path d="${d} L ${w} ${h} L 0 ${h} Z" fill="${shade}"/>`;
    }).join("");
    return `<defs>${gradient("sky", "#c9d6dc", "#9fb4bf")}</defs><rect width="${w}" height="${h}" fill="url(#sky)"/>
      <rect x="${w * 0.08}" y="${h * 0.26}" width="${w * 0.07}" height="${h * 0.16}" fill="#6f6a62"/>
      <polygon points="${w * 0.07},${h * 0.27} ${w * 0.115},${h * 0.19} ${w * 0.16},${h * 0.27}" fill="#5a554e"/>
      <rect x="${w * 0.2}" y="${h * 0.3}" width="${w * 0.05}" height="${h * 0.12}" fill="#7d776e"/>${bands}`;
  },
  // A circuit: a grid of traces and pads around a die.
  circuit: (w, h, r) => {
    const traces: string[] = [];
    for (let i = 0; i < 34; i++) {
      const x = Math.round(r() * 16) * (w / 16);
      const y = Math.round(r() * 9) * (h / 9);
      const x2 = x + (r() < 0.5 ? -1 : 1) * Math.round(1 + r() * 4) * (w / 16);
      const y2 = y + (r() < 0.5 ? -1 : 1) * Math.round(1 + r() * 3) * (h / 9);
      traces.push(
        `<path d="M ${x} ${y} L ${x2} ${y} L ${x2} ${y2}" fill="none" stroke="#5fd0a8" stroke-width="5" opacity="${0.35 + r() * 0.5}"/><circle cx="${x2}" cy="${y2}" r="10" fill="#9ff0d0"/>`,
      );
    }
    return `<defs>${gradient("bg", "#0f2e2a", "#123b46", false)}</defs><rect width="${w}" height="${h}" fill="url(#bg)"/>${traces.join("")}
      <rect x="${w * 0.4}" y="${h * 0.33}" width="${w * 0.2}" height="${h * 0.34}" rx="12" fill="#1c1f24" stroke="#9ff0d0" stroke-width="6"/>
      <rect x="${w * 0.44}" y="${h * 0.4}" width="${w * 0.12}" height="${h * 0.2}" rx="6" fill="#2b6f60"/>`;
  },
  // Two coastlines and the sea between them, with a shoal of fish shapes.
  shoal: (w, h, r) => {
    const fish = Array.from({ length: 60 }, () => {
      const x = w * (0.25 + r() * 0.5);
      const y = h * (0.3 + r() * 0.45);
      const s = 10 + r() * 14;
      return `<path d="M ${x} ${y} q ${s} ${-s * 0.6} ${s * 2} 0 q ${-s} ${s * 0.6} ${-s * 2} 0 Z M ${x + s * 2} ${y} l ${s * 0.7} ${-s * 0.45} l 0 ${s * 0.9} Z" fill="#e8eef0" opacity="${0.55 + r() * 0.4}"/>`;
    }).join("");
    return `<defs>${gradient("sea", "#1f6f8b", "#0d3b52")}</defs><rect width="${w}" height="${h}" fill="url(#sea)"/>
      <path d="M 0 0 L ${w * 0.22} 0 Q ${w * 0.12} ${h * 0.4} ${w * 0.2} ${h} L 0 ${h} Z" fill="#c8b98f"/>
      <path d="M ${w} 0 L ${w * 0.8} 0 Q ${w * 0.9} ${h * 0.55} ${w * 0.82} ${h} L ${w} ${h} Z" fill="#b4a57c"/>${fish}`;
  },
  // Arches of a restored hall, warm light behind them.
  arches: (w, h) => {
    const n = 5;
    const aw = w / (n + 1);
    const arches = Array.from({ length: n }, (_, i) => {
      const x = aw * 0.5 + i * aw * 1.0 + aw * 0.1;
      const top = h * 0.3;
      return `<path d="M ${x} ${h * 0.92} L ${x} ${top + aw * 0.4} A ${aw * 0.4} ${aw * 0.4} 0 0 1 ${x + aw * 0.8} ${top + aw * 0.4} L ${x + aw * 0.8} ${h * 0.92} Z" fill="url(#glow)"/>`;
    }).join("");
    return `<defs>${gradient("wall", "#7a2e2a", "#3f1614")}<radialGradient id="glow" cx="0.5" cy="0.3" r="0.8"><stop offset="0" stop-color="#ffe2a3"/><stop offset="1" stop-color="#d98b3a"/></radialGradient></defs>
      <rect width="${w}" height="${h}" fill="url(#wall)"/>${arches}
      <rect y="${h * 0.92}" width="${w}" height="${h * 0.08}" fill="#2a0f0d"/>`;
  },
  // Turbines on a grey sea, in a row toward the horizon.
  turbines: (w, h) => {
    const row = Array.from({ length: 7 }, (_, i) => {
      const s = 1 - i * 0.12;
      const x = w * (0.14 + i * 0.125);
      const base = h * (0.86 - i * 0.035);
      const tower = h * 0.52 * s;
      const hub = base - tower;
      const blade = h * 0.2 * s;
      const angle = i * 23;
      const blades = [0, 120, 240]
        .map(
          (a) =>
            `<line x1="${x}" y1="${hub}" x2="${x}" y2="${hub - blade}" stroke="#f3f5f6" stroke-width="${6 * s}" stroke-linecap="round" transform="rotate(${a + angle} ${x} ${hub})"/>`,
        )
        .join("");
      return `<line x1="${x}" y1="${base}" x2="${x}" y2="${hub}" stroke="#e6eaec" stroke-width="${9 * s}"/>${blades}<circle cx="${x}" cy="${hub}" r="${7 * s}" fill="#f3f5f6"/>`;
    }).join("");
    return `<defs>${gradient("sky", "#8fa6b3", "#d7dee2")}${gradient("sea", "#5d7482", "#2f4350")}</defs>
      <rect width="${w}" height="${h}" fill="url(#sky)"/><rect y="${h * 0.62}" width="${w}" height="${h * 0.38}" fill="url(#sea)"/>${row}`;
  },
  // Paper lanterns rising over dark water (a square picture: not every image is 16:9).
  lanterns: (w, h, r) => {
    const lanterns = Array.from({ length: 46 }, () => {
      const x = r() * w;
      const y = h * (0.05 + r() * 0.6);
      const s = 10 + r() * 26;
      return `<ellipse cx="${x}" cy="${y}" rx="${s * 0.7}" ry="${s}" fill="url(#lamp)" opacity="${0.6 + r() * 0.4}"/>`;
    }).join("");
    return `<defs>${gradient("night", "#10142b", "#2a1f3d")}<radialGradient id="lamp"><stop offset="0" stop-color="#fff3c4"/><stop offset="1" stop-color="#f08a24"/></radialGradient></defs>
      <rect width="${w}" height="${h}" fill="url(#night)"/>${lanterns}
      <rect y="${h * 0.74}" width="${w}" height="${h * 0.26}" fill="#0b0e1f"/>`;
  },
};

async function main() {
  const outDir = path.join(process.cwd(), "public", "sample-images");
  fs.mkdirSync(outDir, { recursive: true });
  for (const [slug, image] of Object.entries(SAMPLE_IMAGES)) {
    const draw = DRAWINGS[image.drawing];
    if (!draw) throw new Error(`${slug}: no drawing called ${image.drawing}`);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${image.width}" height="${image.height}" viewBox="0 0 ${image.width} ${image.height}">${draw(image.width, image.height, seededRandom(image.seed))}</svg>`;
    const file = path.join(outDir, image.file);
    await sharp(Buffer.from(svg)).jpeg({ quality: 84, mozjpeg: true }).toFile(file);
    console.log(`${file} (${image.width}×${image.height}, ${(fs.statSync(file).size / 1024).toFixed(0)} KB)`);
  }
}

await main();
