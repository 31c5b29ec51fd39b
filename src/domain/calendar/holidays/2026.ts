import type { HolidayYear } from "./types.ts";

/**
 * 2026, per 国务院办公厅关于2026年部分节假日安排的通知 (published 4 November 2025).
 *
 * - 元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
 * - 春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
 *   2月14日（周六）、2月28日（周六）上班。
 * - 清明节：4月4日（周六）至6日（周一）放假，共3天。
 * - 劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
 * - 端午节：6月19日（周五）至21日（周日）放假，共3天。
 * - 中秋节：9月25日（周五）至27日（周日）放假，共3天。
 * - 国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
 */
export const HOLIDAYS_2026: HolidayYear = {
  year: 2026,
  source: {
    title: "国务院办公厅关于2026年部分节假日安排的通知",
    documentNumber: "国办发明电〔2025〕7号",
    publishedOn: "2025-11-04",
    origin: "bundled",
  },
  arrangements: [
    {
      name: "元旦",
      nameEn: "New Year's Day",
      offFrom: "2026-01-01",
      offTo: "2026-01-03",
      makeUpWorkdays: ["2026-01-04"],
    },
    {
      name: "春节",
      nameEn: "Spring Festival",
      offFrom: "2026-02-15",
      offTo: "2026-02-23",
      makeUpWorkdays: ["2026-02-14", "2026-02-28"],
    },
    {
      name: "清明节",
      nameEn: "Qingming Festival",
      offFrom: "2026-04-04",
      offTo: "2026-04-06",
      makeUpWorkdays: [],
    },
    {
      name: "劳动节",
      nameEn: "Labour Day",
      offFrom: "2026-05-01",
      offTo: "2026-05-05",
      makeUpWorkdays: ["2026-05-09"],
    },
    {
      name: "端午节",
      nameEn: "Dragon Boat Festival",
      offFrom: "2026-06-19",
      offTo: "2026-06-21",
      makeUpWorkdays: [],
    },
    {
      name: "中秋节",
      nameEn: "Mid-Autumn Festival",
      offFrom: "2026-09-25",
      offTo: "2026-09-27",
      makeUpWorkdays: [],
    },
    {
      name: "国庆节",
      nameEn: "National Day",
      offFrom: "2026-10-01",
      offTo: "2026-10-07",
      makeUpWorkdays: ["2026-09-20", "2026-10-10"],
    },
  ],
};
