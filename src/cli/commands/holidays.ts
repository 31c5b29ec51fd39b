import type { Command } from "commander";

/** Options of `dacu holidays`. */
interface HolidaysOptions {
  readonly year?: string;
  readonly json?: boolean;
}

/**
 * Registers `dacu holidays`: the official days off and make-up workdays of a year as a table,
 * or `--json`: `{ year, status: "announced" | "not_announced", days: [{ date, name, isOffDay }] }`.
 *
 * @example
 * // dacu holidays --year 2026 --json
 * register(program);
 */
export function register(program: Command): void {
  program
    .command("holidays")
    .description("Official days off and make-up workdays / 法定节假日与调休上班")
    .option("--year <year>", "year 1901–2100 / 年份 (default: this year / 默认今年)")
    .option("--json", "print JSON / 输出 JSON")
    .action(async (options: HolidaysOptions) => {
      const { parseYearOption, print, renderTable, WEEKDAY_LABELS } = await import(
        "../calendar/shared.ts"
      );
      const { holidayCalendar, holidaysForYear } = await import(
        "../../domain/calendar/holidays/index.ts"
      );
      const { weekday } = await import("../../domain/calendar/date.ts");
      const year = parseYearOption(options.year, new Date());
      const calendar = holidayCalendar();
      const listing = holidaysForYear(year, calendar);
      if (options.json) {
        print(
          JSON.stringify(
            {
              year: listing.year,
              status: listing.status,
              days: listing.days.map(({ date, name, isOffDay }) => ({ date, name, isOffDay })),
            },
            null,
            2,
          ),
        );
        return;
      }
      if (listing.status === "not_announced") {
        print(
          `${year} 年放假安排尚未公布：仅按周末计算工作日。\n` +
            `The official holidays of ${year} are not announced: working days count weekends only.`,
        );
        return;
      }
      const source = calendar.years.get(year)?.source;
      const off = listing.days.filter((d) => d.isOffDay).length;
      const work = listing.days.length - off;
      const lines = [`${year} 年放假调休 / Official holidays ${year}`];
      if (source) {
        const number = source.documentNumber ? `（${source.documentNumber}）` : "";
        lines.push(`来源 Source: ${source.title}${number}`);
      }
      lines.push(
        "",
        renderTable(
          ["日期 Date", "星期 Day", "节日 Festival", "安排 Arrangement"],
          listing.days.map((d) => [
            d.date,
            WEEKDAY_LABELS[weekday(d.date)] ?? "",
            d.name,
            d.isOffDay ? "放假 day off" : "调休上班 make-up workday",
          ]),
        ),
        "",
        `放假 ${off} 天，调休上班 ${work} 天 / ${off} days off, ${work} make-up workdays`,
      );
      print(lines.join("\n"));
    });
}
