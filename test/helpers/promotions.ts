/** A small shop for promotion tests: three SKUs with price, cost and floor, and customers. */
import { sql } from "kysely";
import type { Database } from "../../src/adapters/db/database.ts";
import { insertShop } from "../../src/adapters/db/repositories/shops.ts";

export interface PromoShop {
  shopId: number;
  code: string;
  customers: number[];
}

/**
 * SKUs: A (100.00, cost 50.00, floor 70.00), B (50.00, cost 20.00), C (30.00, cost 10.00,
 * floor 15.00); `customers` new customers, the first a member.
 */
export async function seedPromoShop(
  database: Database,
  code = "promo",
  customers = 3,
): Promise<PromoShop> {
  const db = database.db;
  const shop = await insertShop(db, { code, name: "促销测试店", platform: "tmall" });
  const product = await db
    .insertInto("products")
    .values({ shop_id: shop.id, code: "P1", title: "围巾", category: "配饰" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("skus")
    .values([
      {
        shop_id: shop.id,
        product_id: product.id,
        code: "A",
        price_fen: 10000,
        cost_fen: 5000,
        floor_price_fen: 7000,
        stock: 100,
      },
      {
        shop_id: shop.id,
        product_id: product.id,
        code: "B",
        price_fen: 5000,
        cost_fen: 2000,
        stock: 100,
      },
      {
        shop_id: shop.id,
        product_id: product.id,
        code: "C",
        price_fen: 3000,
        cost_fen: 1000,
        floor_price_fen: 1500,
        stock: 100,
      },
    ])
    .execute();
  const r = await sql<{ id: number }>`
insert into customers (shop_id, external_id, is_member)
select ${shop.id}, 'c' || g, g = 1 from generate_series(1, ${customers}) g
returning id`.execute(db);
  return { shopId: shop.id, code, customers: r.rows.map((x) => x.id).sort((a, b) => a - b) };
}

/** JSON request helper. */
export function jsonInit(method: string, body?: unknown): RequestInit {
  return {
    method,
    headers: { "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  };
}
