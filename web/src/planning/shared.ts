/** Shared pieces of the calendar and campaign pages: colours, dates, numbers. */
import { useTranslation } from "react-i18next";
import type { NodeKind } from "./api.ts";

export const kindColors: Record<NodeKind, string> = {
  fixed: "#cf1322",
  lunar: "#d46b08",
  solarTerm: "#389e0d",
  nthWeekday: "#08979c",
  platform: "#c41d7f",
  custom: "#1d39c4",
};

export const phaseColors = {
  warmup: { bg: "#e6f4ff", bar: "#91caff", text: "#0958d9" },
  peak: { bg: "#fff1e6", bar: "#fa541c", text: "#d4380d" },
  thanks: { bg: "#f6ffed", bar: "#b7eb8f", text: "#389e0d" },
} as const;

/** Day of week of a `YYYY-MM-DD`, Monday = 0 … Sunday = 6. */
export function weekdayIndex(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDay(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** `2026-11-11` → `11-11`. */
export const mmdd = (day: string) => day.slice(5);

/** ROI ×100 as `12.50`. */
export function formatRoi(x100: number | null | undefined): string {
  if (x100 === null || x100 === undefined) return "—";
  const sign = x100 < 0 ? "-" : "";
  const abs = Math.abs(x100);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** The weekday names of the current language, Monday first. */
export function useWeekdays(): string[] {
  const { t } = useTranslation();
  return t("planning.weekdays").split(" ");
}

/** The name of a node in the current language. */
export function useNodeName(): (n: { name: string; nameEn: string }) => string {
  const { i18n } = useTranslation();
  return (n) => (i18n.language === "en" ? n.nameEn : n.name);
}

/** A task's title in the current language. */
export function useTaskTitle(): (t: { titleZh: string; titleEn: string }) => string {
  const { i18n } = useTranslation();
  return (x) => (i18n.language === "en" && x.titleEn ? x.titleEn : x.titleZh);
}

/** Percentage text typed by a person (`20.5`) as basis points (2050); null when invalid. */
export function parsePercentToBp(input: string): number | null {
  const s = input.trim().replace(/%$/, "");
  const m = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bp <= 10000 ? bp : null;
}

/** Basis points as an input text (`2050` → `20.5`). */
export function bpToPercentInput(bp: number): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  if (!rest) return String(whole);
  return `${whole}.${String(rest).padStart(2, "0").replace(/0$/, "")}`;
}
