/** Small helpers for tests, examples and benchmarks: parse raw input and run the engine. */
import { compile, evaluate } from "./engine.ts";
import { buildResult, quote } from "./quote.ts";
import type { QuoteResult } from "./result.ts";
import { type QuoteInput, type QuoteInputRaw, QuoteInputSchema } from "./schema.ts";

export const NOW = "2026-11-11T00:00:00+08:00";

/**
 * Quote from raw (unparsed) input; `now` defaults to 2026-11-11 00:00 Beijing time.
 * @example quoteRaw({ lines: [{ sku: "A", listPriceFen: 100, qty: 1 }] }).totals.totalFen // 100
 */
export function quoteRaw(input: Omit<QuoteInputRaw, "now"> & { now?: string }): QuoteResult {
  return quote(QuoteInputSchema.parse({ now: NOW, ...input }));
}

/** The share a promotion holds on a line. */
export function shareOf(r: QuoteResult, line: number, promoId: string): number {
  return r.lines[line]?.shares.find((s) => s.promoId === promoId)?.amountFen ?? 0;
}

/** The reason a promotion was not applied. */
export function reasonOf(r: QuoteResult, promoId: string): string | undefined {
  return r.notApplied.find((n) => n.promoId === promoId)?.reason;
}

/**
 * The reference answer: the same rules, searched by brute force (every exclusion combination,
 * every order of competing promotions, every set of item coupons, no pruning). Exponential:
 * for small carts in tests only.
 */
export function quoteExhaustive(input: QuoteInput): QuoteResult {
  return buildResult(evaluate(compile(input, { exhaustive: true })));
}
