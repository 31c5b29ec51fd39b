import { describe, expect, it } from "vitest";
import { lintSms } from "../sms-lint.ts";
import { logisticsTemplates, nurtureTimeline, renderTemplate, warmupWaves } from "./templates.ts";

describe("journey templates", () => {
  it("renders variables, falls back for {name}, reports missing and unknown ones", () => {
    expect(renderTemplate("【小店】{name}，券{coupon}，{foo}", { coupon: "A1" })).toEqual({
      text: "【小店】亲，券A1，{foo}",
      missing: [],
      unknown: ["foo"],
    });
    expect(renderTemplate("{link}", {}).missing).toEqual(["link"]);
  });

  it("playbook SMS pass the lint; returning customers never get 全场5折; signed has no review reward", () => {
    const sample = { name: "张伟", link: "t.cn/A1", orderNo: "1001", trackingNo: "SF1" };
    for (const s of [...warmupWaves("小店"), ...logisticsTemplates("小店")]) {
      if (s.channel !== "sms") continue;
      const r = lintSms({ text: renderTemplate(s.template, sample).text, type: s.smsType });
      expect(
        r.problems.filter((p) => p !== "too_long_for_one_segment"),
        s.key,
      ).toEqual([]);
    }
    for (const s of warmupWaves("小店").filter(
      (x) => x.audience.kind === "playbook" && x.audience.playbook === "loyal",
    )) {
      expect(s.template).not.toMatch(/5折|五折/);
    }
    expect(warmupWaves("小店").find((s) => s.key === "wave2-returning")?.template).toContain(
      "老客礼包",
    );
    const signed = logisticsTemplates("小店").find((s) => s.key === "logistics-signed");
    expect(signed?.template).not.toMatch(/好评|评价有礼|返现/);
  });

  it("wave 3 is T-1 20:00–22:00, SMS and phone", () => {
    const w3 = warmupWaves("小店").filter((s) => s.key.startsWith("wave3"));
    expect(w3.map((s) => [s.channel, s.offsetDays, s.windowFrom, s.windowTo])).toEqual([
      ["sms", -1, "20:00", "22:00"],
      ["phone", -1, "20:00", "22:00"],
    ]);
  });

  it("nurture timeline follows any peak; the Spring Festival wake-up follows the lunar date", () => {
    const t = nurtureTimeline("2026-11-11");
    expect(t[0]).toMatchObject({ key: "shipping-reminder", from: "2026-11-11", to: "2026-11-12" });
    expect(t.find((x) => x.key === "christmas-wakeup")).toMatchObject({ from: "2026-12-17" });
    // Spring Festival 2027 is 02-06.
    expect(t.at(-1)).toMatchObject({
      key: "spring-festival-wakeup",
      from: "2027-01-30",
      to: "2027-01-31",
    });
    // Spring Festival 2026 is 02-17: a 2025 Double 11 gets its wake-up in February.
    expect(nurtureTimeline("2025-11-11").at(-1)).toMatchObject({ from: "2026-02-10" });
    // Relative to another festival: 618.
    expect(nurtureTimeline("2026-06-18")[1]).toMatchObject({
      key: "review-care",
      from: "2026-06-26",
    });
  });
});
