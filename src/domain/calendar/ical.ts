/**
 * iCalendar (RFC 5545) export of calendar nodes and official holidays: all-day events with
 * stable UIDs, so re-importing a year updates events instead of duplicating them.
 */
import { addDays, type IsoDate, parseIsoDate } from "./date.ts";
import type { HolidayDay } from "./holidays/types.ts";
import type { CalendarNode } from "./nodes.ts";

/** Input of {@link toICalendar}. */
export interface ICalendarInput {
  readonly nodes?: readonly CalendarNode[];
  readonly holidays?: readonly HolidayDay[];
  /** Calendar name shown by calendar apps (X-WR-CALNAME). */
  readonly name?: string;
  /** Creation time written as DTSTAMP (time is passed in; the function stays pure). */
  readonly generatedAt: Date;
}

const CRLF = "\r\n";
const UID_DOMAIN = "dacu.calendar";

/**
 * Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines.
 *
 * @example
 * escapeText("满300减50, 限时; 包邮"); // "满300减50\\, 限时\\; 包邮"
 */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** Octets of one code point in UTF-8. */
function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space.
 * Never splits a UTF-8 character.
 *
 * @example
 * foldLine("SUMMARY:" + "x".repeat(80)).split("\r\n").length; // 2
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0) ?? 0);
    // The first line holds 75 octets; a continuation holds 74 after its leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function basicDate(date: IsoDate): string {
  parseIsoDate(date);
  return date.replace(/-/g, "");
}

function dtstamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

interface AllDayEvent {
  readonly uid: string;
  readonly start: IsoDate;
  /** Last day (inclusive). */
  readonly end: IsoDate;
  readonly summary: string;
  readonly description?: string;
  readonly categories: string;
  /** Whether the event blocks time (OPAQUE) or not (TRANSPARENT). */
  readonly busy: boolean;
}

function eventLines(e: AllDayEvent, stamp: string): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${e.uid}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${basicDate(e.start)}`,
    `DTEND;VALUE=DATE:${basicDate(addDays(e.end, 1))}`,
    `SUMMARY:${escapeText(e.summary)}`,
  ];
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  lines.push(
    `CATEGORIES:${escapeText(e.categories)}`,
    `TRANSP:${e.busy ? "OPAQUE" : "TRANSPARENT"}`,
    "END:VEVENT",
  );
  return lines;
}

/** Groups consecutive days off of the same festival into one multi-day event. */
function holidayEvents(days: readonly HolidayDay[]): AllDayEvent[] {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const events: AllDayEvent[] = [];
  let run: { start: IsoDate; end: IsoDate; name: string } | null = null;
  const flush = () => {
    if (!run) return;
    events.push({
      uid: `holiday-off-${run.start}@${UID_DOMAIN}`,
      start: run.start,
      end: run.end,
      summary: `${run.name} 放假 / Day off`,
      description: "法定节假日 Official holiday",
      categories: "official-holiday",
      busy: false,
    });
    run = null;
  };
  for (const d of sorted) {
    if (d.isOffDay) {
      if (run && run.name === d.name && addDays(run.end, 1) === d.date) {
        run.end = d.date;
      } else {
        flush();
        run = { start: d.date, end: d.date, name: d.name };
      }
    } else {
      flush();
      events.push({
        uid: `holiday-workday-${d.date}@${UID_DOMAIN}`,
        start: d.date,
        end: d.date,
        summary: `${d.name} 调休上班 / Make-up workday`,
        description: "调休上班 Official make-up workday",
        categories: "make-up-workday",
        busy: true,
      });
    }
  }
  flush();
  return events;
}

/**
 * An RFC 5545 VCALENDAR with one all-day VEVENT per node and per run of official days off or
 * make-up workday. Lines end with CRLF and are folded at 75 octets. UIDs are stable:
 * `<key>-<date>@dacu.calendar` for nodes, `holiday-off-<first day>@…` and
 * `holiday-workday-<date>@…` for holidays.
 *
 * @example
 * const ics = toICalendar({
 *   nodes: nodesForYear(2026),
 *   holidays: holidaysForYear(2026, holidayCalendar()).days,
 *   name: "Dacu 2026",
 *   generatedAt: new Date("2026-01-01T00:00:00Z"),
 * });
 * ics.startsWith("BEGIN:VCALENDAR\r\n"); // true
 */
export function toICalendar(input: ICalendarInput): string {
  const stamp = dtstamp(input.generatedAt);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Dacu//Promotion Calendar 大促日历//ZH",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
  ];
  if (input.name) lines.push(`X-WR-CALNAME:${escapeText(input.name)}`);
  lines.push("X-WR-TIMEZONE:Asia/Shanghai");
  const events: AllDayEvent[] = (input.nodes ?? []).map((n) => ({
    uid: `${n.key}-${n.date}@${UID_DOMAIN}`,
    start: n.date,
    end: n.date,
    summary: `${n.name} ${n.nameEn}`,
    categories: n.kind,
    busy: false,
  }));
  events.push(...holidayEvents(input.holidays ?? []));
  events.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  for (const e of events) lines.push(...eventLines(e, stamp));
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}
