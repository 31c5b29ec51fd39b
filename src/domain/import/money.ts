/**
 * Money text → integer fen, by string arithmetic only (no floating point), and back.
 * Accepts what order exports carry: `"201.12"`, `"0.29"`, `"1.1"`, `"0元"`, `"¥12.00"`,
 * `"1,234.50"`, with an Excel text guard (`="…"`, leading tab or apostrophe) stripped.
 */
import { unguard } from "./text.ts";

export type MoneyParse =
  | { readonly ok: true; readonly fen: number }
  | { readonly ok: false; readonly reason: "invalid" | "negative" | "precision" | "too_large" };

const YUAN = /^(-)?(\d{1,13})(?:\.(\d*))?$/;
const FEN = /^(-)?(\d{1,15})$/;

/**
 * Parses an amount in yuan with at most two decimals into integer fen.
 * @example parseYuanToFen("201.12") // { ok: true, fen: 20112 }
 * @example parseYuanToFen("0元") // { ok: true, fen: 0 }
 */
export function parseYuanToFen(text: string): MoneyParse {
  let s = unguard(text).trim();
  if (s.endsWith("元")) s = s.slice(0, -1).trim();
  if (s.startsWith("¥") || s.startsWith("￥")) s = s.slice(1).trim();
  if (s.includes(",")) {
    if (!/^-?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) return { ok: false, reason: "invalid" };
    s = s.replaceAll(",", "");
  }
  const m = YUAN.exec(s);
  if (!m) return { ok: false, reason: /^-?\d{14,}/.test(s) ? "too_large" : "invalid" };
  let frac = m[3] ?? "";
  // trailing zeros beyond the fen are harmless ("1.100"); other digits are not
  if (frac.length > 2) {
    if (!/^0+$/.test(frac.slice(2))) return { ok: false, reason: "precision" };
    frac = frac.slice(0, 2);
  }
  const fen = Number(m[2]) * 100 + Number(frac.padEnd(2, "0"));
  if (m[1] && fen !== 0) return { ok: false, reason: "negative" };
  return { ok: true, fen };
}

/**
 * Parses an integer amount already in fen.
 * @example parseFen("20112") // { ok: true, fen: 20112 }
 */
export function parseFen(text: string): MoneyParse {
  const s = unguard(text).trim();
  const m = FEN.exec(s);
  if (!m) return { ok: false, reason: /^-?\d{16,}$/.test(s) ? "too_large" : "invalid" };
  const fen = Number(m[2]);
  if (!Number.isSafeInteger(fen)) return { ok: false, reason: "too_large" };
  if (m[1] && fen !== 0) return { ok: false, reason: "negative" };
  return { ok: true, fen };
}

/**
 * Formats integer fen as yuan with exactly two decimals.
 * @example formatFenAsYuan(20112) // "201.12"
 */
export function formatFenAsYuan(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = abs - yuan * 100;
  return `${neg ? "-" : ""}${yuan}.${cents < 10 ? "0" : ""}${cents}`;
}
