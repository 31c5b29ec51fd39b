/**
 * What can be wrong with an import record, as stable codes with a message in Chinese and
 * English. Row numbers count records after the header (the first data record is row 1);
 * row 0 means the file as a whole (its header, its encoding).
 */

export type ProblemCode =
  | "missing_column"
  | "csv_syntax"
  | "required"
  | "order_no_invalid"
  | "duplicate_order_no"
  | "money_invalid"
  | "money_negative"
  | "money_precision"
  | "money_too_large"
  | "time_invalid"
  | "status_unknown"
  | "paid_at_missing"
  | "quantity_invalid"
  | "refund_exceeds_paid"
  | "too_long"
  | "invalid_value";

/** One problem with one record (or, at row 0, with the file). */
export interface ImportProblem {
  /** Record number after the header, 1-based; 0 for the file. */
  readonly row: number;
  /** The file's column header (or the JSON path) the problem is about. */
  readonly column: string;
  readonly code: ProblemCode;
  readonly messageZh: string;
  readonly messageEn: string;
  /** Which file, when two are imported together (`details` = 宝贝报表). */
  readonly file?: "orders" | "details";
}

const MAX_SHOWN = 40;

function show(value: string): string {
  const v = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  return JSON.stringify(v);
}

/**
 * Builds a problem with its bilingual message.
 * @example problem(3, "订单编号", "order_no_invalid", "12ab")
 */
export function problem(
  row: number,
  column: string,
  code: ProblemCode,
  value = "",
  detail = "",
): ImportProblem {
  const v = show(value);
  let zh: string;
  let en: string;
  switch (code) {
    case "missing_column":
      zh = `缺少必需的列「${column}」`;
      en = `required column "${column}" is missing`;
      break;
    case "csv_syntax":
      zh = `文件不是有效的 CSV：${detail}`;
      en = `the file is not valid CSV: ${detail}`;
      break;
    case "required":
      zh = `「${column}」不能为空`;
      en = `"${column}" must not be empty`;
      break;
    case "order_no_invalid":
      zh = `订单编号 ${v} 无效${detail ? `（${detail}）` : ""}`;
      en = `order number ${v} is invalid${detail ? ` (${detail})` : ""}`;
      break;
    case "duplicate_order_no":
      zh = `订单编号 ${v} 在文件中重复出现`;
      en = `order number ${v} appears more than once in the file`;
      break;
    case "money_invalid":
      zh = `金额 ${v} 不是有效的金额`;
      en = `amount ${v} is not a valid amount`;
      break;
    case "money_negative":
      zh = `金额 ${v} 不能为负数`;
      en = `amount ${v} must not be negative`;
      break;
    case "money_precision":
      zh = `金额 ${v} 超过两位小数（精确到分）`;
      en = `amount ${v} has more than two decimals (fen)`;
      break;
    case "money_too_large":
      zh = `金额 ${v} 过大`;
      en = `amount ${v} is too large`;
      break;
    case "time_invalid":
      zh = `时间 ${v} 无效，应为 YYYY-MM-DD HH:mm:ss`;
      en = `time ${v} is invalid, expected YYYY-MM-DD HH:mm:ss`;
      break;
    case "status_unknown":
      zh = `未知的订单状态 ${v}`;
      en = `unknown order status ${v}`;
      break;
    case "paid_at_missing":
      zh = `订单状态为 ${v} 但没有付款时间`;
      en = `order status ${v} needs a payment time`;
      break;
    case "quantity_invalid":
      zh = `数量 ${v} 应为正整数`;
      en = `quantity ${v} must be a positive whole number`;
      break;
    case "refund_exceeds_paid":
      zh = `退款金额 ${v} 大于实付金额${detail ? ` ${detail}` : ""}`;
      en = `refund ${v} exceeds the amount paid${detail ? ` ${detail}` : ""}`;
      break;
    case "too_long":
      zh = `「${column}」过长（最多 ${detail} 个字符）`;
      en = `"${column}" is too long (at most ${detail} characters)`;
      break;
    default:
      zh = `值 ${v} 无效${detail ? `：${detail}` : ""}`;
      en = `value ${v} is invalid${detail ? `: ${detail}` : ""}`;
  }
  return { row, column, code, messageZh: zh, messageEn: en };
}
