/**
 * Derived segment tables without per-row foreign-key checks: `customer_scores` and
 * `segment_members` are rewritten set-based by a refresh (a million rows at a time), and a
 * foreign-key trigger per row would dominate that. Deleting a segment deletes its members
 * explicitly; member listings join `customers`, so a score or member row can never show a
 * customer that does not exist.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table customer_scores drop constraint if exists customer_scores_shop_id_customer_id_fkey;
alter table segment_members drop constraint if exists segment_members_shop_id_segment_id_fkey;
`.execute(db);
}
