/**
 * The overview's figures: GMV and orders per day (days in the shop's time zone), KPIs and
 * top SKUs over a period. GMV counts paid orders that were not closed, at their paid amount.
 */
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

export interface Period {
  shopId: number;
  timeZone: string;
  from: Date;
  to: Date;
}

const isPaid = sql<boolean>`o.paid_at is not null and o.status <> 'closed'`;

export async function gmvByDay(db: Kysely<DB>, p: Period) {
  const r = await sql<{ day: string; gmv_fen: number; orders: number; refund_fen: number }>`
    select to_char(o.paid_at at time zone ${p.timeZone}, 'YYYY-MM-DD') as day,
           sum(o.paid_fen)::bigint as gmv_fen,
           count(*)::int as orders,
           sum(o.refund_fen)::bigint as refund_fen
    from orders o
    where o.shop_id = ${p.shopId} and o.paid_at >= ${p.from} and o.paid_at < ${p.to} and ${isPaid}
    group by 1 order by 1`.execute(db);
  return r.rows;
}

export async function periodKpis(db: Kysely<DB>, p: Period) {
  const r = await sql<{
    gmv_fen: number | null;
    orders: number;
    buyers: number;
    refund_fen: number | null;
    refunded_orders: number;
  }>`
    select sum(o.paid_fen)::bigint as gmv_fen, count(*)::int as orders,
           count(distinct o.customer_id)::int as buyers,
           sum(o.refund_fen)::bigint as refund_fen,
           count(*) filter (where o.refund_fen > 0)::int as refunded_orders
    from orders o
    where o.shop_id = ${p.shopId} and o.paid_at >= ${p.from} and o.paid_at < ${p.to} and ${isPaid}`.execute(
    db,
  );
  const row = r.rows[0]!;
  return {
    gmvFen: Number(row.gmv_fen ?? 0),
    orders: row.orders,
    buyers: row.buyers,
    refundFen: Number(row.refund_fen ?? 0),
    refundedOrders: row.refunded_orders,
  };
}

export async function topSkus(db: Kysely<DB>, p: Period, limit = 10) {
  const r = await sql<{
    sku_id: number | null;
    sku_code: string | null;
    title: string;
    units: number;
    gmv_fen: number;
  }>`
    select l.sku_id, min(l.sku_code) as sku_code, min(l.title) as title,
           sum(l.quantity)::bigint as units, sum(l.payable_fen)::bigint as gmv_fen
    from order_lines l
    join orders o on o.shop_id = l.shop_id and o.id = l.order_id
    where o.shop_id = ${p.shopId} and o.paid_at >= ${p.from} and o.paid_at < ${p.to} and ${isPaid}
      and not l.is_gift
    group by l.sku_id, case when l.sku_id is null then l.title end
    order by gmv_fen desc limit ${limit}`.execute(db);
  return r.rows;
}

/** First and last paid time of the shop's orders (to pick a default period). */
export async function paidRange(db: Kysely<DB>, shopId: number) {
  const r = await sql<{ first: Date | null; last: Date | null }>`
    select min(paid_at) as first, max(paid_at) as last from orders where shop_id = ${shopId}`.execute(
    db,
  );
  return r.rows[0] ?? { first: null, last: null };
}
