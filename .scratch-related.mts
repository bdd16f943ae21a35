import fs from "node:fs"; import os from "node:os"; import path from "node:path";
import { openDatabase } from "@/db";
import { seedSampleContent } from "@/db/seed";
import { weighTerms, dot } from "@/lib/related";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scr-"));
const db = openDatabase(path.join(dir, "t.db"));
let t = performance.now();
seedSampleContent(db);
console.log("seed ms", (performance.now() - t).toFixed(0));
const c = db.$client;
const arts = c.prepare("select a.id, a.title, s.slug src from articles a join sources s on s.id=a.source_id").all() as any[];
const byId = new Map(arts.map((a) => [a.id, a]));
const stats=c.prepare("select docs, total_length from related_stats").get() as any; const st={docs:stats.docs, avgLength: stats.total_length/stats.docs};
const dfq=c.prepare("select df from related_terms where id=?").pluck();
const vec=(id:number)=>{const d=c.prepare("select length, terms from related_docs where article_id=?").get(id) as any; const n=d.terms.length/8; const ids=new Int32Array(n), counts=new Float32Array(n); for(let i=0;i<n;i++){ids[i]=d.terms.readInt32LE(i*4); counts[i]=d.terms.readFloatLE(n*4+i*4);} return weighTerms({ids,counts,length:d.length}, st, (t)=>dfq.get(t) as number);};
const all: number[] = [];
for (const a of arts) for (const b of arts) if (a.id < b.id) all.push(dot(vec(a.id), vec(b.id)));
all.sort((x,y)=>y-x); console.log("pair cos quantiles", [0,0.01,0.05,0.1,0.25,0.5,0.75,0.9].map(q=>all[Math.floor(q*all.length)]?.toFixed(3)).join(" "));
for (const a of arts.slice(0, 0)) {
  const rows = c.prepare("select related_id, score, same_story, reasons from article_related where article_id=? order by rank").all(a.id) as any[];
  console.log(`\n[${a.src}] ${a.title}`);
  for (const r of rows.slice(0, 6)) console.log(`   ${r.score.toFixed(3)} ${r.same_story ? "SAME" : "    "} [${byId.get(r.related_id).src}] ${byId.get(r.related_id).title.slice(0, 70)}  ${r.reasons}`);
}
const pairs: any[] = [];
for (const a of arts) for (const b of arts) if (a.id < b.id && a.src !== b.src) pairs.push([dot(vec(a.id), vec(b.id)), a.title.slice(0, 40), b.title.slice(0, 40)]);
pairs.sort((x, y) => y[0] - x[0]); for (const p of pairs.slice(0, 26)) console.log(p[0].toFixed(3), p[1], "|", p[2]);
