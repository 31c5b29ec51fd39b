/**
 * Table upkeep after an import: the order tables are vacuumed, so their pages become
 * all-visible (index-only scans for segment conditions) and their statistics fresh.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/adapters/db/database.ts";
import { vacuumOrderTables } from "../src/adapters/db/repositories/maintenance.ts";
import { openTestDatabase, testBackend } from "./helpers/db.ts";
import { addCustomers, createShop, daysBeforeNow } from "./helpers/segments.ts";

describe(`order tables after an import (${testBackend})`, () => {
  let database: Database;

  beforeAll(async () => {
    database = await openTestDatabase();
    const shop = await createShop(database.db, "upkeep");
    await addCustomers(
      database.db,
      shop.id,
      Array.from({ length: 200 }, (_, i) => ({
        externalId: `u${i}`,
        orders: [{ paidAt: daysBeforeNow(1 + (i % 90)), fen: 1000 + i }],
      })),
    );
  });
  afterAll(async () => {
    await database?.close();
  });

  const visible = async (table: string) =>
    (
      await sql<{ pages: number; visible: number; tuples: number }>`
        select relpages as pages, relallvisible as visible, reltuples as tuples
        from pg_class where oid = ${table}::regclass`.execute(database.db)
    ).rows[0]!;

  it("marks the freshly written order pages all-visible and counts their rows", async () => {
    const before = await visible("orders");
    expect(before.visible).toBe(0);
    await vacuumOrderTables(database.db);
    const after = await visible("orders");
    expect(after.pages).toBeGreaterThan(0);
    expect(after.visible).toBe(after.pages);
    expect(Number(after.tuples)).toBe(200);
    expect((await visible("order_lines")).visible).toBe((await visible("order_lines")).pages);
  });
});
