import { describe, expect, it } from "vitest";
import {
  DEFAULT_SMS_PHRASES,
  lintSms,
  mergeSmsPhrases,
  SMS_PROBLEM_CODES,
  SMS_PROBLEM_MESSAGES,
  SMS_PROBLEM_SEVERITY,
  smsCostFen,
  smsSegments,
} from "./sms-lint.ts";

const SIG = "【小店】";
const OPT = "回T退订";
const mk = (text: string) => lintSms({ type: "marketing", text });
const nt = (text: string) => lintSms({ type: "notification", text });

describe("lintSms: a clean message", () => {
  it("marketing with signature and opt-out at the end is ok", () => {
    const text = `${SIG}双11全场满300减40，${OPT}`;
    expect(mk(text)).toEqual({ ok: true, problems: [], segments: 1, chars: text.length });
  });
  it("notification without opt-out is ok", () => {
    expect(nt(`${SIG}您的包裹已发出，单号SF123`)).toMatchObject({ ok: true, problems: [] });
  });
  it("returns exactly ok, problems, segments, chars", () => {
    expect(Object.keys(mk(`${SIG}你好${OPT}`)).sort()).toEqual([
      "chars",
      "ok",
      "problems",
      "segments",
    ]);
  });
});

describe("lintSms: signature", () => {
  it("missing_signature when the text has no 【…】 at all", () => {
    expect(nt("您的包裹已发出").problems).toEqual(["missing_signature"]);
  });
  it("missing_signature when a leading space precedes 【", () => {
    expect(nt(` ${SIG}您的包裹已发出`).problems).toContain("missing_signature");
  });
  it("missing_signature when 【 is never closed (and the lone 【 is an extra bracket)", () => {
    expect(nt("【小店 您的包裹已发出").problems).toEqual([
      "extra_brackets_in_body",
      "missing_signature",
    ]);
  });
  it.each([["[小店]您的包裹已发出"], ["［小店］您的包裹已发出"], ["〖小店〗您的包裹已发出"]])(
    "signature_wrong_brackets for %s",
    (text) => {
      expect(nt(text).problems).toEqual(["signature_wrong_brackets"]);
    },
  );
  it("signature_not_at_start when the signature closes the text (trailing space ignored)", () => {
    expect(nt("您的包裹已发出【小店】  \n").problems).toEqual(["signature_not_at_start"]);
  });
  it("signature_length_invalid at 1 and 13 characters, valid at 2 and 12", () => {
    expect(nt("【店】您的包裹已发出").problems).toEqual(["signature_length_invalid"]);
    expect(nt("【小店】您的包裹已发出").problems).toEqual([]);
    expect(nt(`【${"店".repeat(12)}】您的包裹已发出`).problems).toEqual([]);
    expect(nt(`【${"店".repeat(13)}】您的包裹已发出`).problems).toEqual([
      "signature_length_invalid",
    ]);
  });
  it("signature_length_invalid for an empty 【】", () => {
    expect(nt("【】您的包裹已发出").problems).toEqual(["signature_length_invalid"]);
  });
  it("the signature and its brackets count towards chars", () => {
    expect(nt("【小店】好").chars).toBe(5);
  });
});

describe("lintSms: extra brackets", () => {
  it("extra_brackets_in_body for 【 or 】 in the body", () => {
    expect(nt(`${SIG}您的【包裹】已发出`).problems).toEqual(["extra_brackets_in_body"]);
    expect(nt(`${SIG}您的包裹】已发出`).problems).toEqual(["extra_brackets_in_body"]);
  });
  it("a second signature at the end is an extra bracket", () => {
    expect(nt(`${SIG}您的包裹已发出【小店】`).problems).toEqual(["extra_brackets_in_body"]);
  });
});

describe("lintSms: opt-out", () => {
  it("missing_unsubscribe for marketing without an opt-out phrase", () => {
    expect(mk(`${SIG}双11全场满300减40`).problems).toEqual(["missing_unsubscribe"]);
  });
  it("notifications need no opt-out", () => {
    expect(nt(`${SIG}您的包裹已发出`).problems).toEqual([]);
  });
  it("unsubscribe_not_at_end when the opt-out is followed by more text", () => {
    expect(mk(`${SIG}${OPT}，双11全场满300减40`).problems).toEqual(["unsubscribe_not_at_end"]);
  });
  it.each(["。", ".", "!", "！", " ", "。 \n", "!！。."])(
    "opt-out followed by %j still counts as at the end",
    (tail) => {
      expect(mk(`${SIG}双11全场满300减40，${OPT}${tail}`).problems).toEqual([]);
    },
  );
  it("opt-out followed by another punctuation mark is not at the end", () => {
    expect(mk(`${SIG}双11全场满300减40，${OPT}～`).problems).toEqual(["unsubscribe_not_at_end"]);
  });
  it("every default opt-out phrase is recognised", () => {
    for (const p of DEFAULT_SMS_PHRASES.optOut) {
      expect(mk(`${SIG}双11见，${p}`).problems).toEqual([]);
    }
  });
  it("a shop's own opt-out phrase is accepted, defaults still apply", () => {
    const extra = { optOut: ["回0退订"] };
    expect(lintSms({ type: "marketing", text: `${SIG}双11见，回0退订` }, extra).ok).toBe(true);
    expect(lintSms({ type: "marketing", text: `${SIG}双11见，${OPT}` }, extra).ok).toBe(true);
  });
});

describe("lintSms: phrases", () => {
  it("banned_phrase for every default banned phrase", () => {
    for (const p of DEFAULT_SMS_PHRASES.banned) {
      expect(nt(`${SIG}签收后${p}哦`).problems).toContain("banned_phrase");
    }
  });
  it("review_incentive for every default review-incentive phrase", () => {
    for (const p of DEFAULT_SMS_PHRASES.reviewIncentive) {
      expect(nt(`${SIG}签收后${p}哦`).problems).toContain("review_incentive");
    }
  });
  it("marketing_in_notification for every marketing keyword in a notification", () => {
    for (const p of DEFAULT_SMS_PHRASES.marketingKeywords) {
      expect(nt(`${SIG}您的包裹已发出，${p}`).problems).toEqual(["marketing_in_notification"]);
    }
  });
  it("marketing keywords are fine in marketing SMS", () => {
    expect(mk(`${SIG}限时秒杀，领券满减，${OPT}`).problems).toEqual([]);
  });
  it("unsupported_symbol for every listed symbol", () => {
    for (const p of DEFAULT_SMS_PHRASES.unsupportedSymbols) {
      expect(nt(`${SIG}价格${p}99`).problems).toEqual(["unsupported_symbol"]);
    }
  });
  it("unsupported_symbol for emoji (Extended_Pictographic), which count 2 chars", () => {
    const r = nt(`${SIG}好😀`);
    expect(r.problems).toEqual(["unsupported_symbol"]);
    expect(r.chars).toBe(7);
    expect(nt(`${SIG}好❤`).problems).toEqual(["unsupported_symbol"]);
  });
  it("shop additions extend the lists and never remove defaults", () => {
    const lists = mergeSmsPhrases({ banned: ["返现", "", "刷单"] });
    expect(lists.banned).toContain("刷单");
    expect(lists.banned).toContain("返现");
    expect(lists.banned).not.toContain("");
    expect(lists.banned.filter((p) => p === "刷单")).toHaveLength(1);
    expect(
      lintSms({ type: "notification", text: `${SIG}签收返现` }, { banned: ["返现"] }).problems,
    ).toEqual(["banned_phrase"]);
  });
});

describe("lintSms: length and segments", () => {
  const body = (n: number) => `${SIG}${"好".repeat(n - SIG.length - OPT.length)}${OPT}`;
  it("70 chars: 1 segment, no warning", () => {
    expect(mk(body(70))).toEqual({ ok: true, problems: [], segments: 1, chars: 70 });
  });
  it("71 chars: 2 segments and a warning that keeps ok true", () => {
    expect(mk(body(71))).toEqual({
      ok: true,
      problems: ["too_long_for_one_segment"],
      segments: 2,
      chars: 71,
    });
  });
  it("134 chars: 2 segments; 135: 3; 201: 3; 202: 4", () => {
    expect(mk(body(134)).segments).toBe(2);
    expect(mk(body(135)).segments).toBe(3);
    expect(mk(body(201)).segments).toBe(3);
    expect(mk(body(202)).segments).toBe(4);
  });
  it("an emoji at the 70/71 boundary counts 2", () => {
    expect(nt(`${SIG}${"好".repeat(64)}😀`).chars).toBe(70);
    expect(nt(`${SIG}${"好".repeat(65)}😀`)).toMatchObject({ chars: 71, segments: 2 });
  });
  it("smsSegments and smsCostFen", () => {
    expect(smsSegments(0)).toBe(1);
    expect(smsSegments(70)).toBe(1);
    expect(smsSegments(71)).toBe(2);
    expect(smsCostFen(2, 4)).toBe(8);
    expect(smsCostFen(3, 5, 1000)).toBe(15000);
    expect(() => smsCostFen(1.5, 4)).toThrow(RangeError);
    expect(() => smsCostFen(1, -1)).toThrow(RangeError);
  });
});

describe("lintSms: several problems", () => {
  it("problems are sorted and unique; ok false on any error", () => {
    const r = mk("[店]好评返现😀限时￥9【赠】晒图有礼");
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([
      "banned_phrase",
      "extra_brackets_in_body",
      "missing_unsubscribe",
      "review_incentive",
      "signature_wrong_brackets",
      "unsupported_symbol",
    ]);
  });
  it("wrong brackets and a trailing signature both reported, not missing_signature", () => {
    expect(nt("[店]您的包裹已发出【小店】").problems).toEqual([
      "signature_not_at_start",
      "signature_wrong_brackets",
    ]);
  });
});

describe("metadata", () => {
  it("every code has a severity and a zh/en message; only the length rule is a warning", () => {
    expect(SMS_PROBLEM_CODES).toHaveLength(12);
    for (const c of SMS_PROBLEM_CODES) {
      expect(SMS_PROBLEM_MESSAGES[c].zh.length).toBeGreaterThan(0);
      expect(SMS_PROBLEM_MESSAGES[c].en.length).toBeGreaterThan(0);
      expect(SMS_PROBLEM_SEVERITY[c]).toBe(c === "too_long_for_one_segment" ? "warning" : "error");
    }
  });
});
