/**
 * Segment settings per shop, and the scoring run: RFM scores, RFM group and playbook segment
 * of every customer of a shop, computed set-based from the customer statistics (no order
 * scan) and written to `customer_scores` — only the rows whose result changed.
 */
import { type Kysely, sql } from "kysely";
import { daysAgoStart } from "../../../domain/segments/definition.ts";
import { resolveSegmentSettings, type SegmentSettings } from "../../../domain/segments/settings.ts";
import { addDays, localDay, zonedTimeToUtc } from "../../../domain/time/zone.ts";
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

const toDate = (t: Date | string) => (t instanceof Date ? t : new Date(t));

/**
 * Session settings of a refresh transaction: sorts and hashes of a million rows stay in
 * memory; no JIT (compiling these plans costs more CPU than it saves) and no parallel
 * workers (a background refresh should not take every core from the requests).
 */
export async function useRefreshSettings(db: Kysely<DB>): Promise<void> {
  await sql`select set_config('work_mem', '64MB', true), set_config('jit', 'off', true),
    set_config('max_parallel_workers_per_gather', '0', true)`.execute(db);
}

/** The customer's recency in local calendar days, as SQL over alias `c`. */
function recencySql(today: string, timeZone: string) {
  return sql`(${today}::date - (c.last_paid_at at time zone ${timeZone})::date)`;
}

/**
 * The four quintile cut-offs of a dimension among n buyers, for the score rule
 * `1 + floor(5 · L(v) / n)` where L(v) counts values strictly below v (ties share the lower
 * score): score ≥ s exactly when v exceeds the t-th smallest value, t = ceil((s − 1) n / 5).
 * `percentile_disc(p)` returns the ceil(p · n)-th value; asking for k/5 − 10⁻¹² gives exactly
 * t without knowing n beforehand (k n / 5 is a multiple of 0.2, so the nudge only matters
 * when it is a whole number, where it keeps the float product off the boundary; exact for
 * n < 10¹¹). Not knowing n lets one pass over the customers find counts, averages and cut-offs.
 */
const QUINTILE_FRACTIONS = [1, 2, 3, 4].map((k) => k / 5 - 1e-12);

/**
 * Scores every customer of a shop as of `now` and records the run in `score_runs`.
 * Buyers (at least one paid order) get R, F, M scores and a group; everyone gets a playbook
 * segment. One aggregate pass finds the averages and quintile cut-offs, one upsert writes the
 * rows whose result changed. Call inside a transaction for an atomic switch.
 */
export async function scoreShop(
  db: Kysely<DB>,
  shop: { id: number; time_zone: string },
  settings: SegmentSettings,
  now: Date,
  options: { tableLocked?: boolean } = {},
): Promise<ScoreRunResult> {
  const t0 = performance.now();
  const tz = shop.time_zone;
  const today = localDay(now, tz);
  const recency = recencySql(today, tz);
  const buyer = sql`(c.paid_orders > 0 and c.last_paid_at is not null)`;
  await useRefreshSettings(db);
  const rfm = settings.rfm;
  const quintile = rfm.method === "quintile";
  const p = QUINTILE_FRACTIONS;
  // One pass over the customers: counts, averages and (quintile method) the cut-offs.
  const stats = (
    await sql<{
      customers: number;
      buyers: number;
      r: number | null;
      f: number | null;
      m: number | null;
      qr: (Date | string)[] | null;
      qf: number[] | null;
      qm: number[] | null;
    }>`
      select count(*)::int as customers, count(*) filter (where ${buyer})::int as buyers,
        avg(${recency}) filter (where ${buyer})::float8 as r,
        avg(c.paid_orders) filter (where ${buyer})::float8 as f,
        avg(c.paid_fen) filter (where ${buyer})::float8 as m,
        ${
          quintile
            ? sql`percentile_disc(${p}::float8[]) within group (order by c.last_paid_at) filter (where ${buyer}) as qr,
        percentile_disc(${p}::float8[]) within group (order by c.paid_orders) filter (where ${buyer}) as qf,
        percentile_disc(${p}::float8[]) within group (order by c.paid_fen) filter (where ${buyer}) as qm`
            : sql`null as qr, null as qf, null as qm`
        }
      from customers c where c.shop_id = ${shop.id}`.execute(db)
  ).rows[0]!;

  // Recency is compared as instants, never converted per row: "recency ≤ d days" is
  // "last paid at or after the start of the local day d days ago". R = 1 + instants reached.
  let rFrom: Date[];
  let fCuts: readonly number[];
  let mCuts: readonly number[];
  if (quintile && stats.buyers > 0 && stats.qr && stats.qf && stats.qm) {
    // score = 1 + number of cut-offs strictly below the value; for recency "below" is an
    // earlier local day, so the bar is the start of the day after the cut-off's day.
    rFrom = stats.qr.map((t) => zonedTimeToUtc(addDays(localDay(toDate(t), tz), 1), tz));
    fCuts = stats.qf.map(Number);
    mCuts = stats.qm.map(Number);
  } else {
    rFrom = [...rfm.recencyDays].reverse().map((d) => daysAgoStart(d, tz, now));
    // merchant thresholds, as "value > cut − 1" so the same comparison serves both methods
    fCuts = rfm.frequency.map((v) => v - 1);
    mCuts = rfm.monetaryFen.map((v) => v - 1);
  }
  const score = (v: ReturnType<typeof sql>, cuts: readonly number[]) =>
    sql`(1 + (${v} > ${cuts[0]})::int + (${v} > ${cuts[1]})::int + (${v} > ${cuts[2]})::int + (${v} > ${cuts[3]})::int)`;
  const rScore = sql`(1 + ${sql.join(
    rFrom.map((d) => sql`(c.last_paid_at >= ${d}::timestamptz)::int`),
    sql` + `,
  )})`;
  // recency < average ⇔ recency ≤ ceil(average) − 1 days (recency is whole days)
  const rAboveAverage = daysAgoStart(Math.ceil(stats.r ?? 0) - 1, tz, now);
  const high =
    rfm.highRule === "score"
      ? { r: sql`z.r >= 3`, f: sql`z.f >= 3`, m: sql`z.m >= 3` }
      : {
          r: sql`z.last_paid_at >= ${rAboveAverage}::timestamptz`,
          f: sql`z.paid_orders > ${stats.f ?? 0}::float8`,
          m: sql`z.paid_fen > ${stats.m ?? 0}::float8`,
        };
  const activeFrom = daysAgoStart(settings.activeDays, tz, now);

  const scored = sql`
    select z.id,
      case when z.buyer then z.r end as r, case when z.buyer then z.f end as f,
      case when z.buyer then z.m end as m,
      case when z.buyer then
        (case when ${high.m} then 'important_' else 'general_' end) ||
        (case when ${high.r} then (case when ${high.f} then 'value' else 'develop' end)
              else (case when ${high.f} then 'keep' else 'retain' end) end)
      end as rfm_group,
      case when z.paid_orders >= ${settings.loyalMinOrders} then 'loyal'
           when z.last_paid_at >= ${activeFrom}::timestamptz then 'active'
           else 'general' end as playbook
    from (
      select c.id, c.paid_orders, c.paid_fen, c.last_paid_at, ${buyer} as buyer,
        ${rScore}::smallint as r,
        ${score(sql`c.paid_orders`, fCuts)}::smallint as f,
        ${score(sql`c.paid_fen`, mCuts)}::smallint as m
      from customers c where c.shop_id = ${shop.id}
    ) z`;

  let changed: number;
  const scoredBefore = (
    await sql<{ any: boolean }>`
      select exists (select 1 from customer_scores where shop_id = ${shop.id}) as any`.execute(db)
  ).rows[0]!.any;
  if (!scoredBefore) {
    // First run (or scores lost with the unlogged table after a crash): a plain insert,
    // without comparing against rows that are not there. When no shop has scores at all
    // (a new installation, or after a crash) and the caller holds the table lock, the
    // primary key is built once after the insert rather than maintained row by row — about
    // half the cost of the write.
    const emptyTable =
      options.tableLocked === true &&
      (
        await sql<{ empty: boolean }>`
          select not exists (select 1 from customer_scores) as empty`.execute(db)
      ).rows[0]!.empty;
    if (emptyTable) {
      await sql`alter table customer_scores drop constraint customer_scores_pkey`.execute(db);
    }
    const res = await sql`
      insert into customer_scores (shop_id, customer_id, r, f, m, rfm_group, playbook)
      select ${shop.id}, n.id, n.r, n.f, n.m, n.rfm_group, n.playbook from (${scored}) n`.execute(
      db,
    );
    if (emptyTable) {
      await sql`select set_config('maintenance_work_mem', '256MB', true),
        set_config('max_parallel_maintenance_workers', '0', true)`.execute(db);
      await sql`alter table customer_scores
        add constraint customer_scores_pkey primary key (shop_id, customer_id)`.execute(db);
    }
    changed = Number(res.numAffectedRows ?? 0);
  } else {
    // One pass: score everyone, keep only new or changed results, then update or insert
    // those. (An ON CONFLICT upsert would lock every existing row even when nothing changes.)
    const res = await sql<{ changed: number }>`
      with x as materialized (
        select n.*, t.customer_id is null as is_new
        from (${scored}) n
        left join customer_scores t on t.shop_id = ${shop.id} and t.customer_id = n.id
        where t.customer_id is null
          or (t.r, t.f, t.m, t.rfm_group, t.playbook)
            is distinct from (n.r, n.f, n.m, n.rfm_group, n.playbook)
      ),
      upd as (
        update customer_scores t set r = x.r, f = x.f, m = x.m, rfm_group = x.rfm_group,
          playbook = x.playbook
        from x
        where not x.is_new and t.shop_id = ${shop.id} and t.customer_id = x.id
        returning 1
      ),
      ins as (
        insert into customer_scores (shop_id, customer_id, r, f, m, rfm_group, playbook)
        select ${shop.id}, x.id, x.r, x.f, x.m, x.rfm_group, x.playbook from x where x.is_new
        returning 1
      )
      select ((select count(*) from upd) + (select count(*) from ins))::int as changed
    `.execute(db);
    changed = res.rows[0]?.changed ?? 0;
  }
  // After a large rewrite (first run, new settings) the planner's row estimates for the
  // scores are far off until autovacuum comes by; segment queries that read them need them.
  if (changed > 10_000 && changed * 10 > stats.customers) {
    await sql`analyze customer_scores`.execute(db);
  }
  const durationMs = Math.round(performance.now() - t0);
  await sql`
    insert into score_runs (shop_id, scored_at, settings, buyers, customers, changed,
      avg_recency_days, avg_frequency, avg_monetary_fen, duration_ms)
    values (${shop.id}, ${now}::timestamptz, ${JSON.stringify(settings)}::jsonb, ${stats.buyers},
      ${stats.customers}, ${changed}, ${stats.r}, ${stats.f}, ${stats.m}, ${durationMs})`.execute(
    db,
  );
  return {
    customers: stats.customers,
    buyers: stats.buyers,
    changed,
    avgRecencyDays: stats.r,
    avgFrequency: stats.f,
    avgMonetaryFen: stats.m,
    durationMs,
  };
}

/**
 * Scores a shop (see `scoreShop`) in a transaction of its own. When the score table looks
 * empty, that transaction first locks it exclusively (before touching it, so two refreshes
 * queue on the lock instead of deadlocking on an upgrade) for the fast first fill; the
 * lock only ever blocks readers of a table with nothing in it, or for one refresh in a race.
 */
export async function scoreShopAtomically(
  db: Kysely<DB>,
  shop: { id: number; time_zone: string },
  settings: SegmentSettings,
  now: Date,
): Promise<ScoreRunResult> {
  const mayBeEmpty = (
    await sql<{ empty: boolean }>`
      select not exists (select 1 from customer_scores) as empty`.execute(db)
  ).rows[0]!.empty;
  return db.transaction().execute(async (tx) => {
    if (mayBeEmpty) await sql`lock table customer_scores in access exclusive mode`.execute(tx);
    return scoreShop(tx, shop, settings, now, { tableLocked: mayBeEmpty });
  });
}

/**
 * Whether a shop's scores were lost: its latest scoring run found customers, yet no score
 * row is left — what PostgreSQL does to the unlogged `customer_scores` after a crash.
 */
export async function scoresLost(db: Kysely<DB>, shopId: number): Promise<boolean> {
  return (await shopsWithLostScores(db, shopId)).length > 0;
}

/** The shops (or only `shopId`) whose scores were lost (see `scoresLost`). */
export async function shopsWithLostScores(db: Kysely<DB>, shopId?: number): Promise<number[]> {
  const r = await sql<{ shop_id: number }>`
    select r.shop_id from (
      select distinct on (shop_id) shop_id, customers from score_runs
      ${shopId === undefined ? sql`` : sql`where shop_id = ${shopId}`}
      order by shop_id, id desc
    ) r
    where r.customers > 0
      and not exists (select 1 from customer_scores s where s.shop_id = r.shop_id)
    order by r.shop_id`.execute(db);
  return r.rows.map((x) => Number(x.shop_id));
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
