/**
 * The plan of a campaign as a person types it (元 and % as text), its conversion to the API's
 * integer fen and basis points, and the live forecast (POST …/campaigns/forecast).
 */
import { Card, Col, Input, Row, Space, Spin, Statistic, Tooltip, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api.ts";
import { useApi } from "../components/useApi.ts";
import { fenToYuanInput, formatBp, formatFen, parseYuanToFen } from "../format.ts";
import {
  type BudgetKind,
  budgetKinds,
  type Forecast,
  type Plan,
  planningApi,
  type SalesChannel,
  salesChannels,
} from "./api.ts";
import { CountCell, EditableRows, optionsOf, SelectCell, TextCell } from "./editable.tsx";
import { bpToPercentInput, formatRoi, parsePercentToBp } from "./shared.ts";

export interface PlanDraft {
  channels: { id: number; channel: SalesChannel; gmv: string; orders: number | null }[];
  skus: { id: number; skuCode: string; gmv: string; units: number | null }[];
  budget: { id: number; kind: BudgetKind; label: string; amount: string }[];
  discount: string;
  costRate: string;
  feeRate: string;
}

let rowId = 1;
const nextId = () => rowId++;

export function draftFromPlan(plan: Plan): PlanDraft {
  return {
    channels: plan.channelTargets.map((c) => ({
      id: nextId(),
      channel: c.channel,
      gmv: fenToYuanInput(c.gmvFen),
      orders: c.orders,
    })),
    skus: plan.skuTargets.map((s) => ({
      id: nextId(),
      skuCode: s.skuCode,
      gmv: fenToYuanInput(s.gmvFen),
      units: s.units,
    })),
    budget: plan.budget.map((b) => ({
      id: nextId(),
      kind: b.kind,
      label: b.label,
      amount: fenToYuanInput(b.amountFen),
    })),
    discount: bpToPercentInput(plan.expectedDiscountBp),
    costRate: bpToPercentInput(plan.costRateBp),
    feeRate: bpToPercentInput(plan.feeRateBp),
  };
}

export function newPlanDraft(platform: string): PlanDraft {
  const channel = (salesChannels as readonly string[]).includes(platform)
    ? (platform as SalesChannel)
    : "tmall";
  return {
    channels: [{ id: nextId(), channel, gmv: "", orders: null }],
    skus: [],
    budget: [{ id: nextId(), kind: "onsite_ads", label: "", amount: "" }],
    discount: "20",
    costRate: "45",
    feeRate: "5",
  };
}

const amountOk = (s: string) => s.trim() === "" || (parseYuanToFen(s) ?? -1) >= 0;

/** The plan in fen and bp, or null while a field is invalid. Empty amounts count as 0. */
export function planFromDraft(d: PlanDraft): Plan | null {
  const fen = (s: string) => (s.trim() === "" ? 0 : parseYuanToFen(s));
  const channelTargets: Plan["channelTargets"] = [];
  for (const c of d.channels) {
    const gmvFen = fen(c.gmv);
    if (gmvFen === null || gmvFen < 0) return null;
    channelTargets.push({ channel: c.channel, gmvFen, orders: c.orders ?? 0 });
  }
  const skuTargets: Plan["skuTargets"] = [];
  for (const s of d.skus) {
    const gmvFen = fen(s.gmv);
    if (gmvFen === null || gmvFen < 0) return null;
    if (s.skuCode.trim())
      skuTargets.push({ skuCode: s.skuCode.trim(), gmvFen, units: s.units ?? 0 });
  }
  const budget: Plan["budget"] = [];
  for (const b of d.budget) {
    const amountFen = fen(b.amount);
    if (amountFen === null || amountFen < 0) return null;
    budget.push({ kind: b.kind, label: b.label, amountFen });
  }
  const discount = parsePercentToBp(d.discount || "0");
  const cost = parsePercentToBp(d.costRate || "0");
  const fee = parsePercentToBp(d.feeRate || "0");
  if (discount === null || cost === null || fee === null) return null;
  return {
    channelTargets,
    skuTargets,
    budget,
    expectedDiscountBp: discount,
    costRateBp: cost,
    feeRateBp: fee,
  };
}

/** Forecast of the plan as it is typed, debounced. */
export function useLiveForecast(shop: string, plan: Plan | null) {
  const key = plan ? JSON.stringify(plan) : "";
  const [debounced, setDebounced] = useState(key);
  useEffect(() => {
    const h = setTimeout(() => setDebounced(key), 250);
    return () => clearTimeout(h);
  }, [key]);
  return useApi(
    (signal) =>
      debounced
        ? planningApi.forecast(shop, JSON.parse(debounced) as Plan, signal).then((r) => r.forecast)
        : Promise.resolve(undefined),
    [shop, debounced],
  );
}

export function ForecastPanel({
  forecast,
  loading,
  error,
  vertical = false,
}: {
  forecast: Forecast | undefined;
  loading: boolean;
  error?: unknown;
  vertical?: boolean;
}) {
  const { t } = useTranslation();
  const f = forecast;
  const num = { fontVariantNumeric: "tabular-nums" as const };
  const roiColor = !f?.roi ? "#8c8c8c" : f.roi.x100 >= 300 ? "#389e0d" : "#d4380d";
  const items = [
    { key: "gmv", title: t("planning.forecast.expectedGmv"), value: formatFen(f?.expectedGmvFen) },
    { key: "budget", title: t("planning.forecast.budget"), value: formatFen(f?.budgetFen) },
    {
      key: "margin",
      title: t("planning.forecast.margin"),
      value: formatFen(f?.marginFen),
      color: f && f.marginFen < 0 ? "#cf1322" : undefined,
    },
    {
      key: "marginRate",
      title: t("planning.forecast.marginRate"),
      value: f ? formatBp(f.marginRateBp) : "—",
      color: f && f.marginFen < 0 ? "#cf1322" : undefined,
    },
  ];
  return (
    <Card
      size="small"
      data-testid="forecast"
      title={
        <Space>
          {t("planning.forecast.title")}
          {loading ? <Spin size="small" /> : null}
        </Space>
      }
      styles={{ body: { padding: 12 } }}
    >
      {error ? <Typography.Text type="danger">{errorMessage(error)}</Typography.Text> : null}
      <Row gutter={[12, 8]} align="middle">
        <Col span={vertical ? 24 : 6}>
          <div
            data-testid="forecast-roi"
            style={{
              background: "#fff7e6",
              border: "1px solid #ffd591",
              borderRadius: 6,
              padding: "6px 12px",
            }}
          >
            <div style={{ color: "#8c8c8c", fontSize: 12 }}>{t("planning.forecast.roi")}</div>
            <div
              style={{ ...num, fontSize: 30, fontWeight: 600, color: roiColor, lineHeight: 1.2 }}
            >
              {f?.roi ? formatRoi(f.roi.x100) : "—"}
            </div>
            {f && !f.roi ? (
              <div style={{ color: "#8c8c8c", fontSize: 12 }}>
                {t("planning.forecast.noBudget")}
              </div>
            ) : null}
          </div>
        </Col>
        {items.map((i) => (
          <Col key={i.key} {...(vertical ? { span: 12 } : { flex: "1 1 0" })}>
            <Statistic
              title={i.title}
              value={i.value}
              styles={{ content: { ...num, fontSize: 18, color: i.color } }}
            />
          </Col>
        ))}
      </Row>
      {f ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("planning.forecast.cogs")} {formatFen(f.cogsFen)} · {t("planning.forecast.fees")}{" "}
          {formatFen(f.feesFen)}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

/** Tables for channel and hero-SKU targets, budget lines and the rate assumptions. */
export function PlanEditor({
  shop,
  draft,
  onChange,
}: {
  shop: string;
  draft: PlanDraft;
  onChange: (d: PlanDraft) => void;
}) {
  const { t } = useTranslation();
  const heroes = useApi((signal) => planningApi.heroSkus(shop, signal), [shop]);
  const set = <K extends keyof PlanDraft>(k: K, v: PlanDraft[K]) => onChange({ ...draft, [k]: v });
  const invalid = t("planning.plan.invalidAmount");
  const addLabel = t("planning.plan.addRow");
  const money = (value: string, change: (v: string) => void, testId?: string) => (
    <Tooltip title={amountOk(value) ? "" : invalid}>
      <Input
        size="small"
        value={value}
        prefix="¥"
        inputMode="decimal"
        data-testid={testId}
        status={amountOk(value) ? "" : "error"}
        onChange={(e) => change(e.target.value)}
        style={{ textAlign: "right" }}
      />
    </Tooltip>
  );
  const pct = (k: "discount" | "costRate" | "feeRate", label: string, hint: string) => (
    <Col span={8}>
      <Tooltip title={hint}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {label}
        </Typography.Text>
      </Tooltip>
      <Input
        size="small"
        suffix="%"
        value={draft[k]}
        data-testid={`plan-${k}`}
        status={parsePercentToBp(draft[k] || "0") === null ? "error" : ""}
        onChange={(e) => set(k, e.target.value)}
      />
    </Col>
  );

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 12 }}>
      <EditableRows<PlanDraft["channels"][number]>
        title={t("planning.plan.channelTargets")}
        rows={draft.channels}
        onChange={(channels) => set("channels", channels)}
        newRow={() => ({ id: nextId(), channel: "tmall", gmv: "", orders: null })}
        addLabel={addLabel}
        columns={(patch) => [
          {
            title: t("planning.plan.channel"),
            dataIndex: "channel",
            width: 130,
            render: (v: SalesChannel, r) => (
              <SelectCell
                value={v}
                options={optionsOf(salesChannels, (c) => t(`planning.plan.channels.${c}`))}
                onChange={(channel) => patch(r.id, { channel })}
              />
            ),
          },
          {
            title: t("planning.plan.gmvYuan"),
            dataIndex: "gmv",
            render: (v: string, r, i) =>
              money(v, (gmv) => patch(r.id, { gmv }), `channel-gmv-${i}`),
          },
          {
            title: t("planning.plan.orders"),
            dataIndex: "orders",
            width: 110,
            render: (v: number | null, r) => (
              <CountCell value={v} onChange={(orders) => patch(r.id, { orders })} />
            ),
          },
        ]}
      />
      <EditableRows
        title={t("planning.plan.skuTargets")}
        rows={draft.skus}
        onChange={(skus) => set("skus", skus)}
        newRow={() => ({ id: nextId(), skuCode: "", gmv: "", units: null })}
        addLabel={addLabel}
        emptyText=" "
        columns={(patch) => [
          {
            title: t("planning.plan.sku"),
            dataIndex: "skuCode",
            render: (v: string, r) => (
              <SelectCell<string>
                showSearch
                value={v || null}
                loading={heroes.loading}
                options={(heroes.data?.items ?? []).map((s) => ({
                  value: s.code,
                  label: `${s.code} · ${s.title}`,
                }))}
                onChange={(skuCode) => patch(r.id, { skuCode })}
              />
            ),
          },
          {
            title: t("planning.plan.gmvYuan"),
            dataIndex: "gmv",
            width: 150,
            render: (v: string, r) => money(v, (gmv) => patch(r.id, { gmv })),
          },
          {
            title: t("planning.plan.units"),
            dataIndex: "units",
            width: 100,
            render: (v: number | null, r) => (
              <CountCell value={v} onChange={(units) => patch(r.id, { units })} />
            ),
          },
        ]}
      />
      <EditableRows<PlanDraft["budget"][number]>
        title={t("planning.plan.budgetLines")}
        rows={draft.budget}
        onChange={(budget) => set("budget", budget)}
        newRow={() => ({ id: nextId(), kind: "other", label: "", amount: "" })}
        addLabel={addLabel}
        columns={(patch) => [
          {
            title: t("planning.plan.kind"),
            dataIndex: "kind",
            width: 190,
            render: (v: BudgetKind, r) => (
              <SelectCell
                value={v}
                options={optionsOf(budgetKinds, (k) => t(`planning.plan.budgetKinds.${k}`))}
                onChange={(kind) => patch(r.id, { kind })}
              />
            ),
          },
          {
            title: t("planning.plan.label"),
            dataIndex: "label",
            render: (v: string, r) => (
              <TextCell value={v} onChange={(label) => patch(r.id, { label })} />
            ),
          },
          {
            title: t("planning.plan.amountYuan"),
            dataIndex: "amount",
            width: 150,
            render: (v: string, r, i) =>
              money(v, (amount) => patch(r.id, { amount }), `budget-amount-${i}`),
          },
        ]}
      />
      <div>
        <Typography.Text strong>{t("planning.plan.rates")}</Typography.Text>
        <Row gutter={12}>
          {pct("discount", t("planning.plan.discount"), t("planning.plan.discountHint"))}
          {pct("costRate", t("planning.plan.costRate"), t("planning.plan.costRateHint"))}
          {pct("feeRate", t("planning.plan.feeRate"), t("planning.plan.feeRateHint"))}
        </Row>
      </div>
    </div>
  );
}
