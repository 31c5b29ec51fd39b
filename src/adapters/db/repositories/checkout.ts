/**
 * What quoting, checkout, refunds and replay read and write besides promotions: SKUs with
 * price, cost and floor; customer flags; orders with their frozen per-line split; refunds.
 */
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

export interface PricedSku {
  id: number;
  code: string;
  title: string;
  category: string;
  price_fen: number;
  cost_fen: number;
  floor_price_fen: number | null;
}

export async function skusByCode(
  db: Kysely<DB>,
  shopId: number,
  codes: string[],
): Promise<Map<string, PricedSku>> {
  const r = await sql<PricedSku>`
select s.id, s.code, p.title || case when s.spec = '' then '' else ' ' || s.spec end as title,
  p.category, s.price_fen, s.cost_fen, s.floor_price_fen
from skus s join products p on p.shop_id = s.shop_id and p.id = s.product_id
where s.shop_id = ${shopId} and s.code = any(${codes}::text[])`.execute(db);
  return new Map(r.rows.map((s) => [s.code, s]));
}

/** Every SKU of the shop (worst-case guard). */
export async function allSkus(db: Kysely<DB>, shopId: number): Promise<PricedSku[]> {
  const r = await sql<PricedSku>`
select s.id, s.code, p.title, p.category, s.price_fen, s.cost_fen, s.floor_price_fen
from skus s join products p on p.shop_id = s.shop_id and p.id = s.product_id
where s.shop_id = ${shopId} order by s.code`.execute(db);
  return r.rows;
}

export interface CustomerFlags {
  id: number;
  is_member: boolean;
  tags: string[];
  paid_orders: number;
}

export async function customerFlags(
  db: Kysely<DB>,
  shopId: number,
  id: number,
): Promise<CustomerFlags | undefined> {
  const r = await sql<CustomerFlags>`
select id, is_member, tags, paid_orders from customers where shop_id = ${shopId} and id = ${id}`.execute(
    db,
  );
  return r.rows[0];
}

export interface NewOrderLine {
  line_no: number;
  sku_id: number | null;
  sku_code: string;
  title: string;
  unit_price_fen: number;
  quantity: number;
  list_fen: number;
  discount_fen: number;
  payable_fen: number;
  shares: unknown;
  platform_fen: number;
  gift_cost_fen: number;
  merchant_net_fen: number;
  is_gift: boolean;
}

export interface NewOrder {
  order_no: string;
  customer_id: number | null;
  list_fen: number;
  discount_fen: number;
  shipping_fen: number;
  payable_fen: number;
  paid_fen: number;
  at: Date;
  lines: NewOrderLine[];
}

export interface OrderPromotionRow {
  engine_id: string;
  promotion_id: number | null;
  coupon_id: number | null;
  kind: string;
  discount_fen: number;
  platform_fen: number;
  units: number;
  tier_index: number;
  gifts: unknown;
  rule: unknown;
}

/** Inserts a paid order, its lines and what each promotion took; returns the order id. */
export async function insertOrder(
  db: Kysely<DB>,
  shopId: number,
  o: NewOrder,
  promos: OrderPromotionRow[],
): Promise<number> {
  const r = await sql<{ id: number }>`
insert into orders (shop_id, order_no, customer_id, status, source, list_fen, discount_fen,
  shipping_fen, payable_fen, paid_fen, created_at, paid_at)
values (${shopId}, ${o.order_no}, ${o.customer_id}, 'paid', 'checkout', ${o.list_fen},
  ${o.discount_fen}, ${o.shipping_fen}, ${o.payable_fen}, ${o.paid_fen}, ${o.at}, ${o.at})
returning id`.execute(db);
  const orderId = r.rows[0]!.id;
  const L = o.lines;
  const col = <K extends keyof NewOrderLine>(k: K) => L.map((l) => l[k]);
  await sql`
insert into order_lines (shop_id, order_id, line_no, sku_id, sku_code, title, unit_price_fen,
  quantity, list_fen, discount_fen, payable_fen, shares, platform_fen, gift_cost_fen,
  merchant_net_fen, is_gift)
select ${shopId}, ${orderId}, * from unnest(${col("line_no")}::int[], ${col("sku_id")}::bigint[],
  ${col("sku_code")}::text[], ${col("title")}::text[], ${col("unit_price_fen")}::bigint[],
  ${col("quantity")}::int[], ${col("list_fen")}::bigint[], ${col("discount_fen")}::bigint[],
  ${col("payable_fen")}::bigint[], ${L.map((l) => JSON.stringify(l.shares))}::jsonb[],
  ${col("platform_fen")}::bigint[], ${col("gift_cost_fen")}::bigint[],
  ${col("merchant_net_fen")}::bigint[], ${col("is_gift")}::boolean[])`.execute(db);
  if (promos.length > 0) {
    const pc = <K extends keyof OrderPromotionRow>(k: K) => promos.map((p) => p[k]);
    await sql`
insert into order_promotions (shop_id, order_id, engine_id, promotion_id, coupon_id, kind,
  discount_fen, platform_fen, units, tier_index, gifts, rule)
select ${shopId}, ${orderId}, * from unnest(${pc("engine_id")}::text[], ${pc("promotion_id")}::bigint[],
  ${pc("coupon_id")}::bigint[], ${pc("kind")}::text[], ${pc("discount_fen")}::bigint[],
  ${pc("platform_fen")}::bigint[], ${pc("units")}::int[], ${pc("tier_index")}::int[],
  ${promos.map((p) => JSON.stringify(p.gifts))}::jsonb[],
  ${promos.map((p) => JSON.stringify(p.rule))}::jsonb[])`.execute(db);
  }
  return orderId;
}

/** Keeps the customer's order statistics current as a paid order is written. */
export async function countPaidOrder(
  db: Kysely<DB>,
  shopId: number,
  customerId: number,
  paidFen: number,
  at: Date,
): Promise<void> {
  await sql`
update customers set paid_orders = paid_orders + 1, paid_fen = paid_fen + ${paidFen},
  first_paid_at = coalesce(least(first_paid_at, ${at}), ${at}),
  last_paid_at = coalesce(greatest(last_paid_at, ${at}), ${at})
where shop_id = ${shopId} and id = ${customerId}`.execute(db);
}

export interface StoredOrder {
  id: number;
  order_no: string;
  customer_id: number | null;
  status: string;
  list_fen: number;
  discount_fen: number;
  shipping_fen: number;
  payable_fen: number;
  paid_fen: number;
  refund_fen: number;
  created_at: Date;
}

export interface StoredLine {
  id: number;
  line_no: number;
  sku_code: string | null;
  title: string;
  unit_price_fen: number;
  quantity: number;
  list_fen: number;
  discount_fen: number;
  payable_fen: number;
  shares: unknown;
  platform_fen: number;
  gift_cost_fen: number;
  merchant_net_fen: number | null;
  is_gift: boolean;
  refunded_qty: number;
  refund_fen: number;
}

/** An order with its lines and applied promotions; `lock` takes the order row for update. */
export async function loadOrder(
  db: Kysely<DB>,
  shopId: number,
  orderId: number,
  lock = false,
): Promise<
  { order: StoredOrder; lines: StoredLine[]; promotions: OrderPromotionRow[] } | undefined
> {
  const o = await sql<StoredOrder>`
select id, order_no, customer_id, status, list_fen, discount_fen, shipping_fen, payable_fen,
  paid_fen, refund_fen, created_at
from orders where shop_id = ${shopId} and id = ${orderId} ${lock ? sql`for update` : sql``}`.execute(
    db,
  );
  const order = o.rows[0];
  if (!order) return undefined;
  const lines = await sql<StoredLine>`
select id, line_no, sku_code, title, unit_price_fen, quantity, list_fen, discount_fen, payable_fen,
  shares, platform_fen, gift_cost_fen, merchant_net_fen, is_gift, refunded_qty, refund_fen
from order_lines where shop_id = ${shopId} and order_id = ${orderId} order by line_no`.execute(db);
  const promos = await sql<OrderPromotionRow>`
select engine_id, promotion_id, coupon_id, kind, discount_fen, platform_fen, units, tier_index,
  gifts, rule
from order_promotions where shop_id = ${shopId} and order_id = ${orderId}
order by engine_id`.execute(db);
  return { order, lines: lines.rows, promotions: promos.rows };
}

export interface StoredRefund {
  id: number;
  policy: "keep" | "clawback";
  lines: { line: number; qty: number }[];
  result: unknown;
  refund_fen: number;
  reason: string;
  created_at: Date;
}

export async function listRefunds(
  db: Kysely<DB>,
  shopId: number,
  orderId: number,
): Promise<StoredRefund[]> {
  const r = await sql<StoredRefund>`
select id, policy, lines, result, refund_fen, reason, created_at from order_refunds
where shop_id = ${shopId} and order_id = ${orderId} order by id`.execute(db);
  return r.rows;
}

/**
 * Records a refund: the refund row, one after-sales row per line, the lines' refunded units
 * and amounts, and the order's refund total and status.
 */
export async function recordRefund(
  db: Kysely<DB>,
  shopId: number,
  r: {
    orderId: number;
    policy: "keep" | "clawback";
    lines: { line: number; qty: number }[];
    result: unknown;
    refundFen: number;
    reason: string;
    userId: number | null;
    at: Date;
    perLine: { lineId: number; qty: number; refundFen: number }[];
    customerId: number | null;
  },
): Promise<number> {
  const ins = await sql<{ id: number }>`
insert into order_refunds (shop_id, order_id, policy, lines, result, refund_fen, reason, created_by,
  created_at)
values (${shopId}, ${r.orderId}, ${r.policy}, ${JSON.stringify(r.lines)}::jsonb,
  ${JSON.stringify(r.result)}::jsonb, ${r.refundFen}, ${r.reason}, ${r.userId}, ${r.at})
returning id`.execute(db);
  for (const l of r.perLine) {
    await sql`
insert into after_sales (shop_id, order_id, order_line_id, kind, reason, status, quantity, amount_fen,
  requested_at, resolved_at)
values (${shopId}, ${r.orderId}, ${l.lineId}, 'refund_only', ${r.reason}, 'completed', ${l.qty},
  ${l.refundFen}, ${r.at}, ${r.at})`.execute(db);
    await sql`
update order_lines set refunded_qty = refunded_qty + ${l.qty}, refund_fen = refund_fen + ${l.refundFen}
where shop_id = ${shopId} and id = ${l.lineId}`.execute(db);
  }
  await sql`
update orders set refund_fen = refund_fen + ${r.refundFen},
  status = case when (select coalesce(bool_and(refunded_qty >= quantity), false) from order_lines
                      where shop_id = ${shopId} and order_id = ${r.orderId} and not is_gift)
           then 'refunded' else status end
where shop_id = ${shopId} and id = ${r.orderId}`.execute(db);
  if (r.customerId !== null)
    await sql`
update customers set refund_fen = refund_fen + ${r.refundFen}
where shop_id = ${shopId} and id = ${r.customerId}`.execute(db);
  return ins.rows[0]!.id;
}

export interface ReplayOrderLine {
  order_id: number;
  customer_id: number | null;
  paid_at: Date;
  line_no: number;
  sku_code: string;
  quantity: number;
  unit_price_fen: number;
  category: string | null;
  cost_fen: number | null;
  is_member: boolean | null;
  tags: string[] | null;
  first_paid_at: Date | null;
}

/**
 * One page of paid orders in `[from, to)` with their non-gift lines, customer flags as they
 * are now and SKU costs, ordered by order id after `afterId`.
 */
export async function replayPage(
  db: Kysely<DB>,
  shopId: number,
  from: Date,
  to: Date,
  afterId: number,
  pageSize: number,
): Promise<ReplayOrderLine[]> {
  const r = await sql<ReplayOrderLine>`
with page as (
  select id, customer_id, paid_at from orders
  where shop_id = ${shopId} and paid_at >= ${from} and paid_at < ${to} and id > ${afterId}
  order by id limit ${pageSize}
)
select page.id as order_id, page.customer_id, page.paid_at, l.line_no, l.sku_code, l.quantity,
  l.unit_price_fen, p.category, s.cost_fen, c.is_member, c.tags, c.first_paid_at
from page
join order_lines l on l.shop_id = ${shopId} and l.order_id = page.id and not l.is_gift
  and l.sku_code is not null
left join skus s on s.shop_id = ${shopId} and s.code = l.sku_code
left join products p on p.shop_id = ${shopId} and p.id = s.product_id
left join customers c on c.shop_id = ${shopId} and c.id = page.customer_id
order by page.id, l.line_no`.execute(db);
  return r.rows;
}
