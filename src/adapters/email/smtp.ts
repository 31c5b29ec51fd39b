/**
 * E-mail over SMTP with nodemailer. One transport per shop's settings; errors are classified
 * so the caller knows what is safe to retry: the server refused the message (4xx: retry
 * later; 5xx: give up), the connection never opened (retry), or the connection broke while
 * the message may have gone through (`uncertain`: never retried blindly).
 */
import nodemailer from "nodemailer";

/** SMTP connection settings of a shop. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
  /** Sender address, e.g. `shop@example.com`. */
  readonly from: string;
  /** Display name of the sender. */
  readonly fromName?: string | undefined;
  /** Accept self-signed certificates (a local relay). Default false. */
  readonly allowSelfSigned?: boolean | undefined;
}

/** One e-mail to send. */
export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `Message-ID` (with angle brackets), derived from the message key. */
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** What the server said on acceptance. */
export interface EmailAccepted {
  readonly messageId: string;
  readonly response: string;
}

/** How a failed send may be handled. */
export type EmailErrorKind = "transient" | "permanent" | "uncertain";

/** A classified send failure. */
export class EmailSendError extends Error {
  constructor(
    readonly kind: EmailErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "EmailSendError";
  }
}

/** Sends e-mail; implemented over SMTP here, replaceable in tests. */
export interface EmailTransport {
  send(mail: OutgoingEmail): Promise<EmailAccepted>;
  close(): void;
}

/** Errors raised before any message data can have left: DNS, TLS set-up, login. */
const BEFORE_DATA = new Set(["EDNS", "ETLS", "EAUTH"]);

/**
 * Classifies a nodemailer error. A reply code decides when there is one (4xx transient, 5xx
 * permanent). Failures to resolve, connect, set up TLS or log in are transient: nothing was
 * sent (a refused login too — the merchant can fix the password). Anything else (a socket
 * closed or timed out once connected, "connection closed unexpectedly") is `uncertain`: the
 * server may have accepted the message.
 *
 * @example
 * classifySmtpError(Object.assign(new Error("busy"), { responseCode: 451 })).kind; // "transient"
 */
export function classifySmtpError(err: unknown): EmailSendError {
  const e = (err ?? {}) as {
    responseCode?: number;
    code?: string;
    syscall?: string;
    message?: string;
  };
  const message = e.message ?? String(err);
  if (typeof e.responseCode === "number") {
    const kind = e.responseCode >= 400 && e.responseCode < 500 ? "transient" : "permanent";
    return new EmailSendError(kind, `smtp_${e.responseCode}`, message);
  }
  const code = e.code ?? "error";
  if (BEFORE_DATA.has(code) || e.syscall === "connect" || e.syscall === "getaddrinfo") {
    return new EmailSendError("transient", code, message);
  }
  return new EmailSendError("uncertain", code, message);
}

function quoteName(name: string): string {
  return `"${name.replace(/["\\\r\n]/g, "")}"`;
}

/**
 * An SMTP transport for a shop's settings (pooled connections).
 *
 * @example
 * const t = smtpTransport({ host: "127.0.0.1", port: 2525, secure: false, from: "shop@example.com" });
 */
export function smtpTransport(settings: SmtpSettings): EmailTransport {
  const transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    pool: true,
    maxConnections: 3,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? "" } } : {}),
    tls: { rejectUnauthorized: !settings.allowSelfSigned },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  const from = settings.fromName
    ? `${quoteName(settings.fromName)} <${settings.from}>`
    : settings.from;
  return {
    async send(mail) {
      try {
        const info = await transporter.sendMail({
          from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: { ...mail.headers },
        });
        return { messageId: info.messageId ?? mail.messageId, response: String(info.response) };
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    close() {
      transporter.close();
    },
  };
}
