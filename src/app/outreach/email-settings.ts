/**
 * A shop's e-mail settings: the SMTP server, the sender, the language of the fixed wording
 * and the public address unsubscribe links point to. Kept in the shop's settings; the SMTP
 * password is encrypted with a key derived from the instance secret and never returned.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { Database } from "../../adapters/db/database.ts";
import { recordAudit } from "../../adapters/db/repositories/audit.ts";
import { getShopSetting, setShopSetting } from "../../adapters/db/repositories/shop-settings.ts";
import {
  type EmailTransport,
  type SmtpSettings,
  smtpTransport,
} from "../../adapters/email/smtp.ts";
import { type EmailLanguage, isEmailAddress } from "../../domain/outreach/email.ts";
import { AppError } from "../errors.ts";
import { instanceSecret } from "../secret.ts";
import type { ShopMailer } from "./delivery.ts";

/** Key of the e-mail settings in the shop's settings. */
export const EMAIL_SETTINGS_KEY = "outreach.email";
const KEY = EMAIL_SETTINGS_KEY;

/** E-mail settings as shown (no password). */
export interface EmailSettingsView {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  passwordSet: boolean;
  from: string;
  fromName: string | null;
  language: EmailLanguage;
  /** Base URL recipients reach this instance at, e.g. `https://dacu.example.com`. */
  publicUrl: string;
  allowSelfSigned: boolean;
}

/** E-mail settings as given. `password`: omitted keeps the stored one, `null` clears it. */
export interface EmailSettingsInput {
  host: string;
  port: number;
  secure: boolean;
  user?: string | null;
  password?: string | null;
  from: string;
  fromName?: string | null;
  language?: EmailLanguage;
  publicUrl: string;
  allowSelfSigned?: boolean;
}

interface Stored extends Omit<EmailSettingsView, "passwordSet"> {
  passwordEnc: string | null;
}

/** Settings a sender needs: SMTP plus language and the public URL. */
export interface EmailSendSettings {
  smtp: SmtpSettings;
  language: EmailLanguage;
  publicUrl: string;
  /** Changes when any setting changes (transport cache key). */
  fingerprint: string;
}

const key = () => createHash("sha256").update(`smtp-password:${instanceSecret()}`).digest();

function encrypt(plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return ["v1", iv, c.getAuthTag(), body]
    .map((x) => (typeof x === "string" ? x : x.toString("base64url")))
    .join(".");
}

function decrypt(enc: string): string {
  const [v, iv, tag, body] = enc.split(".");
  if (v !== "v1" || !iv || !tag || body === undefined) throw new Error("bad password record");
  const d = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  d.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([d.update(Buffer.from(body, "base64url")), d.final()]).toString("utf8");
}

function view(s: Stored): EmailSettingsView {
  const { passwordEnc, ...rest } = s;
  return { ...rest, passwordSet: Boolean(passwordEnc) };
}

/** The shop's e-mail settings without the password; `null` when not configured. */
export async function getEmailSettings(
  database: Database,
  shopId: number,
): Promise<EmailSettingsView | null> {
  const s = await getShopSetting<Stored>(database.db, shopId, KEY);
  return s ? view(s) : null;
}

function invalid(zh: string, en: string, field: string): AppError {
  return new AppError("invalid_input", zh, en, field);
}

/** Saves the shop's e-mail settings (audited, without the password). */
export async function saveEmailSettings(
  database: Database,
  shopId: number,
  userId: number | null,
  input: EmailSettingsInput,
): Promise<EmailSettingsView> {
  const host = input.host.trim();
  if (!host || /[\s/]/.test(host))
    throw invalid("SMTP 服务器地址无效", "Invalid SMTP host", "host");
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) {
    throw invalid("SMTP 端口应为 1–65535", "SMTP port must be 1–65535", "port");
  }
  const from = input.from.trim();
  if (!isEmailAddress(from)) throw invalid("发件地址无效", "Invalid sender address", "from");
  let publicUrl: URL;
  try {
    publicUrl = new URL(input.publicUrl.trim());
    if (publicUrl.protocol !== "https:" && publicUrl.protocol !== "http:") throw new Error();
  } catch {
    throw invalid(
      "公开地址应为 http(s) 网址（退订链接指向这里）",
      "The public URL must be an http(s) URL (unsubscribe links point there)",
      "publicUrl",
    );
  }
  const before = await getShopSetting<Stored>(database.db, shopId, KEY);
  const passwordEnc =
    input.password === undefined
      ? (before?.passwordEnc ?? null)
      : input.password === null || input.password === ""
        ? null
        : encrypt(input.password);
  const stored: Stored = {
    host,
    port: input.port,
    secure: input.secure,
    user: input.user?.trim() || null,
    passwordEnc,
    from,
    fromName: input.fromName?.trim() || null,
    language: input.language ?? "zh",
    publicUrl: publicUrl.toString().replace(/\/+$/, ""),
    allowSelfSigned: input.allowSelfSigned ?? false,
  };
  await setShopSetting(database.db, shopId, KEY, stored);
  await recordAudit(database.db, {
    shopId,
    userId,
    action: "outreach.email.settings",
    entity: "shop_setting",
    entityId: shopId,
    before: before ? view(before) : null,
    after: view(stored),
  });
  return view(stored);
}

/** What the sender needs, password decrypted; `null` when the shop has no e-mail settings. */
export async function loadEmailSendSettings(
  database: Database,
  shopId: number,
): Promise<EmailSendSettings | null> {
  const s = await getShopSetting<Stored>(database.db, shopId, KEY);
  if (!s) return null;
  let password: string | undefined;
  if (s.passwordEnc) {
    try {
      password = decrypt(s.passwordEnc);
    } catch {
      throw new AppError(
        "conflict",
        "SMTP 密码无法解密（实例密钥已变），请重新填写",
        "The SMTP password cannot be decrypted (the instance secret changed); enter it again",
        "password",
      );
    }
  }
  return {
    smtp: {
      host: s.host,
      port: s.port,
      secure: s.secure,
      user: s.user ?? undefined,
      password,
      from: s.from,
      fromName: s.fromName ?? undefined,
      allowSelfSigned: s.allowSelfSigned,
    },
    language: s.language,
    publicUrl: s.publicUrl,
    fingerprint: JSON.stringify(s),
  };
}

/**
 * Mailers for the delivery worker, one SMTP transport per shop, rebuilt when the shop's
 * settings change.
 *
 * @example
 * const worker = await startOutreachWorker(database, boss, { provider, mailer: shopMailers(database).get });
 */
export function shopMailers(
  database: Database,
  make: (smtp: SmtpSettings) => EmailTransport = smtpTransport,
) {
  const cache = new Map<number, { fingerprint: string; mailer: ShopMailer }>();
  return {
    async get(shopId: number): Promise<ShopMailer | null> {
      const s = await loadEmailSendSettings(database, shopId);
      const hit = cache.get(shopId);
      if (!s) {
        hit?.mailer.transport.close();
        cache.delete(shopId);
        return null;
      }
      if (hit && hit.fingerprint === s.fingerprint) return hit.mailer;
      hit?.mailer.transport.close();
      const mailer: ShopMailer = {
        transport: make(s.smtp),
        language: s.language,
        publicUrl: s.publicUrl,
        from: s.smtp.from,
      };
      cache.set(shopId, { fingerprint: s.fingerprint, mailer });
      return mailer;
    },
    close(): void {
      for (const { mailer } of cache.values()) mailer.transport.close();
      cache.clear();
    },
  };
}
