/** Shops: the tenant of every business table. */
import type { Kysely } from "kysely";
import type { DB, NewShop, Shop } from "../schema.ts";

export async function listShops(db: Kysely<DB>): Promise<Shop[]> {
  return db.selectFrom("shops").selectAll().orderBy("id").execute();
}

export async function findShopByCode(db: Kysely<DB>, code: string): Promise<Shop | undefined> {
  return db.selectFrom("shops").selectAll().where("code", "=", code).executeTakeFirst();
}

export async function insertShop(db: Kysely<DB>, shop: NewShop): Promise<Shop> {
  return db.insertInto("shops").values(shop).returningAll().executeTakeFirstOrThrow();
}

/** Whether a shop has any order yet (an empty shop can receive the demo data). */
export async function shopHasOrders(db: Kysely<DB>, shopId: number): Promise<boolean> {
  const r = await db
    .selectFrom("orders")
    .select("id")
    .where("shop_id", "=", shopId)
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

export async function findShopById(db: Kysely<DB>, id: number): Promise<Shop | undefined> {
  return db.selectFrom("shops").selectAll().where("id", "=", id).executeTakeFirst();
}
