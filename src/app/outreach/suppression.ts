/**
 * The suppression list: opt-outs honoured by every plan (inbound SMS replies "T", "TD", "R",
 * "N" or 退订, e-mail unsubscribes, phone refusals). Addresses are stored normalised: a
 * mobile number as its last 11 digits, an e-mail lower-cased.
 */

import { createHmac, timingSafeEqual } from "node:crypto";
import type { Database } from "../../adapters/db/database.ts";
import {
  cancelQueuedSms,
  insertSuppression,
  suppressionExists,
  withdrawEmailConsent,
} from "../../adapters/db/repositories/outreach-suppressions.ts";
import type { OutreachChannel } from "../../domain/outreach/frequency-cap.ts";
import { instanceSecret } from "../secret.ts";

/** Replies that opt a number out of SMS. */
export const OPT_OUT_REPLIES: readonly string[] = [
  "T",
  "TD",
  "R",
  "N",
  "退订",
  "退订T",
  "UNSUBSCRIBE",
];

/** Why an address is suppressed. */
export type SuppressionReason = "sms_reply" | "email_unsubscribe" | "phone_refused" | "manual";

/**
 * Normalises an address for the list: phone → last 11 digits, e-mail → trimmed lower case.
 *
 * @example
 * normalizeAddress("sms", "+86 139-0000-0001"); // "13900000001"
 */
export function normalizeAddress(channel: OutreachChannel, address: string): string {
  if (channel === "email") return address.trim().toLowerCase();
  return address.replace(/\D/g, "").slice(-11);
}

/** True when an inbound SMS text is an opt-out reply. */
export function isOptOutReply(text: string): boolean {
  const t = text
    .trim()
    .toUpperCase()
    .replace(/[。.!！\s]+$/g, "");
  return OPT_OUT_REPLIES.includes(t);
}

/** Adds an address to the shop's suppression list (idempotent). */
export async function suppress(
  database: Database,
  shopId: number,
  channel: OutreachChannel,
  address: string,
  reason: SuppressionReason,
  source = "",
): Promise<void> {
  await insertSuppression(database, {
    shopId,
    channel,
    address: normalizeAddress(channel, address),
    reason,
    source,
  });
}

/** True when the address is suppressed for the channel. */
export async function isSuppressed(
  database: Database,
  shopId: number,
  channel: OutreachChannel,
  address: string,
): Promise<boolean> {
  return suppressionExists(database, shopId, channel, normalizeAddress(channel, address));
}

/**
 * Handles an inbound SMS: an opt-out reply suppresses the number for SMS and cancels its
 * messages still `queued`. Returns whether the number was suppressed.
 */
export async function handleInboundSms(
  database: Database,
  shopId: number,
  reply: { phone: string; text: string },
): Promise<{ optOut: boolean; cancelled: number }> {
  if (!isOptOutReply(reply.text)) return { optOut: false, cancelled: 0 };
  await suppress(database, shopId, "sms", reply.phone, "sms_reply", reply.text.trim());
  const cancelled = await cancelQueuedSms(
    database,
    shopId,
    normalizeAddress("sms", reply.phone),
    "suppressed: opt-out reply",
  );
  return { optOut: true, cancelled };
}

/**
 * An e-mail unsubscribe (link or one-click POST): suppresses the address for e-mail, records
 * the consent withdrawal on the shop's customers with that address and cancels their queued
 * e-mails. Idempotent.
 */
export async function unsubscribeEmail(
  database: Database,
  shopId: number,
  email: string,
  source = "unsubscribe link",
): Promise<{ customers: number; cancelled: number }> {
  await suppress(database, shopId, "email", email, "email_unsubscribe", source);
  return withdrawEmailConsent(database, shopId, normalizeAddress("email", email), source);
}

const secret = () => `unsubscribe:${instanceSecret()}`;

/**
 * A signed, opaque unsubscribe token for an e-mail address of a shop.
 *
 * @example
 * const t = unsubscribeToken(1, "a@example.com");
 * readUnsubscribeToken(t); // { shopId: 1, email: "a@example.com" }
 */
export function unsubscribeToken(shopId: number, email: string): string {
  const body = Buffer.from(JSON.stringify([shopId, normalizeAddress("email", email)])).toString(
    "base64url",
  );
  const mac = createHmac("sha256", secret()).update(body).digest("base64url").slice(0, 22);
  return `${body}.${mac}`;
}

/** Reads a token from {@link unsubscribeToken}; `null` when forged or malformed. */
export function readUnsubscribeToken(token: string): { shopId: number; email: string } | null {
  const [body, mac] = token.split(".");
  if (!body || !mac) return null;
  const want = createHmac("sha256", secret()).update(body).digest("base64url").slice(0, 22);
  if (want.length !== mac.length || !timingSafeEqual(Buffer.from(want), Buffer.from(mac))) {
    return null;
  }
  try {
    const [shopId, email] = JSON.parse(Buffer.from(body, "base64url").toString()) as [
      number,
      string,
    ];
    return Number.isInteger(shopId) && typeof email === "string" ? { shopId, email } : null;
  } catch {
    return null;
  }
}

/**
 * Headers for one-click unsubscribe (RFC 8058): `List-Unsubscribe` with the HTTPS link (and
 * a mailto when given) and `List-Unsubscribe-Post`.
 *
 * @example
 * listUnsubscribeHeaders("https://shop.example/u/abc");
 * // { "List-Unsubscribe": "<https://shop.example/u/abc>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
 */
export function listUnsubscribeHeaders(url: string, mailto?: string): Record<string, string> {
  const parts = [`<${url}>`];
  if (mailto) parts.push(`<mailto:${mailto}?subject=unsubscribe>`);
  return {
    "List-Unsubscribe": parts.join(", "),
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
