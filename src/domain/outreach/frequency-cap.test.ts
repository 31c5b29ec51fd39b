import { describe, expect, it } from "vitest";
import { frequencyCapCheck } from "./frequency-cap.ts";

const sh = "Asia/Shanghai";
const la = "America/Los_Angeles";

describe("frequencyCapCheck", () => {
  it("allows the first SMS of the day", () => {
    expect(
      frequencyCapCheck({
        at: "2026-11-10T15:00:00+08:00",
        channel: "sms",
        priorSends: [],
        timeZone: sh,
      }),
    ).toEqual({
      allowed: true,
      sentToday: 0,
      sentThisWeek: 0,
      nextAllowed: "2026-11-10T15:00:00+08:00",
      nextAllowedMs: Date.parse("2026-11-10T15:00:00+08:00"),
    });
  });
  it("per day: a second SMS on the same local day waits for local midnight", () => {
    const r = frequencyCapCheck({
      at: "2026-11-10T23:59:59+08:00",
      channel: "sms",
      priorSends: [{ channel: "sms", at: "2026-11-10T00:00:00+08:00" }],
      timeZone: sh,
    });
    expect(r).toMatchObject({
      allowed: false,
      reason: "per_day",
      sentToday: 1,
      nextAllowed: "2026-11-11T00:00:00+08:00",
    });
  });
  it("other channels do not count", () => {
    expect(
      frequencyCapCheck({
        at: "2026-11-10T15:00:00+08:00",
        channel: "sms",
        priorSends: [
          { channel: "email", at: "2026-11-10T09:00:00+08:00" },
          { channel: "phone", at: "2026-11-10T10:00:00+08:00" },
        ],
        timeZone: sh,
      }).allowed,
    ).toBe(true);
  });
  it("per week (Monday start): the fourth SMS in a week waits for next Monday", () => {
    // 2026-11-09 is a Monday.
    const priorSends = ["2026-11-09", "2026-11-10", "2026-11-11"].map((d) => ({
      channel: "sms" as const,
      at: `${d}T10:00:00+08:00`,
    }));
    const r = frequencyCapCheck({
      at: "2026-11-13T10:00:00+08:00",
      channel: "sms",
      priorSends,
      timeZone: sh,
    });
    expect(r).toMatchObject({
      allowed: false,
      reason: "per_week",
      sentToday: 0,
      sentThisWeek: 3,
      nextAllowed: "2026-11-16T00:00:00+08:00",
    });
    // A send on the previous Sunday belongs to the previous week.
    expect(
      frequencyCapCheck({
        at: "2026-11-13T10:00:00+08:00",
        channel: "sms",
        priorSends: [...priorSends.slice(1), { channel: "sms", at: "2026-11-08T23:00:00+08:00" }],
        timeZone: sh,
      }).allowed,
    ).toBe(true);
  });
  it("days are the shop's local days: the same instants count differently in Los Angeles", () => {
    // 2026-11-10 20:00 Beijing and 2026-11-11 02:00 Beijing are different Beijing days,
    // but both fall on 2026-11-10 in Los Angeles (04:00 and 10:00 PST).
    const priorSends = [{ channel: "sms" as const, at: "2026-11-10T20:00:00+08:00" }];
    const at = "2026-11-11T02:00:00+08:00";
    expect(frequencyCapCheck({ at, channel: "sms", priorSends, timeZone: sh }).allowed).toBe(true);
    const r = frequencyCapCheck({ at, channel: "sms", priorSends, timeZone: la });
    expect(r).toMatchObject({
      allowed: false,
      reason: "per_day",
      nextAllowed: "2026-11-11T00:00:00-08:00",
    });
  });
  it("custom caps; no cap for a missing period", () => {
    const priorSends = [1, 2, 3, 4].map((h) => ({
      channel: "email" as const,
      at: `2026-11-10T0${h}:00:00+08:00`,
    }));
    expect(
      frequencyCapCheck({
        at: "2026-11-10T12:00:00+08:00",
        channel: "email",
        priorSends,
        timeZone: sh,
        caps: { email: { perDay: 5 } },
      }).allowed,
    ).toBe(true);
    expect(() =>
      frequencyCapCheck({
        at: "2026-11-10T12:00:00+08:00",
        channel: "email",
        priorSends,
        timeZone: sh,
        caps: { email: { perDay: -1 } },
      }),
    ).toThrow(RangeError);
  });
});
