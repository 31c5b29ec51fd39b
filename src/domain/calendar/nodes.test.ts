import { describe, expect, it } from "vitest";
import { addDays } from "./date.ts";
import { lunarNewYearsEve } from "./lunar.ts";
import {
  BUILT_IN_NODES,
  type CustomNode,
  nextOccurrence,
  nodesForYear,
  nodesInRange,
} from "./nodes.ts";

/** Date of a node in a year, by key. */
function dateOf(key: string, year: number): string | undefined {
  return nodesForYear(year).find((n) => n.key === key)?.date;
}

// Expected dates are written out from the published tables (Hong Kong Observatory
// Gregorian–lunar conversion tables, 中国天文年历), not computed.
describe("lunar nodes against published tables", () => {
  it.each([
    [1901, "1901-02-19"],
    [1916, "1916-02-03"], // new moon 00:05 UTC+8, i.e. 3 Feb in Beijing local time (pre-1929)
    [1929, "1929-02-10"],
    [1985, "1985-02-20"],
    [2024, "2024-02-10"],
    [2025, "2025-01-29"],
    [2026, "2026-02-17"],
    [2027, "2027-02-06"],
    [2028, "2028-01-26"],
    [2030, "2030-02-03"],
    [2057, "2057-02-04"],
    [2100, "2100-02-09"],
  ])("春节 %i is %s", (year, date) => {
    expect(dateOf("spring-festival", year)).toBe(date);
  });

  it.each([
    [2024, "2024-02-09"], // month 12 has 30 days
    [2025, "2025-01-28"], // month 12 has 29 days
    [2026, "2026-02-16"], // month 12 has 29 days
    [2027, "2027-02-05"],
  ])("除夕 %i is %s", (year, date) => {
    expect(dateOf("lunar-new-years-eve", year)).toBe(date);
  });

  it.each([
    [2024, "2024-02-24"],
    [2025, "2025-02-12"],
    [2026, "2026-03-03"],
  ])("元宵 %i is %s", (year, date) => {
    expect(dateOf("lantern", year)).toBe(date);
  });

  it.each([
    [2023, "2023-06-22"],
    [2024, "2024-06-10"],
    [2025, "2025-05-31"],
    [2026, "2026-06-19"],
  ])("端午 %i is %s", (year, date) => {
    expect(dateOf("dragon-boat", year)).toBe(date);
  });

  it.each([
    [2024, "2024-08-10"],
    [2025, "2025-08-29"],
    [2026, "2026-08-19"],
  ])("七夕 %i is %s", (year, date) => {
    expect(dateOf("qixi", year)).toBe(date);
  });

  it.each([
    [2020, "2020-10-01"],
    [2023, "2023-09-29"],
    [2024, "2024-09-17"],
    [2025, "2025-10-06"],
    [2026, "2026-09-25"],
    [2027, "2027-09-15"],
  ])("中秋 %i is %s", (year, date) => {
    expect(dateOf("mid-autumn", year)).toBe(date);
  });

  it.each([
    [2024, "2024-10-11"],
    [2025, "2025-10-29"],
    [2026, "2026-10-18"],
  ])("重阳 %i is %s", (year, date) => {
    expect(dateOf("double-ninth", year)).toBe(date);
  });
});

describe("solar term and weekday nodes", () => {
  it.each([
    [2008, "2008-04-04"],
    [2019, "2019-04-05"],
    [2020, "2020-04-04"],
    [2023, "2023-04-05"],
    [2024, "2024-04-04"],
    [2025, "2025-04-04"],
    [2026, "2026-04-05"],
    [2027, "2027-04-05"],
  ])("清明 %i is %s", (year, date) => {
    expect(dateOf("qingming", year)).toBe(date);
  });

  it.each([
    [2025, "2025-05-11", "2025-06-15"],
    [2026, "2026-05-10", "2026-06-21"],
  ])("%i: 母亲节 %s, 父亲节 %s", (year, mothers, fathers) => {
    expect(dateOf("mothers-day", year)).toBe(mothers);
    expect(dateOf("fathers-day", year)).toBe(fathers);
  });
});

describe("nodesForYear", () => {
  it("returns every built-in node once, sorted by date, with the CLI shape", () => {
    const nodes = nodesForYear(2026);
    expect(nodes).toHaveLength(BUILT_IN_NODES.length);
    expect(new Set(nodes.map((n) => n.key)).size).toBe(nodes.length);
    const dates = nodes.map((n) => n.date);
    expect(dates).toEqual([...dates].sort());
    expect(nodes.find((n) => n.key === "mid-autumn")).toEqual({
      key: "mid-autumn",
      name: "中秋节",
      nameEn: "Mid-Autumn Festival",
      date: "2026-09-25",
      kind: "lunar",
    });
    for (const n of nodes) {
      expect(Object.keys(n).sort()).toEqual(["date", "key", "kind", "name", "nameEn"]);
      expect(n.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(n.date.startsWith("2026-")).toBe(true);
    }
  });

  it("keeps fixed and platform dates", () => {
    expect(dateOf("double-11", 2026)).toBe("2026-11-11");
    expect(dateOf("618", 2026)).toBe("2026-06-18");
    expect(dateOf("valentines", 2026)).toBe("2026-02-14");
    expect(dateOf("christmas", 2026)).toBe("2026-12-25");
    expect(nodesForYear(2026).find((n) => n.key === "double-12")?.kind).toBe("platform");
  });

  it("places 年货节 20 days before the Lunar New Year, inside the year", () => {
    expect(dateOf("new-year-goods", 2026)).toBe("2026-01-28");
    expect(dateOf("new-year-goods", 2023)).toBe("2023-01-02"); // 春节 2023-01-22
  });

  it("computes every year 1901–2100 with all nodes inside the year", () => {
    for (let year = 1901; year <= 2100; year++) {
      const nodes = nodesForYear(year);
      expect(nodes.every((n) => n.date.startsWith(`${year}-`))).toBe(true);
      const eve = lunarNewYearsEve(year);
      expect(addDays(eve, 1)).toBe(dateOf("spring-festival", year));
    }
  });

  it("rejects years outside 1901–2100", () => {
    expect(() => nodesForYear(1900)).toThrow(RangeError);
    expect(() => nodesForYear(2101)).toThrow(/1901/);
    expect(() => nodesForYear(2026.5)).toThrow(RangeError);
  });
});

describe("custom nodes", () => {
  const anniversary: CustomNode = {
    key: "shop-anniversary",
    name: "店庆",
    nameEn: "Shop anniversary",
    recurrence: { type: "yearly", month: 5, day: 20 },
  };
  const launch: CustomNode = {
    key: "spring-launch-2026",
    name: "春季上新",
    nameEn: "Spring launch",
    recurrence: { type: "once", date: "2026-03-15" },
  };
  const leap: CustomNode = {
    key: "leap-sale",
    name: "闰日特卖",
    nameEn: "Leap-day sale",
    recurrence: { type: "yearly", month: 2, day: 29 },
  };

  it("merges yearly and one-off nodes, sorted", () => {
    const nodes = nodesForYear(2026, { custom: [anniversary, launch] });
    const a = nodes.find((n) => n.key === "shop-anniversary");
    expect(a).toEqual({
      key: "shop-anniversary",
      name: "店庆",
      nameEn: "Shop anniversary",
      date: "2026-05-20",
      kind: "custom",
    });
    expect(nodes.find((n) => n.key === "spring-launch-2026")?.date).toBe("2026-03-15");
    expect(nodesForYear(2027, { custom: [launch] }).some((n) => n.key === launch.key)).toBe(false);
    const dates = nodes.map((n) => n.date);
    expect(dates).toEqual([...dates].sort());
  });

  it("moves a yearly 29 February to the 28th in common years", () => {
    expect(nodesForYear(2026, { custom: [leap] }).find((n) => n.key === "leap-sale")?.date).toBe(
      "2026-02-28",
    );
    expect(nodesForYear(2028, { custom: [leap] }).find((n) => n.key === "leap-sale")?.date).toBe(
      "2028-02-29",
    );
  });

  it("rejects bad keys, duplicates and impossible dates", () => {
    expect(() => nodesForYear(2026, { custom: [{ ...anniversary, key: "Shop Day" }] })).toThrow();
    expect(() => nodesForYear(2026, { custom: [{ ...anniversary, key: "double-11" }] })).toThrow(
      /duplicate/,
    );
    expect(() => nodesForYear(2026, { custom: [anniversary, anniversary] })).toThrow(/duplicate/);
    expect(() =>
      nodesForYear(2026, {
        custom: [{ ...anniversary, recurrence: { type: "yearly", month: 4, day: 31 } }],
      }),
    ).toThrow(/invalid date/);
  });
});

describe("nodesInRange and nextOccurrence", () => {
  it("lists the nodes of a range across a year end", () => {
    expect(nodesInRange("2026-11-01", "2027-01-11").map((n) => n.key)).toEqual([
      "double-11",
      "1118",
      "double-12",
      "christmas",
      "new-year",
      "merchant-carnival",
    ]);
  });

  it("finds the next occurrence of a node", () => {
    expect(nextOccurrence("spring-festival", "2026-03-01")?.date).toBe("2027-02-06");
    expect(nextOccurrence("double-11", "2026-11-11")?.date).toBe("2026-11-11");
    expect(nextOccurrence("double-11", "2026-11-11", { inclusive: false })?.date).toBe(
      "2027-11-11",
    );
    expect(nextOccurrence("no-such-node", "2026-01-01")).toBeNull();
    expect(nextOccurrence("spring-festival", "2100-03-01")).toBeNull();
  });

  it("finds a one-off custom node only until it has passed", () => {
    const launch: CustomNode = {
      key: "launch",
      name: "新品发布",
      nameEn: "Launch",
      recurrence: { type: "once", date: "2028-09-01" },
    };
    expect(nextOccurrence("launch", "2026-01-01", { custom: [launch] })?.date).toBe("2028-09-01");
    expect(nextOccurrence("launch", "2028-09-02", { custom: [launch] })).toBeNull();
  });
});
