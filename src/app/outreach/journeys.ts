/**
 * Journeys and their steps: create / read / update / delete (audited), planning (a dry run
 * with counts, warnings and cost, or the set-based writing of message rows) and launch.
 */

import type { Database } from "../../adapters/db/database.ts";
import { recordAudit } from "../../adapters/db/repositories/audit.ts";
import {
  type BulkAudience,
  campaignPeakDate,
  countStepAudience,
  deleteJourneyRow,
  deleteJourneySteps,
  insertJourneyRow,
  insertStepMessages,
  insertStepRows,
  listJourneyRows,
  markStepPlanned,
  type StepAudienceQuery,
  selectJourneyRow,
  selectStepRows,
  updateJourneyRow,
} from "../../adapters/db/repositories/outreach-journeys.ts";
import { setJourneyStatus } from "../../adapters/db/repositories/outreach-logistics.ts";
import { getShopSetting } from "../../adapters/db/repositories/shop-settings.ts";
import { findShopById } from "../../adapters/db/repositories/shops.ts";
import { addDays } from "../../domain/calendar/date.ts";
import {
  DEFAULT_FREQUENCY_CAPS,
  type OutreachChannel,
} from "../../domain/outreach/frequency-cap.ts";
import {
  type AudienceCounts,
  checkStep,
  type StepCheckResult,
} from "../../domain/outreach/journeys/checks.ts";
import {
  type StepAudience,
  type StepCondition,
  warmupWaves,
} from "../../domain/outreach/journeys/templates.ts";
import type { QuietHours } from "../../domain/outreach/quiet-hours.ts";
import type { SmsType } from "../../domain/outreach/sms-lint.ts";
import type { SmsWindowProvider } from "../../domain/outreach/sms-window.ts";
import { zonedInterval } from "../../domain/outreach/time.ts";
import { AppError, notFound } from "../errors.ts";
import { requireScores, requireSegmentMembers } from "../segments/derived.ts";
import { EMAIL_SETTINGS_KEY } from "./email-settings.ts";

/** Journey-wide settings. */
export interface JourneySettings {
  /** Link and coupon code put into `{link}` / `{coupon}`. */
  link?: string;
  coupon?: string;
  /** Whose marketing window applies. Default `default` (the stricter one). */
  provider?: SmsWindowProvider;
  /** Price of one SMS segment, in fen. Default 4. */
  unitPriceFen?: number;
  quietHours?: QuietHours;
  /** Daily cap per customer and channel. Default from the frequency-cap rules. */
  perDayCap?: number;
  /** Only customers with a granted consent on the channel. Default true. */
  requireConsent?: boolean;
  /** The shop's logistics-notification journey (steps triggered by order events). */
  logistics?: boolean;
}

/** A step as given by a user. */
export interface StepInput {
  name: string;
  channel: OutreachChannel;
  smsType?: SmsType;
  audience: StepAudience;
  template: string;
  subject?: string | null;
  offsetDays: number;
  spanDays?: number;
  windowFrom: string;
  windowTo: string;
  condition?: StepCondition | null;
  /** Share of the audience held out (no send), in basis points (1% = 100). */
  holdoutBp?: number;
}

/** A journey as given by a user. */
export interface JourneyInput {
  name: string;
  campaignId?: number | null;
  /** The campaign's T (peak day, shop's zone); taken from the campaign when omitted. */
  tDate?: string | null;
  settings?: JourneySettings;
  steps: StepInput[];
}

/** A stored step. */
export interface StepRow {
  id: number;
  journey_id: number;
  position: number;
  name: string;
  channel: OutreachChannel;
  sms_type: SmsType;
  audience: StepAudience;
  template: string;
  subject: string | null;
  offset_days: number;
  span_days: number;
  window_from: string;
  window_to: string;
  condition: StepCondition | null;
  holdout_bp: number;
  status: string;
}

/** A stored journey with its steps. */
export interface JourneyView {
  id: number;
  shopId: number;
  name: string;
  campaignId: number | null;
  tDate: string | null;
  status: string;
  settings: JourneySettings;
  steps: StepRow[];
}

async function campaignPeak(database: Database, shopId: number, campaignId: number) {
  const peak = await campaignPeakDate(database, shopId, campaignId);
  if (!peak) throw notFound("活动", "Campaign", "campaignId");
  return peak;
}

async function insertSteps(
  database: Database,
  shopId: number,
  journeyId: number,
  steps: StepInput[],
) {
  await insertStepRows(
    database,
    shopId,
    journeyId,
    steps.map((s) => ({
      name: s.name,
      channel: s.channel,
      smsType: s.smsType ?? "marketing",
      audience: s.audience,
      template: s.template,
      subject: s.subject ?? null,
      offsetDays: s.offsetDays,
      spanDays: s.spanDays ?? 0,
      windowFrom: s.windowFrom,
      windowTo: s.windowTo,
      condition: s.condition ?? null,
      holdoutBp: s.holdoutBp ?? 0,
    })),
  );
}

/** Creates a journey with its steps (audited). */
export async function createJourney(
  database: Database,
  shopId: number,
  userId: number | null,
  input: JourneyInput,
): Promise<JourneyView> {
  const tDate =
    input.tDate ??
    (input.campaignId ? await campaignPeak(database, shopId, input.campaignId) : null);
  const id = await insertJourneyRow(database, {
    shopId,
    name: input.name,
    campaignId: input.campaignId ?? null,
    tDate,
    settings: input.settings ?? {},
    createdBy: userId,
  });
  await insertSteps(database, shopId, id, input.steps);
  const view = await getJourney(database, shopId, id);
  await recordAudit(database.db, {
    shopId,
    userId,
    action: "outreach.journey.create",
    entity: "outreach_journey",
    entityId: id,
    after: view,
  });
  return view;
}

/**
 * The playbook's three warm-up waves as a journey for a campaign (or a T date).
 *
 * @example
 * await createPlaybookJourney(database, shop.id, user.id, { signature: "小店", tDate: "2026-11-11" });
 */
export async function createPlaybookJourney(
  database: Database,
  shopId: number,
  userId: number | null,
  opts: {
    signature: string;
    campaignId?: number | null;
    tDate?: string | null;
    settings?: JourneySettings;
  },
): Promise<JourneyView> {
  return createJourney(database, shopId, userId, {
    name: "大促预热三波",
    campaignId: opts.campaignId ?? null,
    tDate: opts.tDate ?? null,
    settings: opts.settings ?? {},
    steps: warmupWaves(opts.signature).map((s) => ({
      name: s.name,
      channel: s.channel,
      smsType: s.smsType,
      audience: s.audience,
      template: s.template,
      subject: s.subject ?? null,
      offsetDays: s.offsetDays,
      spanDays: s.spanDays ?? 0,
      windowFrom: s.windowFrom,
      windowTo: s.windowTo,
    })),
  });
}

/** One journey with its steps. */
export async function getJourney(
  database: Database,
  shopId: number,
  id: number,
): Promise<JourneyView> {
  const row = await selectJourneyRow(database, shopId, id);
  if (!row) throw notFound("触达旅程", "Journey", "id");
  const steps = (await selectStepRows(database, shopId, id)) as StepRow[];
  return {
    id: Number(row.id),
    shopId,
    name: row.name,
    campaignId: row.campaign_id == null ? null : Number(row.campaign_id),
    tDate: row.t_date,
    status: row.status,
    settings: row.settings as JourneySettings,
    steps,
  };
}

/** Journeys of a shop, newest first. */
export async function listJourneys(database: Database, shopId: number) {
  return listJourneyRows(database, shopId);
}

/** Replaces a draft journey's name, settings and steps (audited). */
export async function updateJourney(
  database: Database,
  shopId: number,
  userId: number | null,
  id: number,
  input: JourneyInput,
): Promise<JourneyView> {
  const before = await getJourney(database, shopId, id);
  if (before.status !== "draft") {
    throw new AppError("conflict", "已启动的旅程不能修改", "A launched journey cannot be changed");
  }
  const tDate =
    input.tDate ??
    (input.campaignId ? await campaignPeak(database, shopId, input.campaignId) : null);
  await updateJourneyRow(database, shopId, id, {
    name: input.name,
    campaignId: input.campaignId ?? null,
    tDate,
    settings: input.settings ?? {},
  });
  await deleteJourneySteps(database, shopId, id);
  await insertSteps(database, shopId, id, input.steps);
  const after = await getJourney(database, shopId, id);
  await recordAudit(database.db, {
    shopId,
    userId,
    action: "outreach.journey.update",
    entity: "outreach_journey",
    entityId: id,
    before,
    after,
  });
  return after;
}

/** Deletes a draft journey (audited). */
export async function deleteJourney(
  database: Database,
  shopId: number,
  userId: number | null,
  id: number,
) {
  const before = await getJourney(database, shopId, id);
  if (before.status !== "draft") {
    throw new AppError("conflict", "已启动的旅程不能删除", "A launched journey cannot be deleted");
  }
  await deleteJourneyRow(database, shopId, id);
  await recordAudit(database.db, {
    shopId,
    userId,
    action: "outreach.journey.delete",
    entity: "outreach_journey",
    entityId: id,
    before,
  });
}

/** Planning result of one step. */
export interface StepPlan {
  stepId: number;
  name: string;
  channel: OutreachChannel;
  start: string;
  end: string;
  counts: AudienceCounts & { heldOut: number };
  /** Rows written now (0 on a dry run or a repeat). */
  written: number;
  check: StepCheckResult;
}

/** Planning result of a journey. */
export interface JourneyPlan {
  journeyId: number;
  dryRun: boolean;
  ok: boolean;
  steps: StepPlan[];
  totalRecipients: number;
  totalSegments: number;
  costFen: number;
  balanceSegments: number | null;
}

/** Options of {@link planJourney}. */
export interface PlanOptions {
  /** Count and check only; write nothing. */
  dryRun: boolean;
  /** SMS credit reported by the provider, in segments. */
  balanceSegments?: number;
}

/** The audience of a step planned in bulk; logistics steps are triggered by events. */
function bulkAudience(a: StepAudience): BulkAudience {
  if (a.kind === "event") {
    throw new AppError(
      "invalid_input",
      "物流通知由物流事件触发，不能批量规划",
      "Logistics notifications are triggered by shipment events, not planned in bulk",
      "audience",
    );
  }
  return a;
}

function stepInterval(tDate: string, step: StepRow, timeZone: string) {
  const day = addDays(tDate, step.offset_days);
  const first = zonedInterval({ date: day, from: step.window_from, to: step.window_to }, timeZone);
  return { day, start: first.start, end: first.end };
}

/**
 * Plans a journey: for each step, counts the audience (consent, suppression, caps, the
 * "not bought since" condition, the holdout), runs the plan-time checks and, unless a dry
 * run, writes the message rows (`queued`, or `held_out`) in one statement per step.
 */
export async function planJourney(
  database: Database,
  shopId: number,
  journeyId: number,
  options: PlanOptions,
): Promise<JourneyPlan> {
  const journey = await getJourney(database, shopId, journeyId);
  if (!journey.tDate) {
    throw new AppError("invalid_input", "旅程缺少活动日 T", "The journey has no T date", "tDate");
  }
  const shop = await findShopById(database.db, shopId);
  const timeZone = shop?.time_zone ?? "Asia/Shanghai";
  const settings = journey.settings;
  const provider = settings.provider ?? "default";
  const emailReady =
    !journey.steps.some((s) => s.channel === "email") ||
    (await getShopSetting(database.db, shopId, EMAIL_SETTINGS_KEY)) !== undefined;
  const phoneDays = new Set(
    journey.steps.filter((s) => s.channel === "phone").map((s) => s.offset_days),
  );
  const plans: StepPlan[] = [];
  let balanceLeft = options.balanceSegments;
  for (const step of journey.steps) {
    const audience = bulkAudience(step.audience);
    if (audience.kind === "segment") {
      await requireSegmentMembers(database.db, shopId, audience.segmentId, "audience");
    } else {
      await requireScores(database.db, shopId, "audience");
    }
  }
  for (const step of journey.steps) {
    const { start, end } = stepInterval(journey.tDate, step, timeZone);
    const sinceCond = step.condition?.notBoughtSince;
    const since =
      sinceCond === undefined
        ? null
        : sinceCond === "journey_start"
          ? new Date(
              stepInterval(journey.tDate, journey.steps[0] ?? step, timeZone).start,
            ).toISOString()
          : sinceCond;
    const day = addDays(journey.tDate, step.offset_days);
    const dayStart = zonedInterval({ date: day, from: "00:00", to: "00:00" }, timeZone).start;
    const dayEnd = zonedInterval(
      { date: addDays(day, 1), from: "00:00", to: "00:00" },
      timeZone,
    ).start;
    const q: StepAudienceQuery = {
      shopId,
      stepId: step.id,
      channel: step.channel,
      audience: bulkAudience(step.audience),
      perDayCap: settings.perDayCap ?? DEFAULT_FREQUENCY_CAPS[step.channel].perDay ?? 1,
      requireConsent: settings.requireConsent ?? true,
      dayStart: new Date(dayStart).toISOString(),
      dayEnd: new Date(dayEnd).toISOString(),
      boughtSince: since,
      holdoutBp: step.holdout_bp,
    };
    // A real run counts and writes in one statement over one evaluation of the audience.
    const written0 = options.dryRun
      ? null
      : await insertStepMessages(database, {
          ...q,
          journeyId,
          notBefore: new Date(start).toISOString(),
        });
    const c = written0 ?? (await countStepAudience(database, q));
    const checked = checkStep({
      channel: step.channel,
      smsType: step.sms_type,
      audience: step.audience,
      template: step.template,
      start,
      end,
      timeZone,
      provider,
      withPhoneCalls: step.channel === "sms" && phoneDays.has(step.offset_days),
      ...(settings.quietHours ? { quietHours: settings.quietHours } : {}),
      counts: {
        audience: c.audience,
        noConsent: c.no_consent,
        suppressed: c.suppressed,
        capped: c.capped,
        recipients: c.recipients,
      },
      ...(step.channel === "sms" && balanceLeft !== undefined
        ? { balanceSegments: balanceLeft }
        : {}),
      unitPriceFen: step.channel === "sms" ? (settings.unitPriceFen ?? 4) : 0,
    });
    const check: StepCheckResult =
      step.channel === "email" && !emailReady
        ? {
            ...checked,
            warnings: [
              ...checked.warnings,
              {
                code: "email_not_configured",
                severity: "warning",
                message: {
                  zh: "店铺尚未设置邮件发送（SMTP），邮件会一直等待，直到设置完成",
                  en: "The shop has no e-mail (SMTP) settings yet; e-mails wait until they are set",
                },
              },
            ],
          }
        : checked;
    if (step.channel === "sms" && balanceLeft !== undefined) balanceLeft -= check.totalSegments;
    const written = written0?.written ?? 0;
    if (!options.dryRun) await markStepPlanned(database, shopId, step.id);
    plans.push({
      stepId: step.id,
      name: step.name,
      channel: step.channel,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      counts: {
        audience: c.audience,
        noConsent: c.no_consent,
        suppressed: c.suppressed,
        capped: c.capped,
        recipients: c.recipients,
        heldOut: c.held_out,
      },
      written,
      check,
    });
  }
  return {
    journeyId,
    dryRun: options.dryRun,
    ok: plans.every((s) => s.check.ok),
    steps: plans,
    totalRecipients: plans.reduce((s, x) => s + x.counts.recipients, 0),
    totalSegments: plans.reduce((s, x) => s + x.check.totalSegments, 0),
    costFen: plans.reduce((s, x) => s + x.check.costFen, 0),
    balanceSegments: options.balanceSegments ?? null,
  };
}

/**
 * Launches a journey: plans it for real (unless errors block it) and marks it and its steps
 * launched. Send jobs are created by the delivery worker (`dispatchLaunchedSteps`).
 */
export async function launchJourney(
  database: Database,
  shopId: number,
  userId: number | null,
  journeyId: number,
  options: Omit<PlanOptions, "dryRun"> & { force?: boolean } = {},
): Promise<JourneyPlan> {
  const dry = await planJourney(database, shopId, journeyId, { ...options, dryRun: true });
  if (!dry.ok && !options.force) {
    throw new AppError(
      "invalid_input",
      "规划检查有错误，不能启动",
      "The plan has errors; fix them before launching",
      undefined,
      dry,
    );
  }
  const plan = await planJourney(database, shopId, journeyId, { ...options, dryRun: false });
  await setJourneyStatus(database, shopId, journeyId, "launched", "launched");
  await recordAudit(database.db, {
    shopId,
    userId,
    action: "outreach.journey.launch",
    entity: "outreach_journey",
    entityId: journeyId,
    after: { totalRecipients: plan.totalRecipients, costFen: plan.costFen },
  });
  return plan;
}
