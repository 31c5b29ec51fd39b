/** 中文 / English, remembered in the browser. */
import { Segmented } from "antd";
import { useTranslation } from "react-i18next";
import { type Language, setLanguage } from "../i18n/index.ts";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const value: Language = i18n.language === "en" ? "en" : "zh-CN";
  return (
    <Segmented<Language>
      size="small"
      data-testid="language-switch"
      aria-label={t("lang.label")}
      value={value}
      onChange={(v) => void setLanguage(v)}
      options={[
        { label: t("lang.zh"), value: "zh-CN" },
        { label: t("lang.en"), value: "en" },
      ]}
    />
  );
}
