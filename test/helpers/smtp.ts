/**
 * A local SMTP server for tests (the `smtp-server` package) that keeps every message it
 * accepts, and a small MIME reader for what nodemailer writes (headers with encoded words,
 * multipart/alternative with quoted-printable or base64 parts).
 */
import { SMTPServer, type SMTPServerAuthentication } from "smtp-server";

/** A message as received. */
export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
  readonly user: string | undefined;
}

export interface TestSmtpServer {
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Refuse the next RCPT TO of an address with this SMTP reply code. */
  refuseOnce(address: string, code: number): void;
  close(): Promise<void>;
}

export async function startTestSmtpServer(
  credentials: { user: string; password: string } | null = null,
): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const refusals = new Map<string, number>();
  const server = new SMTPServer({
    secure: false,
    disabledCommands: credentials ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    allowInsecureAuth: true,
    authOptional: !credentials,
    logger: false,
    onAuth(auth: SMTPServerAuthentication, _session, cb) {
      if (
        credentials &&
        auth.username === credentials.user &&
        auth.password === credentials.password
      ) {
        cb(null, { user: auth.username });
      } else cb(new Error("Invalid username or password"));
    },
    onRcptTo(address, _session, cb) {
      const code = refusals.get(address.address);
      if (code) {
        refusals.delete(address.address);
        const err = Object.assign(new Error("try again later"), { responseCode: code });
        cb(err);
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (d: Buffer) => chunks.push(d));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: typeof session.user === "string" ? session.user : undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    received,
    refuseOnce(addr, code) {
      refusals.set(addr, code);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_w, _cs, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : decodeQp(text.replace(/_/g, " ")),
    );
}

function decodeQp(s: string): string {
  const bytes: number[] = [];
  const t = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < t.length; i++) {
    if (t[i] === "=" && /^[0-9A-Fa-f]{2}$/.test(t.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(t.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(t[i] ?? "", "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? "" : raw.slice(at).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

function decodeBody(p: Part): string {
  const enc = (p.headers.get("content-transfer-encoding") ?? "").toLowerCase();
  if (enc === "base64") return Buffer.from(p.body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (enc === "quoted-printable") return decodeQp(p.body);
  return p.body;
}

/** A parsed message: decoded headers and the text and HTML parts. */
export function parseMail(raw: string): {
  headers: Map<string, string>;
  text: string;
  html: string;
} {
  const top = splitPart(raw);
  const headers = new Map([...top.headers].map(([k, v]) => [k, decodeWords(v)]));
  const type = top.headers.get("content-type") ?? "";
  const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1];
  let text = "";
  let html = "";
  const parts = boundary
    ? top.body
        .split(`--${boundary}`)
        .slice(1)
        .filter((x) => !x.startsWith("--"))
        .map((x) => splitPart(x.replace(/^\r?\n/, "")))
    : [top];
  for (const p of parts) {
    const t = p.headers.get("content-type") ?? "text/plain";
    if (t.startsWith("text/plain")) text = decodeBody(p);
    else if (t.startsWith("text/html")) html = decodeBody(p);
  }
  return { headers, text, html };
}
