import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DemoShopExistsError, loadDemoShop } from "../src/app/demo/index.ts";
import { generateDemoShop } from "../src/domain/demo/index.ts";
import { openTestDatabase, testBackend } from "./helpers/db.ts";

const OPTIONS = {
  seed: 7,
  customers: 500,
  orders: 3000,
  now: new Date("2026-11-23T10:00:00+08:00"),
} as const;

describe(`demo loader (${testBackend})`, () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  const count = async (table: string, shopId: number): Promise<number> => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(table)} where shop_id = ${shopId}
    `.execute(database.db);
    return Number(rows[0]!.n);
  };

  it("loads exactly what the generator produces and refreshes customer statistics", async () => {
    const phases = new Set<string>();
    const summary = await loadDemoShop(database.db, {
      ...OPTIONS,
      batchSize: 700,
      onProgress: (p) => phases.add(p.phase),
    });
    expect([...phases]).toEqual(["prepare", "catalog", "orders", "stats", "done"]);

    const expected = { customers: 0, consents: 0, orders: 0, lines: 0, events: 0, reviews: 0, afterSales: 0 }; // biome-ignore format: one line
    const demo = generateDemoShop(OPTIONS);
    let paidOrders = 0;
    let paidFen = 0;
    for (const b of demo.batches()) {
      expected.customers += b.customers.length;
      expected.consents += b.customers.reduce((s, c) => s + c.consents.length, 0);
      for (const o of b.orders) {
        expected.orders++;
        expected.lines += o.lines.length;
        expected.events += o.events.length;
        expected.reviews += o.reviews.length;
        expected.afterSales += o.afterSales.length;
        if (o.paidAt !== null && o.status !== "refunded" && o.status !== "closed") {
          paidOrders++;
          paidFen += o.paidFen;
        }
      }
    }
    const id = summary.shopId;
    expect(await count("skus", id)).toBe(demo.skus.length);
    expect(await count("products", id)).toBe(demo.products.length);
    expect(await count("customers", id)).toBe(expected.customers);
    expect(await count("customer_consents", id)).toBe(expected.consents);
    expect(await count("orders", id)).toBe(expected.orders);
    expect(await count("order_lines", id)).toBe(expected.lines);
    expect(await count("logistics_events", id)).toBe(expected.events);
    expect(await count("reviews", id)).toBe(expected.reviews);
    expect(await count("after_sales", id)).toBe(expected.afterSales);
    expect(summary.counts.orders).toBe(3000);
    expect(expected.customers).toBe(500);

    const shop = await database.db
      .selectFrom("shops")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(shop).toMatchObject({ code: "demo", is_demo: true, platform: "tmall" });

    const stats = await database.db
      .selectFrom("customers")
      .select((eb) => [
        eb.fn.sum<number>("paid_orders").as("orders"),
        eb.fn.sum<number>("paid_fen").as("fen"),
      ])
      .where("shop_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(Number(stats.orders)).toBe(paidOrders);
    expect(Number(stats.fen)).toBe(paidFen);

    // References hold even though the loader writes ids it reserved itself.
    const { rows } = await sql<{ bad: number }>`
      select (select count(*) from order_lines l where l.shop_id = ${id}
                and not exists (select 1 from orders o where o.shop_id = l.shop_id and o.id = l.order_id))
           + (select count(*) from orders o where o.shop_id = ${id}
                and not exists (select 1 from customers c where c.shop_id = o.shop_id and c.id = o.customer_id))
           + (select count(*) from after_sales a where a.shop_id = ${id} and a.order_line_id is not null
                and not exists (select 1 from order_lines l where l.shop_id = a.shop_id and l.id = a.order_line_id and l.order_id = a.order_id))
           as bad
    `.execute(database.db); // biome-ignore format: SQL
    expect(Number(rows[0]!.bad)).toBe(0);

    // Secondary indexes dropped for the bulk load on an empty database are back.
    const indexes = await sql<{ name: string }>`
      select indexname as name from pg_indexes where schemaname = current_schema()
    `.execute(database.db);
    expect(indexes.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(["logistics_events_order", "orders_paid", "order_lines_sku", "customers_phone"]), // biome-ignore format: one line
    );

    // Identity sequences moved past the reserved ids: an ordinary insert still works.
    const extra = await database.db
      .insertInto("customers")
      .values({ shop_id: id, external_id: "after-demo" })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(extra.id).toBeGreaterThan(0);
    await database.db.deleteFrom("customers").where("id", "=", extra.id).execute();
  });

  it("refuses to load twice without replace, and changes nothing", async () => {
    const before = await database.db
      .selectFrom("orders")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("id").as("max")])
      .executeTakeFirstOrThrow();
    const attempt = loadDemoShop(database.db, { ...OPTIONS, seed: 8 });
    await expect(attempt).rejects.toBeInstanceOf(DemoShopExistsError);
    await expect(attempt).rejects.toThrow(/已有数据.*--replace/);
    const after = await database.db
      .selectFrom("orders")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("id").as("max")])
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it("replaces the demo data when asked, next to another shop's data", async () => {
    const other = await database.db
      .insertInto("shops")
      .values({ code: "other", name: "另一家店", platform: "jd" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto("customers")
      .values({ shop_id: other.id, external_id: "jd_buyer" })
      .execute();
    const summary = await loadDemoShop(database.db, {
      ...OPTIONS,
      customers: 100,
      orders: 400,
      replace: true,
    });
    expect(await count("orders", summary.shopId)).toBe(400);
    expect(await count("customers", summary.shopId)).toBe(100);
    const shops = await database.db.selectFrom("shops").select("id").where("code", "=", "demo").execute(); // biome-ignore format: one line
    expect(shops).toHaveLength(1);
    expect(await count("customers", other.id)).toBe(1);
    const indexes = await sql<{ name: string }>`
      select indexname as name from pg_indexes where schemaname = current_schema()
    `.execute(database.db);
    expect(indexes.rows.map((r) => r.name)).toContain("logistics_events_order");
  });
});
