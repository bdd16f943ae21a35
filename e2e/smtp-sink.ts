import net from "node:net";

/** Where the sink listens and the mail server's SMTP_URL points: E2E_SMTP_PORT, or E2E_PORT + 50. */
export function smtpSinkPort(): number {
  return Number(process.env.E2E_SMTP_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 50);
}

export type SunkMail = { from: string; to: string[]; subject: string; text: string; raw: string };

/** Quoted-printable (RFC 2045) as nodemailer writes long plain-text lines. */
function decodeQuotedPrintable(s: string): string {
  const bytes = Buffer.from(
    s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
    "latin1",
  );
  return bytes.toString("utf8");
}

function parse(raw: string, from: string, to: string[]): SunkMail {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? "";
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text =
    encoding === "quoted-printable"
      ? decodeQuotedPrintable(body)
      : encoding === "base64"
        ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
        : body;
  return { from, to, subject: header("Subject"), text: text.replace(/\r\n/g, "\n"), raw };
}

/**
 * A tiny SMTP server for tests: accepts every message on 127.0.0.1 and keeps it in memory. It speaks
 * just enough of RFC 5321 for nodemailer (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no auth).
 */
export class SmtpSink {
  readonly messages: SunkMail[] = [];
  private server = net.createServer((socket) => this.session(socket));

  listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, "127.0.0.1", () => resolve());
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** The first message to `to` matching `subject`, waiting for it to arrive. */
  async waitFor(to: string, subject: RegExp, timeoutMs = 15_000): Promise<SunkMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.to.includes(to.toLowerCase()) && subject.test(m.subject));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  to(address: string): SunkMail[] {
    return this.messages.filter((m) => m.to.includes(address.toLowerCase()));
  }

  private session(socket: net.Socket) {
    let buffer = "";
    let inData = false;
    let data: string[] = [];
    let from = "";
    let to: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 sink ESMTP ready");
    socket.setEncoding("latin1");
    socket.on("error", () => {});
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (let i = buffer.indexOf("\r\n"); i >= 0; i = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            const raw = Buffer.from(data.join("\r\n"), "latin1").toString("utf8");
            this.messages.push(parse(raw, from, to));
            data = [];
            reply("250 OK queued");
          } else data.push(line.startsWith("..") ? line.slice(1) : line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") {
          reply("250-sink");
          reply("250 8BITMIME");
        } else if (verb === "HELO") reply("250 sink");
        else if (verb === "MAIL") {
          from = /<([^>]*)>/.exec(line)?.[1] ?? "";
          to = [];
          reply("250 OK");
        } else if (verb === "RCPT") {
          to.push((/<([^>]*)>/.exec(line)?.[1] ?? "").toLowerCase());
          reply("250 OK");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 End data with <CR><LF>.<CR><LF>");
        } else if (verb === "RSET") {
          from = "";
          to = [];
          reply("250 OK");
        } else if (verb === "NOOP") reply("250 OK");
        else if (verb === "QUIT") {
          reply("221 Bye");
          socket.end();
        } else reply("502 Command not implemented");
      }
    });
  }
}

/** The first link in a mail that points at `path` on any origin. */
export function linkIn(mail: SunkMail, path: RegExp): string {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((u) => path.test(new URL(u).pathname));
  if (!link) throw new Error(`no link to ${path} in:\n${mail.text}`);
  return link;
}
