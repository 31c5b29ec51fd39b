/**
 * Per-customer order statistics kept on the customer row (first/last paid time, paid order
 * count, paid and refunded amounts), so segment work scores customers instead of re-scanning
 * orders. Every path that writes orders calls `refreshCustomerStats` (or, for a set of ids
 * held in a table, `refreshCustomerStatsOf`) for the customers it touched, inside its own
 * transaction. Only rows whose statistics actually change are written.
 *
 * A "paid order" has a payment time and was not fully refunded or closed.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../schema.ts";

const PAID = sql.raw(`o.paid_at is not null and o.status not in ('refunded','closed')`);

/** The five statistics of the orders `o` in a group (no orders → nulls and zeros). */
const aggregates = sql`
  min(o.paid_at) filter (where ${PAID}) as first_paid_at,
  max(o.paid_at) filter (where ${PAID}) as last_paid_at,
  count(*) filter (where ${PAID})::int as paid_orders,
  coalesce(sum(o.paid_fen) filter (where ${PAID}), 0)::bigint as paid_fen,
  coalesce(sum(o.refund_fen), 0)::bigint as refund_fen`;

const changed = sql`(c.first_paid_at, c.last_paid_at, c.paid_orders, c.paid_fen, c.refund_fen)
  is distinct from (s.first_paid_at, s.last_paid_at, s.paid_orders, s.paid_fen, s.refund_fen)`;

const assign = sql`first_paid_at = s.first_paid_at, last_paid_at = s.last_paid_at,
  paid_orders = s.paid_orders, paid_fen = s.paid_fen, refund_fen = s.refund_fen`;

/** Recomputes the statistics of the given customers of a shop (all of them when omitted). */
export async function refreshCustomerStats(
  db: Kysely<DB>,
  shopId: number,
  customerIds?: readonly number[],
): Promise<void> {
  if (customerIds) {
    if (customerIds.length === 0) return;
    await refreshCustomerStatsOf(
      db,
      shopId,
      sql`select unnest(${sql.val([...customerIds])}::bigint[])`,
    );
    return;
  }
  // the whole shop: one aggregate over its orders, joined to every customer
  await sql`
    update customers c set ${assign}
    from (
      select c2.id,
        s.first_paid_at, s.last_paid_at, coalesce(s.paid_orders, 0) as paid_orders,
        coalesce(s.paid_fen, 0)::bigint as paid_fen, coalesce(s.refund_fen, 0)::bigint as refund_fen
      from customers c2
      left join (
        select o.customer_id, ${aggregates}
        from orders o
        where o.shop_id = ${shopId} and o.customer_id is not null
        group by o.customer_id
      ) s on s.customer_id = c2.id
      where c2.shop_id = ${shopId}
    ) s
    where c.shop_id = ${shopId} and c.id = s.id and ${changed}
  `.execute(db);
}

/**
 * Recomputes the statistics of the customers whose ids `ids` selects (one column, duplicates
 * allowed): one aggregate over those customers' orders, and only rows that change are
 * written. Never touches the rest of the shop, however many ids there are.
 */
export async function refreshCustomerStatsOf(
  db: Kysely<DB>,
  shopId: number,
  ids: RawBuilder<unknown>,
): Promise<void> {
  await sql`
    update customers c set ${assign}
    from (
      select t.id, ${aggregates}
      from (select distinct id from (${ids}) x(id) where id is not null) t
      left join orders o on o.shop_id = ${shopId} and o.customer_id = t.id
      group by t.id
    ) s
    where c.shop_id = ${shopId} and c.id = s.id and ${changed}
  `.execute(db);
}
