/**
 * `dacu demo`: generates the demo shop (大促示范旗舰店) and loads it into the database.
 */
import type { Command } from "commander";
import { CliError } from "../errors.ts";

interface DemoCliOptions {
  seed: string;
  customers: string;
  orders: string;
  replace?: boolean;
  now?: string;
  json?: boolean;
}

function count(name: string, value: string, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 0 || n > max)
    throw new CliError(
      `--${name} 必须是 0 到 ${max} 的整数（收到 "${value}"）/ --${name} must be an integer from 0 to ${max} (got "${value}")`,
    );
  return n;
}

/** `--now`: a date (`2026-11-23`, midnight in Asia/Shanghai) or an ISO time. */
export function parseNow(
  value: string | undefined,
  wallClock: () => Date = () => new Date(),
): Date {
  if (value === undefined) {
    const d = wallClock();
    return new Date(Math.floor(d.getTime() / 60_000) * 60_000);
  }
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value;
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime()))
    throw new CliError(
      `--now 必须是日期（如 2026-11-23）或 ISO 时间（收到 "${value}"）/ --now must be a date (e.g. 2026-11-23) or an ISO time (got "${value}")`,
    );
  return d;
}

function formatYuan(fen: number): string {
  return (fen / 100).toLocaleString("en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
}

export function register(program: Command): void {
  program
    .command("demo")
    .description("Generate and load the demo shop / 生成并载入演示店铺数据")
    .option("--seed <n>", "random seed / 随机种子", "42")
    .option("--customers <n>", "number of customers / 顾客数", "20000")
    .option("--orders <n>", "number of orders over two years / 两年订单数", "150000")
    .option("--now <date>", "end of the history (default: now) / 数据截止时间（默认当前）")
    .option("--replace", "replace the existing demo shop data / 覆盖已有演示数据")
    .option("--json", "print the summary as JSON / 以 JSON 输出摘要")
    .action(async (opts: DemoCliOptions) => {
      const seedText = opts.seed.trim();
      const seed = /^-?\d+$/.test(seedText) ? Number(seedText) : Number.NaN;
      if (!Number.isSafeInteger(seed) || Math.abs(seed) > 2 ** 31)
        throw new CliError(
          `--seed 必须是整数（收到 "${opts.seed}"）/ --seed must be an integer (got "${opts.seed}")`,
        );
      const { MAX_DEMO_CUSTOMERS, MAX_DEMO_ORDERS } = await import("../../domain/demo/index.ts");
      const customers = count("customers", opts.customers, MAX_DEMO_CUSTOMERS);
      const orders = count("orders", opts.orders, MAX_DEMO_ORDERS);
      if (orders > 0 && customers === 0)
        throw new CliError(
          "--customers 在有订单时必须大于 0 / --customers must be above 0 when there are orders",
        );
      const now = parseNow(opts.now);

      const { openDatabase } = await import("../../adapters/db/database.ts");
      const { loadDemoShop, loadDemoCampaigns, DemoShopExistsError, NotADemoShopError } =
        await import("../../app/demo/index.ts");
      const database = await openDatabase();
      let lastLine = 0;
      try {
        const summary = await loadDemoShop(database.db, {
          seed,
          customers,
          orders,
          now,
          replace: opts.replace === true,
          onProgress: ({ phase, done, total }) => {
            const t = performance.now();
            if (phase === "orders" && done < total && t - lastLine < 1000) return;
            lastLine = t;
            const pct = total > 0 ? Math.floor((done / total) * 100) : 100;
            process.stderr.write(`demo: ${phase} ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} (${pct}%)\n`); // biome-ignore format: one line
          },
        });
        const campaigns = await loadDemoCampaigns(database.db, {
          shopId: summary.shopId,
          seed,
          now,
        });
        if (opts.json) {
          process.stdout.write(
            `${JSON.stringify({ ...summary, campaigns, database: database.kind }, null, 2)}\n`,
          );
          return;
        }
        const c = summary.counts;
        const lines = [
          `演示店铺 / demo shop: ${summary.shopName} (${summary.shopCode}, id ${summary.shopId}) on ${database.kind} ${database.location}`, // biome-ignore format: one line
          `  seed ${summary.seed}, ${summary.from.slice(0, 10)} … ${summary.now}`,
          `  SKUs ${c.skus} (${c.products} products), customers ${c.customers}, consents ${c.consents}`,
          `  orders ${c.orders} (paid ${c.paidOrders}), lines ${c.lines}, logistics events ${c.logisticsEvents}`, // biome-ignore format: one line
          `  reviews ${c.reviews}, after-sales ${c.afterSales}, refunded orders ${c.refundOrders}`,
          `  GMV ¥${formatYuan(summary.gmvFen)}, refunds ¥${formatYuan(summary.refundFen)}`,
          ...(campaigns.skipped === "no_owner"
            ? [
                "  活动 / campaigns: 未创建：还没有店主账号；先运行一次 dacu start（或 dacu users add <名字> --role owner），再 dacu demo --replace / not created: no owner account yet; run dacu start once (or dacu users add <name> --role owner), then dacu demo --replace", // biome-ignore format: one line
              ]
            : campaigns.campaigns.map(
                (x) =>
                  `  活动 / campaign: ${x.name} (${x.peakDate}, ${x.status}, id ${x.id}) ${x.promotions} promotions, tasks ${x.tasksDone}/${x.tasks} done`, // biome-ignore format: one line
              )),
          `  用时 / took ${summary.seconds.toFixed(1)} s + ${(campaigns.ms / 1000).toFixed(1)} s`,
        ];
        process.stdout.write(`${lines.join("\n")}\n`);
      } catch (err) {
        if (err instanceof DemoShopExistsError || err instanceof NotADemoShopError)
          throw new CliError(err.message, 1);
        throw err;
      } finally {
        await database.close();
      }
    });
}
