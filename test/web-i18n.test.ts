/**
 * Every section of the UI's texts has the same keys in Chinese and English, and no empty
 * text: a key missing in one language would show its raw name to the user.
 */
import { describe, expect, it } from "vitest";
import { en } from "../web/src/i18n/en.ts";
import { outreachEn } from "../web/src/i18n/outreach.en.ts";
import { outreachZhCN } from "../web/src/i18n/outreach.zh-CN.ts";
import { planningEn } from "../web/src/i18n/planning.en.ts";
import { planningZhCN } from "../web/src/i18n/planning.zh-CN.ts";
import { promotionsEn } from "../web/src/i18n/promotions.en.ts";
import { promotionsZhCN } from "../web/src/i18n/promotions.zh-CN.ts";
import { segmentsEn } from "../web/src/i18n/segments.en.ts";
import { segmentsZhCN } from "../web/src/i18n/segments.zh-CN.ts";
import { zhCN } from "../web/src/i18n/zh-CN.ts";

function keys(o: unknown, prefix = ""): string[] {
  if (typeof o !== "object" || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(o: unknown): string[] {
  if (typeof o !== "object" || o === null) return [String(o)];
  return Object.values(o).flatMap(leaves);
}

const sections: [name: string, zh: unknown, english: unknown][] = [
  ["common", zhCN, en],
  ["planning", planningZhCN, planningEn],
  ["segments", segmentsZhCN, segmentsEn],
  ["promotions", promotionsZhCN, promotionsEn],
  ["outreach", outreachZhCN, outreachEn],
];

describe.each(sections)("%s texts", (_name, zh, english) => {
  it("have the same keys in both languages", () => {
    expect(keys(english).sort()).toEqual(keys(zh).sort());
    expect(keys(zh).length).toBeGreaterThan(10);
  });

  it("have no empty text", () => {
    for (const v of [...leaves(zh), ...leaves(english)]) expect(v.trim().length).toBeGreaterThan(0);
  });
});

it("no two sections define the same top-level key (one would hide the other)", () => {
  const seen = new Map<string, string>();
  for (const [name, zh] of sections) {
    for (const k of Object.keys(zh as object)) {
      expect(seen.get(k), `${k} in ${name}`).toBeUndefined();
      seen.set(k, name);
    }
  }
});
