/**
 * Segment conditions over a period ("bought in the last 30 days", new vs returning, layers)
 * read orders by payment time and need only the customer, status and paid amount: carrying
 * those in the payment-time index lets PostgreSQL answer from the index alone, instead of
 * visiting every heap page that holds an order of the period.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index if exists orders_paid;
create index orders_paid on orders (shop_id, paid_at) include (customer_id, status, paid_fen);
`.execute(db);
}
