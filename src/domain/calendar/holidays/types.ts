/**
 * Shape of a year of official holidays (放假调休安排), as the State Council's notice states it:
 * for each festival, the span of days off and the make-up workdays (调休上班).
 */
import { z } from "zod";
import { addDays, daysBetween, type IsoDate, isIsoDate, yearOf } from "../date.ts";

const isoDate = z.string().refine(isIsoDate, "date must be YYYY-MM-DD / 日期格式须为 YYYY-MM-DD");

/** One festival of a notice: "春节：2月15日至23日放假调休，共9天。2月14日、2月28日上班。" */
export const holidayArrangementSchema = z.object({
  /** Festival name as the notice writes it, e.g. `春节`, `国庆节、中秋节`. */
  name: z.string().min(1),
  nameEn: z.string().min(1),
  /** First day off (inclusive). */
  offFrom: isoDate,
  /** Last day off (inclusive); equal to `offFrom` for a single day. */
  offTo: isoDate,
  /** Make-up workdays (调休上班), usually a Saturday or Sunday. */
  makeUpWorkdays: z.array(isoDate),
});

/** The source the data was taken from. */
export const holidaySourceSchema = z.object({
  /** Title of the notice, e.g. `国务院办公厅关于2026年部分节假日安排的通知`. */
  title: z.string().min(1),
  /** Document number when known, e.g. `国办发明电〔2024〕12号`. */
  documentNumber: z.string().optional(),
  /** Date of publication. */
  publishedOn: isoDate.optional(),
  /** Where the year came from: bundled with Dacu, entered by the owner, or imported. */
  origin: z.enum(["bundled", "owner", "import"]),
});

/** One year of official holidays. */
export const holidayYearSchema = z
  .object({
    year: z.number().int().min(1901).max(2100),
    source: holidaySourceSchema,
    arrangements: z.array(holidayArrangementSchema),
  })
  .superRefine((data, ctx) => {
    const seen = new Set<string>();
    data.arrangements.forEach((a, i) => {
      const days: string[] = [];
      if (daysBetween(a.offFrom, a.offTo) < 0) {
        ctx.addIssue({
          code: "custom",
          path: ["arrangements", i, "offTo"],
          message: "offTo is before offFrom / 放假结束日早于开始日",
        });
        return;
      }
      for (let d = a.offFrom; d <= a.offTo; d = addDays(d, 1)) days.push(d);
      days.push(...a.makeUpWorkdays);
      for (const d of days) {
        // A festival may straddle the new year (e.g. 元旦 from 30 December); every day must
        // still be in or next to the year.
        if (Math.abs(yearOf(d) - data.year) > 1) {
          ctx.addIssue({
            code: "custom",
            path: ["arrangements", i],
            message: `date ${d} is far from year ${data.year} / 日期与年份不符`,
          });
        }
        if (seen.has(d)) {
          ctx.addIssue({
            code: "custom",
            path: ["arrangements", i],
            message: `date ${d} listed twice / 日期重复`,
          });
        }
        seen.add(d);
      }
    });
  });

export type HolidayArrangement = z.infer<typeof holidayArrangementSchema>;
export type HolidaySource = z.infer<typeof holidaySourceSchema>;
export type HolidayYear = z.infer<typeof holidayYearSchema>;

/** One official day: a day off or a make-up workday. The shape of `holidays --json` days. */
export interface HolidayDay {
  readonly date: IsoDate;
  /** Festival name from the notice. */
  readonly name: string;
  /** `true` for a day off, `false` for a make-up workday (调休上班). */
  readonly isOffDay: boolean;
}

/** Whether a year's arrangements are known. */
export type HolidayYearStatus = "announced" | "not_announced";
