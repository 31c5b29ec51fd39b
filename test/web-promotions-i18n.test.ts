/** The promotions tab's Chinese and English texts have the same keys, none empty. */
import { describe, expect, it } from "vitest";
import { promotionsEn } from "../web/src/i18n/promotions.en.ts";
import { promotionsZhCN } from "../web/src/i18n/promotions.zh-CN.ts";

function keys(o: unknown, prefix = ""): string[] {
  if (typeof o !== "object" || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(o: unknown): string[] {
  if (typeof o !== "object" || o === null) return [String(o)];
  return Object.values(o).flatMap(leaves);
}

describe("promotions texts", () => {
  it("have the same keys in both languages", () => {
    expect(keys(promotionsEn).sort()).toEqual(keys(promotionsZhCN).sort());
    expect(keys(promotionsZhCN)).toContain("promotions.replay.title");
    expect(keys(promotionsZhCN)).toContain("promotions.coupons.sources.checkout");
  });

  it("have no empty text", () => {
    for (const v of [...leaves(promotionsZhCN), ...leaves(promotionsEn)]) {
      expect(v.trim().length).toBeGreaterThan(0);
    }
  });
});
