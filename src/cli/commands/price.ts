import type { Command } from "commander";

/** `dacu price quote|refund|worst-case --input FILE [--json]`: the pricing engine. */
export function register(program: Command): void {
  const price = program
    .command("price")
    .description("Pricing engine / 价格计算（到手价、退款、最低价守护）");
  const sub = (name: "quote" | "refund" | "worst-case", description: string) =>
    price
      .command(name)
      .description(description)
      .requiredOption("-i, --input <file>", "input JSON file / 输入 JSON 文件")
      .option("--json", "print JSON / 输出 JSON")
      .action(async (opts: { input: string; json?: boolean }) => {
        const { runPriceFile } = await import("../price-run.ts");
        process.stdout.write(await runPriceFile(name, opts.input, opts.json === true));
      });
  sub("quote", "Price a cart / 计算订单到手价");
  sub("refund", "Refund from a priced order / 按冻结分摊计算退款");
  sub("worst-case", "Lowest net per unit of each SKU / 每个 SKU 的最低净收");
}
