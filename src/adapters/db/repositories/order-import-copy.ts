/**
 * Bulk order writes for PostgreSQL: a batch of validated orders is streamed with
 * `COPY … FROM STDIN` into transaction-scoped staging tables, then merged into customers,
 * orders and order lines by a few set-based statements. Same outcome as `writeOrderBatch`
 * (customers created by external id when new, orders inserted or updated when their
 * fingerprint differs, lines rewritten for new and changed orders, touched customers noted
 * for `finishImportBatches`), at a fraction of the cost: no parameter arrays to serialize on
 * the client, nothing sent back per order.
 *
 * PGlite has no COPY FROM STDIN over our pool, so it keeps `writeOrderBatch`.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Kysely, sql } from "kysely";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { ImportOrder } from "../../../domain/import/order.ts";
import type { DB } from "../schema.ts";
import { type BatchCounts, orderUpsert } from "./order-import.ts";

/**
 * Creates the staging tables of the transaction (call after `beginImportBatches`) and tunes
 * it for a bulk write; returns whether the shop had any order before (when it had none, no
 * staged order can be unchanged, so `copyOrderBatch` need not look for stored ones).
 *
 * `synchronous_commit = off` for this transaction only: the commit returns before its WAL
 * reaches the disk, so a crash in the next few hundred milliseconds can lose an import that
 * was reported done. It never leaves half an import behind (the transaction is still atomic),
 * and an import is re-run from its file, idempotently. `work_mem` lets the batch's sorts stay
 * in memory.
 */
export async function beginCopyBatches(db: Kysely<DB>, shopId: number): Promise<boolean> {
  await sql`select set_config('synchronous_commit', 'off', true), set_config('work_mem', '64MB', true)`.execute(
    db,
  );
  await sql`
    create temp table if not exists import_stage_orders (
      seq int not null, order_no text not null, buyer text, first_of_buyer boolean not null,
      status text not null,
      list_fen bigint not null, discount_fen bigint not null, shipping_fen bigint not null,
      payable_fen bigint not null, paid_fen bigint not null, refund_fen bigint not null,
      created_ms bigint not null, paid_ms bigint, shipped_ms bigint, completed_ms bigint,
      closed_ms bigint, carrier text, tracking_no text, receiver_name text, receiver_phone text,
      province text, city text, district text, address text, buyer_message text,
      import_hash text not null
    ) on commit drop
  `.execute(db);
  await sql`
    create temp table if not exists import_stage_lines (
      order_no text not null, line_no int not null, sku_code text, title text not null,
      unit_price_fen bigint not null, quantity int not null, list_fen bigint not null,
      discount_fen bigint not null, payable_fen bigint not null
    ) on commit drop
  `.execute(db);
  await sql`
    create temp table if not exists import_written (
      id bigint not null, order_no text not null, customer_id bigint, inserted boolean not null
    ) on commit drop
  `.execute(db);
  const had = await sql<{ had: boolean }>`
    select exists (select 1 from orders where shop_id = ${shopId}) as had
  `.execute(db);
  return had.rows[0]?.had ?? true;
}

/** A staged order that counts as paid (same rule as the customer statistics). */
const STAGED_PAID = sql.raw(`s.paid_ms is not null and s.status not in ('refunded','closed')`);

const SPECIAL = /[\\\n\r\t]/;
const SPECIAL_ALL = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A text value in COPY text format (`\N` for null, backslash escapes). */
function t(v: string | null): string {
  if (v === null) return "\\N";
  return SPECIAL.test(v) ? v.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : v;
}

/** A number (or null) in COPY text format. */
function n(v: number | null): string {
  return v === null ? "\\N" : String(v);
}

/** A byte buffer that grows as text is appended (kept off the JS heap). */
class GrowBuffer {
  buf = Buffer.allocUnsafe(1 << 20);
  length = 0;
  append(text: string): void {
    const need = this.length + text.length * 3;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    this.length += this.buf.write(text, this.length);
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * A batch of orders already in COPY text format: orders are encoded as they are added, so a
 * batch holds two byte buffers rather than thousands of objects.
 */
export class CopyBatch {
  readonly orders = new GrowBuffer();
  readonly lines = new GrowBuffer();
  private readonly buyers = new Set<string>();
  count = 0;

  add(x: ImportOrder, hash: string): void {
    const no = t(x.orderNo);
    // the first order of each buyer in the batch describes a new customer
    let first = "f";
    if (x.buyer !== null && !this.buyers.has(x.buyer)) {
      this.buyers.add(x.buyer);
      first = "t";
    }
    this.orders.append(
      `${this.count++}\t${no}\t${t(x.buyer)}\t${first}\t${x.status}\t${x.listFen}\t${x.discountFen}\t${x.shippingFen}\t${x.payableFen}\t${x.paidFen}\t${x.refundFen}\t${x.createdAt}\t${n(x.paidAt)}\t${n(x.shippedAt)}\t${n(x.completedAt)}\t${n(x.closedAt)}\t${t(x.carrier)}\t${t(x.trackingNo)}\t${t(x.receiverName)}\t${t(x.receiverPhone)}\t${t(x.province)}\t${t(x.city)}\t${t(x.district)}\t${t(x.address)}\t${t(x.buyerMessage)}\t${hash}\n`,
    );
    const lines = x.lines;
    let text = "";
    for (let k = 0; k < lines.length; k++) {
      const y = lines[k]!;
      const title = y.spec ? `${y.title}（${y.spec}）` : y.title;
      text += `${no}\t${k + 1}\t${t(y.skuCode)}\t${t(title)}\t${y.unitPriceFen}\t${y.quantity}\t${y.listFen}\t${y.discountFen}\t${y.payableFen}\n`;
    }
    this.lines.append(text);
  }
}

async function copyIn(client: pg.PoolClient, table: string, data: Buffer): Promise<void> {
  if (data.length === 0) return;
  const stream = client.query(copyFrom(`copy ${table} from stdin`));
  await pipeline(Readable.from([data]), stream);
}

/**
 * Writes a batch of validated orders (order numbers unique within the batch) through the
 * staging tables. `client` must be the connection of `db`'s transaction.
 */
export async function copyOrderBatch(
  db: Kysely<DB>,
  client: pg.PoolClient,
  shopId: number,
  source: string,
  batch: CopyBatch,
  /** False when the shop had no orders before this import (see `beginCopyBatches`). */
  lookForStored = true,
): Promise<BatchCounts> {
  if (batch.count === 0) return { inserted: 0, updated: 0, unchanged: 0 };
  await copyIn(client, "import_stage_orders", batch.orders.bytes());
  await copyIn(client, "import_stage_lines", batch.lines.bytes());
  // (an order number repeated in a later batch of the same import is still caught by the
  // insert's conflict clause below, and its customer was noted when first written)
  const unchanged = lookForStored ? await dropUnchanged(db, shopId) : 0;
  if (unchanged === batch.count) {
    await sql`truncate import_stage_orders, import_stage_lines`.execute(db);
    return { inserted: 0, updated: 0, unchanged };
  }

  // New customers take the details of their first order in the batch, and the statistics of
  // their orders in the batch: all the orders they have so far. The refresh at the end still
  // recomputes every touched customer, but finds nothing to write for a buyer whose orders
  // all came in one batch, which spares most one-order buyers a second row version.
  await sql`
    insert into customers (shop_id, external_id, name, phone, province, city, district,
      first_paid_at, last_paid_at, paid_orders, paid_fen, refund_fen)
    select ${shopId}, f.buyer, f.receiver_name, f.receiver_phone, f.province, f.city, f.district,
      'epoch'::timestamptz + a.first_ms * interval '1 millisecond',
      'epoch'::timestamptz + a.last_ms * interval '1 millisecond',
      a.paid_orders, a.paid_fen, a.refund_fen
    from import_stage_orders f
    join (
      select s.buyer,
        min(s.paid_ms) filter (where ${STAGED_PAID}) as first_ms,
        max(s.paid_ms) filter (where ${STAGED_PAID}) as last_ms,
        count(*) filter (where ${STAGED_PAID})::int as paid_orders,
        coalesce(sum(s.paid_fen) filter (where ${STAGED_PAID}), 0)::bigint as paid_fen,
        coalesce(sum(s.refund_fen), 0)::bigint as refund_fen
      from import_stage_orders s where s.buyer is not null group by s.buyer
    ) a on a.buyer = f.buyer
    where f.first_of_buyer
    order by f.seq
    on conflict (shop_id, external_id) do nothing
  `.execute(db);

  const ts = (c: string) => sql.raw(`'epoch'::timestamptz + s.${c} * interval '1 millisecond'`);
  const c = await sql<{ inserted: number; written: number }>`
    with w as (
      insert into orders (shop_id, order_no, customer_id, status, source, list_fen, discount_fen,
        shipping_fen, payable_fen, paid_fen, refund_fen, created_at, paid_at, shipped_at,
        completed_at, closed_at, carrier, tracking_no, receiver_name, receiver_phone, province,
        city, district, address, buyer_message, import_hash)
      select ${shopId}, s.order_no,
        (select c.id from customers c where c.shop_id = ${shopId} and c.external_id = s.buyer),
        s.status, ${source}, s.list_fen, s.discount_fen, s.shipping_fen, s.payable_fen,
        s.paid_fen, s.refund_fen, ${ts("created_ms")}, ${ts("paid_ms")}, ${ts("shipped_ms")},
        ${ts("completed_ms")}, ${ts("closed_ms")}, s.carrier, s.tracking_no, s.receiver_name,
        s.receiver_phone, s.province, s.city, s.district, s.address, s.buyer_message, s.import_hash
      from import_stage_orders s
      order by s.seq
      ${orderUpsert}
    ),
    i as (insert into import_written select id, order_no, customer_id, inserted from w returning inserted),
    t as (
      insert into import_touched_customers
      select distinct customer_id from w where customer_id is not null
      on conflict do nothing
    )
    select (count(*) filter (where inserted))::int as inserted, count(*)::int as written from i
  `.execute(db);
  const inserted = c.rows[0]?.inserted ?? 0;
  const written = c.rows[0]?.written ?? 0;
  if (written > 0) {
    if (written > inserted) {
      await sql`
        delete from order_lines where shop_id = ${shopId}
          and order_id = any(array(select id from import_written where not inserted))
      `.execute(db);
    }
    await sql`
      insert into order_lines (shop_id, order_id, line_no, sku_id, sku_code, title,
        unit_price_fen, quantity, list_fen, discount_fen, payable_fen)
      select ${shopId}, w.id, l.line_no, k.id, l.sku_code, l.title, l.unit_price_fen,
        l.quantity, l.list_fen, l.discount_fen, l.payable_fen
      from import_stage_lines l
      join import_written w on w.order_no = l.order_no
      left join skus k on k.shop_id = ${shopId} and k.code = l.sku_code
      order by w.id, l.line_no
    `.execute(db);
  }
  await sql`truncate import_stage_orders, import_stage_lines, import_written`.execute(db);
  return { inserted, updated: written - inserted, unchanged: batch.count - written };
}

/**
 * Orders stored with the same fingerprint are unchanged: drop them from staging before any
 * write (one probe of the order-number index each, as a scalar subquery so it never turns
 * into a scan of the shop's orders); returns how many. The customers of orders about to change
 * are noted, as an order may move to another buyer.
 */
async function dropUnchanged(db: Kysely<DB>, shopId: number): Promise<number> {
  const probe = await sql<{ unchanged: number }>`
    with p as materialized (
      select s.order_no, s.import_hash,
        (select array[o.import_hash, o.customer_id::text] from orders o
          where o.shop_id = ${shopId} and o.order_no = s.order_no) as old
      from import_stage_orders s
    ),
    d as (
      delete from import_stage_orders s using p
      where p.order_no = s.order_no and p.old[1] = s.import_hash
      returning 1
    ),
    t as (
      insert into import_touched_customers
      select distinct p.old[2]::bigint from p
      where p.old[2] is not null and p.old[1] is distinct from p.import_hash
      on conflict do nothing
    )
    select count(*)::int as unchanged from d
  `.execute(db);
  return probe.rows[0]?.unchanged ?? 0;
}
