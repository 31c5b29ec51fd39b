/**
 * Bulk SQL for the demo shop: set-based inserts through `unnest` of column arrays, a few
 * thousand rows per statement. Ids are reserved from the tables' identity sequences first
 * (`nextval` over `generate_series`) and written with `overriding system value`, so child
 * rows know their parents' ids without a round trip per row, and the sequences stay right
 * for everything inserted later. Runs on the caller's connection or transaction only.
 */
import { type Kysely, sql } from "kysely";
import type { DemoBatch, DemoProduct, DemoShopInfo, DemoSku } from "../../../domain/demo/index.ts";
import type { DB } from "../schema.ts";

/** Maps generator refs to database ids while a demo shop is being loaded. */
export interface DemoIdMaps {
  /** SKU ref → id. */
  readonly skus: readonly number[];
  /** Customer ref → id (0 while not yet inserted). */
  readonly customers: Float64Array;
}

/** Rows written by one batch. */
export interface DemoBatchCounts {
  customers: number;
  consents: number;
  orders: number;
  lines: number;
  events: number;
  reviews: number;
  afterSales: number;
}

const seconds = (ms: number | null): number | null => (ms === null ? null : ms / 1000);

/**
 * Prepares the current transaction for a bulk load: when the role may, foreign-key triggers
 * are skipped for the rest of the transaction (`session_replication_role = replica`, as
 * pg_restore does); the loader writes parents before children with ids it reserved itself.
 * Returns whether checks were relaxed.
 */
export async function beginBulkLoad(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ su: string }>`select current_setting('is_superuser') as su`.execute(
    db,
  );
  if (rows[0]?.su !== "on") return false;
  await sql`set local session_replication_role = replica`.execute(db);
  return true;
}

const LOADED_TABLES = [
  "products",
  "skus",
  "customers",
  "customer_consents",
  "orders",
  "order_lines",
  "logistics_events",
  "reviews",
  "after_sales",
];

/**
 * When every table the demo fills is empty (a fresh database), drops their secondary
 * (non-unique, non-primary) indexes so the load does not maintain them row by row; returns
 * their definitions for `endBulkLoad` to rebuild in one pass each. Returns nothing when any
 * of the tables holds rows, so other shops never wait on an index rebuild.
 */
export async function dropIndexesIfEmpty(db: Kysely<DB>): Promise<string[]> {
  const empty = await sql<{ empty: boolean }>`
    select not exists (select 1 from products) and not exists (select 1 from customers)
      and not exists (select 1 from orders) and not exists (select 1 from logistics_events) as empty
  `.execute(db);
  if (!empty.rows[0]?.empty) return [];
  const { rows } = await sql<{ name: string; def: string }>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and t.relname = any(${LOADED_TABLES}::text[])
      and not i.indisprimary and not i.indisunique
    order by 1
  `.execute(db);
  for (const r of rows) await sql`drop index ${sql.raw(r.name)}`.execute(db);
  return rows.map((r) => r.def);
}

/**
 * Ends a bulk load: dropped indexes rebuilt, triggers back on, planner statistics refreshed
 * for the loaded tables.
 */
export async function endBulkLoad(
  db: Kysely<DB>,
  relaxed: boolean,
  indexDefinitions: readonly string[] = [],
): Promise<void> {
  for (const def of indexDefinitions) await sql.raw(def).execute(db);
  if (relaxed) await sql`set local session_replication_role = origin`.execute(db);
  await sql`analyze products, skus, customers, customer_consents, orders, order_lines,
    logistics_events, reviews, after_sales`.execute(db);
}

/** The shop with `code`, if any. */
export async function findShopByCode(
  db: Kysely<DB>,
  code: string,
): Promise<{ id: number; isDemo: boolean } | undefined> {
  const row = await db
    .selectFrom("shops")
    .select(["id", "is_demo"])
    .where("code", "=", code)
    .executeTakeFirst();
  return row ? { id: row.id, isDemo: row.is_demo } : undefined;
}

/** Whether the shop has any products, customers or orders. */
export async function shopHasData(db: Kysely<DB>, shopId: number): Promise<boolean> {
  const { rows } = await sql<{ has: boolean }>`
    select exists (select 1 from products where shop_id = ${shopId})
        or exists (select 1 from customers where shop_id = ${shopId})
        or exists (select 1 from orders where shop_id = ${shopId}) as has
  `.execute(db);
  return rows[0]?.has ?? false;
}

/**
 * Deletes the shop's campaigns (with their tasks), promotions (with their coupons), catalogue,
 * customers and orders (children first).
 */
export async function deleteShopData(db: Kysely<DB>, shopId: number): Promise<void> {
  // coupons and promotion_usage go with their promotion, tasks with their campaign
  await sql`delete from promotions where shop_id = ${shopId}`.execute(db);
  await db.deleteFrom("campaigns").where("shop_id", "=", shopId).execute();
  for (const table of [
    "after_sales",
    "reviews",
    "logistics_events",
    "order_lines",
    "orders",
    "customer_consents",
    "customers",
    "skus",
    "products",
  ] as const) {
    await db.deleteFrom(table).where("shop_id", "=", shopId).execute();
  }
}

/** Creates the demo shop, or marks an existing empty one as demo; returns its id. */
export async function upsertDemoShop(db: Kysely<DB>, info: DemoShopInfo): Promise<number> {
  const row = await db
    .insertInto("shops")
    .values({
      code: info.code,
      name: info.name,
      platform: info.platform,
      time_zone: info.timeZone,
      is_demo: true,
    })
    .onConflict((oc) =>
      oc.column("code").doUpdateSet({ name: info.name, platform: info.platform, is_demo: true }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function reserveIds(db: Kysely<DB>, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  const { rows } = await sql<{ id: number }>`
    select nextval(pg_get_serial_sequence(${table}, 'id')) as id
    from generate_series(1, ${count})
  `.execute(db);
  return rows.map((r) => Number(r.id));
}

/** Inserts products and SKUs; returns the SKU ids by SKU ref. */
export async function insertDemoCatalog(
  db: Kysely<DB>,
  shopId: number,
  products: readonly DemoProduct[],
  skus: readonly DemoSku[],
): Promise<number[]> {
  const productIds = await reserveIds(db, "products", products.length);
  await sql`
    insert into products (shop_id, id, code, title, category, created_at) overriding system value
    select ${shopId}, id, code, title, category, to_timestamp(created)
    from unnest(${productIds}::bigint[], ${products.map((p) => p.code)}::text[],
      ${products.map((p) => p.title)}::text[], ${products.map((p) => p.category)}::text[],
      ${products.map((p) => p.createdAt / 1000)}::float8[]) as t(id, code, title, category, created)
  `.execute(db);
  const skuIds = await reserveIds(db, "skus", skus.length);
  await sql`
    insert into skus (shop_id, id, product_id, code, spec, price_fen, cost_fen, floor_price_fen,
      stock, is_hero, created_at) overriding system value
    select ${shopId}, id, product_id, code, spec, price, cost, floor, stock, hero, to_timestamp(created)
    from unnest(${skuIds}::bigint[], ${skus.map((s) => productIds[s.productRef])}::bigint[],
      ${skus.map((s) => s.code)}::text[], ${skus.map((s) => s.spec)}::text[],
      ${skus.map((s) => s.priceFen)}::bigint[], ${skus.map((s) => s.costFen)}::bigint[],
      ${skus.map((s) => s.floorPriceFen)}::bigint[], ${skus.map((s) => s.stock)}::int[],
      ${skus.map((s) => s.isHero)}::bool[], ${skus.map((s) => s.createdAt / 1000)}::float8[])
      as t(id, product_id, code, spec, price, cost, floor, stock, hero, created)
  `.execute(db);
  return skuIds;
}

/**
 * Inserts one generated batch: its new customers with their consents, then its orders with
 * lines, logistics events, reviews and after-sales. Customer ids are recorded in `ids`.
 */
export async function insertDemoBatch(
  db: Kysely<DB>,
  shopId: number,
  batch: DemoBatch,
  ids: DemoIdMaps,
): Promise<DemoBatchCounts> {
  const counts: DemoBatchCounts = {
    customers: batch.customers.length,
    consents: 0,
    orders: batch.orders.length,
    lines: 0,
    events: 0,
    reviews: 0,
    afterSales: 0,
  };
  if (batch.customers.length > 0) {
    const cs = batch.customers;
    const customerIds = await reserveIds(db, "customers", cs.length);
    cs.forEach((c, i) => {
      ids.customers[c.ref] = customerIds[i]!;
    });
    await sql`
      insert into customers (shop_id, id, external_id, name, phone, email, province, city,
        district, tags, is_member, created_at) overriding system value
      select ${shopId}, id, ext, name, phone, email, province, city, district,
        coalesce(string_to_array(nullif(tags, ''), '|'), '{}'), member, to_timestamp(created)
      from unnest(${customerIds}::bigint[], ${cs.map((c) => c.externalId)}::text[],
        ${cs.map((c) => c.name)}::text[], ${cs.map((c) => c.phone)}::text[],
        ${cs.map((c) => c.email)}::text[], ${cs.map((c) => c.province)}::text[],
        ${cs.map((c) => c.city)}::text[], ${cs.map((c) => c.district)}::text[],
        ${cs.map((c) => c.tags.join("|"))}::text[], ${cs.map((c) => c.isMember)}::bool[],
        ${cs.map((c) => c.createdAt / 1000)}::float8[])
        as t(id, ext, name, phone, email, province, city, district, tags, member, created)
    `.execute(db);
    const cc: number[] = [];
    const ch: string[] = [];
    const gr: boolean[] = [];
    const src: string[] = [];
    const at: number[] = [];
    cs.forEach((c, i) => {
      for (const k of c.consents) {
        cc.push(customerIds[i]!);
        ch.push(k.channel);
        gr.push(k.granted);
        src.push(k.source);
        at.push(k.at / 1000);
      }
    });
    counts.consents = cc.length;
    if (cc.length > 0)
      await sql`
        insert into customer_consents (shop_id, customer_id, channel, granted, source, at)
        select ${shopId}, c, ch, g, s, to_timestamp(a)
        from unnest(${cc}::bigint[], ${ch}::text[], ${gr}::bool[], ${src}::text[], ${at}::float8[])
          as t(c, ch, g, s, a)
      `.execute(db);
  }
  if (batch.orders.length === 0) return counts;

  const os = batch.orders;
  const orderIds = await reserveIds(db, "orders", os.length);
  const col = <T>(f: (o: (typeof os)[number]) => T): T[] => os.map(f);
  await sql`
    insert into orders (shop_id, id, order_no, customer_id, status, source, list_fen, discount_fen,
      shipping_fen, payable_fen, paid_fen, refund_fen, created_at, paid_at, shipped_at, signed_at,
      completed_at, closed_at, carrier, tracking_no, receiver_name, receiver_phone, province, city,
      district, address, buyer_message) overriding system value
    select ${shopId}, id, no, cust, status, 'demo', list, disc, ship, payable, paid, refund,
      to_timestamp(created), to_timestamp(paid_at), to_timestamp(shipped_at), to_timestamp(signed_at),
      to_timestamp(completed_at), to_timestamp(closed_at), carrier, tracking, rname, rphone,
      province, city, district, address, message
    from unnest(${orderIds}::bigint[], ${col((o) => o.orderNo)}::text[],
      ${col((o) => ids.customers[o.customerRef])}::bigint[], ${col((o) => o.status)}::text[],
      ${col((o) => o.listFen)}::bigint[], ${col((o) => o.discountFen)}::bigint[],
      ${col((o) => o.shippingFen)}::bigint[], ${col((o) => o.payableFen)}::bigint[],
      ${col((o) => o.paidFen)}::bigint[], ${col((o) => o.refundFen)}::bigint[],
      ${col((o) => o.createdAt / 1000)}::float8[], ${col((o) => seconds(o.paidAt))}::float8[],
      ${col((o) => seconds(o.shippedAt))}::float8[], ${col((o) => seconds(o.signedAt))}::float8[],
      ${col((o) => seconds(o.completedAt))}::float8[], ${col((o) => seconds(o.closedAt))}::float8[],
      ${col((o) => o.carrier)}::text[], ${col((o) => o.trackingNo)}::text[],
      ${col((o) => o.receiverName)}::text[], ${col((o) => o.receiverPhone)}::text[],
      ${col((o) => o.province)}::text[], ${col((o) => o.city)}::text[],
      ${col((o) => o.district)}::text[], ${col((o) => o.address)}::text[],
      ${col((o) => o.buyerMessage)}::text[])
      as t(id, no, cust, status, list, disc, ship, payable, paid, refund, created, paid_at,
        shipped_at, signed_at, completed_at, closed_at, carrier, tracking, rname, rphone,
        province, city, district, address, message)
  `.execute(db);

  // Lines (ids reserved: after-sales point at them).
  const lineCount = os.reduce((s, o) => s + o.lines.length, 0);
  const lineIds = await reserveIds(db, "order_lines", lineCount);
  const L = {
    id: lineIds,
    order: [] as number[],
    no: [] as number[],
    sku: [] as number[],
    code: [] as string[],
    title: [] as string[],
    unit: [] as number[],
    qty: [] as number[],
    list: [] as number[],
    disc: [] as number[],
    payable: [] as number[],
    shares: [] as string[],
    rqty: [] as number[],
    rfen: [] as number[],
  };
  const E = { order: [] as number[], at: [] as number[], kind: [] as string[], loc: [] as string[], desc: [] as string[] }; // biome-ignore format: one line
  const R = { order: [] as number[], cust: [] as number[], sku: [] as number[], rating: [] as number[], text: [] as string[], img: [] as boolean[], at: [] as number[] }; // biome-ignore format: one line
  const A = { order: [] as number[], line: [] as (number | null)[], kind: [] as string[], reason: [] as string[], status: [] as string[], qty: [] as number[], amount: [] as number[], req: [] as number[], res: [] as (number | null)[] }; // biome-ignore format: one line
  let li = 0;
  os.forEach((o, i) => {
    const orderId = orderIds[i]!;
    const firstLine = li;
    for (const l of o.lines) {
      L.order.push(orderId);
      L.no.push(l.lineNo);
      L.sku.push(ids.skus[l.skuRef]!);
      L.code.push(l.skuCode);
      L.title.push(l.title);
      L.unit.push(l.unitPriceFen);
      L.qty.push(l.quantity);
      L.list.push(l.listFen);
      L.disc.push(l.discountFen);
      L.payable.push(l.payableFen);
      L.shares.push(JSON.stringify(l.shares));
      L.rqty.push(l.refundedQty);
      L.rfen.push(l.refundFen);
      li++;
    }
    for (const e of o.events) {
      E.order.push(orderId);
      E.at.push(e.at / 1000);
      E.kind.push(e.kind);
      E.loc.push(e.location);
      E.desc.push(e.description);
    }
    for (const r of o.reviews) {
      R.order.push(orderId);
      R.cust.push(ids.customers[o.customerRef]!);
      R.sku.push(ids.skus[r.skuRef]!);
      R.rating.push(r.rating);
      R.text.push(r.text);
      R.img.push(r.hasImages);
      R.at.push(r.at / 1000);
    }
    for (const a of o.afterSales) {
      A.order.push(orderId);
      A.line.push(a.lineNo === null ? null : lineIds[firstLine + a.lineNo - 1]!);
      A.kind.push(a.kind);
      A.reason.push(a.reason);
      A.status.push(a.status);
      A.qty.push(a.quantity);
      A.amount.push(a.amountFen);
      A.req.push(a.requestedAt / 1000);
      A.res.push(seconds(a.resolvedAt));
    }
  });
  counts.lines = lineCount;
  counts.events = E.order.length;
  counts.reviews = R.order.length;
  counts.afterSales = A.order.length;

  await sql`
    insert into order_lines (shop_id, id, order_id, line_no, sku_id, sku_code, title,
      unit_price_fen, quantity, list_fen, discount_fen, payable_fen, shares, refunded_qty,
      refund_fen) overriding system value
    select ${shopId}, id, o, n, s, c, t, u, q, l, d, p, sh::jsonb, rq, rf
    from unnest(${L.id}::bigint[], ${L.order}::bigint[], ${L.no}::int[], ${L.sku}::bigint[],
      ${L.code}::text[], ${L.title}::text[], ${L.unit}::bigint[], ${L.qty}::int[],
      ${L.list}::bigint[], ${L.disc}::bigint[], ${L.payable}::bigint[], ${L.shares}::text[],
      ${L.rqty}::int[], ${L.rfen}::bigint[]) as t(id, o, n, s, c, t, u, q, l, d, p, sh, rq, rf)
  `.execute(db);
  if (E.order.length > 0)
    await sql`
      insert into logistics_events (shop_id, order_id, at, kind, location, description)
      select ${shopId}, o, to_timestamp(a), k, l, d
      from unnest(${E.order}::bigint[], ${E.at}::float8[], ${E.kind}::text[], ${E.loc}::text[],
        ${E.desc}::text[]) as t(o, a, k, l, d)
    `.execute(db);
  if (R.order.length > 0)
    await sql`
      insert into reviews (shop_id, order_id, customer_id, sku_id, rating, text, has_images, at)
      select ${shopId}, o, c, s, r, t, i, to_timestamp(a)
      from unnest(${R.order}::bigint[], ${R.cust}::bigint[], ${R.sku}::bigint[], ${R.rating}::int[],
        ${R.text}::text[], ${R.img}::bool[], ${R.at}::float8[]) as t(o, c, s, r, t, i, a)
    `.execute(db);
  if (A.order.length > 0)
    await sql`
      insert into after_sales (shop_id, order_id, order_line_id, kind, reason, status, quantity,
        amount_fen, requested_at, resolved_at)
      select ${shopId}, o, l, k, r, s, q, a, to_timestamp(rq), to_timestamp(rs)
      from unnest(${A.order}::bigint[], ${A.line}::bigint[], ${A.kind}::text[], ${A.reason}::text[],
        ${A.status}::text[], ${A.qty}::int[], ${A.amount}::bigint[], ${A.req}::float8[],
        ${A.res}::float8[]) as t(o, l, k, r, s, q, a, rq, rs)
    `.execute(db);
  return counts;
}

/** Totals of a loaded shop, for the summary. */
export async function demoShopTotals(
  db: Kysely<DB>,
  shopId: number,
): Promise<{ paidOrders: number; gmvFen: number; refundOrders: number; refundFen: number }> {
  const { rows } = await sql<{
    paid_orders: number;
    gmv_fen: number;
    refund_orders: number;
    refund_fen: number;
  }>`
    select count(*) filter (where paid_at is not null)::int as paid_orders,
      coalesce(sum(paid_fen), 0)::bigint as gmv_fen,
      count(*) filter (where refund_fen > 0)::int as refund_orders,
      coalesce(sum(refund_fen), 0)::bigint as refund_fen
    from orders where shop_id = ${shopId}
  `.execute(db);
  const r = rows[0]!;
  return {
    paidOrders: Number(r.paid_orders),
    gmvFen: Number(r.gmv_fen),
    refundOrders: Number(r.refund_orders),
    refundFen: Number(r.refund_fen),
  };
}
