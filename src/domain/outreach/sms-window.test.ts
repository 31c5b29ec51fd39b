import { describe, expect, it } from "vitest";
import { planSmsSendWarnings, smsSendWindow, windowProviderFor } from "./sms-window.ts";
import { zonedInterval } from "./time.ts";

const win = (provider: "aliyun" | "tencent" | "default", at: string, type = "marketing") =>
  smsSendWindow({ provider, type: type as "marketing" | "notification", at });

describe("smsSendWindow: aliyun [08:00, 20:00) Beijing", () => {
  it("19:59:59.999 is allowed and echoed with milliseconds", () => {
    expect(win("aliyun", "2026-11-10T19:59:59.999+08:00")).toEqual({
      allowed: true,
      nextAllowed: "2026-11-10T19:59:59.999+08:00",
    });
  });
  it("20:00:00.000 is blocked until the next day 08:00", () => {
    expect(win("aliyun", "2026-11-10T20:00:00.000+08:00")).toEqual({
      allowed: false,
      nextAllowed: "2026-11-11T08:00:00+08:00",
    });
  });
  it("07:59:59.999 is blocked until 08:00 the same day", () => {
    expect(win("aliyun", "2026-11-10T07:59:59.999+08:00")).toEqual({
      allowed: false,
      nextAllowed: "2026-11-10T08:00:00+08:00",
    });
  });
  it("08:00:00.000 is allowed", () => {
    expect(win("aliyun", "2026-11-10T08:00:00.000+08:00")).toEqual({
      allowed: true,
      nextAllowed: "2026-11-10T08:00:00+08:00",
    });
  });
  it("00:00 is blocked until 08:00 the same day; 23:59 until the next day", () => {
    expect(win("aliyun", "2026-11-10T00:00:00+08:00").nextAllowed).toBe(
      "2026-11-10T08:00:00+08:00",
    );
    expect(win("aliyun", "2026-11-10T23:59:00+08:00").nextAllowed).toBe(
      "2026-11-11T08:00:00+08:00",
    );
  });
  it("the next day rolls over months and years", () => {
    expect(win("aliyun", "2026-12-31T21:00:00+08:00").nextAllowed).toBe(
      "2027-01-01T08:00:00+08:00",
    );
  });
});

describe("smsSendWindow: other providers and types", () => {
  it("tencent allows until 22:00", () => {
    expect(win("tencent", "2026-11-10T20:00:00+08:00").allowed).toBe(true);
    expect(win("tencent", "2026-11-10T21:59:59.999+08:00").allowed).toBe(true);
    expect(win("tencent", "2026-11-10T22:00:00+08:00")).toEqual({
      allowed: false,
      nextAllowed: "2026-11-11T08:00:00+08:00",
    });
    expect(win("tencent", "2026-11-10T07:59:59.999+08:00").allowed).toBe(false);
    expect(win("tencent", "2026-11-10T08:00:00+08:00").allowed).toBe(true);
  });
  it("default is the stricter [08:00, 20:00)", () => {
    expect(win("default", "2026-11-10T19:59:59.999+08:00").allowed).toBe(true);
    expect(win("default", "2026-11-10T20:00:00+08:00").allowed).toBe(false);
    expect(windowProviderFor("fake")).toBe("default");
    expect(windowProviderFor("tencent")).toBe("tencent");
  });
  it("notifications are always allowed", () => {
    for (const p of ["aliyun", "tencent", "default"] as const) {
      expect(win(p, "2026-11-10T03:00:00+08:00", "notification")).toEqual({
        allowed: true,
        nextAllowed: "2026-11-10T03:00:00+08:00",
      });
    }
  });
});

describe("smsSendWindow: offsets other than +08:00", () => {
  it("2026-11-10T12:00:00Z is 20:00 Beijing and blocked on aliyun", () => {
    expect(win("aliyun", "2026-11-10T12:00:00Z")).toEqual({
      allowed: false,
      nextAllowed: "2026-11-11T08:00:00+08:00",
    });
  });
  it("an allowed instant is rewritten in +08:00", () => {
    expect(win("aliyun", "2026-11-10T03:30:00Z")).toEqual({
      allowed: true,
      nextAllowed: "2026-11-10T11:30:00+08:00",
    });
  });
  it("a Los Angeles evening is the next Beijing morning/day", () => {
    // 2026-11-09 17:00 PST = 2026-11-10 09:00 Beijing: allowed.
    expect(win("aliyun", "2026-11-09T17:00:00-08:00")).toEqual({
      allowed: true,
      nextAllowed: "2026-11-10T09:00:00+08:00",
    });
    // 2026-11-09 14:00 PST = 2026-11-10 06:00 Beijing: blocked until 08:00 that Beijing day.
    expect(win("aliyun", "2026-11-09T14:00:00-08:00")).toEqual({
      allowed: false,
      nextAllowed: "2026-11-10T08:00:00+08:00",
    });
  });
  it("accepts Date and epoch ms", () => {
    expect(
      smsSendWindow({ provider: "aliyun", type: "marketing", at: Date.UTC(2026, 10, 10, 0) }),
    ).toEqual({ allowed: true, nextAllowed: "2026-11-10T08:00:00+08:00" });
    expect(
      smsSendWindow({
        provider: "aliyun",
        type: "marketing",
        at: new Date(Date.UTC(2026, 10, 10, 12)),
      }).allowed,
    ).toBe(false);
  });
  it.each([
    "2026-11-10T20:00:00",
    "2026-11-10 20:00:00+08:00",
    "2026-02-30T10:00:00+08:00",
    "2026-11-10T24:00:00+08:00",
    "2026-11-10T20:00:60+08:00",
    "tomorrow",
    "",
  ])("rejects %j", (at) => {
    expect(() => win("aliyun", at)).toThrow(RangeError);
  });
});

describe("planSmsSendWarnings", () => {
  const wave3 = {
    type: "marketing" as const,
    start: "2026-11-10T20:00:00+08:00",
    end: "2026-11-10T22:00:00+08:00",
    withPhoneCalls: true,
  };
  it("wave 3 (T-1 20:00–22:00) is blocked on aliyun: send before 20:00, keep the calls", () => {
    const [w, ...rest] = planSmsSendWarnings({ ...wave3, provider: "aliyun" });
    expect(rest).toEqual([]);
    expect(w?.code).toBe("sms_window_blocked");
    expect(w?.sendBefore).toBe("2026-11-10T20:00:00+08:00");
    expect(w?.suggestion.en).toBe(
      "Send the SMS before 20:00 Beijing time (2026-11-10T20:00:00+08:00) and keep the phone calls.",
    );
    expect(w?.suggestion.zh).toBe(
      "短信请在北京时间 20:00 前发送（2026-11-10T20:00:00+08:00），电话外呼照常保留。",
    );
  });
  it("wave 3 is blocked on the default provider too, and fine on tencent", () => {
    expect(planSmsSendWarnings({ ...wave3, provider: "default" })).toHaveLength(1);
    expect(planSmsSendWarnings({ ...wave3, provider: "tencent" })).toEqual([]);
  });
  it("notifications never warn", () => {
    expect(planSmsSendWarnings({ ...wave3, provider: "aliyun", type: "notification" })).toEqual([]);
  });
  it("an interval crossing the close is partly blocked, with the allowed part", () => {
    const [w] = planSmsSendWarnings({
      provider: "aliyun",
      type: "marketing",
      start: "2026-11-10T19:00:00+08:00",
      end: "2026-11-10T21:00:00+08:00",
    });
    expect(w?.code).toBe("sms_window_partly_blocked");
    expect(w?.allowedPart).toEqual({
      start: "2026-11-10T19:00:00+08:00",
      end: "2026-11-10T20:00:00+08:00",
    });
    expect(w?.suggestion.en).not.toContain("phone");
  });
  it("a Los Angeles shop's wave 3 (20:00–22:00 PST) is 12:00–14:00 Beijing: allowed", () => {
    expect(
      planSmsSendWarnings({
        provider: "aliyun",
        type: "marketing",
        start: "2026-11-10T20:00:00-08:00",
        end: "2026-11-10T22:00:00-08:00",
        timeZone: "America/Los_Angeles",
      }),
    ).toEqual([]);
  });
  it("a Los Angeles shop's morning send is blocked and shown in local time", () => {
    // 2026-11-10 06:00–07:00 PST = 22:00–23:00 Beijing.
    const [w] = planSmsSendWarnings({
      provider: "aliyun",
      type: "marketing",
      start: "2026-11-10T06:00:00-08:00",
      end: "2026-11-10T07:00:00-08:00",
      timeZone: "America/Los_Angeles",
      withPhoneCalls: true,
    });
    expect(w?.sendBefore).toBe("2026-11-10T20:00:00+08:00");
    expect(w?.sendBeforeLocal).toBe("2026-11-10T04:00:00-08:00");
    expect(w?.suggestion.en).toContain("America/Los_Angeles: before 2026-11-10T04:00:00-08:00");
  });
  it("wave 3 given as local wall time in the shop's zone (zonedInterval)", () => {
    const wave = { date: "2026-11-10", from: "20:00", to: "22:00" };
    const sh = zonedInterval(wave, "Asia/Shanghai");
    expect(planSmsSendWarnings({ provider: "aliyun", type: "marketing", ...sh })[0]?.code).toBe(
      "sms_window_blocked",
    );
    const la = zonedInterval(wave, "America/Los_Angeles");
    expect(la).toEqual({ start: Date.UTC(2026, 10, 11, 4), end: Date.UTC(2026, 10, 11, 6) });
    expect(
      planSmsSendWarnings({
        provider: "aliyun",
        type: "marketing",
        ...la,
        timeZone: "America/Los_Angeles",
      }),
    ).toEqual([]);
    expect(
      zonedInterval({ date: "2026-11-10", from: "22:00", to: "02:00" }, "Asia/Shanghai"),
    ).toEqual({
      start: Date.UTC(2026, 10, 10, 14),
      end: Date.UTC(2026, 10, 10, 18),
    });
    expect(() =>
      zonedInterval({ date: "2026-02-30", from: "20:00", to: "22:00" }, "Asia/Shanghai"),
    ).toThrow(RangeError);
  });
});
