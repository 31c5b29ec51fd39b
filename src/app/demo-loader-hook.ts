/** Loads the demo shop on first start: history up to the current minute, progress on stderr. */
import type { Database } from "../adapters/db/database.ts";
import type { Config } from "./config.ts";

export async function loadDemoOnStart(database: Database, config: Config): Promise<void> {
  const { loadDemoShop } = await import("./demo/index.ts");
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  let last = 0;
  const summary = await loadDemoShop(database.db, {
    seed: config.demoSeed,
    customers: config.demoCustomers,
    orders: config.demoOrders,
    now,
    onProgress: ({ phase, done, total }) => {
      const t = performance.now();
      if (phase !== "orders" || t - last < 5000) return;
      last = t;
      process.stderr.write(`正在载入演示店铺 / loading demo shop: ${done}/${total} orders\n`);
    },
  });
  process.stderr.write(
    `演示店铺已载入 / demo shop loaded: ${summary.counts.orders} orders, ${summary.counts.customers} customers in ${summary.seconds.toFixed(1)} s\n`,
  );
}
