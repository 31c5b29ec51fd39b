import { describe, expect, it } from "vitest";
import { holidayCalendar } from "../holidays/index.ts";
import { campaignPhases, campaignStage } from "./phases.ts";
import { generateSchedule, type ScheduledTask } from "./schedule.ts";
import { DEFAULT_TASK_TEMPLATE } from "./template.ts";

const holidays = holidayCalendar();
const byKey = (tasks: readonly ScheduledTask[]) => new Map(tasks.map((t) => [t.key, t]));

describe("campaign phases", () => {
  it("places warm-up, peak and thank-you around T", () => {
    expect(
      campaignPhases("2026-11-11").map((p) => [p.key, p.name, p.nameEn, p.start, p.end]),
    ).toEqual([
      ["warmUp", "预热期", "Warm-up", "2026-11-01", "2026-11-10"],
      ["peak", "爆发日", "Peak day", "2026-11-11", "2026-11-11"],
      ["thankYou", "答谢期", "Thank-you period", "2026-11-12", "2026-11-21"],
    ]);
  });

  it("tells the stage of a date", () => {
    expect(campaignStage("2026-10-31", "2026-11-11")).toBe("preparation");
    expect(campaignStage("2026-11-01", "2026-11-11")).toBe("warmUp");
    expect(campaignStage("2026-11-11", "2026-11-11")).toBe("peak");
    expect(campaignStage("2026-11-21", "2026-11-11")).toBe("thankYou");
    expect(campaignStage("2026-11-22", "2026-11-11")).toBe("afterward");
  });
});

describe("default template", () => {
  it("has unique kebab-case keys, titles in both languages and known roles", () => {
    const keys = DEFAULT_TASK_TEMPLATE.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of DEFAULT_TASK_TEMPLATE) {
      expect(t.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(t.title).toMatch(/[\u4e00-\u9fff]/);
      expect(t.titleEn).toMatch(/^[A-Z]/);
      expect(["owner", "operator", "cs", "analyst"]).toContain(t.role);
      if (t.startOffset !== undefined) expect(t.startOffset).toBeLessThanOrEqual(t.dueOffset);
    }
  });

  it("covers the playbook's warm-up waves, ads and shipping rules", () => {
    const t = new Map(DEFAULT_TASK_TEMPLATE.map((x) => [x.key, x]));
    expect([
      t.get("warm-up-wave-1-sms")?.startOffset,
      t.get("warm-up-wave-1-sms")?.dueOffset,
    ]).toEqual([-10, -6]);
    expect([
      t.get("warm-up-wave-2-email")?.startOffset,
      t.get("warm-up-wave-2-email")?.dueOffset,
    ]).toEqual([-5, -2]);
    expect(t.get("warm-up-wave-3-sms-call")?.window).toEqual({ from: "20:00", to: "22:00" });
    expect(t.get("ads-ramp-up")?.startOffset).toBe(-15);
    expect(t.get("ads-cut-decision")?.dueOffset).toBe(-3);
    expect(t.get("ship-by-deadline")?.dueOffset).toBe(9);
    expect(t.get("logistics-scan-deadline")?.dueOffset).toBe(13);
  });
});

describe("generateSchedule: Double 11 2026", () => {
  const tasks = generateSchedule(DEFAULT_TASK_TEMPLATE, "2026-11-11", holidays);
  const k = byKey(tasks);

  it("dates one task per template entry, sorted by due date", () => {
    expect(tasks).toHaveLength(DEFAULT_TASK_TEMPLATE.length);
    const dues = tasks.map((t) => t.due);
    expect(dues).toEqual([...dues].sort());
    expect(tasks.every((t) => t.basis === "official")).toBe(true);
  });

  it("moves preparation tasks off the 中秋 and 国庆 breaks to the previous working day", () => {
    // T-45 = Sun 9-27, right after 中秋 (9-25…9-27 off) → Thu 9-24
    expect(k.get("targets-and-budget")).toMatchObject({
      nominalDue: "2026-09-27",
      due: "2026-09-24",
      moved: true,
      stage: "preparation",
    });
    // T-35 = 10-07, last day of the National Day break → Wed 9-30
    expect(k.get("slot-negotiation")).toMatchObject({
      nominalDue: "2026-10-07",
      due: "2026-09-30",
    });
    // T-25 = Sat 10-17 → Fri 10-16
    expect(k.get("mechanics-and-benefits")?.due).toBe("2026-10-16");
    // T-3 = Sun 11-08 → Fri 11-06
    expect(k.get("ads-cut-decision")?.due).toBe("2026-11-06");
    expect(k.get("cs-scripts")?.due).toBe("2026-11-06");
    // T-10 = Sun 11-01 → Fri 10-30; the window still starts at T-15
    expect(k.get("ads-ramp-up")).toMatchObject({ start: "2026-10-27", due: "2026-10-30" });
    expect(k.get("hero-skus")).toMatchObject({ due: "2026-10-12", moved: false });
  });

  it("keeps customer touches and platform deadlines on their dates", () => {
    expect(k.get("warm-up-wave-1-sms")).toMatchObject({ start: "2026-11-01", due: "2026-11-05" });
    expect(k.get("warm-up-wave-2-email")).toMatchObject({ start: "2026-11-06", due: "2026-11-09" });
    expect(k.get("warm-up-wave-3-sms-call")).toMatchObject({
      due: "2026-11-10",
      window: { from: "20:00", to: "22:00" },
      stage: "warmUp",
    });
    expect(k.get("ship-by-deadline")?.due).toBe("2026-11-20");
    expect(k.get("late-shipment-refunds")?.due).toBe("2026-11-21");
    expect(k.get("logistics-scan-deadline")?.due).toBe("2026-11-24");
    expect(k.get("no-logistics-complaints")?.due).toBe("2026-11-25");
    expect(k.get("review-gift")).toMatchObject({ start: "2026-11-19", due: "2026-11-21" });
    expect(k.get("peak-day-watch")).toMatchObject({ due: "2026-11-11", stage: "peak" });
  });

  it("schedules the retrospective after the thank-you period", () => {
    expect(k.get("retrospective")).toMatchObject({
      due: "2026-11-25",
      role: "analyst",
      stage: "afterward",
    });
  });
});

describe("generateSchedule: Spring Festival 2026", () => {
  const tasks = generateSchedule(DEFAULT_TASK_TEMPLATE, "2026-02-17", holidays);
  const k = byKey(tasks);

  it("moves a task off the 元旦 break into the previous year", () => {
    // T-45 = Sat 1-03 (元旦 1-01…1-03 off) → Wed 2025-12-31
    expect(k.get("targets-and-budget")).toMatchObject({
      nominalDue: "2026-01-03",
      due: "2025-12-31",
      moved: true,
    });
  });

  it("keeps tasks on the make-up Saturday 2-14 and moves the 2-15 one there", () => {
    // T-3 = Sat 2-14, an official make-up workday: not moved
    expect(k.get("ads-cut-decision")).toMatchObject({ due: "2026-02-14", moved: false });
    expect(k.get("cs-scripts")).toMatchObject({ due: "2026-02-14", moved: false });
    // T-2 = Sun 2-15, first day of the break → the make-up Saturday 2-14
    expect(k.get("store-homepage")).toMatchObject({ nominalDue: "2026-02-15", due: "2026-02-14" });
    // T-10 = Sat 2-07 (ordinary weekend) → Fri 2-06
    expect(k.get("ads-ramp-up")?.due).toBe("2026-02-06");
  });

  it("moves follow-up work after the break to the next working day", () => {
    // T+5 = Sun 2-22, inside the break (2-15…2-23) → Tue 2-24
    expect(k.get("customer-layering")).toMatchObject({
      nominalDue: "2026-02-22",
      due: "2026-02-24",
      moved: true,
      stage: "thankYou",
    });
    expect(k.get("retrospective")?.due).toBe("2026-03-03");
  });

  it("keeps the warm-up waves on calendar days, even on days off", () => {
    expect(k.get("warm-up-wave-2-email")).toMatchObject({ start: "2026-02-12", due: "2026-02-15" });
    expect(k.get("warm-up-wave-3-sms-call")?.due).toBe("2026-02-16");
  });
});

describe("generateSchedule: a year not announced", () => {
  it("falls back to weekends only and says so", () => {
    const tasks = generateSchedule(DEFAULT_TASK_TEMPLATE, "2027-11-11", holidays);
    expect(tasks.every((t) => t.basis === "weekendsOnly")).toBe(true);
    // T-3 = Mon 2027-11-08 is a weekday; T-25 = Sun 10-17 → Fri 10-15
    expect(byKey(tasks).get("ads-cut-decision")?.due).toBe("2027-11-08");
    expect(byKey(tasks).get("mechanics-and-benefits")?.due).toBe("2027-10-15");
  });
});
