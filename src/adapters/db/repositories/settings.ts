/** Small instance-wide settings (key → JSON). */
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

export async function getSetting<T>(db: Kysely<DB>, key: string): Promise<T | undefined> {
  const r = await db
    .selectFrom("app_settings")
    .select("value")
    .where("key", "=", key)
    .executeTakeFirst();
  return r?.value as T | undefined;
}

export async function setSetting(db: Kysely<DB>, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto("app_settings")
    .values({ key, value: json })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: json, updated_at: new Date() }))
    .execute();
}

/** Every setting whose key starts with `prefix`, in key order. */
export async function listSettingsWithPrefix<T>(
  db: Kysely<DB>,
  prefix: string,
): Promise<{ key: string; value: T }[]> {
  const rows = await db
    .selectFrom("app_settings")
    .select(["key", "value"])
    .where("key", "like", `${prefix.replace(/[%_\\]/g, "\\$&")}%`)
    .orderBy("key")
    .execute();
  return rows.map((r) => ({ key: r.key, value: r.value as T }));
}
