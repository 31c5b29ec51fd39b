/**
 * `dacu export`: a shop's orders as a Taobao-style 订单报表 CSV (optionally with 宝贝报表)
 * or XLSX, optionally only those created between two dates (shop-local, inclusive).
 */
import type { Command } from "commander";
import { CliError } from "../errors.ts";

interface ExportCliOptions {
  shop?: string;
  format?: string;
  out?: string;
  details?: string;
  from?: string;
  to?: string;
  json?: boolean;
}

function bad(zh: string, en: string): CliError {
  return new CliError(`${zh} / ${en}`, 2);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function register(program: Command): void {
  program
    .command("export")
    .description("Export orders to a file / 导出订单")
    .option("--shop <code>", "shop code / 店铺代码")
    .option("--format <format>", "taobao | xlsx", "taobao")
    .option("--out <file>", "订单报表 output file / 输出文件")
    .option("--details <file>", "also write 宝贝报表 to this file / 同时导出宝贝报表")
    .option("--from <date>", "created on or after YYYY-MM-DD (shop time) / 起始日期")
    .option("--to <date>", "created on or before YYYY-MM-DD (shop time) / 截止日期")
    .option("--json", "print the result as JSON / 以 JSON 输出结果")
    .action(async (opts: ExportCliOptions) => {
      if (!opts.shop) throw bad("缺少选项 --shop", "option --shop is required");
      if (!opts.out) throw bad("缺少选项 --out", "option --out is required");
      const format = opts.format;
      if (format !== "taobao" && format !== "xlsx")
        throw bad(
          `选项 --format 无效：${format}（可选 taobao、xlsx）`,
          `invalid --format ${format} (taobao or xlsx)`,
        );
      for (const [name, v] of [
        ["--from", opts.from],
        ["--to", opts.to],
      ] as const) {
        if (v !== undefined && (!DATE.test(v) || Number.isNaN(Date.parse(v))))
          throw bad(
            `选项 ${name} 应为 YYYY-MM-DD：${v}`,
            `option ${name} must be YYYY-MM-DD: ${v}`,
          );
      }
      if (opts.from && opts.to && opts.from > opts.to)
        throw bad("选项 --from 晚于 --to", "option --from is after --to");
      const { openDatabase } = await import("../../adapters/db/database.ts");
      const { findShopByCode } = await import("../../adapters/db/repositories/order-import.ts");
      const { exportOrders } = await import("../../app/export/export-orders.ts");
      const { parseLocalTime } = await import("../../domain/import/time.ts");
      const database = await openDatabase();
      try {
        const shop = await findShopByCode(database.db, opts.shop);
        if (!shop) throw bad(`店铺 ${opts.shop} 不存在`, `shop ${opts.shop} does not exist`);
        const from = opts.from ? new Date(parseLocalTime(opts.from, shop.timeZone)!) : undefined;
        let to: Date | undefined;
        if (opts.to) {
          const end = new Date(`${opts.to}T00:00:00Z`);
          end.setUTCDate(end.getUTCDate() + 1);
          to = new Date(parseLocalTime(end.toISOString().slice(0, 10), shop.timeZone)!);
        }
        const result = await exportOrders(database.db, {
          shopId: shop.id,
          format,
          out: opts.out,
          detailsOut: opts.details,
          from,
          to,
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else
          process.stdout.write(
            `导出完成 / exported: ${result.orders} 个订单/orders, ${result.lines} 个商品行/lines → ${result.files.join(", ")}\n`,
          );
      } finally {
        await database.close();
      }
    });
}
