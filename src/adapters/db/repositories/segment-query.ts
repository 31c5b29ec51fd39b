/**
 * Compiles a segment definition (validated by `domain/segments/definition.ts`) into one
 * set-based SQL predicate over `customers c`. Every value travels as a bound parameter —
 * nothing from a definition is ever spliced into the SQL text.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import {
  type Condition,
  daysAgoStart,
  type Instants,
  type Layer,
  type Period,
  resolvePeriod,
  type SegmentNode,
} from "../../../domain/segments/definition.ts";
import type { SegmentSettings } from "../../../domain/segments/settings.ts";
import type { DB } from "../schema.ts";

export interface CompileContext {
  shopId: number;
  timeZone: string;
  now: Date;
  settings: SegmentSettings;
}

type Sql = RawBuilder<unknown>;

/** Orders that count as paid (the same rule as the customer statistics). */
const paidOrder = sql`o.paid_at is not null and o.status not in ('refunded','closed')`;

function inPeriod(column: Sql, p: Instants): Sql {
  return sql`${column} >= ${p.from}::timestamptz and ${column} < ${p.to}::timestamptz`;
}

function range(column: Sql, min: number | undefined, max: number | undefined): Sql {
  const parts: Sql[] = [];
  if (min !== undefined) parts.push(sql`${column} >= ${min}`);
  if (max !== undefined) parts.push(sql`${column} <= ${max}`);
  return sql.join(parts, sql` and `);
}

/** Paid-order count or amount within a period: `in` a grouped set, or `not in` when 0 may match. */
function periodAggregate(
  ctx: CompileContext,
  agg: Sql,
  min: number | undefined,
  max: number | undefined,
  p: Instants,
): Sql {
  const base = sql`select o.customer_id from orders o
    where o.shop_id = ${ctx.shopId} and o.customer_id is not null and ${paidOrder}
      and ${inPeriod(sql`o.paid_at`, p)}
    group by o.customer_id`;
  if (min !== undefined && min > 0) {
    return sql`c.id in (${base} having ${range(agg, min, max)})`;
  }
  // A customer without orders in the period has 0: exclude only those above max.
  if (max === undefined) return sql`true`;
  return sql`c.id not in (${base} having ${agg} > ${max})`;
}

/** Customers with an order paid in the period (any later status) matching `extra`. */
function ordersPaidIn(ctx: CompileContext, p: Instants, join: Sql, extra: Sql): Sql {
  return sql`c.id in (select o.customer_id from orders o ${join}
    where o.shop_id = ${ctx.shopId} and o.customer_id is not null and o.paid_at is not null
      and ${inPeriod(sql`o.paid_at`, p)} and ${extra})`;
}

function layerSql(ctx: CompileContext, layer: Layer, p: Instants): Sql {
  const s = ctx.settings.layers;
  const reviews = sql`join reviews rv on rv.shop_id = o.shop_id and rv.order_id = o.id`;
  const afterSales = sql`join after_sales a on a.shop_id = o.shop_id and a.order_id = o.id`;
  const reasonIn = (list: readonly string[]) =>
    sql`a.kind = any(${[...s.afterSaleKinds]}::text[]) and exists (
      select 1 from unnest(${list.map((x) => x.toLowerCase())}::text[]) as pat(p)
      where strpos(lower(a.reason), pat.p) > 0)`;
  switch (layer) {
    case "positive_review":
      return ordersPaidIn(ctx, p, reviews, sql`rv.rating >= ${s.positiveMinRating}`);
    case "negative_review":
      return ordersPaidIn(ctx, p, reviews, sql`rv.rating <= ${s.negativeMaxRating}`);
    case "stock_out":
      return ordersPaidIn(ctx, p, afterSales, reasonIn(s.stockOutReasons));
    case "late_shipment":
      return ordersPaidIn(ctx, p, afterSales, reasonIn(s.lateShipmentReasons));
    case "big_order":
      return ordersPaidIn(
        ctx,
        p,
        sql``,
        sql`(o.paid_fen >= ${s.bigOrderMinFen} or (
          select coalesce(sum(l.quantity), 0) from order_lines l
          where l.shop_id = o.shop_id and l.order_id = o.id) >= ${s.bigOrderMinQuantity})`,
      );
  }
}

function conditionSql(ctx: CompileContext, n: Condition): Sql {
  const period = (p: Period) => resolvePeriod(p, ctx.timeZone, ctx.now);
  switch (n.kind) {
    case "paidOrders":
      return n.period
        ? periodAggregate(ctx, sql`count(*)`, n.min, n.max, period(n.period))
        : range(sql`c.paid_orders`, n.min, n.max);
    case "paidAmount":
      return n.period
        ? periodAggregate(ctx, sql`sum(o.paid_fen)`, n.minFen, n.maxFen, period(n.period))
        : range(sql`c.paid_fen`, n.minFen, n.maxFen);
    case "firstPaid":
      return inPeriod(sql`c.first_paid_at`, period(n.period));
    case "lastPaid":
      return inPeriod(sql`c.last_paid_at`, period(n.period));
    case "notBoughtFor":
      // Last paid local day is at least `days` days before today.
      return sql`c.last_paid_at < ${daysAgoStart(n.days - 1, ctx.timeZone, ctx.now)}::timestamptz`;
    case "bought": {
      const any: Sql[] = [];
      if (n.skuCodes) any.push(sql`l.sku_code = any(${n.skuCodes}::text[])`);
      if (n.productCodes) any.push(sql`p.code = any(${n.productCodes}::text[])`);
      if (n.categories) any.push(sql`p.category = any(${n.categories}::text[])`);
      const inP = n.period ? sql`and ${inPeriod(sql`o.paid_at`, period(n.period))}` : sql``;
      return sql`c.id in (select o.customer_id from orders o
        join order_lines l on l.shop_id = o.shop_id and l.order_id = o.id
        left join skus k on k.shop_id = l.shop_id and k.id = l.sku_id
        left join products p on p.shop_id = k.shop_id and p.id = k.product_id
        where o.shop_id = ${ctx.shopId} and o.customer_id is not null and ${paidOrder} ${inP}
          and (${sql.join(any, sql` or `)}))`;
    }
    case "region": {
      const any: Sql[] = [];
      if (n.provinces) any.push(sql`c.province = any(${n.provinces}::text[])`);
      if (n.cities) any.push(sql`c.city = any(${n.cities}::text[])`);
      return sql`(${sql.join(any, sql` or `)})`;
    }
    case "tags":
      if (n.match === "any") return sql`c.tags && ${n.tags}::text[]`;
      if (n.match === "all") return sql`c.tags @> ${n.tags}::text[]`;
      return sql`not (c.tags && ${n.tags}::text[])`;
    case "member":
      return sql`c.is_member = ${n.value}`;
    case "consent": {
      // Uncorrelated sets: PostgreSQL hashes them once instead of probing per customer.
      const granted = sql`c.id in (select cc.customer_id from customer_consents cc
        where cc.shop_id = ${ctx.shopId} and cc.channel = ${n.channel} and cc.granted)`;
      return n.granted ? granted : sql`not ${granted}`;
    }
    case "rfmGroup":
      return sql`c.id in (select s.customer_id from customer_scores s
        where s.shop_id = ${ctx.shopId} and s.rfm_group = any(${[...n.groups]}::text[]))`;
    case "playbook": {
      const s = ctx.settings;
      const activeFrom = daysAgoStart(s.activeDays, ctx.timeZone, ctx.now);
      const parts = n.segments.map((seg) => {
        if (seg === "loyal") return sql`c.paid_orders >= ${s.loyalMinOrders}`;
        if (seg === "active")
          return sql`(c.paid_orders < ${s.loyalMinOrders} and c.last_paid_at >= ${activeFrom}::timestamptz)`;
        return sql`(c.paid_orders < ${s.loyalMinOrders} and (c.last_paid_at is null or c.last_paid_at < ${activeFrom}::timestamptz))`;
      });
      return sql`(${sql.join(parts, sql` or `)})`;
    }
    case "customerType": {
      const p = period(n.period);
      if (n.type === "new") return inPeriod(sql`c.first_paid_at`, p);
      return sql`(c.first_paid_at < ${p.from}::timestamptz and c.id in (
        select o.customer_id from orders o
        where o.shop_id = ${ctx.shopId} and o.customer_id is not null and ${paidOrder}
          and ${inPeriod(sql`o.paid_at`, p)}))`;
    }
    case "layer":
      return layerSql(ctx, n.layer, period(n.period));
  }
}

/**
 * The SQL predicate (over `customers c`) of a definition node. A condition may be NULL for a
 * customer (no paid order yet), which WHERE treats as false; under NOT it counts as false
 * first, so NOT means "everyone the condition does not select".
 */
export function compileSegment(ctx: CompileContext, node: SegmentNode): Sql {
  switch (node.kind) {
    case "and":
      if (node.conditions.length === 0) return sql`true`;
      return sql`(${sql.join(
        node.conditions.map((c) => compileSegment(ctx, c)),
        sql` and `,
      )})`;
    case "or":
      return sql`(${sql.join(
        node.conditions.map((c) => compileSegment(ctx, c)),
        sql` or `,
      )})`;
    case "not":
      return sql`(not coalesce(${compileSegment(ctx, node.condition)}, false))`;
    default:
      return sql`(${conditionSql(ctx, node)})`;
  }
}

/** The ids query of a definition: `select c.id from customers c where …`. */
export function segmentIdsQuery(ctx: CompileContext, node: SegmentNode): Sql {
  return sql`select c.id from customers c where c.shop_id = ${ctx.shopId} and ${compileSegment(ctx, node)}`;
}

export interface SegmentSampleRow {
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
  last_paid_at: Date | null;
}

/** How many customers a definition matches, and the first `sampleSize` of them by id. */
export async function countSegment(
  db: Kysely<DB>,
  ctx: CompileContext,
  node: SegmentNode,
  sampleSize = 20,
): Promise<{ count: number; sample: SegmentSampleRow[] }> {
  const where = compileSegment(ctx, node);
  const count = await sql<{ n: number }>`
    select count(*)::int as n from customers c where c.shop_id = ${ctx.shopId} and ${where}`.execute(
    db,
  );
  const sample = await sql<SegmentSampleRow>`
    select c.id, c.external_id, c.name, c.phone, c.email, c.province, c.city, c.tags,
      c.is_member, c.paid_orders, c.paid_fen, c.last_paid_at
    from customers c where c.shop_id = ${ctx.shopId} and ${where}
    order by c.id limit ${sampleSize}`.execute(db);
  return { count: count.rows[0]?.n ?? 0, sample: sample.rows };
}

/** Adds `tag` to every customer a definition matches (once); returns how many got it. */
export async function tagSegment(
  db: Kysely<DB>,
  ctx: CompileContext,
  node: SegmentNode,
  tag: string,
): Promise<number> {
  const r = await sql`
    update customers c set tags = array_append(c.tags, ${tag}::text)
    where c.shop_id = ${ctx.shopId} and not (${tag}::text = any(c.tags))
      and ${compileSegment(ctx, node)}`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
