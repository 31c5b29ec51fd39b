/** First start: an empty database gets the demo shop so there is something to look at. */
import type { Database } from "../adapters/db/database.ts";
import { listShops } from "../adapters/db/repositories/shops.ts";
import type { Config } from "./config.ts";

export async function ensureDemoShop(database: Database, config: Config): Promise<void> {
  if ((await listShops(database.db)).length > 0) return;
  const { loadDemoOnStart } = await import("./demo-loader-hook.ts");
  await loadDemoOnStart(database, config);
}
