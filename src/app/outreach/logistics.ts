/**
 * Logistics notifications (playbook §6): when an order is shipped, arrives in the buyer's
 * city, is delayed (a carrier exception) or is signed — as recorded by its logistics events,
 * or by the order's own `shipped_at` / `signed_at` when only the order records it — the
 * matching notification SMS is planned for that customer.
 *
 * A shop turns this on once: a journey with one step per event is created and launched.
 * `planLogisticsMessages` (run by the delivery worker every maintenance tick) plans the
 * messages of events since the last look-back window, honouring the rules: consent and the
 * suppression list exclude, quiet hours move the send to the next allowed instant (no
 * provider window: they are notifications), the lint already passed when the journey was
 * created, and the unique key (journey, step, customer, channel, order) makes it
 * idempotent. Frequency caps count these messages but do not hold them back: they are
 * transactional.
 */
import type { Database } from "../../adapters/db/database.ts";
import {
  findLogisticsJourney,
  insertLogisticsMessages,
  logisticsCandidates,
  setJourneyStatus,
  shopsWithLogisticsJourney,
  supersedeEarlierStages,
} from "../../adapters/db/repositories/outreach-logistics.ts";
import { findShopById } from "../../adapters/db/repositories/shops.ts";
import { logisticsTemplates, renderTemplate } from "../../domain/outreach/journeys/templates.ts";
import type { QuietHours } from "../../domain/outreach/quiet-hours.ts";
import { earliestSend } from "../../domain/outreach/send-guard.ts";
import { lintSms, SMS_PROBLEM_MESSAGES } from "../../domain/outreach/sms-lint.ts";
import { AppError, notFound } from "../errors.ts";
import { createJourney, getJourney, type JourneyView } from "./journeys.ts";

/** Events older than this when first seen are not notified any more. */
export const LOGISTICS_LOOKBACK_HOURS = 48;

/** State of a shop's logistics notifications. */
export interface LogisticsStatus {
  enabled: boolean;
  journey: JourneyView | null;
}

/** Whether the shop's logistics notifications are on, with their journey. */
export async function logisticsStatus(
  database: Database,
  shopId: number,
): Promise<LogisticsStatus> {
  const j = await findLogisticsJourney(database, shopId);
  if (!j) return { enabled: false, journey: null };
  return { enabled: j.status === "launched", journey: await getJourney(database, shopId, j.id) };
}

/**
 * Turns the shop's logistics notifications on: creates the journey (one notification SMS
 * step per event, signed with `signature`, default the shop's name) the first time, checks
 * every text against the SMS lint, and launches it. Events from now on are notified.
 */
export async function enableLogisticsNotifications(
  database: Database,
  shopId: number,
  userId: number | null,
  opts: { signature?: string; quietHours?: QuietHours } = {},
): Promise<LogisticsStatus> {
  let found = await findLogisticsJourney(database, shopId);
  if (!found) {
    const shop = await findShopById(database.db, shopId);
    if (!shop) throw notFound("店铺", "Shop", "shop");
    const steps = logisticsTemplates(opts.signature ?? shop.name);
    const sample = { name: "张伟", orderNo: "100000000000000001", trackingNo: "SF1234567890" };
    for (const s of steps) {
      const lint = lintSms({ text: renderTemplate(s.template, sample).text, type: s.smsType });
      if (!lint.ok) {
        throw new AppError(
          "invalid_input",
          `短信签名或文案不合规：${lint.problems.map((c) => SMS_PROBLEM_MESSAGES[c].zh).join("；")}`,
          `The SMS signature or text breaks the rules: ${lint.problems.map((c) => SMS_PROBLEM_MESSAGES[c].en).join("; ")}`,
          "signature",
        );
      }
    }
    const j = await createJourney(database, shopId, userId, {
      name: "物流通知",
      settings: { logistics: true, ...(opts.quietHours ? { quietHours: opts.quietHours } : {}) },
      steps: steps.map((s) => ({
        name: s.name,
        channel: s.channel,
        smsType: s.smsType,
        audience: s.audience,
        template: s.template,
        offsetDays: 0,
        windowFrom: s.windowFrom,
        windowTo: s.windowTo,
      })),
    });
    found = { id: j.id, status: j.status, since: new Date().toISOString() };
  }
  if (found.status !== "launched") {
    await setJourneyStatus(database, shopId, found.id, "launched", "launched");
  }
  return logisticsStatus(database, shopId);
}

/** Turns the shop's logistics notifications off (queued messages still go). */
export async function disableLogisticsNotifications(
  database: Database,
  shopId: number,
): Promise<LogisticsStatus> {
  const found = await findLogisticsJourney(database, shopId);
  if (found && found.status === "launched") {
    await setJourneyStatus(database, shopId, found.id, "cancelled", "done");
  }
  return logisticsStatus(database, shopId);
}

/** What {@link planLogisticsMessages} did. */
export interface LogisticsPlanResult {
  /** Orders × stages found without a message yet. */
  events: number;
  /** Messages written. */
  planned: number;
  noConsent: number;
  suppressed: number;
  /** Queued earlier-stage messages of signed orders, dropped. */
  superseded: number;
}

/** Plans the notifications of the shop's logistics events up to `now`. Idempotent. */
export async function planLogisticsMessages(
  database: Database,
  shopId: number,
  now: Date = new Date(),
  lookbackHours = LOGISTICS_LOOKBACK_HOURS,
): Promise<LogisticsPlanResult> {
  const out: LogisticsPlanResult = {
    events: 0,
    planned: 0,
    noConsent: 0,
    suppressed: 0,
    superseded: 0,
  };
  const found = await findLogisticsJourney(database, shopId);
  if (!found || found.status !== "launched") return out;
  const journey = await getJourney(database, shopId, found.id);
  const shop = await findShopById(database.db, shopId);
  const timeZone = shop?.time_zone ?? "Asia/Shanghai";
  const since = new Date(
    Math.max(now.getTime() - lookbackHours * 3_600_000, Date.parse(found.since)),
  ).toISOString();
  const candidates = await logisticsCandidates(
    database,
    shopId,
    found.id,
    since,
    now.toISOString(),
  );
  out.events = candidates.length;
  const rows: Parameters<typeof insertLogisticsMessages>[3][number][] = [];
  const signed: number[] = [];
  for (const c of candidates) {
    if (c.noConsent || !c.address) {
      out.noConsent++;
      continue;
    }
    if (c.suppressed) {
      out.suppressed++;
      continue;
    }
    const at = Math.max(Date.parse(c.at), now.getTime());
    const when = earliestSend({
      at,
      channel: "sms",
      type: "notification",
      timeZone,
      ...(journey.settings.quietHours ? { quietHours: journey.settings.quietHours } : {}),
      caps: {},
    });
    rows.push({
      stepId: c.stepId,
      customerId: c.customerId,
      orderId: c.orderId,
      address: c.address,
      notBefore: new Date(Date.parse(when.earliest)).toISOString(),
    });
    if (c.event === "signed") signed.push(c.orderId);
  }
  out.planned = await insertLogisticsMessages(database, shopId, found.id, rows);
  out.superseded = await supersedeEarlierStages(database, shopId, found.id, signed);
  return out;
}

/** Plans logistics notifications for every shop that has them on. */
export async function planLogisticsForAllShops(
  database: Database,
  now: Date = new Date(),
): Promise<number> {
  let planned = 0;
  for (const shopId of await shopsWithLogisticsJourney(database)) {
    planned += (await planLogisticsMessages(database, shopId, now)).planned;
  }
  return planned;
}
