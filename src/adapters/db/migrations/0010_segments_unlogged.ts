/**
 * Derived segment data without WAL: `customer_scores` (RFM scores, recomputed by every
 * refresh from the customer statistics) and `segment_members` (recomputed from each saved
 * definition) become UNLOGGED — a first refresh writes a million rows of each kind, and
 * logging them cost about as much as computing them. PostgreSQL empties unlogged tables
 * after a crash; the app detects that and rebuilds (docs/adr/0007). The size history
 * (`segment_history`), the definitions and the scoring runs stay logged.
 *
 * `customer_scores` also leaves half of each page free, so a refresh that changes most
 * customers' scores (new settings, a big import) updates them in place (HOT) instead of
 * adding a primary-key entry per row.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table customer_scores set (fillfactor = 50);
alter table customer_scores set unlogged;
alter table segment_members set unlogged;
`.execute(db);
}
