/**
 * Per-customer order statistics kept on the customer row (first/last paid time, paid order
 * count, paid and refunded amounts), so segment work scores customers instead of re-scanning
 * orders. Every path that writes orders calls `refreshCustomerStats` for the customers it
 * touched, inside its own transaction.
 *
 * A "paid order" has a payment time and was not fully refunded or closed.
 */
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

/** Recomputes the statistics of the given customers of a shop (all of them when omitted). */
export async function refreshCustomerStats(
  db: Kysely<DB>,
  shopId: number,
  customerIds?: readonly number[],
): Promise<void> {
  if (customerIds && customerIds.length === 0) return;
  const only = customerIds ? sql`and c.id = any(${sql.val([...customerIds])}::bigint[])` : sql``;
  const onlyOrders = customerIds
    ? sql`and o.customer_id = any(${sql.val([...customerIds])}::bigint[])`
    : sql``;
  await sql`
    update customers c set
      first_paid_at = s.first_paid_at,
      last_paid_at = s.last_paid_at,
      paid_orders = coalesce(s.paid_orders, 0),
      paid_fen = coalesce(s.paid_fen, 0),
      refund_fen = coalesce(s.refund_fen, 0)
    from customers c2
    left join (
      select o.customer_id,
        min(o.paid_at) filter (where o.paid_at is not null and o.status not in ('refunded','closed')) as first_paid_at,
        max(o.paid_at) filter (where o.paid_at is not null and o.status not in ('refunded','closed')) as last_paid_at,
        count(*) filter (where o.paid_at is not null and o.status not in ('refunded','closed'))::int as paid_orders,
        sum(o.paid_fen) filter (where o.paid_at is not null and o.status not in ('refunded','closed'))::bigint as paid_fen,
        sum(o.refund_fen)::bigint as refund_fen
      from orders o
      where o.shop_id = ${shopId} and o.customer_id is not null ${onlyOrders}
      group by o.customer_id
    ) s on s.customer_id = c2.id
    where c.shop_id = ${shopId} and c2.shop_id = ${shopId} and c2.id = c.id ${only}
  `.execute(db);
}
