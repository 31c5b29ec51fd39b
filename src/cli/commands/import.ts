/**
 * `dacu import`: orders from a Taobao/Tmall 订单报表 (with its 宝贝报表), a generic CSV/XLSX
 * with a column mapping, or a JSON file, into a shop. Exit 0 when imported, 1 when the file
 * was refused (bad records; nothing written), 2 for bad options.
 */
import type { Command } from "commander";
import { CliError } from "../errors.ts";

interface ImportCliOptions {
  shop?: string;
  format?: string;
  details?: string;
  mapping?: string;
  mappingFile?: string;
  validOnly?: boolean;
  json?: boolean;
  createShop?: string;
  platform?: string;
}

const FORMATS = ["taobao", "csv", "xlsx", "json"] as const;
const PLATFORMS = ["tmall", "taobao", "jd", "douyin", "own"] as const;

function bad(zh: string, en: string): CliError {
  return new CliError(`${zh} / ${en}`, 2);
}

export function register(program: Command): void {
  program
    .command("import")
    .description("Import orders from a file / 从文件导入订单")
    .argument("<file>", "order file / 订单文件")
    .option("--shop <code>", "shop code / 店铺代码")
    .option("--format <format>", "taobao | csv | xlsx | json", "taobao")
    .option("--details <file>", "Taobao 宝贝报表 imported with the orders / 宝贝报表")
    .option("--mapping <name>", "saved column mapping (csv/xlsx) / 已保存的列映射")
    .option(
      "--mapping-file <file>",
      "column mapping JSON; saved as --mapping when named / 列映射 JSON 文件",
    )
    .option("--valid-only", "import the valid records, report the bad / 只导入有效记录")
    .option("--create-shop <name>", "create the shop when missing / 店铺不存在时创建")
    .option("--platform <platform>", "platform of a created shop (default tmall) / 新店铺的平台")
    .option("--json", "print the result as JSON / 以 JSON 输出结果")
    .action(async (file: string, opts: ImportCliOptions) => {
      const { existsSync, readFileSync, statSync } = await import("node:fs");
      if (!opts.shop) throw bad("缺少选项 --shop", "option --shop is required");
      const format = opts.format as (typeof FORMATS)[number];
      if (!FORMATS.includes(format))
        throw bad(
          `选项 --format 无效：${opts.format}（可选 ${FORMATS.join("、")}）`,
          `invalid --format ${opts.format} (one of ${FORMATS.join(", ")})`,
        );
      if (!existsSync(file) || !statSync(file).isFile())
        throw bad(`文件不存在：${file}`, `file not found: ${file}`);
      if (opts.details && format !== "taobao")
        throw bad(
          "选项 --details 只用于 --format taobao",
          "option --details only goes with --format taobao",
        );
      if (opts.details && !existsSync(opts.details))
        throw bad(
          `选项 --details 的文件不存在：${opts.details}`,
          `--details file not found: ${opts.details}`,
        );
      if ((opts.mapping || opts.mappingFile) && format !== "csv" && format !== "xlsx")
        throw bad(
          "选项 --mapping 只用于 --format csv 或 xlsx",
          "option --mapping only goes with --format csv or xlsx",
        );
      const platform = (opts.platform ?? "tmall") as (typeof PLATFORMS)[number];
      if (!PLATFORMS.includes(platform))
        throw bad(`选项 --platform 无效：${opts.platform}`, `invalid --platform ${opts.platform}`);
      if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(opts.shop))
        throw bad(`选项 --shop 无效：${opts.shop}`, `invalid --shop ${opts.shop}`);

      const { genericMappingSchema } = await import("../../domain/import/generic.ts");
      let mappingFromFile: ReturnType<typeof genericMappingSchema.parse> | undefined;
      if (opts.mappingFile) {
        try {
          mappingFromFile = genericMappingSchema.parse(
            JSON.parse(readFileSync(opts.mappingFile, "utf8")),
          );
        } catch (err) {
          const m = err instanceof Error ? err.message : String(err);
          throw bad(
            `选项 --mapping-file 的映射无效：${m}`,
            `invalid mapping in --mapping-file: ${m}`,
          );
        }
      }

      const { openDatabase } = await import("../../adapters/db/database.ts");
      const repo = await import("../../adapters/db/repositories/order-import.ts");
      const database = await openDatabase();
      try {
        let shop = await repo.findShopByCode(database.db, opts.shop);
        if (!shop) {
          if (!opts.createShop)
            throw bad(
              `店铺 ${opts.shop} 不存在（可用 --create-shop 名称 创建）`,
              `shop ${opts.shop} does not exist (use --create-shop NAME)`,
            );
          shop = await repo.createShop(database.db, {
            code: opts.shop,
            name: opts.createShop,
            platform,
          });
        }
        let mapping = mappingFromFile;
        if (opts.mapping && mappingFromFile) {
          await repo.saveImportMapping(database.db, shop.id, opts.mapping, mappingFromFile);
        } else if (opts.mapping) {
          const saved = await repo.findImportMapping(database.db, shop.id, opts.mapping);
          if (!saved)
            throw bad(
              `选项 --mapping：店铺没有名为 ${opts.mapping} 的映射`,
              `--mapping: the shop has no mapping named ${opts.mapping}`,
            );
          mapping = genericMappingSchema.parse(saved);
        }

        let result: import("../../app/import/import-orders.ts").ImportResult;
        if (format === "json") {
          let orders: unknown;
          try {
            orders = JSON.parse(readFileSync(file, "utf8"));
          } catch (err) {
            throw bad(
              `文件不是有效的 JSON：${(err as Error).message}`,
              `the file is not valid JSON: ${(err as Error).message}`,
            );
          }
          if (!Array.isArray(orders))
            throw bad("JSON 文件应为订单数组", "the JSON file must hold an array of orders");
          const { importJsonOrders } = await import("../../app/import/import-orders.ts");
          result = await importJsonOrders(database.db, shop.id, orders, {
            validOnly: opts.validOnly,
          });
        } else {
          const { importOrderFile } = await import("../../app/import/import-orders.ts");
          const { createProgressBar } = await import("../progress.ts");
          const bar = createProgressBar(process.stderr);
          result = await importOrderFile(database, {
            shopId: shop.id,
            format,
            input: { path: file },
            details: opts.details ? { path: opts.details } : undefined,
            mapping,
            validOnly: opts.validOnly,
            onProgress: (p) => bar.update(p.phase, p.rowsRead, p.bytesRead, p.totalBytes),
          });
          bar.done();
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else printResult(result);
        if (result.status === "done" && result.inserted + result.updated > 0) {
          // Segments follow the new orders: queue a refresh for the running server's worker
          // (or the next `dacu start`), as an import through the web UI does.
          const { startQueue } = await import("../../adapters/queue/boss.ts");
          const { enqueueSegmentRefresh } = await import("../../app/segments/schedule.ts");
          const boss = await startQueue(database, { schedule: false });
          try {
            await enqueueSegmentRefresh(boss, shop.id, "import");
            if (!opts.json)
              console.log("客户分层将在后台刷新 / segments will be refreshed in the background");
          } finally {
            await boss.stop({ graceful: false, wait: true });
          }
        }
        if (result.status === "rejected") process.exitCode = 1;
        if (result.status === "failed") throw new CliError(result.message ?? "import failed", 1);
      } finally {
        await database.close();
      }
    });
}

function printResult(r: import("../../app/import/import-orders.ts").ImportResult): void {
  const out = process.stdout;
  if (r.problems.length > 0) {
    const w = r.status === "done" ? out : process.stderr;
    w.write("行/row\t列/column\t原因/reason\n");
    for (const p of r.problems) {
      const row = p.file === "details" ? `宝贝报表:${p.row}` : String(p.row);
      w.write(`${row}\t${p.column}\t${p.messageZh} / ${p.messageEn}\n`);
    }
    if (r.problemsTruncated)
      w.write(`… 共 ${r.problemCount} 个问题 / ${r.problemCount} problems in all\n`);
  }
  if (r.status === "done") {
    out.write(
      `导入完成 / imported: ${r.rowsRead} 行/rows, 新增/inserted ${r.inserted}, 更新/updated ${r.updated}, 未变/unchanged ${r.unchanged}, 错误/bad ${r.badRows} (${(r.elapsedMs / 1000).toFixed(1)} s)\n`,
    );
  } else {
    process.stderr.write(`${r.message ?? ""}\n`);
  }
}
