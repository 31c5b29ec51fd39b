/**
 * Segment settings per shop, and the scoring run: RFM scores, RFM group and playbook segment
 * of every customer of a shop, computed set-based from the customer statistics (no order
 * scan) and written to `customer_scores` — only the rows whose result changed.
 */
import { type Kysely, sql } from "kysely";
import { daysAgoStart } from "../../../domain/segments/definition.ts";
import { resolveSegmentSettings, type SegmentSettings } from "../../../domain/segments/settings.ts";
import { localDay } from "../../../domain/time/zone.ts";
import type { DB } from "../schema.ts";

/** The shop's segment settings over the defaults. */
export async function getSegmentSettings(db: Kysely<DB>, shopId: number): Promise<SegmentSettings> {
  const r = await sql<{ settings: unknown }>`
    select settings from segment_settings where shop_id = ${shopId}`.execute(db);
  return resolveSegmentSettings(r.rows[0]?.settings);
}

/** Stores a shop's (already validated) segment settings. */
export async function saveSegmentSettings(
  db: Kysely<DB>,
  shopId: number,
  settings: SegmentSettings,
): Promise<void> {
  const json = JSON.stringify(settings);
  await sql`
    insert into segment_settings (shop_id, settings) values (${shopId}, ${json}::jsonb)
    on conflict (shop_id) do update set settings = excluded.settings, updated_at = now()`.execute(
    db,
  );
}

export interface ScoreRunResult {
  customers: number;
  buyers: number;
  /** Score rows written (new or changed). */
  changed: number;
  avgRecencyDays: number | null;
  avgFrequency: number | null;
  avgMonetaryFen: number | null;
  durationMs: number;
}

/** The customer's recency in local calendar days, as SQL over alias `c`. */
function recencySql(today: string, timeZone: string) {
  return sql`(${today}::date - (c.last_paid_at at time zone ${timeZone})::date)`;
}

/**
 * Scores every customer of a shop as of `now` and records the run in `score_runs`.
 * Buyers (at least one paid order) get R, F, M scores and a group; everyone gets a playbook
 * segment. Runs as two statements; call inside a transaction for an atomic switch.
 */
export async function scoreShop(
  db: Kysely<DB>,
  shop: { id: number; time_zone: string },
  settings: SegmentSettings,
  now: Date,
): Promise<ScoreRunResult> {
  const t0 = performance.now();
  const tz = shop.time_zone;
  const today = localDay(now, tz);
  const recency = recencySql(today, tz);
  const avg = (
    await sql<{
      customers: number;
      buyers: number;
      r: number | null;
      f: number | null;
      m: number | null;
    }>`
      select count(*)::int as customers,
        count(*) filter (where c.paid_orders > 0 and c.last_paid_at is not null)::int as buyers,
        avg(${recency}) filter (where c.paid_orders > 0 and c.last_paid_at is not null)::float8 as r,
        avg(c.paid_orders) filter (where c.paid_orders > 0 and c.last_paid_at is not null)::float8 as f,
        avg(c.paid_fen) filter (where c.paid_orders > 0 and c.last_paid_at is not null)::float8 as m
      from customers c where c.shop_id = ${shop.id}`.execute(db)
  ).rows[0]!;

  const rfm = settings.rfm;
  const buyer = sql`(c.paid_orders > 0 and c.last_paid_at is not null)`;
  // Quintiles by rank among the shop's buyers; equal values share the lower score.
  const quintile = (orderBy: ReturnType<typeof sql>) =>
    sql`(1 + (5 * (rank() over (partition by ${buyer} order by ${orderBy}) - 1)) / count(*) over (partition by ${buyer}))`;
  const [rc, fc, mc] = [rfm.recencyDays, rfm.frequency, rfm.monetaryFen];
  const rScore =
    rfm.method === "quintile"
      ? quintile(sql`${recency} desc`)
      : sql`(case when ${recency} <= ${rc[0]} then 5 when ${recency} <= ${rc[1]} then 4
              when ${recency} <= ${rc[2]} then 3 when ${recency} <= ${rc[3]} then 2 else 1 end)`;
  const cutScore = (col: ReturnType<typeof sql>, cuts: readonly number[]) =>
    sql`(case when ${col} >= ${cuts[3]} then 5 when ${col} >= ${cuts[2]} then 4
              when ${col} >= ${cuts[1]} then 3 when ${col} >= ${cuts[0]} then 2 else 1 end)`;
  const fScore =
    rfm.method === "quintile" ? quintile(sql`c.paid_orders`) : cutScore(sql`c.paid_orders`, fc);
  const mScore =
    rfm.method === "quintile" ? quintile(sql`c.paid_fen`) : cutScore(sql`c.paid_fen`, mc);
  const high =
    rfm.highRule === "score"
      ? { r: sql`x.r >= 3`, f: sql`x.f >= 3`, m: sql`x.m >= 3` }
      : {
          r: sql`x.recency < ${avg.r ?? 0}::float8`,
          f: sql`x.paid_orders > ${avg.f ?? 0}::float8`,
          m: sql`x.paid_fen > ${avg.m ?? 0}::float8`,
        };
  const activeFrom = daysAgoStart(settings.activeDays, tz, now);

  const res = await sql`
    insert into customer_scores as t (shop_id, customer_id, r, f, m, rfm_group, playbook)
    select ${shop.id}, x.id,
      case when x.buyer then x.r end, case when x.buyer then x.f end, case when x.buyer then x.m end,
      case when x.buyer then
        (case when ${high.m} then 'important_' else 'general_' end) ||
        (case when ${high.r} then (case when ${high.f} then 'value' else 'develop' end)
              else (case when ${high.f} then 'keep' else 'retain' end) end)
      end,
      case when x.paid_orders >= ${settings.loyalMinOrders} then 'loyal'
           when x.last_paid_at >= ${activeFrom}::timestamptz then 'active'
           else 'general' end
    from (
      select c.id, c.paid_orders, c.paid_fen, c.last_paid_at, ${buyer} as buyer,
        ${recency} as recency,
        ${rScore}::smallint as r, ${fScore}::smallint as f, ${mScore}::smallint as m
      from customers c where c.shop_id = ${shop.id}
    ) x
    on conflict (shop_id, customer_id) do update set
      r = excluded.r, f = excluded.f, m = excluded.m,
      rfm_group = excluded.rfm_group, playbook = excluded.playbook
    where (t.r, t.f, t.m, t.rfm_group, t.playbook)
      is distinct from (excluded.r, excluded.f, excluded.m, excluded.rfm_group, excluded.playbook)
  `.execute(db);
  const changed = Number(res.numAffectedRows ?? 0);
  const durationMs = Math.round(performance.now() - t0);
  await sql`
    insert into score_runs (shop_id, scored_at, settings, buyers, customers, changed,
      avg_recency_days, avg_frequency, avg_monetary_fen, duration_ms)
    values (${shop.id}, ${now}::timestamptz, ${JSON.stringify(settings)}::jsonb, ${avg.buyers},
      ${avg.customers}, ${changed}, ${avg.r}, ${avg.f}, ${avg.m}, ${durationMs})`.execute(db);
  return {
    customers: avg.customers,
    buyers: avg.buyers,
    changed,
    avgRecencyDays: avg.r,
    avgFrequency: avg.f,
    avgMonetaryFen: avg.m,
    durationMs,
  };
}

/** The latest scoring run of a shop, if any. */
export async function lastScoreRun(db: Kysely<DB>, shopId: number) {
  const r = await sql<{
    scored_at: Date;
    buyers: number;
    customers: number;
    avg_recency_days: number | null;
    avg_frequency: number | null;
    avg_monetary_fen: number | null;
    duration_ms: number;
  }>`select scored_at, buyers, customers, avg_recency_days, avg_frequency, avg_monetary_fen, duration_ms
     from score_runs where shop_id = ${shopId} order by id desc limit 1`.execute(db);
  return r.rows[0];
}

/** Customers and GMV (paid fen of their paid orders) per RFM group. */
export async function rfmGroupTotals(db: Kysely<DB>, shopId: number) {
  const r = await sql<{ rfm_group: string; customers: number; gmv_fen: number }>`
    select s.rfm_group, count(*)::int as customers, coalesce(sum(c.paid_fen), 0)::bigint as gmv_fen
    from customer_scores s join customers c on c.shop_id = s.shop_id and c.id = s.customer_id
    where s.shop_id = ${shopId} and s.rfm_group is not null
    group by s.rfm_group`.execute(db);
  return r.rows;
}

/** The R × F heat map: customers and GMV per score pair. */
export async function rfmHeatMap(db: Kysely<DB>, shopId: number) {
  const r = await sql<{ r: number; f: number; customers: number; gmv_fen: number }>`
    select s.r, s.f, count(*)::int as customers, coalesce(sum(c.paid_fen), 0)::bigint as gmv_fen
    from customer_scores s join customers c on c.shop_id = s.shop_id and c.id = s.customer_id
    where s.shop_id = ${shopId} and s.r is not null
    group by s.r, s.f order by s.r, s.f`.execute(db);
  return r.rows;
}

/**
 * Playbook segment sizes and GMV, live from the customer statistics with the given settings
 * (so they are right even before a scoring run).
 */
export async function playbookTotals(
  db: Kysely<DB>,
  shop: { id: number; time_zone: string },
  settings: SegmentSettings,
  now: Date,
) {
  const activeFrom = daysAgoStart(settings.activeDays, shop.time_zone, now);
  const r = await sql<{ segment: string; customers: number; gmv_fen: number }>`
    select case when c.paid_orders >= ${settings.loyalMinOrders} then 'loyal'
                when c.last_paid_at >= ${activeFrom}::timestamptz then 'active'
                else 'general' end as segment,
      count(*)::int as customers, coalesce(sum(c.paid_fen), 0)::bigint as gmv_fen
    from customers c where c.shop_id = ${shop.id}
    group by 1`.execute(db);
  return r.rows;
}
