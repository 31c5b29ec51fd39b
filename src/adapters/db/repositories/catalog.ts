/** Products and SKUs. */
import { type Kysely, sql } from "kysely";
import type { DB } from "../schema.ts";

export interface SkuListQuery {
  shopId: number;
  q?: string | undefined;
  category?: string | undefined;
  heroOnly?: boolean | undefined;
  page: number;
  pageSize: number;
}

export async function listSkus(db: Kysely<DB>, query: SkuListQuery) {
  let base = db
    .selectFrom("skus")
    .innerJoin("products", (j) =>
      j.onRef("products.shop_id", "=", "skus.shop_id").onRef("products.id", "=", "skus.product_id"),
    )
    .where("skus.shop_id", "=", query.shopId);
  if (query.q) {
    const like = `%${query.q}%`;
    base = base.where((eb) =>
      eb.or([eb("products.title", "ilike", like), eb("skus.code", "ilike", like)]),
    );
  }
  if (query.category) base = base.where("products.category", "=", query.category);
  if (query.heroOnly) base = base.where("skus.is_hero", "=", true);
  const total = await base
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin(
      db
        .selectFrom("order_lines")
        .select([
          "sku_id",
          sql<number>`sum(quantity)::bigint`.as("units"),
          sql<number>`sum(payable_fen)::bigint`.as("gmv_fen"),
        ])
        .where("shop_id", "=", query.shopId)
        .groupBy("sku_id")
        .as("sales"),
      "sales.sku_id",
      "skus.id",
    )
    .select([
      "skus.id",
      "skus.code",
      "skus.spec",
      "skus.price_fen",
      "skus.cost_fen",
      "skus.floor_price_fen",
      "skus.stock",
      "skus.is_hero",
      "products.title",
      "products.category",
      sql<number>`coalesce(sales.units, 0)`.as("units_sold"),
      sql<number>`coalesce(sales.gmv_fen, 0)`.as("gmv_fen"),
    ])
    .orderBy("skus.is_hero", "desc")
    .orderBy(sql`coalesce(sales.gmv_fen, 0)`, "desc")
    .orderBy("skus.id")
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { total: Number(total.n), rows };
}

export async function listCategories(db: Kysely<DB>, shopId: number): Promise<string[]> {
  const rows = await db
    .selectFrom("products")
    .select("category")
    .distinct()
    .where("shop_id", "=", shopId)
    .orderBy("category")
    .execute();
  return rows.map((r) => r.category);
}
