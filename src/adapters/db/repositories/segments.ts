/**
 * Saved segments: definitions, their stored membership (rewritten by difference on each
 * refresh), the size history, member listing and export chunks, post-promotion layer counts
 * and a customer's timeline.
 */
import { type Kysely, sql } from "kysely";
import type { Layer, SegmentNode } from "../../../domain/segments/definition.ts";
import type { DB } from "../schema.ts";
import { type CompileContext, compileSegment, segmentIdsQuery } from "./segment-query.ts";
import { useRefreshSettings } from "./segment-scores.ts";

export interface SegmentRow {
  shop_id: number;
  id: number;
  name: string;
  description: string;
  definition: SegmentNode;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
  refreshed_at: Date | null;
  size: number | null;
}

export async function listSegments(db: Kysely<DB>, shopId: number): Promise<SegmentRow[]> {
  return (
    await sql<SegmentRow>`select * from segments where shop_id = ${shopId} order by id`.execute(db)
  ).rows;
}

export async function getSegment(
  db: Kysely<DB>,
  shopId: number,
  id: number,
): Promise<SegmentRow | undefined> {
  return (
    await sql<SegmentRow>`select * from segments where shop_id = ${shopId} and id = ${id}`.execute(
      db,
    )
  ).rows[0];
}

export async function findSegmentByName(db: Kysely<DB>, shopId: number, name: string) {
  return (
    await sql<SegmentRow>`select * from segments where shop_id = ${shopId} and name = ${name}`.execute(
      db,
    )
  ).rows[0];
}

export async function insertSegment(
  db: Kysely<DB>,
  s: {
    shopId: number;
    name: string;
    description: string;
    definition: SegmentNode;
    createdBy: number | null;
  },
): Promise<SegmentRow> {
  const r = await sql<SegmentRow>`
    insert into segments (shop_id, name, description, definition, created_by)
    values (${s.shopId}, ${s.name}, ${s.description}, ${JSON.stringify(s.definition)}::jsonb, ${s.createdBy})
    returning *`.execute(db);
  return r.rows[0]!;
}

export async function updateSegment(
  db: Kysely<DB>,
  shopId: number,
  id: number,
  s: { name: string; description: string; definition: SegmentNode },
): Promise<SegmentRow | undefined> {
  const r = await sql<SegmentRow>`
    update segments set name = ${s.name}, description = ${s.description},
      definition = ${JSON.stringify(s.definition)}::jsonb, updated_at = now()
    where shop_id = ${shopId} and id = ${id} returning *`.execute(db);
  return r.rows[0];
}

/** Deletes a segment with its members and history (call inside a transaction). */
export async function deleteSegment(db: Kysely<DB>, shopId: number, id: number): Promise<boolean> {
  await sql`delete from segment_members where shop_id = ${shopId} and segment_id = ${id}`.execute(
    db,
  );
  const r = await sql`delete from segments where shop_id = ${shopId} and id = ${id}`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

export interface MembershipResult {
  size: number;
  added: number;
  removed: number;
  durationMs: number;
}

/** Refreshes the planner statistics of the member table (after large changes). */
export async function analyzeSegmentMembers(db: Kysely<DB>): Promise<void> {
  await sql`analyze segment_members`.execute(db);
}

/** Whether a membership change was large enough to refresh the member-table statistics. */
export function membersNeedAnalyze(m: { size: number; added: number; removed: number }): boolean {
  const moved = m.added + m.removed;
  return moved > 10_000 && moved * 10 > m.size;
}

/**
 * Recomputes a saved segment's members in one statement: the new members and the stored
 * ones meet in a single hash full join, whose unmatched rows are the only ones written
 * (joined: inserted; left: deleted by primary key). With nothing stored (first refresh, or
 * members lost in a crash) the members are inserted directly. Nested loops are off for this
 * transaction, because member-table statistics are often stale (empty before the first
 * refresh) and a nested loop over a million members never ends.
 */
export async function refreshSegmentMembers(
  db: Kysely<DB>,
  ctx: CompileContext,
  segment: { id: number; definition: SegmentNode },
  trigger: string,
  options: { deferAnalyze?: boolean } = {},
): Promise<MembershipResult> {
  const t0 = performance.now();
  const shopId = ctx.shopId;
  await useRefreshSettings(db);
  await sql`set local enable_nestloop = off`.execute(db);
  // Members are stored only if the last refresh counted some (same transaction); asking the
  // member table only then keeps a first fill from scanning the other segments' fresh rows.
  const state = (
    await sql<{ stored: boolean; size: number | null }>`
      select s.size, case when coalesce(s.size, 0) > 0 then exists (select 1 from segment_members m
          where m.shop_id = s.shop_id and m.segment_id = s.id) else false end as stored
      from segments s where s.shop_id = ${shopId} and s.id = ${segment.id}`.execute(db)
  ).rows[0] ?? { stored: false, size: null };
  let row: { size: number; added: number; removed: number };
  let lost = false;
  if (!state.stored) {
    // Nothing stored: a new segment, one that matched nobody — or members lost in a
    // database crash (the table is unlogged) although the last refresh counted some. Then
    // only the net change is known, and the history entry says it was a rebuild.
    const ins = await sql`
      insert into segment_members (shop_id, segment_id, customer_id)
      select ${shopId}, ${segment.id}, s.id from (${segmentIdsQuery(ctx, segment.definition)}) s`.execute(
      db,
    );
    const n = Number(ins.numAffectedRows ?? 0);
    const before = state.size ?? 0;
    lost = before > 0;
    row = lost
      ? { size: n, added: Math.max(0, n - before), removed: Math.max(0, before - n) }
      : { size: n, added: n, removed: 0 };
  } else {
    const r = await sql<{ size: number; added: number; removed: number }>`
      with cur as materialized (${segmentIdsQuery(ctx, segment.definition)}),
      diff as materialized (
        select coalesce(cur.id, m.customer_id) as id, cur.id is not null as joined
        from cur full join (
          select customer_id from segment_members
          where shop_id = ${shopId} and segment_id = ${segment.id}) m on m.customer_id = cur.id
        where cur.id is null or m.customer_id is null),
      del as (
        delete from segment_members m
        where m.shop_id = ${shopId} and m.segment_id = ${segment.id}
          and m.customer_id = any(array(select id from diff where not joined))
        returning 1),
      ins as (
        insert into segment_members (shop_id, segment_id, customer_id)
        select ${shopId}, ${segment.id}, diff.id from diff where diff.joined
        returning 1)
      select (select count(*) from cur)::int as size, (select count(*) from ins)::int as added,
        (select count(*) from del)::int as removed`.execute(db);
    row = r.rows[0]!;
  }
  // after a large rewrite (a new segment) fresh statistics keep the next diff a hash join;
  // a caller refreshing several segments may analyze once after the last (`deferAnalyze`)
  if (!options.deferAnalyze && membersNeedAnalyze(row)) await analyzeSegmentMembers(db);
  const durationMs = Math.round(performance.now() - t0);
  await sql`update segments set refreshed_at = ${ctx.now}::timestamptz, size = ${row.size}
    where shop_id = ${shopId} and id = ${segment.id}`.execute(db);
  await sql`insert into segment_history (shop_id, segment_id, refreshed_at, size, added, removed, duration_ms, trigger)
    values (${shopId}, ${segment.id}, ${ctx.now}::timestamptz, ${row.size}, ${row.added}, ${row.removed}, ${durationMs}, ${lost ? "rebuild" : trigger})`.execute(
    db,
  );
  return { ...row, durationMs };
}

/**
 * Whether a segment's stored members were lost: its last refresh counted members, yet none
 * is stored — what PostgreSQL does to the unlogged `segment_members` after a crash. Readers
 * that act on the members (coupons, outreach) refuse until a refresh rebuilt them.
 */
export async function segmentMembersLost(
  db: Kysely<DB>,
  shopId: number,
  segmentId: number,
): Promise<boolean> {
  const r = await sql<{ lost: boolean }>`
    select coalesce(s.size, 0) > 0 and not exists (select 1 from segment_members m
      where m.shop_id = s.shop_id and m.segment_id = s.id) as lost
    from segments s where s.shop_id = ${shopId} and s.id = ${segmentId}`.execute(db);
  return r.rows[0]?.lost ?? false;
}

/** The shops with a saved segment whose members were lost (see `segmentMembersLost`). */
export async function shopsWithLostMembers(db: Kysely<DB>): Promise<number[]> {
  const r = await sql<{ shop_id: number }>`
    select distinct s.shop_id from segments s
    where coalesce(s.size, 0) > 0 and not exists (select 1 from segment_members m
      where m.shop_id = s.shop_id and m.segment_id = s.id)
    order by s.shop_id`.execute(db);
  return r.rows.map((x) => Number(x.shop_id));
}

export async function segmentHistory(
  db: Kysely<DB>,
  shopId: number,
  segmentId: number,
  limit = 500,
) {
  return (
    await sql<{
      refreshed_at: Date;
      size: number;
      added: number;
      removed: number;
      duration_ms: number;
      trigger: string;
    }>`select refreshed_at, size, added, removed, duration_ms, trigger from segment_history
       where shop_id = ${shopId} and segment_id = ${segmentId}
       order by id desc limit ${limit}`.execute(db)
  ).rows.reverse();
}

export interface MemberRow {
  id: number;
  external_id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  province: string | null;
  city: string | null;
  tags: string[];
  is_member: boolean;
  paid_orders: number;
  paid_fen: number;
  first_paid_at: Date | null;
  last_paid_at: Date | null;
  rfm_group: string | null;
  playbook: string | null;
}

const memberColumns = sql`c.id, c.external_id, c.name, c.phone, c.email, c.province, c.city, c.tags,
  c.is_member, c.paid_orders, c.paid_fen, c.first_paid_at, c.last_paid_at, s.rfm_group, s.playbook`;

/** One page of a saved segment's stored members, by customer id. */
export async function listMembers(
  db: Kysely<DB>,
  shopId: number,
  segmentId: number,
  page: number,
  pageSize: number,
): Promise<{ total: number; rows: MemberRow[] }> {
  const total = await sql<{ n: number }>`select count(*)::int as n from segment_members
    where shop_id = ${shopId} and segment_id = ${segmentId}`.execute(db);
  const rows = await sql<MemberRow>`
    select ${memberColumns}
    from segment_members m
    join customers c on c.shop_id = m.shop_id and c.id = m.customer_id
    left join customer_scores s on s.shop_id = m.shop_id and s.customer_id = m.customer_id
    where m.shop_id = ${shopId} and m.segment_id = ${segmentId}
    order by m.customer_id limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(db);
  return { total: total.rows[0]?.n ?? 0, rows: rows.rows };
}

/** Members after customer id `afterId` (keyset paging for exports). */
export async function memberChunk(
  db: Kysely<DB>,
  shopId: number,
  segmentId: number,
  afterId: number,
  limit: number,
): Promise<MemberRow[]> {
  return (
    await sql<MemberRow>`
      select ${memberColumns}
      from segment_members m
      join customers c on c.shop_id = m.shop_id and c.id = m.customer_id
      left join customer_scores s on s.shop_id = m.shop_id and s.customer_id = m.customer_id
      where m.shop_id = ${shopId} and m.segment_id = ${segmentId} and m.customer_id > ${afterId}
      order by m.customer_id limit ${limit}`.execute(db)
  ).rows;
}

/** How many customers (and how many of them new in the period) fall in each layer. */
export async function layerCounts(
  db: Kysely<DB>,
  ctx: CompileContext,
  period: { from: string; to: string },
  layers: readonly Layer[],
): Promise<{ layer: Layer; customers: number; newCustomers: number }[]> {
  const out: { layer: Layer; customers: number; newCustomers: number }[] = [];
  const isNew = compileSegment(ctx, { kind: "customerType", type: "new", period });
  for (const layer of layers) {
    const where = compileSegment(ctx, { kind: "layer", layer, period });
    const r = await sql<{ n: number; new_n: number }>`
      select count(*)::int as n, count(*) filter (where ${isNew})::int as new_n
      from customers c where c.shop_id = ${ctx.shopId} and ${where}`.execute(db);
    out.push({ layer, customers: r.rows[0]?.n ?? 0, newCustomers: r.rows[0]?.new_n ?? 0 });
  }
  return out;
}

/** New and returning buyers of a period (see `customerType`). */
export async function newVsReturning(
  db: Kysely<DB>,
  ctx: CompileContext,
  period: { from: string; to: string },
): Promise<{ newCustomers: number; returningCustomers: number }> {
  const isNew = compileSegment(ctx, { kind: "customerType", type: "new", period });
  const isReturning = compileSegment(ctx, { kind: "customerType", type: "returning", period });
  const r = await sql<{ n: number; r: number }>`
    select count(*) filter (where ${isNew})::int as n, count(*) filter (where ${isReturning})::int as r
    from customers c where c.shop_id = ${ctx.shopId}
      and (c.first_paid_at is not null)`.execute(db);
  return { newCustomers: r.rows[0]?.n ?? 0, returningCustomers: r.rows[0]?.r ?? 0 };
}

export interface TimelineEvent {
  at: Date;
  type: "order" | "review" | "after_sale";
  id: number;
  order_id: number;
  order_no: string;
  status: string | null;
  amount_fen: number | null;
  rating: number | null;
  text: string | null;
  kind: string | null;
  receiver_name: string | null;
  receiver_phone: string | null;
}

/** A customer's orders, reviews and after-sales, oldest first. */
export async function customerTimeline(
  db: Kysely<DB>,
  shopId: number,
  customerId: number,
  limit = 500,
): Promise<TimelineEvent[]> {
  return (
    await sql<TimelineEvent>`
      select * from (
        select coalesce(o.paid_at, o.created_at) as at, 'order' as type, o.id, o.id as order_id,
          o.order_no, o.status, o.paid_fen as amount_fen, null::smallint as rating,
          o.buyer_message as text, null as kind, o.receiver_name, o.receiver_phone
        from orders o where o.shop_id = ${shopId} and o.customer_id = ${customerId}
        union all
        select rv.at, 'review', rv.id, o.id, o.order_no, null, null, rv.rating, rv.text, null, null, null
        from reviews rv join orders o on o.shop_id = rv.shop_id and o.id = rv.order_id
        where rv.shop_id = ${shopId} and o.customer_id = ${customerId}
        union all
        select a.requested_at, 'after_sale', a.id, o.id, o.order_no, a.status, a.amount_fen, null,
          a.reason, a.kind, null, null
        from after_sales a join orders o on o.shop_id = a.shop_id and o.id = a.order_id
        where a.shop_id = ${shopId} and o.customer_id = ${customerId}
      ) t order by at, case type when 'order' then 0 when 'review' then 1 else 2 end, id
      limit ${limit}`.execute(db)
  ).rows;
}
