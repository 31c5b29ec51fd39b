import { describe, expect, it } from "vitest";
import {
  formatInZone,
  formatWithOffset,
  isValidTimeZone,
  parseClock,
  parseIsoInstant,
  toEpochMs,
  wallTimeIn,
  zonedToEpochMs,
} from "./time.ts";

describe("parseIsoInstant", () => {
  it("reads offsets, Z and fractions (truncated to the millisecond)", () => {
    const ms = Date.UTC(2026, 10, 10, 12);
    expect(parseIsoInstant("2026-11-10T12:00:00Z")).toBe(ms);
    expect(parseIsoInstant("2026-11-10T20:00:00+08:00")).toBe(ms);
    expect(parseIsoInstant("2026-11-10T04:00:00-08:00")).toBe(ms);
    expect(parseIsoInstant("2026-11-10T20:00+08:00")).toBe(ms);
    expect(parseIsoInstant("2026-11-10T19:59:59.9999+08:00")).toBe(ms - 1);
    expect(parseIsoInstant("2026-11-10T19:59:59.5+08:00")).toBe(ms - 500);
  });
  it("accepts 29 February only in leap years", () => {
    expect(parseIsoInstant("2028-02-29T00:00:00Z")).toBeDefined();
    expect(parseIsoInstant("2026-02-29T00:00:00Z")).toBeUndefined();
  });
  it.each([
    "2026-11-10T20:00:00",
    "2026-11-10",
    "2026-11-10T20:00:00+0800",
    "2026-11-10T20:00:00+24:00",
    "2026-00-10T20:00:00Z",
    " 2026-11-10T20:00:00Z",
  ])("rejects %j", (s) => {
    expect(parseIsoInstant(s)).toBeUndefined();
  });
  it("toEpochMs takes Date, number and string; invalid ones give undefined", () => {
    expect(toEpochMs(new Date(5))).toBe(5);
    expect(toEpochMs(5.7)).toBe(5);
    expect(toEpochMs(Number.NaN)).toBeUndefined();
    expect(toEpochMs(new Date("nope"))).toBeUndefined();
  });
});

describe("formatting and zones", () => {
  it("formatWithOffset writes .SSS only when non-zero", () => {
    expect(formatWithOffset(Date.UTC(2026, 10, 10, 12), 480)).toBe("2026-11-10T20:00:00+08:00");
    expect(formatWithOffset(Date.UTC(2026, 10, 10, 12, 0, 0, 7), 480)).toBe(
      "2026-11-10T20:00:00.007+08:00",
    );
    expect(formatWithOffset(Date.UTC(2026, 10, 10, 12), -330)).toBe("2026-11-10T06:30:00-05:30");
  });
  it("wall time, offsets and DST in Los Angeles", () => {
    expect(wallTimeIn(Date.UTC(2026, 10, 10, 12), "America/Los_Angeles")).toMatchObject({
      year: 2026,
      month: 11,
      day: 10,
      hour: 4,
      weekday: 2,
    });
    expect(formatInZone(Date.UTC(2026, 6, 1, 12), "America/Los_Angeles")).toBe(
      "2026-07-01T05:00:00-07:00",
    );
    // 02:30 on 2026-03-08 does not exist in Los Angeles: resolved after the gap.
    expect(
      formatInZone(
        zonedToEpochMs(
          { year: 2026, month: 3, day: 8, hour: 2, minute: 30 },
          "America/Los_Angeles",
        ),
        "America/Los_Angeles",
      ),
    ).toBe("2026-03-08T03:30:00-07:00");
    // 01:30 on 2026-11-01 happens twice: the first (PDT) is used.
    expect(
      formatInZone(
        zonedToEpochMs(
          { year: 2026, month: 11, day: 1, hour: 1, minute: 30 },
          "America/Los_Angeles",
        ),
        "America/Los_Angeles",
      ),
    ).toBe("2026-11-01T01:30:00-07:00");
  });
  it("clock strings and zone names", () => {
    expect(parseClock("21:00")).toBe(1260);
    expect(parseClock("24:00")).toBe(1440);
    expect(parseClock("24:01")).toBeUndefined();
    expect(parseClock("9:00")).toBeUndefined();
    expect(isValidTimeZone("Asia/Shanghai")).toBe(true);
    expect(isValidTimeZone("Mars/Base")).toBe(false);
  });
});
