import type { Command } from "commander";
import { CliError } from "../errors.ts";

/** Terminal columns of a string: CJK characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return w;
}

/** `dacu segments refresh [--shop S] [--json]`: rescoring and saved segments, with timings. */
export function register(program: Command): void {
  const segments = program.command("segments").description("Customer segments / 客户分群");

  segments
    .command("refresh")
    .description(
      "Refresh RFM scores, playbook segments and saved segments / 刷新 RFM、客户类型与已保存分群",
    )
    .option("--shop <code>", "only this shop (default: every shop)")
    .option("--json", "print JSON")
    .action(async (opts: { shop?: string; json?: boolean }) => {
      const { openDatabase } = await import("../../adapters/db/database.ts");
      const { findShopByCode, listShops } = await import("../../adapters/db/repositories/shops.ts");
      const { refreshShopSegments } = await import("../../app/segments/refresh.ts");
      const database = await openDatabase();
      try {
        const shops = opts.shop
          ? [await findShopByCode(database.db, opts.shop)]
          : await listShops(database.db);
        if (opts.shop && shops[0] === undefined) {
          throw new CliError(`店铺不存在 / no such shop: ${opts.shop}`);
        }
        const results = [];
        for (const shop of shops) {
          if (!shop) continue;
          const r = await refreshShopSegments(database.db, shop.id, { trigger: "cli" });
          results.push({ shop: shop.code, ...r });
        }
        if (opts.json) {
          console.log(JSON.stringify({ shops: results }));
          return;
        }
        for (const r of results) {
          console.log(
            `店铺 Shop ${r.shop}: ${r.customers} 客户 customers, ${r.buyers} 购买客户 buyers, ` +
              `评分 scoring ${r.scoreMs} ms (${r.scoresChanged} 变化 changed), 合计 total ${r.totalMs} ms`,
          );
          if (r.segments.length === 0) {
            console.log("  (无已保存分群 / no saved segments)");
            continue;
          }
          const rows = r.segments.map((s) => [
            String(s.id),
            s.name,
            String(s.size),
            `+${s.added}`,
            `-${s.removed}`,
            `${s.durationMs} ms`,
            s.error ?? "",
          ]);
          const head = [
            "id",
            "分群 segment",
            "人数 size",
            "新增 added",
            "移出 removed",
            "耗时 time",
            "",
          ];
          const width = (i: number) =>
            Math.max(...[head, ...rows].map((row) => displayWidth(row[i] ?? "")));
          for (const row of [head, ...rows]) {
            console.log(
              `  ${row
                .map((cell, i) => cell + " ".repeat(width(i) - displayWidth(cell)))
                .join("  ")
                .trimEnd()}`,
            );
          }
        }
      } finally {
        await database.close();
      }
    });
}
