/** The `dacu price` commands: read a JSON file, validate, run the pricing engine, print. */
import { readFile } from "node:fs/promises";
import {
  formatIssues,
  formatYuan,
  QuoteInputSchema,
  type QuoteResult,
  quote,
  RefundInputSchema,
  type RefundResult,
  refund,
  WorstCaseInputSchema,
  type WorstCaseResult,
  worstCase,
} from "../domain/pricing/index.ts";
import { CliError } from "./errors.ts";

export type PriceCommand = "quote" | "refund" | "worst-case";

function invalid(lines: string[]): CliError {
  return new CliError(lines.map((l) => `输入无效 / invalid input: ${l}`).join("\n"), 2);
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new CliError(`无法读取文件 / cannot read file: ${file}`, 2);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw invalid([`(root): 不是有效的 JSON / not valid JSON (${(e as Error).message})`]);
  }
}

/** Runs one price command on parsed JSON and returns the text to print. */
export function runPrice(cmd: PriceCommand, data: unknown, json: boolean): string {
  switch (cmd) {
    case "quote": {
      const parsed = QuoteInputSchema.safeParse(data);
      if (!parsed.success) throw invalid(formatIssues(parsed.error));
      const r = quote(parsed.data);
      return json ? `${JSON.stringify(r, null, 2)}\n` : quoteTable(r);
    }
    case "refund": {
      const parsed = RefundInputSchema.safeParse(data);
      if (!parsed.success) throw invalid(formatIssues(parsed.error));
      const r = refund(parsed.data);
      return json ? `${JSON.stringify(r, null, 2)}\n` : refundTable(r);
    }
    case "worst-case": {
      const parsed = WorstCaseInputSchema.safeParse(data);
      if (!parsed.success) throw invalid(formatIssues(parsed.error));
      const r = worstCase(parsed.data);
      return json ? `${JSON.stringify(r, null, 2)}\n` : worstCaseTable(r);
    }
  }
}

/** Reads `file` and runs one price command. */
export async function runPriceFile(
  cmd: PriceCommand,
  file: string,
  json: boolean,
): Promise<string> {
  return runPrice(cmd, await readJson(file), json);
}

function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const width = (s: string) =>
    [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const cols = head.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ""))));
  return cells
    .map((r) =>
      r
        .map((c, i) => c + " ".repeat(cols[i]! - width(c)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const y = (fen: number) => `¥${formatYuan(fen)}`;

export function quoteTable(r: QuoteResult): string {
  if (r.status === "refused") {
    const f = r.refusal!;
    return `拒绝下单 / order refused: ${f.code} ${f.promoId} sku=${f.sku} 可购 / allowed ${f.allowedQty}\n`;
  }
  const out: string[] = [];
  out.push(
    table(
      [
        "#",
        "SKU",
        "数量 Qty",
        "标价 List",
        "单品后 Item",
        "应付 Payable",
        "平台补贴 Platform",
        "赠品成本 Gifts",
        "净收 Net",
      ],
      r.lines.map((l) => [
        l.index,
        l.sku + (l.addOn ? " (加价购 add-on)" : ""),
        l.qty,
        y(l.listAmountFen),
        y(l.itemLevelAmountFen),
        y(l.payableFen),
        y(l.platformFundedFen),
        y(l.giftCostFen),
        y(l.merchantNetFen),
      ]),
    ),
  );
  out.push("");
  out.push("已用优惠 / Applied");
  out.push(
    r.applied.length === 0
      ? "  —"
      : table(
          ["  id", "kind", "优惠 Discount", "平台 Platform", "包邮 Free ship"],
          r.applied.map((a) => [
            `  ${a.promoId}`,
            a.kind,
            y(a.discountFen),
            y(a.platformFundedFen),
            a.freeShipping ? "✓" : "",
          ]),
        ),
  );
  if (r.notApplied.length > 0) {
    out.push("");
    out.push("未用优惠 / Not applied");
    out.push(
      table(
        ["  id", "kind", "原因 Reason", "说明 Detail"],
        r.notApplied.map((n) => [
          `  ${n.promoId}`,
          n.kind,
          n.reason,
          `${n.message.zh} / ${n.message.en}`,
        ]),
      ),
    );
  }
  if (r.hints.length > 0) {
    out.push("");
    out.push("凑单提示 / Hints");
    for (const h of r.hints) out.push(`  ${h.promoId}: ${h.zh} / ${h.en}`);
  }
  if (r.gifts.length > 0) {
    out.push("");
    out.push("赠品 / Gifts");
    for (const g of r.gifts)
      out.push(`  ${g.promoId}: ${g.sku} × ${g.qty} (成本 cost ${y(g.costFen)})`);
  }
  const t = r.totals;
  out.push("");
  out.push(
    table(
      ["合计 Totals", ""],
      [
        ["标价 List", y(t.listFen)],
        ["优惠 Discount", y(t.discountFen)],
        ["商品应付 Goods", y(t.goodsFen)],
        ["运费 Shipping", `${y(t.shippingPaidFen)} / ${y(t.shippingFeeFen)}`],
        ["订单合计 Total", y(t.totalFen)],
        ["已付定金 Deposit paid", y(t.depositPaidFen)],
        ["红包 Red packets", y(t.redPacketUsedFen)],
        ["应付现金 Cash due", y(t.cashFen)],
        ["商家净收 Merchant net", y(t.merchantNetFen)],
      ],
    ),
  );
  return `${out.join("\n")}\n`;
}

export function refundTable(r: RefundResult): string {
  const out: string[] = [];
  out.push(`退款政策 / policy: ${r.policy}`);
  out.push(
    table(
      ["行 Line", "SKU", "件 Units", "原路退 Gross", "扣回 Deducted", "退款 Refund"],
      r.lines.map((l) => [
        l.line,
        l.sku,
        `${l.fromUnit}–${l.toUnit}`,
        y(l.grossFen),
        y(l.deductionFen),
        y(l.refundFen),
      ]),
    ),
  );
  if (r.clawbacks.length > 0) {
    out.push("");
    out.push("优惠扣回 / Clawbacks");
    out.push(
      table(
        ["  id", "kind", "应扣合计 Total", "已扣 Earlier", "本次 This refund"],
        r.clawbacks.map((c) => [
          `  ${c.promoId}`,
          c.kind,
          y(c.totalFen),
          y(c.previousFen),
          y(c.thisRefundFen),
        ]),
      ),
    );
  }
  if (r.gifts.length > 0) {
    out.push("");
    out.push("赠品 / Gifts");
    for (const g of r.gifts)
      out.push(
        `  ${g.promoId}: ${g.sku} × ${g.qty} ${g.action === "return" ? "退回赠品 / return the gift" : `扣款 / deduct ${y(g.deductFen)}`}`,
      );
  }
  out.push("");
  out.push(
    `合计退款 / refund total: ${y(r.refundFen)} (原路 gross ${y(r.grossFen)} − 扣回 deducted ${y(r.deductionFen)})`,
  );
  return `${out.join("\n")}\n`;
}

export function worstCaseTable(r: WorstCaseResult): string {
  const out: string[] = [];
  out.push(
    table(
      [
        "SKU",
        "标价 List",
        "底价 Floor",
        "最低净收/件下界 Worst net/unit (bound)",
        "分数 Fraction",
        "精确 Exact",
        "见证购物车净收 Witness net",
        "件 Qty",
        "券 Coupons",
        "低于底价 Below",
      ],
      r.skus.map((s) => [
        s.sku,
        y(s.listPriceFen),
        y(s.floorFen),
        y(s.worstNetPerUnit.fen),
        `${s.worstNetPerUnit.num}/${s.worstNetPerUnit.den}`,
        s.exact ? "是 yes" : "否 no",
        y(s.cart.netPerUnit.fen),
        s.cart.qty,
        s.cart.coupons.join(",") || "—",
        s.belowFloor ? (s.confirmed ? "✗ 是 yes (已证实 confirmed)" : "✗ 可能 may") : "否 no",
      ]),
    ),
  );
  out.push("");
  out.push(
    r.violations.length === 0
      ? "没有低于底价的 SKU / no SKU below its floor"
      : `低于底价 / below floor: ${r.violations.map((v) => v.sku).join(", ")}（需负责人填写理由后方可发布 / an owner must override with a reason before publishing）`,
  );
  out.push(`已计算购物车 / carts priced: ${r.cartsPriced}`);
  return `${out.join("\n")}\n`;
}
