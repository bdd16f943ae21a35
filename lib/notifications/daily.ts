import { spawn } from "node:child_process";
import path from "node:path";
import { mailConfigured } from "../mail/config";
import { digestDay } from "./digest";

/**
 * For long-running loops (the ingest watcher): returns a function to call every round that starts
 * `npm run notify:digest` once per UTC day, when the site sends mail. A child process, as the command
 * runs standalone (the mailer is server-only code); the command itself makes sending twice impossible,
 * so a restart that runs it again the same day sends nothing new.
 */
export function dailyDigests(log: (line: string) => void): () => void {
  let lastDay = "";
  return () => {
    const day = digestDay(new Date());
    if (day === lastDay || !mailConfigured()) return;
    lastDay = day;
    const tsx = path.join(process.cwd(), "node_modules", "tsx", "dist", "cli.mjs");
    const child = spawn(process.execPath, [tsx, "--conditions=react-server", "scripts/notify-digest.ts"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) log(line);
    };
    child.stdout.on("data", relay);
    child.stderr.on("data", relay);
    child.on("error", (e) => log(`notify:digest could not start: ${e.message}`));
  };
}
