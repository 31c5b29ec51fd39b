/** Helpers shared by the `calendar` and `holidays` commands. */
import { CliError } from "../errors.ts";

const MIN_YEAR = 1901;
const MAX_YEAR = 2100;

/**
 * Parses the `--year` option; without it, the current year in the shop's time zone.
 * Throws a `CliError` (exit code 2) naming the field in Chinese and English.
 *
 * @example
 * parseYearOption("2026", new Date()); // 2026
 */
export function parseYearOption(
  value: string | undefined,
  now: Date,
  timeZone = "Asia/Shanghai",
): number {
  if (value === undefined) {
    const year = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric" }).format(now);
    return Number(year);
  }
  const trimmed = value.trim();
  if (!/^\d{1,4}$/.test(trimmed)) {
    throw new CliError(
      `参数 --year（年份）无效：“${value}” 不是整数年份 / Invalid --year (year): "${value}" is not a whole number`,
      2,
    );
  }
  const year = Number(trimmed);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new CliError(
      `参数 --year（年份）超出范围：${year}，须在 ${MIN_YEAR}–${MAX_YEAR} 之间 / ` +
        `Invalid --year (year): ${year} is outside ${MIN_YEAR}–${MAX_YEAR}`,
      2,
    );
  }
  return year;
}

/**
 * Width of a string on a terminal: CJK and full-width characters take two columns.
 *
 * @example
 * displayWidth("中秋节 Mid"); // 10
 */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const wide =
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) ||
      (cp >= 0x20000 && cp <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/**
 * Renders rows as a plain-text table with a header and a rule, columns padded to width.
 *
 * @example
 * renderTable(["日期 Date", "节点"], [["2026-09-25", "中秋节"]]);
 * // "日期 Date   节点\n----------  ------\n2026-09-25  中秋节"
 */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c + " ".repeat((widths[i] ?? 0) - displayWidth(c)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** Chinese and English weekday names, Sunday first. */
export const WEEKDAY_LABELS: readonly string[] = [
  "周日 Sun",
  "周一 Mon",
  "周二 Tue",
  "周三 Wed",
  "周四 Thu",
  "周五 Fri",
  "周六 Sat",
];

/**
 * Writes text to standard output in one write, ending with a newline.
 *
 * @example
 * print("2026 年大促节点");
 */
export function print(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}
