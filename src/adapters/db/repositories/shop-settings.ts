/** Per-shop settings (key → JSON): custom calendar nodes, segment parameters, feed tokens … */
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

export async function getShopSetting<T>(
  db: Kysely<DB>,
  shopId: number,
  key: string,
): Promise<T | undefined> {
  const r = await db
    .selectFrom("shop_settings")
    .select("value")
    .where("shop_id", "=", shopId)
    .where("key", "=", key)
    .executeTakeFirst();
  return r?.value as T | undefined;
}

export async function setShopSetting(
  db: Kysely<DB>,
  shopId: number,
  key: string,
  value: unknown,
): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto("shop_settings")
    .values({ shop_id: shopId, key, value: json })
    .onConflict((oc) =>
      oc.columns(["shop_id", "key"]).doUpdateSet({ value: json, updated_at: new Date() }),
    )
    .execute();
}
