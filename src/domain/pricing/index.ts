/**
 * Dacu pricing engine: what the buyer pays (到手价) and what the merchant keeps.
 * Pure functions; `now`, stock, limits and budgets are passed in.
 */
export * from "./common.ts";
export {
  applyRateBp,
  BP,
  type Fraction,
  type FractionJson,
  formatYuan,
  largestRemainder,
  mulDivFloor,
  rateDiscount,
  roundHalfUpDiv,
} from "./money.ts";
export { quote } from "./quote.ts";
export {
  type Clawback,
  type FrozenOrder,
  FrozenOrderSchema,
  type GiftClaim,
  type RefundInput,
  type RefundInputRaw,
  RefundInputSchema,
  type RefundLine,
  type RefundResult,
  refund,
} from "./refund.ts";
export * from "./result.ts";
export * from "./schema.ts";
export { formatIssues, formatPath } from "./validate.ts";
export {
  type WorstCart,
  type WorstCaseInput,
  type WorstCaseInputRaw,
  WorstCaseInputSchema,
  type WorstCaseResult,
  type WorstCaseSku,
  worstCase,
  worstCaseSteps,
} from "./worst-case.ts";
