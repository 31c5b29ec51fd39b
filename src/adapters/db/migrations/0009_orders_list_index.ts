/**
 * `orders_status (shop_id, status, created_at)` goes: every order written (an import writes
 * hundreds of thousands) paid for it, and its one reader, the order list filtered by status,
 * does as well with `orders_created`. That list counts its matches for the total anyway, which
 * for the unfiltered list already means every order of the shop; filtered by status it now
 * walks `orders_created` backwards and keeps the matching rows, so it costs at most what the
 * unfiltered list costs. The other secondary indexes of `orders` each serve queries that
 * nothing else serves: `orders_created` (list order, export range), `orders_paid` (overview,
 * segments, outreach windows), `orders_customer` (customer statistics, timelines, attribution).
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists orders_status`.execute(db);
}
