/**
 * Table upkeep after bulk writes. A large import leaves the order tables' visibility map empty
 * and their statistics stale until autovacuum comes by (and PGlite has no autovacuum at all),
 * so segment conditions on paid time or amount read the order heap instead of an index alone.
 * VACUUM cannot run inside a transaction: call this after the import has committed.
 */
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

/** The tables a bulk order import writes, vacuumed and analysed. */
const ORDER_TABLES = ["orders", "order_lines", "customers"] as const;

export async function vacuumOrderTables(db: Kysely<DB>): Promise<void> {
  for (const t of ORDER_TABLES) await sql`vacuum (analyze) ${sql.table(t)}`.execute(db);
}
