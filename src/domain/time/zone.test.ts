import { describe, expect, it } from "vitest";
import { addDays, isValidTimeZone, localDay, zonedTimeToUtc, zoneOffsetMinutes } from "./zone.ts";

describe("time zones", () => {
  it("knows Shanghai is UTC+8 and Los Angeles changes with DST", () => {
    expect(zoneOffsetMinutes("Asia/Shanghai", new Date("2026-11-11T00:00:00Z"))).toBe(480);
    expect(zoneOffsetMinutes("America/Los_Angeles", new Date("2026-07-01T00:00:00Z"))).toBe(-420);
    expect(zoneOffsetMinutes("America/Los_Angeles", new Date("2026-12-01T00:00:00Z"))).toBe(-480);
  });
  it("converts local wall times to UTC", () => {
    expect(zonedTimeToUtc("2026-11-11", "Asia/Shanghai").toISOString()).toBe(
      "2026-11-10T16:00:00.000Z",
    );
    expect(zonedTimeToUtc("2017-11-11 00:00:01", "Asia/Shanghai").toISOString()).toBe(
      "2017-11-10T16:00:01.000Z",
    );
    expect(zonedTimeToUtc("2026-03-08T03:30", "America/Los_Angeles").toISOString()).toBe(
      "2026-03-08T10:30:00.000Z",
    );
  });
  it("gives the local day of an instant, at midnight boundaries", () => {
    expect(localDay(new Date("2026-11-10T15:59:59.999Z"), "Asia/Shanghai")).toBe("2026-11-10");
    expect(localDay(new Date("2026-11-10T16:00:00Z"), "Asia/Shanghai")).toBe("2026-11-11");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
  });
  it("validates zone names", () => {
    expect(isValidTimeZone("Asia/Shanghai")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
});
