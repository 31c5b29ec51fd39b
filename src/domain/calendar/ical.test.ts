import { describe, expect, it } from "vitest";
import { holidayCalendar, holidaysForYear } from "./holidays/index.ts";
import { escapeText, foldLine, toICalendar } from "./ical.ts";
import { type CalendarNode, nodesForYear } from "./nodes.ts";

const generatedAt = new Date("2026-01-01T08:30:00.000Z");

describe("toICalendar", () => {
  const ics = toICalendar({
    nodes: nodesForYear(2026),
    holidays: holidaysForYear(2026, holidayCalendar()).days,
    name: "大促日历 2026",
    generatedAt,
  });
  const lines = ics.split("\r\n");

  it("is a VCALENDAR with CRLF line endings", () => {
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(lines).toContain("PRODID:-//Dacu//Promotion Calendar 大促日历//ZH");
  });

  it("has one all-day event per node and per holiday run, with stable UIDs", () => {
    const begins = lines.filter((l) => l === "BEGIN:VEVENT").length;
    // 2026: 7 runs of days off + 6 make-up workdays
    expect(begins).toBe(nodesForYear(2026).length + 7 + 6);
    expect(lines.filter((l) => l === "END:VEVENT").length).toBe(begins);
    const event = ics.slice(ics.indexOf("UID:mid-autumn-2026-09-25@dacu.calendar"));
    const block = event.slice(0, event.indexOf("END:VEVENT"));
    expect(block).toContain("DTSTAMP:20260101T083000Z\r\n");
    expect(block).toContain("DTSTART;VALUE=DATE:20260925\r\n");
    expect(block).toContain("DTEND;VALUE=DATE:20260926\r\n");
    expect(block).toContain("SUMMARY:中秋节 Mid-Autumn Festival\r\n");
    expect(ics).toContain("UID:holiday-off-2026-02-15@dacu.calendar");
    expect(ics).toContain("DTEND;VALUE=DATE:20260224"); // 春节 2-15 … 2-23 inclusive
    expect(ics).toContain("UID:holiday-workday-2026-02-14@dacu.calendar");
    const uids = lines.filter((l) => l.startsWith("UID:"));
    expect(new Set(uids).size).toBe(uids.length);
    // Same input, same output.
    expect(
      toICalendar({
        nodes: nodesForYear(2026),
        holidays: holidaysForYear(2026, holidayCalendar()).days,
        name: "大促日历 2026",
        generatedAt,
      }),
    ).toBe(ics);
  });

  it("keeps every line within 75 octets", () => {
    for (const l of lines) expect(Buffer.byteLength(l, "utf8")).toBeLessThanOrEqual(75);
  });

  it("escapes and folds long text without splitting characters", () => {
    const node: CalendarNode = {
      key: "long-sale",
      name: "店庆大促，满300减50；全场包邮\\限时".repeat(3),
      nameEn: "Shop anniversary, with a very long English name; to force folding",
      date: "2026-05-20",
      kind: "custom",
    };
    const out = toICalendar({ nodes: [node], generatedAt });
    const physical = out.split("\r\n");
    for (const l of physical) expect(Buffer.byteLength(l, "utf8")).toBeLessThanOrEqual(75);
    const unfolded = out.replace(/\r\n /g, "");
    expect(unfolded).toContain("SUMMARY:店庆大促，满300减50；全场包邮\\\\限时");
    expect(unfolded).toContain("Shop anniversary\\, with a very long English name\\; to force");
    expect(out).not.toContain("\uFFFD");
  });
});

describe("escapeText and foldLine", () => {
  it("escapes TEXT special characters", () => {
    expect(escapeText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
  });

  it("folds at 75 octets with a leading space", () => {
    const folded = foldLine(`SUMMARY:${"x".repeat(100)}`);
    const [first, second] = folded.split("\r\n");
    expect(Buffer.byteLength(first ?? "")).toBe(75);
    expect(second?.startsWith(" ")).toBe(true);
    expect(Buffer.byteLength(second ?? "")).toBe(34);
    expect(foldLine("SHORT:1")).toBe("SHORT:1");
    const cjk = foldLine(`SUMMARY:${"节".repeat(40)}`);
    for (const l of cjk.split("\r\n")) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(cjk.replace(/\r\n /g, "")).toBe(`SUMMARY:${"节".repeat(40)}`);
  });
});
