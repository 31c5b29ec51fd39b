import { describe, expect, it } from "vitest";
import { phaseOf, phasesFor, phasesInOrder } from "./phases.ts";

describe("campaign phases", () => {
  it("puts Double 11's warm-up on 11-01…11-10 and thank-you on 11-12…11-21", () => {
    const p = phasesFor("2026-11-11");
    expect(p).toEqual({
      warmupStart: "2026-11-01",
      warmupEnd: "2026-11-10",
      peakDate: "2026-11-11",
      peakEnd: "2026-11-11",
      thanksStart: "2026-11-12",
      thanksEnd: "2026-11-21",
    });
    expect(phaseOf(p, "2026-10-31")).toBeNull();
    expect(phaseOf(p, "2026-11-01")).toBe("warmup");
    expect(phaseOf(p, "2026-11-11")).toBe("peak");
    expect(phaseOf(p, "2026-11-21")).toBe("thanks");
    expect(phaseOf(p, "2026-11-22")).toBeNull();
    expect(phasesInOrder(p)).toBe(true);
  });
  it("crosses year ends and supports a multi-day peak", () => {
    const p = phasesFor("2027-01-01", { warmupDays: 3, peakDays: 3, thanksDays: 2 });
    expect(p.warmupStart).toBe("2026-12-29");
    expect(p.peakEnd).toBe("2027-01-03");
    expect(p.thanksEnd).toBe("2027-01-05");
    expect(phasesInOrder({ ...p, thanksStart: "2027-01-02" })).toBe(false);
  });
});
