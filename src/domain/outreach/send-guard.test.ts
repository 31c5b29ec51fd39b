import { describe, expect, it } from "vitest";
import { earliestSend } from "./send-guard.ts";

describe("earliestSend", () => {
  it("Shanghai shop, wave 3 at 20:00: aliyun window and quiet hours both push to 09:00", () => {
    const r = earliestSend({
      at: "2026-11-10T20:00:00+08:00",
      channel: "sms",
      type: "marketing",
      provider: "aliyun",
      timeZone: "Asia/Shanghai",
    });
    expect(r).toEqual({
      allowedNow: false,
      blockedBy: ["sms_window"],
      earliest: "2026-11-11T09:00:00+08:00",
      earliestBeijing: "2026-11-11T09:00:00+08:00",
    });
  });
  it("Los Angeles shop at 20:00 local: Beijing window open (12:00) but local quiet hours", () => {
    const r = earliestSend({
      at: "2026-11-10T20:00:00-08:00",
      channel: "sms",
      type: "marketing",
      provider: "aliyun",
      timeZone: "America/Los_Angeles",
    });
    expect(r.allowedNow).toBe(true);
    const late = earliestSend({
      at: "2026-11-10T21:30:00-08:00",
      channel: "sms",
      type: "marketing",
      provider: "aliyun",
      timeZone: "America/Los_Angeles",
    });
    // Quiet until 09:00 PST = 01:00 Beijing, when the Beijing window is closed until 08:00
    // Beijing = 16:00 PST.
    expect(late).toEqual({
      allowedNow: false,
      blockedBy: ["quiet_hours"],
      earliest: "2026-11-11T16:00:00-08:00",
      earliestBeijing: "2026-11-12T08:00:00+08:00",
    });
  });
  it("Los Angeles shop at 10:00 local: not quiet locally, but 02:00 Beijing is outside the window", () => {
    const r = earliestSend({
      at: "2026-11-10T10:00:00-08:00",
      channel: "sms",
      type: "marketing",
      provider: "tencent",
      timeZone: "America/Los_Angeles",
    });
    expect(r).toEqual({
      allowedNow: false,
      blockedBy: ["sms_window"],
      earliest: "2026-11-10T16:00:00-08:00",
      earliestBeijing: "2026-11-11T08:00:00+08:00",
    });
  });
  it("notifications skip the window, keep quiet hours; quiet hours can be switched off", () => {
    const base = {
      at: "2026-11-10T22:00:00+08:00",
      channel: "sms" as const,
      type: "notification" as const,
      timeZone: "Asia/Shanghai",
    };
    expect(earliestSend(base).blockedBy).toEqual(["quiet_hours"]);
    expect(earliestSend({ ...base, quietHours: null }).allowedNow).toBe(true);
  });
  it("caps combine with the window", () => {
    const r = earliestSend({
      at: "2026-11-10T10:00:00+08:00",
      channel: "sms",
      type: "marketing",
      provider: "aliyun",
      timeZone: "Asia/Shanghai",
      priorSends: [{ channel: "sms", at: "2026-11-10T09:00:00+08:00" }],
    });
    expect(r).toMatchObject({
      allowedNow: false,
      blockedBy: ["per_day"],
      earliest: "2026-11-11T09:00:00+08:00",
    });
  });
  it("email ignores the SMS window", () => {
    expect(
      earliestSend({
        at: "2026-11-10T20:30:00+08:00",
        channel: "email",
        type: "marketing",
        timeZone: "Asia/Shanghai",
      }).allowedNow,
    ).toBe(true);
  });
});
