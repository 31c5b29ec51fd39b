import { describe, expect, it } from "vitest";
import { cellText } from "./readers.ts";

describe("XLSX cell text", () => {
  it("turns exceljs cell values into the text a CSV would carry", () => {
    expect(cellText(201.12)).toBe("201.12");
    expect(cellText("35153131473293579")).toBe("35153131473293579");
    expect(cellText(new Date(Date.UTC(2017, 10, 11, 0, 0, 1)))).toBe("2017-11-11 00:00:01");
    expect(cellText({ richText: [{ text: "羊毛" }, { text: "衫" }] })).toBe("羊毛衫");
    expect(cellText({ formula: "A1*2", result: 4 })).toBe("4");
    expect(cellText({ text: "链接", hyperlink: "https://example.com" })).toBe("链接");
    expect(cellText(null)).toBe("");
  });
});
