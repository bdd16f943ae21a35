// Draws the web app manifest's PNG icons (public/icons/) from the site's mark, the red dot of
// app/icon.svg. Run once after changing the mark: `npx tsx scripts/make-icons.ts`. The PNGs are
// committed; sharp is the image library Next already installs (node_modules/sharp).
import { mkdirSync } from "node:fs";
import sharp from "sharp";

const ACCENT = "#a4221c";
const PAPER = "#fbfaf7";

/** "any": the dot alone, as in app/icon.svg. "maskable": on paper, inside the 80% safe zone. */
function svg(size: number, maskable: boolean): string {
  const r = maskable ? size * 0.28 : size * 0.375;
  const bg = maskable ? `<rect width="${size}" height="${size}" fill="${PAPER}"/>` : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">${bg}<circle cx="${size / 2}" cy="${size / 2}" r="${r}" fill="${ACCENT}"/></svg>`;
}

mkdirSync("public/icons", { recursive: true });
for (const [name, size, maskable] of [
  ["icon-192.png", 192, false],
  ["icon-512.png", 512, false],
  ["maskable-512.png", 512, true],
] as const) {
  await sharp(Buffer.from(svg(size, maskable)))
    .png({ compressionLevel: 9, palette: true })
    .toFile(`public/icons/${name}`);
  console.log(`public/icons/${name}`);
}
