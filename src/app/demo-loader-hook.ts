/** Loads the demo shop (filled in by the demo generator module). */
import type { Database } from "../adapters/db/database.ts";
import { insertShop } from "../adapters/db/repositories/shops.ts";
import type { Config } from "./config.ts";

export async function loadDemoOnStart(database: Database, _config: Config): Promise<void> {
  await insertShop(database.db, {
    code: "demo",
    name: "大促示范旗舰店",
    platform: "tmall",
    is_demo: true,
  });
}
