/**
 * SQL of outreach journeys and steps: CRUD, and the set-based planning of a step — the
 * audience with its flags (address, consent, suppression, daily cap, "bought since",
 * holdout) as one statement, counted for a dry run or inserted as message rows.
 */
import type { Database } from "../database.ts";

type Db = Pick<Database, "pool">;

/** A journey row. */
export interface JourneyRowDb {
  id: number;
  name: string;
  campaign_id: number | null;
  t_date: string | null;
  status: string;
  settings: Record<string, unknown>;
}

/** A step row as stored (JSON columns parsed). */
export interface StepRowDb {
  id: number;
  journey_id: number;
  position: number;
  name: string;
  channel: "sms" | "email" | "phone";
  sms_type: "marketing" | "notification";
  audience: unknown;
  template: string;
  subject: string | null;
  offset_days: number;
  span_days: number;
  window_from: string;
  window_to: string;
  condition: unknown;
  holdout_bp: number;
  status: string;
}

/** A step to insert. */
export interface NewStepRow {
  name: string;
  channel: string;
  smsType: string;
  audience: unknown;
  template: string;
  subject: string | null;
  offsetDays: number;
  spanDays: number;
  windowFrom: string;
  windowTo: string;
  condition: unknown;
  holdoutBp: number;
}

/** The peak day of a campaign, if it exists. */
export async function campaignPeakDate(
  database: Db,
  shopId: number,
  campaignId: number,
): Promise<string | undefined> {
  const r = await database.pool.query<{ peak_date: string }>(
    "select peak_date from campaigns where shop_id = $1 and id = $2",
    [shopId, campaignId],
  );
  return r.rows[0]?.peak_date;
}

export async function insertJourneyRow(
  database: Db,
  row: {
    shopId: number;
    name: string;
    campaignId: number | null;
    tDate: string | null;
    settings: unknown;
    createdBy: number | null;
  },
): Promise<number> {
  const r = await database.pool.query<{ id: number }>(
    `insert into outreach_journeys (shop_id, name, campaign_id, t_date, settings, created_by)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [row.shopId, row.name, row.campaignId, row.tDate, JSON.stringify(row.settings), row.createdBy],
  );
  return Number(r.rows[0]?.id);
}

/** Inserts steps in order (`position` 0, 1, …). */
export async function insertStepRows(
  database: Db,
  shopId: number,
  journeyId: number,
  steps: readonly NewStepRow[],
): Promise<void> {
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
        s.smsType,
        JSON.stringify(s.audience),
        s.template,
        s.subject,
        s.offsetDays,
        s.spanDays,
        s.windowFrom,
        s.windowTo,
        s.condition ? JSON.stringify(s.condition) : null,
        s.holdoutBp,
      ],
    );
  }
}

export async function selectJourneyRow(
  database: Db,
  shopId: number,
  id: number,
): Promise<JourneyRowDb | undefined> {
  const j = await database.pool.query<JourneyRowDb>(
    "select id, name, campaign_id, t_date, status, settings from outreach_journeys where shop_id = $1 and id = $2",
    [shopId, id],
  );
  return j.rows[0];
}

export async function selectStepRows(
  database: Db,
  shopId: number,
  journeyId: number,
): Promise<StepRowDb[]> {
  const steps = await database.pool.query<StepRowDb>(
    `select id, journey_id, position, name, channel, sms_type, audience, template, subject, offset_days,
       span_days, window_from, window_to, condition, holdout_bp, status
     from outreach_steps where shop_id = $1 and journey_id = $2 order by position, id`,
    [shopId, journeyId],
  );
  return steps.rows.map((s) => ({ ...s, id: Number(s.id), journey_id: Number(s.journey_id) }));
}

/** Journeys of a shop with their step counts, newest first. */
export async function listJourneyRows(database: Db, shopId: number) {
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

export async function updateJourneyRow(
  database: Db,
  shopId: number,
  id: number,
  row: { name: string; campaignId: number | null; tDate: string | null; settings: unknown },
): Promise<void> {
  await database.pool.query(
    `update outreach_journeys set name = $3, campaign_id = $4, t_date = $5, settings = $6, updated_at = now()
     where shop_id = $1 and id = $2`,
    [shopId, id, row.name, row.campaignId, row.tDate, JSON.stringify(row.settings)],
  );
}

export async function deleteJourneySteps(database: Db, shopId: number, journeyId: number) {
  await database.pool.query("delete from outreach_steps where shop_id = $1 and journey_id = $2", [
    shopId,
    journeyId,
  ]);
}

export async function deleteJourneyRow(database: Db, shopId: number, id: number) {
  await database.pool.query("delete from outreach_journeys where shop_id = $1 and id = $2", [
    shopId,
    id,
  ]);
}

/** Who a step addresses, as planned in bulk. */
export type BulkAudience =
  | { kind: "segment"; segmentId: number }
  | { kind: "playbook"; playbook: "loyal" | "active" | "general" | "all" };

/** Inputs of the audience statement of one step. */
export interface StepAudienceQuery {
  shopId: number;
  stepId: number;
  channel: "sms" | "email" | "phone";
  audience: BulkAudience;
  /** Customers at this many same-channel messages on the send day are capped. */
  perDayCap: number;
  requireConsent: boolean;
  /** The send day in the shop's zone, `[dayStart, dayEnd)` as ISO instants. */
  dayStart: string;
  dayEnd: string;
  /** Skip customers who paid an order since this instant. */
  boughtSince: string | null;
  holdoutBp: number;
}

function addressSql(channel: string, column: string): string {
  return channel === "email"
    ? `nullif(lower(trim(${column})), '')`
    : `nullif(right(regexp_replace(${column}, '\\D', '', 'g'), 11), '')`;
}

/**
 * The flagged audience of a step as a CTE named `f`, with its parameters. `f` is
 * materialised: inlined, every `count(*) filter (…)` re-ran the consent, suppression and cap
 * look-ups per row.
 */
function flagsSql(q: StepAudienceQuery): { text: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const shop = p(q.shopId);
  const a = q.audience;
  const audience =
    a.kind === "segment"
      ? `select customer_id from segment_members where shop_id = ${shop} and segment_id = ${p(a.segmentId)}`
      : a.playbook === "all"
        ? `select customer_id from customer_scores where shop_id = ${shop}`
        : `select customer_id from customer_scores where shop_id = ${shop} and playbook = ${p(a.playbook)}`;
  const addr = addressSql(q.channel, q.channel === "email" ? "c.email" : "c.phone");
  const text = `
with aud as (select distinct customer_id from (${audience}) a),
base as (
  select c.id as customer_id, ${addr} as address
  from aud join customers c on c.shop_id = ${shop} and c.id = aud.customer_id
),
f as materialized (
  select b.customer_id, b.address,
    (b.address is null or (${q.requireConsent ? "true" : "false"} and not exists (
      select 1 from customer_consents cc where cc.shop_id = ${shop} and cc.customer_id = b.customer_id
        and cc.channel = ${p(q.channel)} and cc.granted))) as no_consent,
    (b.address is not null and exists (select 1 from outreach_suppressions s where s.shop_id = ${shop}
        and s.channel = ${p(q.channel)} and s.address = b.address)) as suppressed,
    ((select count(*) from outreach_messages m where m.shop_id = ${shop} and m.customer_id = b.customer_id
        and m.channel = ${p(q.channel)} and m.step_id <> ${p(q.stepId)}
        and m.state in ('queued','sending','sent','delivered','unknown')
        and coalesce(m.not_before, m.queued_at) >= ${p(q.dayStart)}
        and coalesce(m.not_before, m.queued_at) < ${p(q.dayEnd)}) >= ${p(q.perDayCap)}) as capped,
    ${
      q.boughtSince
        ? `exists (select 1 from orders o where o.shop_id = ${shop} and o.customer_id = b.customer_id and o.paid_at >= ${p(q.boughtSince)})`
        : "false"
    } as bought,
    (abs(hashtext(${p(String(q.stepId))} || ':' || b.customer_id)) % 10000 < ${p(q.holdoutBp)}) as held_out
  from base b
)`;
  return { text, params };
}

/** Counts of a step's audience by flag. */
export interface StepAudienceCounts {
  audience: number;
  no_consent: number;
  suppressed: number;
  capped: number;
  bought: number;
  held_out: number;
  recipients: number;
}

const COUNTS_SQL = `count(*)::int as audience,
  count(*) filter (where no_consent)::int as no_consent,
  count(*) filter (where not no_consent and suppressed)::int as suppressed,
  count(*) filter (where not no_consent and not suppressed and capped)::int as capped,
  count(*) filter (where not no_consent and not suppressed and not capped and bought)::int as bought,
  count(*) filter (where not no_consent and not suppressed and not capped and not bought and held_out)::int as held_out,
  count(*) filter (where not no_consent and not suppressed and not capped and not bought and not held_out)::int as recipients`;

const NO_COUNTS: StepAudienceCounts = {
  audience: 0,
  no_consent: 0,
  suppressed: 0,
  capped: 0,
  bought: 0,
  held_out: 0,
  recipients: 0,
};

export async function countStepAudience(
  database: Db,
  q: StepAudienceQuery,
): Promise<StepAudienceCounts> {
  const f = flagsSql(q);
  const counts = await database.pool.query<StepAudienceCounts>(
    `${f.text} select ${COUNTS_SQL} from f`,
    f.params,
  );
  return counts.rows[0] ?? NO_COUNTS;
}

/**
 * Counts a step's audience and writes its message rows (`queued`, or `held_out`) in one
 * statement over one evaluation of the flags, never a second row for the same key.
 */
export async function insertStepMessages(
  database: Db,
  q: StepAudienceQuery & { journeyId: number; notBefore: string },
): Promise<StepAudienceCounts & { written: number }> {
  const f = flagsSql(q);
  const n = f.params.length;
  const r = await database.pool.query<StepAudienceCounts & { written: number }>(
    `${f.text},
     ins as (
       insert into outreach_messages (shop_id, journey_id, step_id, customer_id, channel, address, state, not_before)
       select $${n + 1}::bigint, $${n + 2}::bigint, $${n + 3}::bigint, customer_id, $${n + 4}::text, address,
         case when held_out then 'held_out' else 'queued' end, $${n + 5}::timestamptz
       from f where not no_consent and not suppressed and not capped and not bought
       on conflict (journey_id, step_id, customer_id, channel, order_ref) do nothing
       returning 1)
     select ${COUNTS_SQL}, (select count(*)::int from ins) as written from f`,
    [...f.params, q.shopId, q.journeyId, q.stepId, q.channel, q.notBefore],
  );
  const row = r.rows[0];
  return { ...(row ?? NO_COUNTS), written: Number(row?.written ?? 0) };
}

/** A drafted step becomes `planned`. */
export async function markStepPlanned(database: Db, shopId: number, stepId: number) {
  await database.pool.query(
    "update outreach_steps set status = 'planned', planned_at = now() where shop_id = $1 and id = $2 and status = 'draft'",
    [shopId, stepId],
  );
}
