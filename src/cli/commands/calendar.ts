import type { Command } from "commander";

/** Options of `dacu calendar`. */
interface CalendarOptions {
  readonly year?: string;
  readonly json?: boolean;
  readonly ical?: boolean;
}

const KIND_LABELS: Record<string, string> = {
  fixed: "公历 fixed",
  lunar: "农历 lunar",
  solarTerm: "节气 solar term",
  nthWeekday: "星期 nth weekday",
  platform: "平台 platform",
  custom: "店铺 custom",
};

/**
 * Registers `dacu calendar`: the nodes of a year as a zh/en table, `--json` (one object per
 * node: key, name, nameEn, date, kind) or `--ical` (RFC 5545, with the official holidays).
 *
 * @example
 * // dacu calendar --year 2026 --json
 * register(program);
 */
export function register(program: Command): void {
  program
    .command("calendar")
    .description("Promotion calendar of a year / 年度大促节点日历")
    .option("--year <year>", "year 1901–2100 / 年份 (default: this year / 默认今年)")
    .option("--json", "print JSON / 输出 JSON")
    .option("--ical", "print iCalendar (.ics) with official holidays / 输出 iCal（含法定节假日）")
    .action(async (options: CalendarOptions) => {
      const { parseYearOption, print, renderTable, WEEKDAY_LABELS } = await import(
        "../calendar/shared.ts"
      );
      const { nodesForYear } = await import("../../domain/calendar/nodes.ts");
      const { weekday } = await import("../../domain/calendar/date.ts");
      const year = parseYearOption(options.year, new Date());
      const nodes = nodesForYear(year);
      if (options.json && options.ical) {
        const { CliError } = await import("../errors.ts");
        throw new CliError("--json 与 --ical 只能选一个 / choose either --json or --ical", 2);
      }
      if (options.ical) {
        const { toICalendar } = await import("../../domain/calendar/ical.ts");
        const { holidayCalendar, holidaysForYear } = await import(
          "../../domain/calendar/holidays/index.ts"
        );
        process.stdout.write(
          toICalendar({
            nodes,
            holidays: holidaysForYear(year, holidayCalendar()).days,
            name: `大促日历 Dacu ${year}`,
            generatedAt: new Date(),
          }),
        );
        return;
      }
      if (options.json) {
        print(
          JSON.stringify(
            nodes.map(({ key, name, nameEn, date, kind }) => ({ key, name, nameEn, date, kind })),
            null,
            2,
          ),
        );
        return;
      }
      print(
        `${year} 年大促节点 / Promotion calendar ${year}\n\n${renderTable(
          ["日期 Date", "星期 Day", "节点", "Node", "类型 Kind", "键 Key"],
          nodes.map((n) => [
            n.date,
            WEEKDAY_LABELS[weekday(n.date)] ?? "",
            n.name,
            n.nameEn,
            KIND_LABELS[n.kind] ?? n.kind,
            n.key,
          ]),
        )}`,
      );
    });
}
