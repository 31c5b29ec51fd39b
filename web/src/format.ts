/**
 * Display helpers. Money arrives as integer fen and is shown in 元 with two decimals
 * (`¥1,234.56`); times arrive as ISO UTC and are shown in the shop's time zone.
 */

const grouping = /\B(?=(\d{3})+(?!\d))/g;

/**
 * Integer fen as 元 with two decimals, computed on integers (no float rounding).
 * @example formatFen(123456) // "¥1,234.56"
 * @example formatFen(-5) // "-¥0.05"
 */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return "—";
  const n = Math.round(fen);
  const sign = n < 0 ? "-" : "";
  const abs = Math.abs(n);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(grouping, ",");
  const cents = (abs % 100).toString().padStart(2, "0");
  return `${sign}¥${yuan}.${cents}`;
}

/** Fen as a plain 元 number for charts (axis values, not for display text). */
export function fenToYuan(fen: number): number {
  return Math.round(fen) / 100;
}

/** A compact 元 amount for chart axes: ¥1.2万 / ¥3.4亿 in Chinese, ¥12k / ¥3.4M in English. */
export function formatYuanCompact(yuan: number, lang: "zh-CN" | "en"): string {
  const abs = Math.abs(yuan);
  const trim = (v: number) => (Math.round(v * 10) / 10).toString();
  if (lang === "zh-CN") {
    if (abs >= 1e8) return `¥${trim(yuan / 1e8)}亿`;
    if (abs >= 1e4) return `¥${trim(yuan / 1e4)}万`;
    return `¥${Math.round(yuan)}`;
  }
  if (abs >= 1e6) return `¥${trim(yuan / 1e6)}M`;
  if (abs >= 1e3) return `¥${trim(yuan / 1e3)}k`;
  return `¥${Math.round(yuan)}`;
}

/** A whole number with thousands separators. */
export function formatInt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return Math.round(n).toString().replace(grouping, ",");
}

/** A ratio as a percentage with one decimal; "—" when the base is zero. */
export function formatPercent(numerator: number, denominator: number): string {
  if (!denominator) return "—";
  return `${((numerator / denominator) * 100).toFixed(1)}%`;
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();

function parts(iso: string | Date, timeZone: string): Record<string, string> {
  let f = dtfCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    dtfCache.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(typeof iso === "string" ? new Date(iso) : iso)) {
    out[p.type] = p.value;
  }
  return out;
}

/**
 * An ISO UTC instant as local date and time in `timeZone`.
 * @example formatDateTime("2026-11-10T16:00:00Z", "Asia/Shanghai") // "2026-11-11 00:00"
 */
export function formatDateTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "—";
  const p = parts(iso, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** An ISO UTC instant as the local calendar date in `timeZone` (`YYYY-MM-DD`). */
export function formatDate(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return "—";
  const p = parts(iso, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Today's date in `timeZone` as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return formatDate(now.toISOString(), timeZone);
}

/** Adds days to a `YYYY-MM-DD` date. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * A 元 amount typed by a person as integer fen, computed on the digits (no float drift).
 * Accepts `1234`, `1,234.5`, `¥12.34`, `-3.2`; more than two decimals or anything else → null.
 * @example parseYuanToFen("19.99") // 1999
 * @example parseYuanToFen("0.1") // 10
 */
export function parseYuanToFen(input: string | number | null | undefined): number | null {
  if (input === null || input === undefined) return null;
  const s = String(input)
    .trim()
    .replace(/[¥,，\s]/g, "");
  const m = /^(-?)(\d*)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m || (m[2] === "" && !m[3])) return null;
  const yuan = m[2] === "" ? 0 : Number(m[2]);
  const cents = Number((m[3] ?? "").padEnd(2, "0"));
  const fen = yuan * 100 + cents;
  if (!Number.isSafeInteger(fen)) return null;
  return m[1] === "-" ? -fen : fen;
}

/** Integer fen as a plain 元 string for an input field (`199900` → `"1999"`, `1999` → `"19.99"`). */
export function fenToYuanInput(fen: number): string {
  const n = Math.round(fen);
  const abs = Math.abs(n);
  const cents = abs % 100;
  const s = `${Math.floor(abs / 100)}${cents ? `.${cents.toString().padStart(2, "0")}` : ""}`;
  return n < 0 ? `-${s}` : s;
}

/** Basis points as a percentage text (`2050` → `"20.5%"`). */
export function formatBp(bp: number | null | undefined): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return "—";
  return `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : bp % 10 === 0 ? 1 : 2)}%`;
}
