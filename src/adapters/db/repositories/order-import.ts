/**
 * SQL of order import and export: set-based batch upserts (customers by external id, orders
 * by order number, lines replaced for new or changed orders), a staging table for 宝贝报表
 * lines, import jobs, saved column mappings, and keyset pages for export.
 */
import { type Kysely, type Selectable, sql } from "kysely";
import type { DraftLine, ImportOrder } from "../../../domain/import/order.ts";
import type { DB, ImportJobsTable, ImportMode, ImportStatus, Platform } from "../schema.ts";
import { refreshCustomerStatsOf } from "./customer-stats.ts";

export interface ShopRef {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly timeZone: string;
}

/** Finds a shop by code. */
export async function findShopByCode(db: Kysely<DB>, code: string): Promise<ShopRef | undefined> {
  const r = await db
    .selectFrom("shops")
    .select(["id", "code", "name", "time_zone"])
    .where("code", "=", code)
    .executeTakeFirst();
  return r && { id: r.id, code: r.code, name: r.name, timeZone: r.time_zone };
}

/** Finds a shop by id. */
export async function findShopById(db: Kysely<DB>, id: number): Promise<ShopRef | undefined> {
  const r = await db
    .selectFrom("shops")
    .select(["id", "code", "name", "time_zone"])
    .where("id", "=", id)
    .executeTakeFirst();
  return r && { id: r.id, code: r.code, name: r.name, timeZone: r.time_zone };
}

/** Creates a shop. */
export async function createShop(
  db: Kysely<DB>,
  shop: { code: string; name: string; platform: Platform },
): Promise<ShopRef> {
  const r = await db
    .insertInto("shops")
    .values(shop)
    .returning(["id", "code", "name", "time_zone"])
    .executeTakeFirstOrThrow();
  return { id: r.id, code: r.code, name: r.name, timeZone: r.time_zone };
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export interface BatchCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Writes a batch of validated orders (order numbers unique within the batch) for a shop:
 * customers are created by external id when new (existing ones are left as they are),
 * orders inserted or, when their fingerprint differs from the stored one, updated; lines of
 * new and changed orders are (re)written, matched to SKUs by code. The touched customers are
 * noted in the transaction's `import_touched_customers` table (see `beginImportBatches`);
 * `finishImportBatches` refreshes their statistics once at the end, which costs far less than
 * a refresh per batch. Run it inside the import's transaction.
 */
/**
 * How an imported order lands on an existing one: every imported field replaced, but only
 * when the record's fingerprint changed; returns the rows written and whether each is new.
 * Shared by the batch path and the COPY path.
 */
export const orderUpsert = sql`
  on conflict (shop_id, order_no) do update set
    customer_id = excluded.customer_id, status = excluded.status,
    list_fen = excluded.list_fen, discount_fen = excluded.discount_fen,
    shipping_fen = excluded.shipping_fen, payable_fen = excluded.payable_fen,
    paid_fen = excluded.paid_fen, refund_fen = excluded.refund_fen,
    created_at = excluded.created_at, paid_at = excluded.paid_at,
    shipped_at = excluded.shipped_at, completed_at = excluded.completed_at,
    closed_at = excluded.closed_at, carrier = excluded.carrier,
    tracking_no = excluded.tracking_no, receiver_name = excluded.receiver_name,
    receiver_phone = excluded.receiver_phone, province = excluded.province,
    city = excluded.city, district = excluded.district, address = excluded.address,
    buyer_message = excluded.buyer_message, import_hash = excluded.import_hash
  where orders.import_hash is distinct from excluded.import_hash
  returning id, order_no, customer_id, (xmax = 0) as inserted
`;

export async function writeOrderBatch(
  db: Kysely<DB>,
  shopId: number,
  source: string,
  orders: readonly ImportOrder[],
  hashes: readonly string[],
): Promise<BatchCounts> {
  if (orders.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };

  // 1. customers
  const buyers = new Map<string, ImportOrder>();
  for (const o of orders) if (o.buyer !== null && !buyers.has(o.buyer)) buyers.set(o.buyer, o);
  const customerIds = new Map<string, number>();
  if (buyers.size > 0) {
    // look existing customers up by the unique index first: a join against a table that grows
    // inside the import's transaction can be planned as a scan of the whole table per batch
    const existing = await sql<{ id: number; external_id: string }>`
      select id, external_id from customers
      where shop_id = ${shopId} and external_id = any(${[...buyers.keys()]}::text[])
    `.execute(db);
    for (const r of existing.rows) customerIds.set(r.external_id, Number(r.id));
    const list = [...buyers.values()].filter((o) => !customerIds.has(o.buyer!));
    if (list.length > 0) {
      const inserted = await sql<{ id: number; external_id: string }>`
        insert into customers (shop_id, external_id, name, phone, province, city, district)
        select ${shopId}, t.* from unnest(
          ${list.map((o) => o.buyer)}::text[], ${list.map((o) => o.receiverName)}::text[],
          ${list.map((o) => o.receiverPhone)}::text[], ${list.map((o) => o.province)}::text[],
          ${list.map((o) => o.city)}::text[], ${list.map((o) => o.district)}::text[]
        ) as t
        on conflict (shop_id, external_id) do nothing
        returning id, external_id
      `.execute(db);
      for (const r of inserted.rows) customerIds.set(r.external_id, Number(r.id));
    }
  }

  // 2. orders; the customers of orders about to change keep fresh statistics too (an
  // order may move to another buyer)
  await sql`
    insert into import_touched_customers
    select distinct o.customer_id from orders o
    join unnest(${orders.map((o) => o.orderNo)}::text[], ${[...hashes]}::text[]) as t(order_no, h)
      on o.shop_id = ${shopId} and o.order_no = t.order_no
    where o.customer_id is not null and o.import_hash is distinct from t.h
    on conflict do nothing
  `.execute(db);
  const col = <T>(f: (o: ImportOrder) => T): T[] => orders.map(f);
  const res = await sql<{
    id: number;
    order_no: string;
    customer_id: number | null;
    inserted: boolean;
  }>`
    insert into orders (shop_id, order_no, customer_id, status, source, list_fen, discount_fen,
      shipping_fen, payable_fen, paid_fen, refund_fen, created_at, paid_at, shipped_at,
      completed_at, closed_at, carrier, tracking_no, receiver_name, receiver_phone, province,
      city, district, address, buyer_message, import_hash)
    select ${shopId}, t.* from unnest(
      ${col((o) => o.orderNo)}::text[],
      ${col((o) => (o.buyer === null ? null : (customerIds.get(o.buyer) ?? null)))}::bigint[],
      ${col((o) => o.status)}::text[],
      ${col(() => source)}::text[],
      ${col((o) => o.listFen)}::bigint[],
      ${col((o) => o.discountFen)}::bigint[],
      ${col((o) => o.shippingFen)}::bigint[],
      ${col((o) => o.payableFen)}::bigint[],
      ${col((o) => o.paidFen)}::bigint[],
      ${col((o) => o.refundFen)}::bigint[],
      ${col((o) => iso(o.createdAt))}::timestamptz[],
      ${col((o) => iso(o.paidAt))}::timestamptz[],
      ${col((o) => iso(o.shippedAt))}::timestamptz[],
      ${col((o) => iso(o.completedAt))}::timestamptz[],
      ${col((o) => iso(o.closedAt))}::timestamptz[],
      ${col((o) => o.carrier)}::text[],
      ${col((o) => o.trackingNo)}::text[],
      ${col((o) => o.receiverName)}::text[],
      ${col((o) => o.receiverPhone)}::text[],
      ${col((o) => o.province)}::text[],
      ${col((o) => o.city)}::text[],
      ${col((o) => o.district)}::text[],
      ${col((o) => o.address)}::text[],
      ${col((o) => o.buyerMessage)}::text[],
      ${[...hashes]}::text[]
    ) as t
    ${orderUpsert}
  `.execute(db);

  const written = res.rows;
  const inserted = written.filter((r) => r.inserted).length;
  const updatedIds = written.filter((r) => !r.inserted).map((r) => Number(r.id));
  const counts = {
    inserted,
    updated: updatedIds.length,
    unchanged: orders.length - written.length,
  };
  if (written.length === 0) return counts;

  // 3. lines of new and changed orders
  if (updatedIds.length > 0) {
    await sql`delete from order_lines where shop_id = ${shopId} and order_id = any(${updatedIds}::bigint[])`.execute(
      db,
    );
  }
  const byNo = new Map<string, ImportOrder>();
  for (const o of orders) byNo.set(o.orderNo, o);
  const orderId: number[] = [];
  const lineNo: number[] = [];
  const skuCode: (string | null)[] = [];
  const title: string[] = [];
  const unit: number[] = [];
  const qty: number[] = [];
  const list: number[] = [];
  const disc: number[] = [];
  const pay: number[] = [];
  for (const r of written) {
    const o = byNo.get(r.order_no);
    if (!o) continue;
    o.lines.forEach((l, i) => {
      orderId.push(Number(r.id));
      lineNo.push(i + 1);
      skuCode.push(l.skuCode);
      title.push(l.spec ? `${l.title}（${l.spec}）` : l.title);
      unit.push(l.unitPriceFen);
      qty.push(l.quantity);
      list.push(l.listFen);
      disc.push(l.discountFen);
      pay.push(l.payableFen);
    });
  }
  if (orderId.length > 0) {
    await sql`
      insert into order_lines (shop_id, order_id, line_no, sku_id, sku_code, title, unit_price_fen,
        quantity, list_fen, discount_fen, payable_fen)
      select ${shopId}, t.order_id, t.line_no, s.id, t.sku_code, t.title, t.unit_price_fen,
        t.quantity, t.list_fen, t.discount_fen, t.payable_fen
      from unnest(${orderId}::bigint[], ${lineNo}::int[], ${skuCode}::text[], ${title}::text[],
        ${unit}::bigint[], ${qty}::int[], ${list}::bigint[], ${disc}::bigint[], ${pay}::bigint[])
        as t(order_id, line_no, sku_code, title, unit_price_fen, quantity, list_fen, discount_fen, payable_fen)
      left join skus s on s.shop_id = ${shopId} and s.code = t.sku_code
    `.execute(db);
  }

  // 4. customers whose statistics need a refresh
  const touched = [
    ...new Set(
      written
        .map((r) => r.customer_id)
        .filter((c) => c !== null)
        .map(Number),
    ),
  ];
  if (touched.length > 0) {
    await sql`insert into import_touched_customers select unnest(${touched}::bigint[]) on conflict do nothing`.execute(
      db,
    );
  }
  return counts;
}

/** Prepares a transaction for `writeOrderBatch` calls. */
export async function beginImportBatches(db: Kysely<DB>): Promise<void> {
  await sql`
    create temp table if not exists import_touched_customers (id bigint primary key) on commit drop
  `.execute(db);
}

/**
 * Refreshes the statistics of every customer touched by the batches (and only those: one
 * aggregate over their orders, rows written only when a figure changes).
 */
export async function finishImportBatches(db: Kysely<DB>, shopId: number): Promise<void> {
  await sql`analyze import_touched_customers`.execute(db);
  await refreshCustomerStatsOf(db, shopId, sql`select id from import_touched_customers`);
  await sql`truncate import_touched_customers`.execute(db);
}

/** Creates the transaction-scoped staging table for 宝贝报表 lines. */
export async function createDetailStaging(db: Kysely<DB>): Promise<void> {
  await sql`
    create temp table if not exists import_detail_lines (
      order_no text not null, seq bigint not null, sku_code text, title text not null,
      spec text, unit_price_fen bigint not null, quantity int not null
    ) on commit drop
  `.execute(db);
}

/** Adds parsed detail lines to the staging table; `firstSeq` keeps the file order. */
export async function stageDetailLines(
  db: Kysely<DB>,
  lines: readonly { orderNo: string; line: DraftLine }[],
  firstSeq: number,
): Promise<void> {
  if (lines.length === 0) return;
  await sql`
    insert into import_detail_lines (order_no, seq, sku_code, title, spec, unit_price_fen, quantity)
    select * from unnest(${lines.map((l) => l.orderNo)}::text[],
      ${lines.map((_, i) => firstSeq + i)}::bigint[],
      ${lines.map((l) => l.line.skuCode)}::text[], ${lines.map((l) => l.line.title)}::text[],
      ${lines.map((l) => l.line.spec)}::text[], ${lines.map((l) => l.line.unitPriceFen)}::bigint[],
      ${lines.map((l) => l.line.quantity)}::int[])
  `.execute(db);
}

/** Indexes the staging table once loaded. */
export async function indexDetailStaging(db: Kysely<DB>): Promise<void> {
  await sql`create index on import_detail_lines (order_no, seq)`.execute(db);
  await sql`analyze import_detail_lines`.execute(db);
}

/** The staged detail lines of some orders, in file order. */
export async function fetchStagedLines(
  db: Kysely<DB>,
  orderNos: readonly string[],
): Promise<Map<string, DraftLine[]>> {
  const out = new Map<string, DraftLine[]>();
  if (orderNos.length === 0) return out;
  const rows = await sql<{
    order_no: string;
    sku_code: string | null;
    title: string;
    spec: string | null;
    unit_price_fen: number;
    quantity: number;
  }>`
    select order_no, sku_code, title, spec, unit_price_fen, quantity from import_detail_lines
    where order_no = any(${[...orderNos]}::text[]) order by order_no, seq
  `.execute(db);
  for (const r of rows.rows) {
    let list = out.get(r.order_no);
    if (!list) {
      list = [];
      out.set(r.order_no, list);
    }
    list.push({
      skuCode: r.sku_code,
      title: r.title,
      spec: r.spec,
      unitPriceFen: Number(r.unit_price_fen),
      quantity: r.quantity,
    });
  }
  return out;
}

export interface ImportJobRow {
  readonly id: number;
  readonly shopId: number;
  readonly format: string;
  readonly fileName: string;
  readonly mode: ImportMode;
  readonly status: ImportStatus;
  readonly totalRows: number;
  readonly processedRows: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly badRows: number;
  readonly bytesRead: number;
  readonly totalBytes: number | null;
  readonly errors: unknown[];
  readonly message: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

/** Records a new running import job and returns its id. */
export async function createImportJob(
  db: Kysely<DB>,
  job: {
    shopId: number;
    format: string;
    fileName: string;
    mode: ImportMode;
    totalBytes: number | null;
    userId: number | null;
  },
): Promise<number> {
  const r = await db
    .insertInto("import_jobs")
    .values({
      shop_id: job.shopId,
      format: job.format,
      file_name: job.fileName,
      mode: job.mode,
      status: "running",
      total_bytes: job.totalBytes,
      user_id: job.userId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Updates an import job's progress or outcome. */
export async function updateImportJob(
  db: Kysely<DB>,
  shopId: number,
  id: number,
  patch: {
    status?: ImportStatus;
    processedRows?: number;
    totalRows?: number;
    inserted?: number;
    updated?: number;
    unchanged?: number;
    badRows?: number;
    bytesRead?: number;
    errors?: unknown[];
    message?: string | null;
    finished?: boolean;
  },
): Promise<void> {
  await db
    .updateTable("import_jobs")
    .set({
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.processedRows !== undefined ? { processed_rows: patch.processedRows } : {}),
      ...(patch.totalRows !== undefined ? { total_rows: patch.totalRows } : {}),
      ...(patch.inserted !== undefined ? { inserted: patch.inserted } : {}),
      ...(patch.updated !== undefined ? { updated: patch.updated } : {}),
      ...(patch.unchanged !== undefined ? { unchanged: patch.unchanged } : {}),
      ...(patch.badRows !== undefined ? { bad_rows: patch.badRows } : {}),
      ...(patch.bytesRead !== undefined ? { bytes_read: patch.bytesRead } : {}),
      ...(patch.errors !== undefined ? { errors: JSON.stringify(patch.errors) as never } : {}),
      ...(patch.message !== undefined ? { message: patch.message } : {}),
      ...(patch.finished ? { finished_at: new Date() } : {}),
    })
    .where("shop_id", "=", shopId)
    .where("id", "=", id)
    .execute();
}

/** Reads an import job. */
export async function findImportJob(
  db: Kysely<DB>,
  shopId: number,
  id: number,
): Promise<ImportJobRow | undefined> {
  const r = await db
    .selectFrom("import_jobs")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("id", "=", id)
    .executeTakeFirst();
  return r ? toJobRow(r) : undefined;
}

function toJobRow(r: Selectable<ImportJobsTable>): ImportJobRow {
  return {
    id: Number(r.id),
    shopId: Number(r.shop_id),
    format: r.format,
    fileName: r.file_name,
    mode: r.mode,
    status: r.status,
    totalRows: r.total_rows,
    processedRows: r.processed_rows,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    badRows: r.bad_rows,
    bytesRead: Number(r.bytes_read),
    totalBytes: r.total_bytes === null ? null : Number(r.total_bytes),
    errors: r.errors as unknown as unknown[],
    message: r.message,
    startedAt: new Date(r.started_at as unknown as Date),
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at as unknown as Date),
  };
}

/** Saves (creates or replaces) a named column mapping of a shop. */
export async function saveImportMapping(
  db: Kysely<DB>,
  shopId: number,
  name: string,
  mapping: Record<string, unknown>,
): Promise<void> {
  await db
    .insertInto("import_mappings")
    .values({ shop_id: shopId, name, mapping: JSON.stringify(mapping) })
    .onConflict((oc) =>
      oc
        .columns(["shop_id", "name"])
        .doUpdateSet({ mapping: JSON.stringify(mapping), updated_at: new Date() }),
    )
    .execute();
}

/** Reads a named column mapping of a shop. */
export async function findImportMapping(
  db: Kysely<DB>,
  shopId: number,
  name: string,
): Promise<Record<string, unknown> | undefined> {
  const r = await db
    .selectFrom("import_mappings")
    .select("mapping")
    .where("shop_id", "=", shopId)
    .where("name", "=", name)
    .executeTakeFirst();
  return r?.mapping;
}

/** Names of a shop's saved mappings. */
export async function listImportMappings(db: Kysely<DB>, shopId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("import_mappings")
    .select("name")
    .where("shop_id", "=", shopId)
    .orderBy("name")
    .execute();
  return rows.map((r) => r.name);
}

export interface ExportOrderRow {
  id: number;
  order_no: string;
  buyer: string | null;
  status: ImportOrder["status"];
  list_fen: number;
  discount_fen: number;
  shipping_fen: number;
  payable_fen: number;
  paid_fen: number;
  refund_fen: number;
  created_at: Date;
  paid_at: Date | null;
  shipped_at: Date | null;
  completed_at: Date | null;
  carrier: string | null;
  tracking_no: string | null;
  receiver_name: string | null;
  receiver_phone: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  buyer_message: string | null;
}

export interface ExportLineRow {
  order_id: number;
  line_no: number;
  sku_code: string | null;
  title: string;
  unit_price_fen: number;
  quantity: number;
  payable_fen: number;
}

/**
 * One keyset page of a shop's orders (id order), optionally created within [from, to), with
 * their lines.
 */
export async function pageOrdersForExport(
  db: Kysely<DB>,
  shopId: number,
  afterId: number,
  limit: number,
  range: { from?: Date | undefined; to?: Date | undefined },
): Promise<{ orders: ExportOrderRow[]; lines: ExportLineRow[] }> {
  let q = db
    .selectFrom("orders as o")
    .leftJoin("customers as c", (j) =>
      j.onRef("c.shop_id", "=", "o.shop_id").onRef("c.id", "=", "o.customer_id"),
    )
    .select([
      "o.id",
      "o.order_no",
      "c.external_id as buyer",
      "o.status",
      "o.list_fen",
      "o.discount_fen",
      "o.shipping_fen",
      "o.payable_fen",
      "o.paid_fen",
      "o.refund_fen",
      "o.created_at",
      "o.paid_at",
      "o.shipped_at",
      "o.completed_at",
      "o.carrier",
      "o.tracking_no",
      "o.receiver_name",
      "o.receiver_phone",
      "o.province",
      "o.city",
      "o.district",
      "o.address",
      "o.buyer_message",
    ])
    .where("o.shop_id", "=", shopId)
    .where("o.id", ">", afterId);
  if (range.from) q = q.where("o.created_at", ">=", range.from);
  if (range.to) q = q.where("o.created_at", "<", range.to);
  const orders = (await q.orderBy("o.id").limit(limit).execute()) as unknown as ExportOrderRow[];
  if (orders.length === 0) return { orders, lines: [] };
  const lines = (await db
    .selectFrom("order_lines")
    .select([
      "order_id",
      "line_no",
      "sku_code",
      "title",
      "unit_price_fen",
      "quantity",
      "payable_fen",
    ])
    .where("shop_id", "=", shopId)
    .where(
      "order_id",
      "in",
      orders.map((o) => o.id),
    )
    .orderBy("order_id")
    .orderBy("line_no")
    .execute()) as ExportLineRow[];
  return { orders, lines };
}

/** Counts rows of the tables an import writes, for a shop (tests, reports). */
export async function countImportTables(
  db: Kysely<DB>,
  shopId?: number,
): Promise<{ orders: number; order_lines: number; customers: number }> {
  const where = shopId === undefined ? sql`` : sql`where shop_id = ${shopId}`;
  const r = await sql<{ orders: number; order_lines: number; customers: number }>`
    select (select count(*) from orders ${where})::int as orders,
      (select count(*) from order_lines ${where})::int as order_lines,
      (select count(*) from customers ${where})::int as customers
  `.execute(db);
  return r.rows[0]!;
}

/** The shop's most recent import jobs, newest first. */
export async function listImportJobs(
  db: Kysely<DB>,
  shopId: number,
  limit = 20,
): Promise<ImportJobRow[]> {
  const rows = await db
    .selectFrom("import_jobs")
    .selectAll()
    .where("shop_id", "=", shopId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map(toJobRow);
}
