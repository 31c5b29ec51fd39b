/** Loads the demo shop into an empty database at first start, showing progress. */
import type { Database } from "../adapters/db/database.ts";
import type { Config } from "./config.ts";
import { loadDemoCampaigns, loadDemoShop } from "./demo/index.ts";

export async function loadDemoOnStart(database: Database, config: Config): Promise<void> {
  const tty = process.stderr.isTTY;
  let last = -1;
  process.stderr.write("正在生成示范店铺 / generating the demo shop …\n");
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const summary = await loadDemoShop(database.db, {
    seed: config.demoSeed,
    customers: config.demoCustomers,
    orders: config.demoOrders,
    now,
    onProgress: (p) => {
      if (p.phase !== "orders" || p.total === 0) return;
      const pct = Math.floor((p.done / p.total) * 100);
      if (pct === last || (!tty && pct % 25 !== 0)) return;
      last = pct;
      process.stderr.write(
        tty
          ? `\r  订单 orders ${p.done}/${p.total} (${pct}%)`
          : `  订单 orders ${p.done}/${p.total} (${pct}%)\n`,
      );
    },
  });
  if (tty) process.stderr.write("\n");
  const campaigns = await loadDemoCampaigns(database.db, {
    shopId: summary.shopId,
    seed: config.demoSeed,
    now,
  });
  process.stderr.write(
    `示范店铺已就绪 / demo shop ready: ${summary.counts.orders} 订单 orders, ${summary.counts.customers} 客户 customers, ${summary.counts.skus} SKU, ${campaigns.campaigns.length} 活动 campaigns (${summary.seconds.toFixed(1)} s + ${(campaigns.ms / 1000).toFixed(1)} s)\n`,
  );
}
