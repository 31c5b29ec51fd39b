/** The outreach page's Chinese and English texts have the same keys, none empty. */
import { describe, expect, it } from "vitest";
import { outreachEn } from "../web/src/i18n/outreach.en.ts";
import { outreachZhCN } from "../web/src/i18n/outreach.zh-CN.ts";

function keys(o: unknown, prefix = ""): string[] {
  if (typeof o !== "object" || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function leaves(o: unknown): string[] {
  if (typeof o !== "object" || o === null) return [String(o)];
  return Object.values(o).flatMap(leaves);
}

describe("outreach texts", () => {
  it("have the same keys in both languages", () => {
    expect(keys(outreachEn).sort()).toEqual(keys(outreachZhCN).sort());
    expect(keys(outreachZhCN).length).toBeGreaterThan(100);
  });

  it("have no empty text", () => {
    for (const v of [...leaves(outreachZhCN), ...leaves(outreachEn)]) {
      expect(v.trim().length).toBeGreaterThan(0);
    }
  });
});
