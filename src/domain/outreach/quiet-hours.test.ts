import { describe, expect, it } from "vitest";
import { inDailySpan, quietHoursCheck } from "./quiet-hours.ts";

describe("quietHoursCheck", () => {
  const sh = "Asia/Shanghai";
  it("default 21:00–09:00: boundaries in Shanghai", () => {
    expect(quietHoursCheck({ at: "2026-11-10T20:59:59.999+08:00", timeZone: sh }).quiet).toBe(
      false,
    );
    expect(quietHoursCheck({ at: "2026-11-10T21:00:00+08:00", timeZone: sh })).toMatchObject({
      quiet: true,
      nextAllowed: "2026-11-11T09:00:00+08:00",
    });
    expect(quietHoursCheck({ at: "2026-11-11T08:59:00+08:00", timeZone: sh })).toMatchObject({
      quiet: true,
      nextAllowed: "2026-11-11T09:00:00+08:00",
    });
    expect(quietHoursCheck({ at: "2026-11-11T09:00:00+08:00", timeZone: sh })).toMatchObject({
      quiet: false,
      nextAllowed: "2026-11-11T09:00:00+08:00",
    });
  });
  it("reasons in the shop's zone: 20:00 Beijing is 04:00 in Los Angeles, quiet there", () => {
    const r = quietHoursCheck({ at: "2026-11-10T12:00:00Z", timeZone: "America/Los_Angeles" });
    expect(r).toMatchObject({ quiet: true, nextAllowed: "2026-11-10T09:00:00-08:00" });
    // ...while 21:30 Beijing (05:30 LA) is also quiet in LA, and 02:00 Beijing (10:00 LA) is not.
    expect(
      quietHoursCheck({ at: "2026-11-10T18:00:00Z", timeZone: "America/Los_Angeles" }).quiet,
    ).toBe(false);
  });
  it("follows daylight saving: the end time is local wall time on both sides of the change", () => {
    // 2026-11-01 02:00 PDT -> 01:00 PST. 23:00 PDT Oct 31 -> next allowed 09:00 PST Nov 1.
    expect(
      quietHoursCheck({ at: "2026-10-31T23:00:00-07:00", timeZone: "America/Los_Angeles" })
        .nextAllowed,
    ).toBe("2026-11-01T09:00:00-08:00");
    // 2026-03-08 spring forward: 22:00 PST Mar 7 -> 09:00 PDT Mar 8.
    expect(
      quietHoursCheck({ at: "2026-03-07T22:00:00-08:00", timeZone: "America/Los_Angeles" })
        .nextAllowed,
    ).toBe("2026-03-08T09:00:00-07:00");
  });
  it("custom spans: non-wrapping, and start = end means none", () => {
    const q = { start: "12:00", end: "14:00" };
    expect(
      quietHoursCheck({ at: "2026-11-10T13:00:00+08:00", timeZone: sh, quietHours: q }),
    ).toMatchObject({ quiet: true, nextAllowed: "2026-11-10T14:00:00+08:00" });
    expect(
      quietHoursCheck({ at: "2026-11-10T15:00:00+08:00", timeZone: sh, quietHours: q }).quiet,
    ).toBe(false);
    expect(
      quietHoursCheck({
        at: "2026-11-10T23:00:00+08:00",
        timeZone: sh,
        quietHours: { start: "00:00", end: "00:00" },
      }).quiet,
    ).toBe(false);
  });
  it("rejects bad clocks and instants", () => {
    expect(() =>
      quietHoursCheck({
        at: "2026-11-10T13:00:00+08:00",
        timeZone: sh,
        quietHours: { start: "9", end: "21:00" },
      }),
    ).toThrow(RangeError);
    expect(() => quietHoursCheck({ at: "soon", timeZone: sh })).toThrow(RangeError);
  });
  it("inDailySpan", () => {
    expect(inDailySpan(0, 1260, 540)).toBe(true);
    expect(inDailySpan(600, 1260, 540)).toBe(false);
    expect(inDailySpan(600, 540, 1260)).toBe(true);
    expect(inDailySpan(600, 600, 600)).toBe(false);
  });
});
