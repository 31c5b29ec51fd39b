/**
 * The plan of a campaign as a person types it (元 and % as text), its conversion to the API's
 * integer fen and basis points, and the live forecast (POST …/campaigns/forecast).
 */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Button,
  Card,
  Col,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  Tooltip,
  Typography,
} from "antd";
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
  const del = (onClick: () => void) => (
    <Button size="small" type="text" icon={<DeleteOutlined />} onClick={onClick} />
  );
  const add = (onClick: () => void) => (
    <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={onClick}>
      {t("planning.plan.addRow")}
    </Button>
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
      <div>
        <Typography.Text strong>{t("planning.plan.channelTargets")}</Typography.Text>
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={draft.channels}
          columns={[
            {
              title: t("planning.plan.channel"),
              dataIndex: "channel",
              width: 130,
              render: (v: SalesChannel, r) => (
                <Select
                  size="small"
                  value={v}
                  style={{ width: "100%" }}
                  options={salesChannels.map((c) => ({
                    value: c,
                    label: t(`planning.plan.channels.${c}`),
                  }))}
                  onChange={(channel) =>
                    set(
                      "channels",
                      draft.channels.map((x) => (x.id === r.id ? { ...x, channel } : x)),
                    )
                  }
                />
              ),
            },
            {
              title: t("planning.plan.gmvYuan"),
              dataIndex: "gmv",
              render: (v: string, r, i) =>
                money(
                  v,
                  (gmv) =>
                    set(
                      "channels",
                      draft.channels.map((x) => (x.id === r.id ? { ...x, gmv } : x)),
                    ),
                  `channel-gmv-${i}`,
                ),
            },
            {
              title: t("planning.plan.orders"),
              dataIndex: "orders",
              width: 110,
              render: (v: number | null, r) => (
                <InputNumber
                  size="small"
                  min={0}
                  precision={0}
                  value={v}
                  style={{ width: "100%" }}
                  onChange={(orders) =>
                    set(
                      "channels",
                      draft.channels.map((x) => (x.id === r.id ? { ...x, orders } : x)),
                    )
                  }
                />
              ),
            },
            {
              key: "del",
              width: 36,
              render: (_: unknown, r) =>
                del(() =>
                  set(
                    "channels",
                    draft.channels.filter((x) => x.id !== r.id),
                  ),
                ),
            },
          ]}
          footer={() =>
            add(() =>
              set("channels", [
                ...draft.channels,
                { id: nextId(), channel: "tmall", gmv: "", orders: null },
              ]),
            )
          }
        />
      </div>
      <div>
        <Typography.Text strong>{t("planning.plan.skuTargets")}</Typography.Text>
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={draft.skus}
          locale={{ emptyText: " " }}
          columns={[
            {
              title: t("planning.plan.sku"),
              dataIndex: "skuCode",
              render: (v: string, r) => (
                <Select
                  size="small"
                  showSearch
                  value={v || null}
                  style={{ width: "100%" }}
                  loading={heroes.loading}
                  options={(heroes.data?.items ?? []).map((s) => ({
                    value: s.code,
                    label: `${s.code} · ${s.title}`,
                  }))}
                  onChange={(skuCode: string) =>
                    set(
                      "skus",
                      draft.skus.map((x) => (x.id === r.id ? { ...x, skuCode } : x)),
                    )
                  }
                />
              ),
            },
            {
              title: t("planning.plan.gmvYuan"),
              dataIndex: "gmv",
              width: 150,
              render: (v: string, r) =>
                money(v, (gmv) =>
                  set(
                    "skus",
                    draft.skus.map((x) => (x.id === r.id ? { ...x, gmv } : x)),
                  ),
                ),
            },
            {
              title: t("planning.plan.units"),
              dataIndex: "units",
              width: 100,
              render: (v: number | null, r) => (
                <InputNumber
                  size="small"
                  min={0}
                  precision={0}
                  value={v}
                  style={{ width: "100%" }}
                  onChange={(units) =>
                    set(
                      "skus",
                      draft.skus.map((x) => (x.id === r.id ? { ...x, units } : x)),
                    )
                  }
                />
              ),
            },
            {
              key: "del",
              width: 36,
              render: (_: unknown, r) =>
                del(() =>
                  set(
                    "skus",
                    draft.skus.filter((x) => x.id !== r.id),
                  ),
                ),
            },
          ]}
          footer={() =>
            add(() =>
              set("skus", [...draft.skus, { id: nextId(), skuCode: "", gmv: "", units: null }]),
            )
          }
        />
      </div>
      <div>
        <Typography.Text strong>{t("planning.plan.budgetLines")}</Typography.Text>
        <Table
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={draft.budget}
          columns={[
            {
              title: t("planning.plan.kind"),
              dataIndex: "kind",
              width: 190,
              render: (v: BudgetKind, r) => (
                <Select
                  size="small"
                  value={v}
                  style={{ width: "100%" }}
                  options={budgetKinds.map((k) => ({
                    value: k,
                    label: t(`planning.plan.budgetKinds.${k}`),
                  }))}
                  onChange={(kind) =>
                    set(
                      "budget",
                      draft.budget.map((x) => (x.id === r.id ? { ...x, kind } : x)),
                    )
                  }
                />
              ),
            },
            {
              title: t("planning.plan.label"),
              dataIndex: "label",
              render: (v: string, r) => (
                <Input
                  size="small"
                  value={v}
                  onChange={(e) =>
                    set(
                      "budget",
                      draft.budget.map((x) =>
                        x.id === r.id ? { ...x, label: e.target.value } : x,
                      ),
                    )
                  }
                />
              ),
            },
            {
              title: t("planning.plan.amountYuan"),
              dataIndex: "amount",
              width: 150,
              render: (v: string, r, i) =>
                money(
                  v,
                  (amount) =>
                    set(
                      "budget",
                      draft.budget.map((x) => (x.id === r.id ? { ...x, amount } : x)),
                    ),
                  `budget-amount-${i}`,
                ),
            },
            {
              key: "del",
              width: 36,
              render: (_: unknown, r) =>
                del(() =>
                  set(
                    "budget",
                    draft.budget.filter((x) => x.id !== r.id),
                  ),
                ),
            },
          ]}
          footer={() =>
            add(() =>
              set("budget", [
                ...draft.budget,
                { id: nextId(), kind: "other", label: "", amount: "" },
              ]),
            )
          }
        />
      </div>
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
