/**
 * Phone steps: the call list (CSV with customer, phone, script and best time to call) and
 * the import of call results (reached → delivered; no answer / wrong number → failed;
 * refused → failed and the number suppressed for calls).
 */

import type { Database } from "../../adapters/db/database.ts";
import { queuedCallRows, recordCallResult } from "../../adapters/db/repositories/outreach-calls.ts";
import { findShopById } from "../../adapters/db/repositories/shops.ts";
import { CsvParser, CsvSyntaxError } from "../../adapters/import/csv.ts";
import { renderTemplate } from "../../domain/outreach/journeys/templates.ts";
import { AppError } from "../errors.ts";
import { getJourney } from "./journeys.ts";
import { suppress } from "./suppression.ts";

/** Outcome of one call. */
export type CallOutcome = "reached" | "no_answer" | "wrong_number" | "refused";

/** Every call outcome. */
export const CALL_OUTCOMES: readonly CallOutcome[] = [
  "reached",
  "no_answer",
  "wrong_number",
  "refused",
];

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The call list of a phone step as CSV (UTF-8 with BOM, so spreadsheet apps read Chinese):
 * `message_id,customer,phone,script,best_time,outcome,notes` — the caller fills the last two
 * and uploads the same file back ({@link parseCallResults}).
 */
export async function exportCallList(
  database: Database,
  shopId: number,
  journeyId: number,
  stepId: number,
): Promise<string> {
  const journey = await getJourney(database, shopId, journeyId);
  const step = journey.steps.find((s) => s.id === stepId);
  if (!step || step.channel !== "phone") {
    throw new AppError("invalid_input", "不是电话步骤", "Not a phone step", "stepId");
  }
  const shop = await findShopById(database.db, shopId);
  const rows = await queuedCallRows(database, shopId, stepId);
  const best = `${journey.tDate ?? ""} ${step.window_from}–${step.window_to}`.trim();
  const lines = ["message_id,customer,phone,script,best_time,outcome,notes"];
  for (const row of rows) {
    const script = renderTemplate(step.template, {
      name: row.name,
      shop: shop?.name,
      ...journey.settings,
    }).text;
    lines.push(
      [String(row.id), row.name ?? "", row.address ?? "", script, best, "", ""]
        .map(csvCell)
        .join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** One imported call result. */
export interface CallResult {
  readonly messageId: number;
  readonly outcome: CallOutcome;
  readonly notes?: string;
}

/** Outcome words a caller may type in the sheet, besides the codes themselves. */
const OUTCOME_WORDS: Readonly<Record<string, CallOutcome>> = {
  接通: "reached",
  已接通: "reached",
  未接: "no_answer",
  未接通: "no_answer",
  无人接听: "no_answer",
  空号: "wrong_number",
  错号: "wrong_number",
  号码错误: "wrong_number",
  拒绝: "refused",
  拒接: "refused",
  拒绝再联系: "refused",
};

function outcomeOf(cell: string): CallOutcome | undefined {
  const v = cell.trim();
  const code = v.toLowerCase() as CallOutcome;
  return CALL_OUTCOMES.includes(code) ? code : OUTCOME_WORDS[v];
}

function csvRecords(csv: string): string[][] {
  try {
    const parser = new CsvParser();
    return [...parser.push(csv.replace(/^\uFEFF/, "")), ...parser.end()];
  } catch (err) {
    const line = err instanceof CsvSyntaxError ? err.record : 0;
    throw new AppError(
      "invalid_input",
      `第 ${line} 行不是有效的 CSV（引号未闭合）`,
      `Line ${line} is not valid CSV (unclosed quote)`,
      "csv",
    );
  }
}

/**
 * Parses call results: either the exported call list with its `outcome` (and `notes`) column
 * filled, or bare `message_id,outcome[,notes]` lines. Rows with an empty outcome (not called
 * yet) are skipped. Outcomes are the codes or the words a caller types (接通, 未接, 空号, 拒绝 …).
 *
 * @example parseCallResults("message_id,outcome\n12,接通") // [{ messageId: 12, outcome: "reached" }]
 */
export function parseCallResults(csv: string): CallResult[] {
  const records = csvRecords(csv);
  const head = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const hasHeader = head.includes("message_id");
  const col = (name: string, fallback: number) => {
    const i = head.indexOf(name);
    return hasHeader ? i : fallback;
  };
  const idCol = col("message_id", 0);
  const outcomeCol = col("outcome", 1);
  const notesCol = col("notes", 2);
  if (outcomeCol < 0) {
    throw new AppError(
      "invalid_input",
      "缺少 outcome（通话结果）列",
      "The outcome column is missing",
      "csv",
    );
  }
  const out: CallResult[] = [];
  records.forEach((r, i) => {
    if (hasHeader && i === 0) return;
    const rawOutcome = r[outcomeCol]?.trim() ?? "";
    if (!rawOutcome) return;
    const messageId = Number(r[idCol]);
    const outcome = outcomeOf(rawOutcome);
    if (!Number.isInteger(messageId) || messageId <= 0) {
      throw new AppError(
        "invalid_input",
        `第 ${i + 1} 行：message_id「${r[idCol] ?? ""}」不是有效的编号`,
        `Line ${i + 1}: message_id "${r[idCol] ?? ""}" is not a valid id`,
        "csv",
      );
    }
    if (!outcome) {
      throw new AppError(
        "invalid_input",
        `第 ${i + 1} 行：通话结果「${rawOutcome}」无法识别（接通/未接/空号/拒绝 或 ${CALL_OUTCOMES.join("/")}）`,
        `Line ${i + 1}: outcome "${rawOutcome}" is not one of ${CALL_OUTCOMES.join(", ")} (or 接通/未接/空号/拒绝)`,
        "csv",
      );
    }
    const notes = notesCol >= 0 ? (r[notesCol]?.trim() ?? "") : "";
    out.push({ messageId, outcome, ...(notes ? { notes } : {}) });
  });
  return out;
}

/** Applies call results to phone messages. Returns rows updated. */
export async function importCallResults(
  database: Database,
  shopId: number,
  results: readonly CallResult[],
): Promise<number> {
  let n = 0;
  for (const res of results) {
    const r = await recordCallResult(
      database,
      shopId,
      res.messageId,
      res.outcome === "reached" ? "delivered" : "failed",
      res.outcome === "reached"
        ? (res.notes ?? null)
        : `${res.outcome}${res.notes ? `: ${res.notes}` : ""}`,
    );
    n += r.updated ? 1 : 0;
    const address = r.address;
    if (res.outcome === "refused" && address) {
      await suppress(database, shopId, "phone", address, "phone_refused", res.notes ?? "");
    }
  }
  return n;
}
