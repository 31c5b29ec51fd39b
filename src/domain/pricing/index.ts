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
export * from "./result.ts";
export * from "./schema.ts";
export { formatIssues, formatPath } from "./validate.ts";
