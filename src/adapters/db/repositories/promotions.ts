/**
 * Promotions, coupon templates, issued coupons and the counters checkout takes. Every
 * counter is taken by a conditional `update … where used + n <= limit returning`, so a
 * lost race shows up as "no row" instead of an over-redemption.
 */
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

/** A stored promotion or coupon template. */
export interface PromotionRow {
  shop_id: number;
  id: number;
  campaign_id: number | null;
  kind: string;
  name: string;
  /** The engine's promotion JSON without `id`, `start`, `end` (kept in columns). */
  definition: Record<string, unknown>;
  starts_at: Date | null;
  ends_at: Date | null;
  published: boolean;
  is_coupon: boolean;
  stock_limit: number | null;
  stock_used: number;
  budget_fen: number | null;
  budget_used_fen: number;
  issue_limit: number | null;
  issued: number;
  redeemed: number;
  per_customer_limit: number | null;
  valid_from: Date | null;
  valid_until: Date | null;
  valid_days: number | null;
  claim_code: string | null;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewPromotion {
  shop_id: number;
  campaign_id: number | null;
  kind: string;
  name: string;
  definition: Record<string, unknown>;
  starts_at: Date | null;
  ends_at: Date | null;
  is_coupon: boolean;
  stock_limit: number | null;
  budget_fen: number | null;
  issue_limit: number | null;
  per_customer_limit: number | null;
  valid_from: Date | null;
  valid_until: Date | null;
  valid_days: number | null;
  claim_code: string | null;
  created_by: number | null;
}

export type PromotionPatch = Partial<Omit<NewPromotion, "shop_id" | "created_by">> & {
  published?: boolean;
};

export interface CouponRow {
  shop_id: number;
  id: number;
  promotion_id: number;
  customer_id: number;
  code: string;
  status: "issued" | "redeemed" | "void";
  source: "list" | "segment" | "claim" | "checkout";
  valid_from: Date | null;
  valid_until: Date | null;
  issued_at: Date;
  redeemed_at: Date | null;
  order_id: number | null;
}

const json = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

export async function insertPromotion(db: Kysely<DB>, p: NewPromotion): Promise<PromotionRow> {
  const r = await sql<PromotionRow>`
insert into promotions (shop_id, campaign_id, kind, name, definition, starts_at, ends_at, is_coupon,
  stock_limit, budget_fen, issue_limit, per_customer_limit, valid_from, valid_until, valid_days,
  claim_code, created_by)
values (${p.shop_id}, ${p.campaign_id}, ${p.kind}, ${p.name}, ${json(p.definition)}, ${p.starts_at},
  ${p.ends_at}, ${p.is_coupon}, ${p.stock_limit}, ${p.budget_fen}, ${p.issue_limit},
  ${p.per_customer_limit}, ${p.valid_from}, ${p.valid_until}, ${p.valid_days}, ${p.claim_code},
  ${p.created_by})
returning *`.execute(db);
  return r.rows[0]!;
}

export async function updatePromotion(
  db: Kysely<DB>,
  shopId: number,
  id: number,
  patch: PromotionPatch,
): Promise<PromotionRow | undefined> {
  const sets = Object.entries(patch)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) =>
      k === "definition" ? sql`${sql.ref(k)} = ${json(v)}` : sql`${sql.ref(k)} = ${v}`,
    );
  sets.push(sql`updated_at = now()`);
  const r = await sql<PromotionRow>`
update promotions set ${sql.join(sets)} where shop_id = ${shopId} and id = ${id} returning *`.execute(
    db,
  );
  return r.rows[0];
}

export async function deletePromotion(db: Kysely<DB>, shopId: number, id: number): Promise<void> {
  await sql`delete from promotions where shop_id = ${shopId} and id = ${id}`.execute(db);
}

export async function findPromotion(
  db: Kysely<DB>,
  shopId: number,
  id: number,
): Promise<PromotionRow | undefined> {
  const r = await sql<PromotionRow>`
select * from promotions where shop_id = ${shopId} and id = ${id}`.execute(db);
  return r.rows[0];
}

export async function listPromotions(
  db: Kysely<DB>,
  shopId: number,
  filter: { campaignId?: number | undefined; ids?: number[] | undefined } = {},
): Promise<PromotionRow[]> {
  const r = await sql<PromotionRow>`
select * from promotions where shop_id = ${shopId}
  ${filter.campaignId !== undefined ? sql`and campaign_id = ${filter.campaignId}` : sql``}
  ${filter.ids !== undefined ? sql`and id = any(${filter.ids}::bigint[])` : sql``}
order by id`.execute(db);
  return r.rows;
}

/** Published automatic promotions (not coupons) not yet ended at `now`. */
export async function listPublishedAutomatic(
  db: Kysely<DB>,
  shopId: number,
  now: Date,
): Promise<PromotionRow[]> {
  const r = await sql<PromotionRow>`
select * from promotions where shop_id = ${shopId} and published and not is_coupon
  and (ends_at is null or ends_at > ${now}) order by id`.execute(db);
  return r.rows;
}

/** Published promotions and coupon templates whose windows overlap `[from, to)`. */
export async function listPublishedOverlapping(
  db: Kysely<DB>,
  shopId: number,
  from: Date | null,
  to: Date | null,
): Promise<PromotionRow[]> {
  const r = await sql<PromotionRow>`
select * from promotions where shop_id = ${shopId} and published
  and (${to}::timestamptz is null or starts_at is null or starts_at < ${to})
  and (${from}::timestamptz is null or ends_at is null or ends_at > ${from})
order by id`.execute(db);
  return r.rows;
}

/** Coupon templates by claim code. */
export async function findTemplatesByClaimCode(
  db: Kysely<DB>,
  shopId: number,
  codes: string[],
): Promise<PromotionRow[]> {
  if (codes.length === 0) return [];
  const r = await sql<PromotionRow>`
select * from promotions where shop_id = ${shopId} and is_coupon
  and claim_code = any(${codes}::text[])`.execute(db);
  return r.rows;
}

export async function findCouponsByCode(
  db: Kysely<DB>,
  shopId: number,
  codes: string[],
): Promise<CouponRow[]> {
  if (codes.length === 0) return [];
  const r = await sql<CouponRow>`
select * from coupons where shop_id = ${shopId} and code = any(${codes}::text[])`.execute(db);
  return r.rows;
}

export async function listCoupons(
  db: Kysely<DB>,
  shopId: number,
  filter: { promotionId?: number; customerId?: number },
  limit: number,
  offset: number,
): Promise<{ rows: CouponRow[]; total: number }> {
  const where = sql`shop_id = ${shopId}
  ${filter.promotionId !== undefined ? sql`and promotion_id = ${filter.promotionId}` : sql``}
  ${filter.customerId !== undefined ? sql`and customer_id = ${filter.customerId}` : sql``}`;
  const rows = await sql<CouponRow>`
select * from coupons where ${where} order by id limit ${limit} offset ${offset}`.execute(db);
  const total = await sql<{ n: number }>`
select count(*)::int as n from coupons where ${where}`.execute(db);
  return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
}

/** A template's coupons by how they were handed out, and how many were redeemed or voided. */
export interface CouponCounts {
  /** Handed out to listed customers or a segment's members. */
  issued: number;
  /** Claimed with the claim code (on its own or at checkout). */
  claimed: number;
  redeemed: number;
  voided: number;
}

export async function couponCounts(
  db: Kysely<DB>,
  shopId: number,
  promotionId: number,
): Promise<CouponCounts> {
  const r = await sql<CouponCounts>`
select
  count(*) filter (where source in ('list', 'segment'))::int as issued,
  count(*) filter (where source in ('claim', 'checkout'))::int as claimed,
  count(*) filter (where status = 'redeemed')::int as redeemed,
  count(*) filter (where status = 'void')::int as voided
from coupons where shop_id = ${shopId} and promotion_id = ${promotionId}`.execute(db);
  return r.rows[0] ?? { issued: 0, claimed: 0, redeemed: 0, voided: 0 };
}

/** Units each promotion has counted for one customer. */
export async function usageOf(
  db: Kysely<DB>,
  shopId: number,
  customerId: number,
  promotionIds: number[],
): Promise<Map<number, { used_qty: number; claimed: number }>> {
  const out = new Map<number, { used_qty: number; claimed: number }>();
  if (promotionIds.length === 0) return out;
  const r = await sql<{ promotion_id: number; used_qty: number; claimed: number }>`
select promotion_id, used_qty, claimed from promotion_usage
where shop_id = ${shopId} and customer_id = ${customerId}
  and promotion_id = any(${promotionIds}::bigint[])`.execute(db);
  for (const u of r.rows) out.set(u.promotion_id, { used_qty: u.used_qty, claimed: u.claimed });
  return out;
}

/** What one checkout takes from one promotion's counters. */
export interface PromotionTake {
  promotionId: number;
  stock: number;
  budgetFen: number;
  issue: number;
  redeem: number;
}

/** Which counter refused a take. */
export type TakeFailure = "stock" | "budget" | "issue";

/**
 * Takes promo stock, budget and issue count from one promotion in one conditional update;
 * returns the counter that would overflow, or null when taken.
 */
export async function takeFromPromotion(
  db: Kysely<DB>,
  shopId: number,
  t: PromotionTake,
): Promise<TakeFailure | null> {
  const r = await sql<{ id: number }>`
update promotions set stock_used = stock_used + ${t.stock},
  budget_used_fen = budget_used_fen + ${t.budgetFen},
  issued = issued + ${t.issue}, redeemed = redeemed + ${t.redeem}
where shop_id = ${shopId} and id = ${t.promotionId}
  and (stock_limit is null or stock_used + ${t.stock} <= stock_limit)
  and (budget_fen is null or budget_used_fen + ${t.budgetFen} <= budget_fen)
  and (issue_limit is null or issued + ${t.issue} <= issue_limit)
returning id`.execute(db);
  if (r.rows.length > 0) return null;
  const now = await sql<PromotionRow>`
select * from promotions where shop_id = ${shopId} and id = ${t.promotionId}`.execute(db);
  const p = now.rows[0];
  if (!p) return "stock";
  if (p.stock_limit !== null && p.stock_used + t.stock > p.stock_limit) return "stock";
  if (p.budget_fen !== null && p.budget_used_fen + t.budgetFen > p.budget_fen) return "budget";
  return "issue";
}

/**
 * Adds to one customer's usage of a promotion (units bought at its price, coupons claimed)
 * if it stays within the limits; false when a limit would be passed.
 */
export async function takeCustomerUsage(
  db: Kysely<DB>,
  shopId: number,
  u: {
    promotionId: number;
    customerId: number;
    qty: number;
    qtyLimit: number | null;
    claim: number;
    claimLimit: number | null;
  },
): Promise<boolean> {
  if (
    (u.qtyLimit !== null && u.qty > u.qtyLimit) ||
    (u.claimLimit !== null && u.claim > u.claimLimit)
  )
    return false;
  const r = await sql<{ one: number }>`
insert into promotion_usage (shop_id, promotion_id, customer_id, used_qty, claimed)
values (${shopId}, ${u.promotionId}, ${u.customerId}, ${u.qty}, ${u.claim})
on conflict (shop_id, promotion_id, customer_id) do update
  set used_qty = promotion_usage.used_qty + excluded.used_qty,
      claimed = promotion_usage.claimed + excluded.claimed
  where (${u.qtyLimit}::int is null or promotion_usage.used_qty + excluded.used_qty <= ${u.qtyLimit}::int)
    and (${u.claimLimit}::int is null or promotion_usage.claimed + excluded.claimed <= ${u.claimLimit}::int)
returning 1 as one`.execute(db);
  return r.rows.length > 0;
}

/** Gives back units of a promotion's stock and a customer's usage (refunded units). */
export async function releaseUnits(
  db: Kysely<DB>,
  shopId: number,
  promotionId: number,
  customerId: number | null,
  units: number,
): Promise<void> {
  if (units <= 0) return;
  await sql`
update promotions set stock_used = greatest(0, stock_used - ${units})
where shop_id = ${shopId} and id = ${promotionId} and stock_limit is not null`.execute(db);
  if (customerId !== null)
    await sql`
update promotion_usage set used_qty = greatest(0, used_qty - ${units})
where shop_id = ${shopId} and promotion_id = ${promotionId} and customer_id = ${customerId}`.execute(
      db,
    );
}

/** Marks an issued coupon redeemed by an order; false when it was used meanwhile. */
export async function redeemCoupon(
  db: Kysely<DB>,
  shopId: number,
  couponId: number,
  orderId: number,
  now: Date,
): Promise<boolean> {
  const r = await sql<{ id: number }>`
update coupons set status = 'redeemed', redeemed_at = ${now}, order_id = ${orderId}
where shop_id = ${shopId} and id = ${couponId} and status = 'issued' returning id`.execute(db);
  return r.rows.length > 0;
}

export interface NewCoupon {
  promotion_id: number;
  customer_id: number;
  code: string;
  status: "issued" | "redeemed";
  source: CouponRow["source"];
  valid_from: Date | null;
  valid_until: Date | null;
  issued_at: Date;
  redeemed_at: Date | null;
  order_id: number | null;
}

export async function insertCoupons(
  db: Kysely<DB>,
  shopId: number,
  coupons: NewCoupon[],
): Promise<CouponRow[]> {
  if (coupons.length === 0) return [];
  const col = <K extends keyof NewCoupon>(k: K) => coupons.map((c) => c[k]);
  const r = await sql<CouponRow>`
insert into coupons (shop_id, promotion_id, customer_id, code, status, source, valid_from,
  valid_until, issued_at, redeemed_at, order_id)
select ${shopId}, * from unnest(${col("promotion_id")}::bigint[], ${col("customer_id")}::bigint[],
  ${col("code")}::text[], ${col("status")}::text[], ${col("source")}::text[],
  ${col("valid_from")}::timestamptz[], ${col("valid_until")}::timestamptz[],
  ${col("issued_at")}::timestamptz[], ${col("redeemed_at")}::timestamptz[],
  ${col("order_id")}::bigint[])
returning *`.execute(db);
  return r.rows;
}

/** Locks a promotion row for a bulk issue (issue count and per-customer claims). */
export async function lockPromotion(
  db: Kysely<DB>,
  shopId: number,
  id: number,
): Promise<PromotionRow | undefined> {
  const r = await sql<PromotionRow>`
select * from promotions where shop_id = ${shopId} and id = ${id} for update`.execute(db);
  return r.rows[0];
}

/** Claimed coupon counts of some customers for one template. */
export async function claimedBy(
  db: Kysely<DB>,
  shopId: number,
  promotionId: number,
  customerIds: number[],
): Promise<Map<number, number>> {
  const r = await sql<{ customer_id: number; claimed: number }>`
select customer_id, claimed from promotion_usage where shop_id = ${shopId}
  and promotion_id = ${promotionId} and customer_id = any(${customerIds}::bigint[])`.execute(db);
  return new Map(r.rows.map((x) => [x.customer_id, x.claimed]));
}

/** Adds one claim per listed customer (bulk issue, under the template's row lock). */
export async function addClaims(
  db: Kysely<DB>,
  shopId: number,
  promotionId: number,
  customerIds: number[],
  issued: number,
): Promise<void> {
  if (customerIds.length === 0) return;
  await sql`
insert into promotion_usage (shop_id, promotion_id, customer_id, used_qty, claimed)
select ${shopId}, ${promotionId}, c, 0, 1 from unnest(${customerIds}::bigint[]) as c
on conflict (shop_id, promotion_id, customer_id) do update
  set claimed = promotion_usage.claimed + 1`.execute(db);
  await sql`
update promotions set issued = issued + ${issued} where shop_id = ${shopId} and id = ${promotionId}`.execute(
    db,
  );
}

/** Customer ids of a segment's current members. */
export async function segmentCustomerIds(
  db: Kysely<DB>,
  shopId: number,
  segmentId: number,
): Promise<number[] | undefined> {
  const s = await sql<{ id: number }>`
select id from segments where shop_id = ${shopId} and id = ${segmentId}`.execute(db);
  if (s.rows.length === 0) return undefined;
  const r = await sql<{ customer_id: number }>`
select customer_id from segment_members where shop_id = ${shopId} and segment_id = ${segmentId}
order by customer_id`.execute(db);
  return r.rows.map((x) => x.customer_id);
}

/** Which of the ids are customers of the shop. */
export async function existingCustomerIds(
  db: Kysely<DB>,
  shopId: number,
  ids: number[],
): Promise<Set<number>> {
  const r = await sql<{ id: number }>`
select id from customers where shop_id = ${shopId} and id = any(${ids}::bigint[])`.execute(db);
  return new Set(r.rows.map((x) => x.id));
}
