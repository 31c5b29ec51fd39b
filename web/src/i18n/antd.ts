/** antd's own texts (date picker, pagination, empty states) in the UI language. */
import type { ConfigProviderProps } from "antd";
import enUSModule from "antd/es/locale/en_US.js";
import zhCNModule from "antd/es/locale/zh_CN.js";

type AntdLocale = NonNullable<ConfigProviderProps["locale"]>;

// antd ships ES modules without declaring them as such, so the type checker sees a CommonJS
// namespace while the bundler gives the default export; accept both.
function unwrap(m: unknown): AntdLocale {
  const d = (m as { default?: AntdLocale }).default;
  return d ?? (m as AntdLocale);
}

const zhCN = unwrap(zhCNModule);
const enUS = unwrap(enUSModule);

export function antdLocale(language: string): AntdLocale {
  return language === "en" ? enUS : zhCN;
}
