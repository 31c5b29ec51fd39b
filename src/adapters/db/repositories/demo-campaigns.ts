/** What the demo campaigns read from the loaded shop: sales of a period, per SKU and in total. */
import { type Kysely, sql } from "kysely";
import type { DemoSkuFigures } from "../../../domain/demo/campaigns.ts";
import type { DB } from "../schema.ts";

export interface PeriodSales {
  /** Paid orders (not closed or refunded) paid in `[from, to)`. */
  orders: number;
  gmvFen: number;
  /** List value and discount of those orders. */
  listFen: number;
  discountFen: number;
  /** Every SKU of the shop with its units and payable in the period (0 when none), by code. */
  skus: DemoSkuFigures[];
}

/** Sales of the paid orders paid in `[from, to)`. */
export async function periodSales(
  db: Kysely<DB>,
  shopId: number,
  from: Date,
  to: Date,
): Promise<PeriodSales> {
  const totals = await sql<{
    orders: number;
    gmv_fen: string | number;
    list_fen: string | number;
    discount_fen: string | number;
  }>`
    select count(*)::int as orders, coalesce(sum(paid_fen), 0)::bigint as gmv_fen,
      coalesce(sum(list_fen), 0)::bigint as list_fen,
      coalesce(sum(discount_fen), 0)::bigint as discount_fen
    from orders
    where shop_id = ${shopId} and paid_at >= ${from} and paid_at < ${to}
      and status not in ('closed', 'refunded')`.execute(db);
  const skus = await sql<{
    code: string;
    title: string;
    price_fen: number;
    cost_fen: number;
    floor_price_fen: number | null;
    is_hero: boolean;
    units: number;
    gmv_fen: string | number;
  }>`
    with sold as (
      select l.sku_id, sum(l.quantity)::int as units, sum(l.payable_fen)::bigint as gmv_fen
      from order_lines l
      join orders o on o.shop_id = l.shop_id and o.id = l.order_id
      where o.shop_id = ${shopId} and o.paid_at >= ${from} and o.paid_at < ${to}
        and o.status not in ('closed', 'refunded')
      group by l.sku_id)
    select s.code, p.title, s.price_fen, s.cost_fen, s.floor_price_fen, s.is_hero,
      coalesce(sold.units, 0) as units, coalesce(sold.gmv_fen, 0) as gmv_fen
    from skus s
    join products p on p.shop_id = s.shop_id and p.id = s.product_id
    left join sold on sold.sku_id = s.id
    where s.shop_id = ${shopId}
    order by s.code`.execute(db);
  const t = totals.rows[0];
  return {
    orders: Number(t?.orders ?? 0),
    gmvFen: Number(t?.gmv_fen ?? 0),
    listFen: Number(t?.list_fen ?? 0),
    discountFen: Number(t?.discount_fen ?? 0),
    skus: skus.rows.map((r) => ({
      code: r.code,
      title: r.title,
      priceFen: Number(r.price_fen),
      costFen: Number(r.cost_fen),
      floorFen: r.floor_price_fen === null ? null : Number(r.floor_price_fen),
      isHero: r.is_hero,
      units: Number(r.units),
      gmvFen: Number(r.gmv_fen),
    })),
  };
}

/** The shop's first owner (lowest id), or undefined. */
export async function firstOwner(db: Kysely<DB>) {
  return db
    .selectFrom("users")
    .select(["id", "username", "display_name", "role", "locale"])
    .where("role", "=", "owner")
    .where("disabled", "=", false)
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Marks a coupon template's issued coupons redeemed by their holders' first paid order in
 * `[from, to)` whose lines carry the discount share `shareKey` (the demo's orders record the
 * coupon that way), and adds them to the template's redeemed count. Returns how many.
 */
export async function redeemFromOrders(
  db: Kysely<DB>,
  shopId: number,
  promotionId: number,
  shareKey: string,
  from: Date,
  to: Date,
): Promise<number> {
  const r = await sql<{ n: number }>`
    with used as (
      select distinct on (o.customer_id) o.customer_id, o.id as order_id, o.paid_at
      from orders o
      where o.shop_id = ${shopId} and o.paid_at >= ${from} and o.paid_at < ${to}
        and o.customer_id is not null
        and exists (select 1 from order_lines l
          where l.shop_id = o.shop_id and l.order_id = o.id and l.shares ? ${shareKey})
      order by o.customer_id, o.paid_at, o.id),
    upd as (
      update coupons c set status = 'redeemed', redeemed_at = used.paid_at, order_id = used.order_id
      from used
      where c.shop_id = ${shopId} and c.promotion_id = ${promotionId}
        and c.customer_id = used.customer_id and c.status = 'issued'
        and (c.valid_from is null or c.valid_from <= used.paid_at)
        and (c.valid_until is null or used.paid_at < c.valid_until)
      returning 1),
    counted as (
      update promotions set redeemed = redeemed + (select count(*) from upd)
      where shop_id = ${shopId} and id = ${promotionId}
      returning 1)
    select (select count(*) from upd)::int as n, (select count(*) from counted)::int as touched`.execute(
    db,
  );
  return Number(r.rows[0]?.n ?? 0);
}
