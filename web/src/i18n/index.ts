/**
 * i18next set-up: Chinese first, English second; the choice is remembered in localStorage.
 * antd's and dayjs's locales follow the same choice (see `useAntdLocale`).
 */
import dayjs from "dayjs";
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import "dayjs/locale/zh-cn.js";
import { en } from "./en.ts";
import { outreachEn } from "./outreach.en.ts";
import { outreachZhCN } from "./outreach.zh-CN.ts";
import { planningEn } from "./planning.en.ts";
import { planningZhCN } from "./planning.zh-CN.ts";
import { promotionsEn } from "./promotions.en.ts";
import { promotionsZhCN } from "./promotions.zh-CN.ts";
import { segmentsEn } from "./segments.en.ts";
import { segmentsZhCN } from "./segments.zh-CN.ts";
import { zhCN } from "./zh-CN.ts";

export type Language = "zh-CN" | "en";
export const languages: readonly Language[] = ["zh-CN", "en"];
const storageKey = "dacu.language";

function storedLanguage(): Language | undefined {
  try {
    const v = localStorage.getItem(storageKey);
    if (v === "zh-CN" || v === "en") return v;
  } catch {
    // storage unavailable (private mode): fall back to Chinese
  }
  return undefined;
}

export const i18n = i18next.createInstance();

export async function initI18n(): Promise<void> {
  const lng = storedLanguage() ?? "zh-CN";
  await i18n.use(initReactI18next).init({
    lng,
    fallbackLng: "zh-CN",
    resources: {
      "zh-CN": {
        translation: {
          ...zhCN,
          ...planningZhCN,
          ...segmentsZhCN,
          ...outreachZhCN,
          ...promotionsZhCN,
        },
      },
      en: { translation: { ...en, ...planningEn, ...segmentsEn, ...outreachEn, ...promotionsEn } },
    },
    interpolation: { escapeValue: false },
  });
  applyLanguage(lng);
}

function applyLanguage(lng: Language): void {
  document.documentElement.lang = lng;
  dayjs.locale(lng === "zh-CN" ? "zh-cn" : "en");
}

export function currentLanguage(): Language {
  return i18n.language === "en" ? "en" : "zh-CN";
}

export async function setLanguage(lng: Language): Promise<void> {
  try {
    localStorage.setItem(storageKey, lng);
  } catch {
    // not remembered, still switched
  }
  applyLanguage(lng);
  await i18n.changeLanguage(lng);
}

/** Uses the account's language unless this browser already chose one with the switch. */
export async function adoptAccountLanguage(lng: Language): Promise<void> {
  if (storedLanguage() || lng === currentLanguage()) return;
  applyLanguage(lng);
  await i18n.changeLanguage(lng);
}
