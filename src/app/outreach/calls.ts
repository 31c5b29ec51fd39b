/**
 * Phone steps: the call list (CSV with customer, phone, script and best time to call) and
 * the import of call results (reached → delivered; no answer / wrong number → failed;
 * refused → failed and the number suppressed for calls).
 */

import type { Database } from "../../adapters/db/database.ts";
import { queuedCallRows, recordCallResult } from "../../adapters/db/repositories/outreach-calls.ts";
import { findShopById } from "../../adapters/db/repositories/shops.ts";
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
 * `message_id,customer,phone,script,best_time`.
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
  const lines = ["message_id,customer,phone,script,best_time"];
  for (const row of rows) {
    const script = renderTemplate(step.template, {
      name: row.name,
      shop: shop?.name,
      ...journey.settings,
    }).text;
    lines.push(
      [String(row.id), row.name ?? "", row.address ?? "", script, best].map(csvCell).join(","),
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

/** Parses `message_id,outcome[,notes]` lines (a header line is skipped). */
export function parseCallResults(csv: string): CallResult[] {
  const out: CallResult[] = [];
  const lines = csv.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim() || (i === 0 && /message_id/i.test(line))) return;
    const [id, outcome, ...rest] = line.split(",");
    const messageId = Number(id);
    if (!Number.isInteger(messageId) || !CALL_OUTCOMES.includes(outcome?.trim() as CallOutcome)) {
      throw new AppError(
        "invalid_input",
        `第 ${i + 1} 行无效`,
        `Line ${i + 1} is invalid (message_id,outcome[,notes])`,
        "csv",
      );
    }
    const notes = rest.join(",").trim();
    out.push({ messageId, outcome: outcome?.trim() as CallOutcome, ...(notes ? { notes } : {}) });
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
