/** Bilingual validation messages naming the field path (e.g. `promotions[2].tiers[0].thresholdFen`). */
import type { z } from "zod";

/**
 * A path as `a[0].b`.
 * @example formatPath(["promotions", 2, "tiers", 0, "thresholdFen"]) // "promotions[2].tiers[0].thresholdFen"
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = "";
  for (const k of path) {
    if (typeof k === "number") s += `[${k}]`;
    else s += s === "" ? String(k) : `.${String(k)}`;
  }
  return s || "(root)";
}

function issueText(issue: z.core.$ZodIssue): string {
  if (issue.message.includes(" / ")) return issue.message;
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "缺少必填字段 / required field is missing";
      return `类型应为 ${issue.expected} / expected ${issue.expected}`;
    case "unrecognized_keys":
      return `未知字段 ${issue.keys.join(", ")} / unknown field(s) ${issue.keys.join(", ")}`;
    case "invalid_value":
      return `取值应为 ${issue.values.map((v) => JSON.stringify(v)).join(" | ")} / must be one of ${issue.values
        .map((v) => JSON.stringify(v))
        .join(" | ")}`;
    case "invalid_union":
      return "不是可识别的类型（检查 kind） / not a recognised shape (check kind)";
    case "too_small":
      return `过小或过短（最小 ${String(issue.minimum)}） / too small or too short (minimum ${String(issue.minimum)})`;
    case "too_big":
      return `过大或过长（最大 ${String(issue.maximum)}） / too big or too long (maximum ${String(issue.maximum)})`;
    default:
      return `无效 / invalid (${issue.message})`;
  }
}

/**
 * One line per problem: `path: 中文 / English`.
 * @example formatIssues(err) // ["promotions[2].tiers[0].thresholdFen: 必须是非负整数（分） / must be a non-negative integer (fen)"]
 */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${formatPath(i.path)}: ${issueText(i)}`);
}
