/**
 * Journeys and their steps: create / read / update / delete (audited), planning (a dry run
 * with counts, warnings and cost, or the set-based writing of message rows) and launch.
 */

import type { Database } from "../../adapters/db/database.ts";
import { recordAudit } from "../../adapters/db/repositories/audit.ts";
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
import { addressSql } from "./suppression.ts";

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
  const r = await database.pool.query<{ peak_date: string }>(
    "select peak_date from campaigns where shop_id = $1 and id = $2",
    [shopId, campaignId],
  );
  const row = r.rows[0];
  if (!row) throw notFound("活动", "Campaign", "campaignId");
  return row.peak_date;
}

async function insertSteps(
  database: Database,
  shopId: number,
  journeyId: number,
  steps: StepInput[],
) {
  let position = 0;
  for (const s of steps) {
    await database.pool.query(
      `insert into outreach_steps (shop_id, journey_id, position, name, channel, sms_type, audience,
         template, subject, offset_days, span_days, window_from, window_to, condition, holdout_bp)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
      [
        shopId,
        journeyId,
        position++,
        s.name,
        s.channel,
        s.smsType ?? "marketing",
        JSON.stringify(s.audience),
        s.template,
        s.subject ?? null,
        s.offsetDays,
        s.spanDays ?? 0,
        s.windowFrom,
        s.windowTo,
        s.condition ? JSON.stringify(s.condition) : null,
        s.holdoutBp ?? 0,
      ],
    );
  }
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
  const r = await database.pool.query<{ id: number }>(
    `insert into outreach_journeys (shop_id, name, campaign_id, t_date, settings, created_by)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [
      shopId,
      input.name,
      input.campaignId ?? null,
      tDate,
      JSON.stringify(input.settings ?? {}),
      userId,
    ],
  );
  const id = Number(r.rows[0]?.id);
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
  const j = await database.pool.query<{
    id: number;
    name: string;
    campaign_id: number | null;
    t_date: string | null;
    status: string;
    settings: JourneySettings;
  }>(
    "select id, name, campaign_id, t_date, status, settings from outreach_journeys where shop_id = $1 and id = $2",
    [shopId, id],
  );
  const row = j.rows[0];
  if (!row) throw notFound("触达旅程", "Journey", "id");
  const steps = await database.pool.query<StepRow>(
    `select id, journey_id, position, name, channel, sms_type, audience, template, subject, offset_days,
       span_days, window_from, window_to, condition, holdout_bp, status
     from outreach_steps where shop_id = $1 and journey_id = $2 order by position, id`,
    [shopId, id],
  );
  return {
    id: Number(row.id),
    shopId,
    name: row.name,
    campaignId: row.campaign_id == null ? null : Number(row.campaign_id),
    tDate: row.t_date,
    status: row.status,
    settings: row.settings,
    steps: steps.rows.map((s) => ({ ...s, id: Number(s.id), journey_id: Number(s.journey_id) })),
  };
}

/** Journeys of a shop, newest first. */
export async function listJourneys(database: Database, shopId: number) {
  const r = await database.pool.query<{
    id: number;
    name: string;
    status: string;
    t_date: string | null;
    steps: number;
  }>(
    `select j.id, j.name, j.status, j.t_date,
       (select count(*)::int from outreach_steps s where s.shop_id = j.shop_id and s.journey_id = j.id) as steps
     from outreach_journeys j where j.shop_id = $1 order by j.id desc`,
    [shopId],
  );
  return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
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
  await database.pool.query(
    `update outreach_journeys set name = $3, campaign_id = $4, t_date = $5, settings = $6, updated_at = now()
     where shop_id = $1 and id = $2`,
    [shopId, id, input.name, input.campaignId ?? null, tDate, JSON.stringify(input.settings ?? {})],
  );
  await database.pool.query("delete from outreach_steps where shop_id = $1 and journey_id = $2", [
    shopId,
    id,
  ]);
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
  await database.pool.query("delete from outreach_journeys where shop_id = $1 and id = $2", [
    shopId,
    id,
  ]);
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

/** SQL for the audience of a step (customer ids), with its parameters from `$start`. */
function audienceSql(a: StepAudience, shopParam: string, p: (v: unknown) => string): string {
  if (a.kind === "segment") {
    return `select customer_id from segment_members where shop_id = ${shopParam} and segment_id = ${p(a.segmentId)}`;
  }
  if (a.kind === "playbook") {
    if (a.playbook === "all")
      return `select customer_id from customer_scores where shop_id = ${shopParam}`;
    return `select customer_id from customer_scores where shop_id = ${shopParam} and playbook = ${p(a.playbook)}`;
  }
  throw new AppError(
    "invalid_input",
    "物流通知由物流事件触发，不能批量规划",
    "Logistics notifications are triggered by shipment events, not planned in bulk",
    "audience",
  );
}

/**
 * The set of eligible customers of a step as SQL, with flags. Everything is set-based: a
 * 1M-recipient step is one `insert … select … on conflict do nothing`.
 */
function flagsSql(
  shopId: number,
  step: StepRow,
  settings: JourneySettings,
  dayStart: number,
  dayEnd: number,
  since: string | null,
): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const shop = p(shopId);
  const addr = addressSql(step.channel, step.channel === "email" ? "c.email" : "c.phone");
  const cap = settings.perDayCap ?? DEFAULT_FREQUENCY_CAPS[step.channel].perDay ?? 1;
  const requireConsent = settings.requireConsent ?? true;
  const text = `
with aud as (select distinct customer_id from (${audienceSql(step.audience, shop, p)}) a),
base as (
  select c.id as customer_id, ${addr} as address
  from aud join customers c on c.shop_id = ${shop} and c.id = aud.customer_id
),
f as (
  select b.customer_id, b.address,
    (b.address is null or (${requireConsent ? "true" : "false"} and not exists (
      select 1 from customer_consents cc where cc.shop_id = ${shop} and cc.customer_id = b.customer_id
        and cc.channel = ${p(step.channel)} and cc.granted))) as no_consent,
    (b.address is not null and exists (select 1 from outreach_suppressions s where s.shop_id = ${shop}
        and s.channel = ${p(step.channel)} and s.address = b.address)) as suppressed,
    ((select count(*) from outreach_messages m where m.shop_id = ${shop} and m.customer_id = b.customer_id
        and m.channel = ${p(step.channel)} and m.step_id <> ${p(step.id)}
        and m.state in ('queued','sending','sent','delivered','unknown')
        and coalesce(m.not_before, m.queued_at) >= ${p(new Date(dayStart).toISOString())}
        and coalesce(m.not_before, m.queued_at) < ${p(new Date(dayEnd).toISOString())}) >= ${p(cap)}) as capped,
    ${
      since
        ? `exists (select 1 from orders o where o.shop_id = ${shop} and o.customer_id = b.customer_id and o.paid_at >= ${p(since)})`
        : "false"
    } as bought,
    (abs(hashtext(${p(String(step.id))} || ':' || b.customer_id)) % 10000 < ${p(step.holdout_bp)}) as held_out
  from base b
)`;
  return { text, params };
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
  const shop = await database.pool.query<{ time_zone: string }>(
    "select time_zone from shops where id = $1",
    [shopId],
  );
  const timeZone = shop.rows[0]?.time_zone ?? "Asia/Shanghai";
  const settings = journey.settings;
  const provider = settings.provider ?? "default";
  const phoneDays = new Set(
    journey.steps.filter((s) => s.channel === "phone").map((s) => s.offset_days),
  );
  const plans: StepPlan[] = [];
  let balanceLeft = options.balanceSegments;
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
    const q = flagsSql(shopId, step, settings, dayStart, dayEnd, since);
    const counts = await database.pool.query<{
      audience: number;
      no_consent: number;
      suppressed: number;
      capped: number;
      bought: number;
      held_out: number;
      recipients: number;
    }>(
      `${q.text}
       select count(*)::int as audience,
         count(*) filter (where no_consent)::int as no_consent,
         count(*) filter (where not no_consent and suppressed)::int as suppressed,
         count(*) filter (where not no_consent and not suppressed and capped)::int as capped,
         count(*) filter (where not no_consent and not suppressed and not capped and bought)::int as bought,
         count(*) filter (where not no_consent and not suppressed and not capped and not bought and held_out)::int as held_out,
         count(*) filter (where not no_consent and not suppressed and not capped and not bought and not held_out)::int as recipients
       from f`,
      q.params,
    );
    const c = counts.rows[0] ?? {
      audience: 0,
      no_consent: 0,
      suppressed: 0,
      capped: 0,
      bought: 0,
      held_out: 0,
      recipients: 0,
    };
    const check = checkStep({
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
    if (step.channel === "sms" && balanceLeft !== undefined) balanceLeft -= check.totalSegments;
    let written = 0;
    if (!options.dryRun) {
      const ins = await database.pool.query(
        `${q.text}
         insert into outreach_messages (shop_id, journey_id, step_id, customer_id, channel, address, state, not_before)
         select ${shopId}, ${journeyId}, ${step.id}, customer_id, '${step.channel}', address,
           case when held_out then 'held_out' else 'queued' end, '${new Date(start).toISOString()}'::timestamptz
         from f where not no_consent and not suppressed and not capped and not bought
         on conflict (journey_id, step_id, customer_id, channel, order_ref) do nothing`,
        q.params,
      );
      written = ins.rowCount ?? 0;
      await database.pool.query(
        "update outreach_steps set status = 'planned', planned_at = now() where shop_id = $1 and id = $2 and status = 'draft'",
        [shopId, step.id],
      );
    }
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
  await database.pool.query(
    "update outreach_journeys set status = 'launched', updated_at = now() where shop_id = $1 and id = $2",
    [shopId, journeyId],
  );
  await database.pool.query(
    "update outreach_steps set status = 'launched', launched_at = now() where shop_id = $1 and journey_id = $2",
    [shopId, journeyId],
  );
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
