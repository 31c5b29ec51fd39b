import type { HolidayYear } from "./types.ts";

/**
 * 2025, per 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号,
 * published 12 November 2024). From 2025 the revised 《全国年节及纪念日放假办法》 adds one
 * day to the Spring Festival and one to Labour Day.
 *
 * - 元旦：1月1日（周三）放假1天，不调休。
 * - 春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
 *   1月26日（周日）、2月8日（周六）上班。
 * - 清明节：4月4日（周五）至6日（周日）放假，共3天。
 * - 劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
 * - 端午节：5月31日（周六）至6月2日（周一）放假，共3天。
 * - 国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。
 *   9月28日（周日）、10月11日（周六）上班。
 */
export const HOLIDAYS_2025: HolidayYear = {
  year: 2025,
  source: {
    title: "国务院办公厅关于2025年部分节假日安排的通知",
    documentNumber: "国办发明电〔2024〕12号",
    publishedOn: "2024-11-12",
    origin: "bundled",
  },
  arrangements: [
    {
      name: "元旦",
      nameEn: "New Year's Day",
      offFrom: "2025-01-01",
      offTo: "2025-01-01",
      makeUpWorkdays: [],
    },
    {
      name: "春节",
      nameEn: "Spring Festival",
      offFrom: "2025-01-28",
      offTo: "2025-02-04",
      makeUpWorkdays: ["2025-01-26", "2025-02-08"],
    },
    {
      name: "清明节",
      nameEn: "Qingming Festival",
      offFrom: "2025-04-04",
      offTo: "2025-04-06",
      makeUpWorkdays: [],
    },
    {
      name: "劳动节",
      nameEn: "Labour Day",
      offFrom: "2025-05-01",
      offTo: "2025-05-05",
      makeUpWorkdays: ["2025-04-27"],
    },
    {
      name: "端午节",
      nameEn: "Dragon Boat Festival",
      offFrom: "2025-05-31",
      offTo: "2025-06-02",
      makeUpWorkdays: [],
    },
    {
      name: "国庆节、中秋节",
      nameEn: "National Day and Mid-Autumn Festival",
      offFrom: "2025-10-01",
      offTo: "2025-10-08",
      makeUpWorkdays: ["2025-09-28", "2025-10-11"],
    },
  ],
};
