import type { HolidayYear } from "./types.ts";

/**
 * 2024, per 国务院办公厅关于2024年部分节假日安排的通知 (published 25 October 2023).
 *
 * - 元旦：1月1日放假，与周末连休。(the joined weekend is ordinary, not listed)
 * - 春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。
 *   (除夕 2月9日 only encouraged as a day off: not listed)
 * - 清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
 * - 劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
 * - 端午节：6月10日放假，与周末连休。
 * - 中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
 * - 国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
 */
export const HOLIDAYS_2024: HolidayYear = {
  year: 2024,
  source: {
    title: "国务院办公厅关于2024年部分节假日安排的通知",
    documentNumber: "国办发明电〔2023〕7号",
    publishedOn: "2023-10-25",
    origin: "bundled",
  },
  arrangements: [
    {
      name: "元旦",
      nameEn: "New Year's Day",
      offFrom: "2024-01-01",
      offTo: "2024-01-01",
      makeUpWorkdays: [],
    },
    {
      name: "春节",
      nameEn: "Spring Festival",
      offFrom: "2024-02-10",
      offTo: "2024-02-17",
      makeUpWorkdays: ["2024-02-04", "2024-02-18"],
    },
    {
      name: "清明节",
      nameEn: "Qingming Festival",
      offFrom: "2024-04-04",
      offTo: "2024-04-06",
      makeUpWorkdays: ["2024-04-07"],
    },
    {
      name: "劳动节",
      nameEn: "Labour Day",
      offFrom: "2024-05-01",
      offTo: "2024-05-05",
      makeUpWorkdays: ["2024-04-28", "2024-05-11"],
    },
    {
      name: "端午节",
      nameEn: "Dragon Boat Festival",
      offFrom: "2024-06-10",
      offTo: "2024-06-10",
      makeUpWorkdays: [],
    },
    {
      name: "中秋节",
      nameEn: "Mid-Autumn Festival",
      offFrom: "2024-09-15",
      offTo: "2024-09-17",
      makeUpWorkdays: ["2024-09-14"],
    },
    {
      name: "国庆节",
      nameEn: "National Day",
      offFrom: "2024-10-01",
      offTo: "2024-10-07",
      makeUpWorkdays: ["2024-09-29", "2024-10-12"],
    },
  ],
};
