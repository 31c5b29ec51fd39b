/** A SKU picker searching the shop's products by code or title (value: the SKU code). */
import { Select } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Sku } from "../api.ts";
import { formatFen } from "../format.ts";
import { useShop } from "../session.tsx";

/** Labels of SKUs seen by any picker, so a value set from outside (a loaded cart) reads well. */
const labels = new Map<string, string>();
/** List prices (fen) of SKUs seen by any picker. */
const listPrices = new Map<string, number>();
/** The list price of a SKU some picker has shown, if any. */
export const seenListPriceFen = (code: string): number | undefined => listPrices.get(code);
const labelOf = (s: Sku) => `${s.code} ${s.title} ${formatFen(s.priceFen)}`;

export function SkuSelect({
  value,
  onChange,
  multiple,
  testId,
  style,
}: {
  value?: string | string[] | undefined;
  onChange?: (v: string | string[]) => void;
  multiple?: boolean;
  testId?: string;
  style?: React.CSSProperties;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const [skus, setSkus] = useState<Sku[]>([]);
  const [q, setQ] = useState("");
  const seq = useRef(0);
  useEffect(() => {
    const n = ++seq.current;
    const timer = setTimeout(() => {
      api
        .skus(shop.code, { q, page: 1, pageSize: 30 })
        .then((r) => {
          for (const s of r.items) {
            labels.set(s.code, labelOf(s));
            listPrices.set(s.code, s.priceFen);
          }
          if (n === seq.current) setSkus(r.items);
        })
        .catch(() => {});
    }, 200);
    return () => clearTimeout(timer);
  }, [shop.code, q]);
  return (
    <Select
      {...(multiple ? { mode: "multiple" as const } : {})}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value ?? null}
      onChange={(v: string | string[]) => onChange?.(v)}
      placeholder={t("promotions.editor.skuSearch")}
      data-testid={testId}
      style={{ minWidth: 220, ...style }}
      options={[
        ...skus.map((s) => ({ value: s.code, label: labelOf(s) })),
        ...(Array.isArray(value) ? value : value ? [value] : [])
          .filter((v) => !skus.some((s) => s.code === v))
          .map((v) => ({ value: v, label: labels.get(v) ?? v })),
      ]}
    />
  );
}
