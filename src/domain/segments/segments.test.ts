import { describe, expect, it } from "vitest";
import { daysAgoStart, resolvePeriod, SegmentDefinitionSchema } from "./definition.ts";
import { playbookSegmentOf } from "./playbook.ts";
import {
  ascendingScoreByCuts,
  quintileScores,
  recencyScoreByCuts,
  rfmGroupOf,
  rfmGroups,
} from "./rfm.ts";
import { defaultSegmentSettings, resolveSegmentSettings } from "./settings.ts";

describe("RFM (pure)", () => {
  it("scores quintiles by rank, ties sharing the lower score", () => {
    expect(quintileScores([1, 2, 3, 4, 5])).toEqual([1, 2, 3, 4, 5]);
    expect(quintileScores([5, 1, 1, 3, 2])).toEqual([5, 1, 1, 4, 3]);
    expect(quintileScores([7, 7, 7])).toEqual([1, 1, 1]);
    expect(quintileScores(Array.from({ length: 10 }, (_, i) => i))).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]);
  });
  it("scores by merchant cut-offs at their edges", () => {
    const r = defaultSegmentSettings.rfm.recencyDays; // 30, 90, 180, 365
    expect([0, 30, 31, 90, 91, 180, 365, 366].map((d) => recencyScoreByCuts(d, r))).toEqual([
      5, 5, 4, 4, 3, 3, 2, 1,
    ]);
    expect([1, 2, 3, 4, 5, 8, 100].map((v) => ascendingScoreByCuts(v, [2, 3, 5, 8]))).toEqual([
      1, 2, 3, 3, 4, 5, 5,
    ]);
  });
  it("names the eight groups in Chinese and English", () => {
    expect(rfmGroups).toHaveLength(8);
    expect(rfmGroupOf(true, true, true)).toBe("important_value");
    expect(rfmGroupOf(true, false, true)).toBe("important_develop");
    expect(rfmGroupOf(false, true, true)).toBe("important_keep");
    expect(rfmGroupOf(false, false, true)).toBe("important_retain");
    expect(rfmGroupOf(true, true, false)).toBe("general_value");
    expect(rfmGroupOf(false, false, false)).toBe("general_retain");
    for (const g of rfmGroups)
      expect(rfmGroupOf(g.r === "high", g.f === "high", g.m === "high")).toBe(g.code);
    expect(rfmGroups.map((g) => g.zh)).toContain("重要挽留客户");
  });
});

describe("playbook segments (pure)", () => {
  const s = defaultSegmentSettings;
  it("has the documented defaults", () => {
    expect(s.activeDays).toBe(90);
    expect(s.loyalMinOrders).toBe(3);
    expect(resolveSegmentSettings({ activeDays: 30 }).loyalMinOrders).toBe(3);
    expect(resolveSegmentSettings({ activeDays: -1 })).toEqual(s);
  });
  it("puts each customer in one segment: loyal > active > general", () => {
    expect(playbookSegmentOf({ paidOrders: 3, recencyDays: 1 }, s)).toBe("loyal");
    expect(playbookSegmentOf({ paidOrders: 2, recencyDays: 90 }, s)).toBe("active");
    expect(playbookSegmentOf({ paidOrders: 2, recencyDays: 91 }, s)).toBe("general");
    expect(playbookSegmentOf({ paidOrders: 0, recencyDays: null }, s)).toBe("general");
  });
});

describe("segment definitions (pure)", () => {
  it("accepts nested AND/OR/NOT trees of every condition kind", () => {
    const def = {
      kind: "and",
      conditions: [
        { kind: "paidOrders", min: 2 },
        {
          kind: "or",
          conditions: [
            { kind: "region", provinces: ["浙江"] },
            { kind: "not", condition: { kind: "tags", match: "any", tags: ["批发"] } },
          ],
        },
        { kind: "consent", channel: "sms" },
        { kind: "layer", layer: "stock_out", period: { from: "2026-11-01", to: "2026-11-11" } },
      ],
    };
    const r = SegmentDefinitionSchema.safeParse(def);
    expect(r.success).toBe(true);
    // consent defaults to granted
    expect(JSON.stringify(r.data)).toContain('"granted":true');
  });
  it("names the field of an invalid condition", () => {
    const bad = SegmentDefinitionSchema.safeParse({
      kind: "and",
      conditions: [{ kind: "paidOrders" }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(["conditions", 0, "min"]);
    const period = SegmentDefinitionSchema.safeParse({
      kind: "firstPaid",
      period: { from: "2026-11-12", to: "2026-11-11" },
    });
    expect(period.success).toBe(false);
    expect(SegmentDefinitionSchema.safeParse({ kind: "drop table" }).success).toBe(false);
    expect(SegmentDefinitionSchema.safeParse({ kind: "member", value: true, x: 1 }).success).toBe(
      false,
    );
  });
  it("limits depth", () => {
    let node: unknown = { kind: "member", value: true };
    for (let i = 0; i < 8; i++) node = { kind: "not", condition: node };
    expect(SegmentDefinitionSchema.safeParse(node).success).toBe(false);
  });
  it("resolves local periods to UTC instants in the shop's zone", () => {
    const now = new Date("2026-11-23T04:00:00Z");
    const p = resolvePeriod({ from: "2026-11-11", to: "2026-11-11" }, "Asia/Shanghai", now);
    expect(p.from.toISOString()).toBe("2026-11-10T16:00:00.000Z");
    expect(p.to.toISOString()).toBe("2026-11-11T16:00:00.000Z");
    const last = resolvePeriod({ lastDays: 7 }, "Asia/Shanghai", now);
    expect(last.from.toISOString()).toBe("2026-11-16T16:00:00.000Z");
    expect(last.to.toISOString()).toBe("2026-11-23T16:00:00.000Z");
    expect(daysAgoStart(90, "Asia/Shanghai", now).toISOString()).toBe("2026-08-24T16:00:00.000Z");
  });
});
