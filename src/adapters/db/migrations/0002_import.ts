/**
 * Order import bookkeeping: a fingerprint of what an import wrote for an order (so the same
 * file imported again leaves it untouched), and progress fields on import jobs.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table orders add column import_hash text;
alter table import_jobs
  add column updated integer not null default 0,
  add column bytes_read bigint not null default 0,
  add column total_bytes bigint;
`.execute(db);
}
