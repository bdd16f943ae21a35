import fs from "node:fs";
import { request } from "node:http";
import { spawnAppServer, waitForOk } from "./harness";

const dir = fs.mkdtempSync("/tmp/shell-");
const child = spawnAppServer({
  dbFile: `${dir}/a.db`,
  port: 3499,
  logFile: `${dir}/log`,
  env: { SEED_SAMPLE: "1", PAGE_CACHE: "0" },
});
const get = (headers: Record<string, string>) =>
  new Promise<string>((res) => {
    const r = request({ host: "127.0.0.1", port: 3499, path: "/sources", headers }, (a) => {
      let b = "";
      a.on("data", (c) => (b += c));
      a.on("end", () => res(b));
    });
    r.end();
  });
try {
  await waitForOk("http://127.0.0.1:3499/healthz");
  fs.writeFileSync("/tmp/noua.html", await get({ accept: "text/html" }));
  fs.writeFileSync(
    "/tmp/ua.html",
    await get({
      accept: "text/html",
      "user-agent":
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36",
    }),
  );
} finally {
  child.kill();
}
