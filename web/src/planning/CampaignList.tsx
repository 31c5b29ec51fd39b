/** The shop's campaigns (table) and the schedule template tab; `?tab=template`, `?create=1`. */
import { PlusOutlined } from "@ant-design/icons";
import { Button, Progress, Space, Table, Tabs, Tag, Tooltip, Typography } from "antd";
import { lazy, Suspense, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { PageSpinner } from "../components/PageSpinner.tsx";
import { useApi } from "../components/useApi.ts";
import { formatFen, todayIn } from "../format.ts";
import { useShop } from "../session.tsx";
import {
  type CalendarNode,
  type CampaignListItem,
  type CampaignStatus,
  planningApi,
} from "./api.ts";
import { CreateCampaignDrawer } from "./CreateCampaignDrawer.tsx";
import { formatRoi, mmdd, phaseColors, useNodeName } from "./shared.ts";

const TemplateEditor = lazy(() =>
  import("./TemplateEditor.tsx").then((m) => ({ default: m.TemplateEditor })),
);

export const statusColors: Record<CampaignStatus, string> = {
  draft: "default",
  active: "processing",
  archived: "default",
};

export function CampaignList() {
  const { t } = useTranslation();
  const shop = useShop();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") === "template" ? "template" : "list";
  const creating = params.get("create") === "1";
  const setParam = (k: string, v: string | null) => {
    const p = new URLSearchParams(params);
    if (v === null) p.delete(k);
    else p.set(k, v);
    setParams(p, { replace: true });
  };

  return (
    <div>
      <PageHeader
        title={t("planning.campaigns.title")}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="new-campaign"
            onClick={() => setParam("create", "1")}
          >
            {t("planning.campaigns.create")}
          </Button>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParam("tab", k === "list" ? null : k)}
        items={[
          { key: "list", label: t("planning.campaigns.list"), children: <CampaignTable /> },
          {
            key: "template",
            label: t("planning.campaigns.template"),
            children: (
              <Suspense fallback={<PageSpinner />}>
                <TemplateEditor />
              </Suspense>
            ),
          },
        ]}
      />
      <CreateCampaignDrawer
        open={creating}
        from={creating ? {} : undefined}
        onClose={() => setParam("create", null)}
        onCreated={(id) => navigate(`/shops/${shop.code}/campaigns/${id}`)}
      />
    </div>
  );
}

function CampaignTable() {
  const { t } = useTranslation();
  const shop = useShop();
  const nodeName = useNodeName();
  const today = todayIn(shop.timeZone);
  const list = useApi((signal) => planningApi.campaigns(shop.code, signal), [shop.code]);
  const campaigns = list.data?.campaigns ?? [];
  const years = useMemo(
    () => [...new Set(campaigns.map((c) => Number(c.phases.peakDate.slice(0, 4))))].sort(),
    [campaigns],
  );
  const nodes = useApi(
    async (signal) => {
      const all = await Promise.all(years.map((y) => planningApi.calendar(shop.code, y, signal)));
      const m = new Map<string, CalendarNode>();
      for (const c of all) for (const n of c.nodes) m.set(`${n.key}@${n.date.slice(0, 4)}`, n);
      return m;
    },
    [shop.code, years.join(",")],
  );
  const nodeOf = (c: CampaignListItem) =>
    c.nodeKey ? nodes.data?.get(`${c.nodeKey}@${c.phases.peakDate.slice(0, 4)}`) : undefined;

  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <Table
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={campaigns}
        pagination={false}
        data-testid="campaign-table"
        locale={{ emptyText: t("planning.campaigns.empty") }}
        rowClassName={(c) => (c.phases.thanksEnd < today ? "dacu-past" : "")}
        columns={[
          {
            title: t("planning.campaigns.name"),
            dataIndex: "name",
            render: (v: string, c) => (
              <Space direction="vertical" size={0}>
                <Link to={`/shops/${shop.code}/campaigns/${c.id}`} style={{ fontWeight: 600 }}>
                  {v}
                </Link>
                {c.theme ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.theme}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          {
            title: t("planning.campaigns.node"),
            key: "node",
            width: 110,
            render: (_: unknown, c) => {
              const n = nodeOf(c);
              return n ? nodeName(n) : (c.nodeKey ?? "—");
            },
          },
          {
            title: t("planning.campaigns.phases"),
            key: "phases",
            width: 250,
            render: (_: unknown, c) => (
              <span style={{ fontVariantNumeric: "tabular-nums", fontSize: 12 }}>
                <span style={{ color: phaseColors.warmup.text }}>
                  {mmdd(c.phases.warmupStart)}–{mmdd(c.phases.warmupEnd)}
                </span>
                {" · "}
                <b style={{ color: phaseColors.peak.text }}>
                  {c.phases.peakDate === c.phases.peakEnd
                    ? c.phases.peakDate
                    : `${c.phases.peakDate}–${mmdd(c.phases.peakEnd)}`}
                </b>
                {" · "}
                <span style={{ color: phaseColors.thanks.text }}>
                  {mmdd(c.phases.thanksStart)}–{mmdd(c.phases.thanksEnd)}
                </span>
              </span>
            ),
          },
          {
            title: t("planning.campaigns.expectedGmv"),
            key: "gmv",
            align: "right",
            width: 140,
            render: (_: unknown, c) => formatFen(c.forecast.expectedGmvFen),
          },
          {
            title: t("planning.campaigns.budget"),
            key: "budget",
            align: "right",
            width: 120,
            render: (_: unknown, c) => formatFen(c.forecast.budgetFen),
          },
          {
            title: t("planning.campaigns.roiShort"),
            key: "roi",
            align: "right",
            width: 80,
            render: (_: unknown, c) => (
              <b style={{ fontSize: 15, color: "#d4380d", fontVariantNumeric: "tabular-nums" }}>
                {formatRoi(c.forecast.roi?.x100)}
              </b>
            ),
          },
          {
            title: t("planning.campaigns.tasks"),
            key: "tasks",
            width: 190,
            render: (_: unknown, c) => (
              <div style={{ display: "flex", alignItems: "center", gap: 6 }}>
                <Tooltip title={t("planning.campaigns.tasksDone", c.tasks)}>
                  <Progress
                    percent={c.tasks.total ? Math.round((c.tasks.done / c.tasks.total) * 100) : 0}
                    size="small"
                    style={{ width: 90, margin: 0 }}
                    format={() => `${c.tasks.done}/${c.tasks.total}`}
                  />
                </Tooltip>
                {c.tasks.late ? (
                  <Tag color="red" style={{ margin: 0 }}>
                    {t("planning.campaigns.late", { count: c.tasks.late })}
                  </Tag>
                ) : null}
              </div>
            ),
          },
          {
            title: t("planning.campaigns.status"),
            dataIndex: "status",
            width: 80,
            render: (s: CampaignStatus) => (
              <Tag color={statusColors[s]}>{t(`planning.campaigns.statuses.${s}`)}</Tag>
            ),
          },
        ]}
      />
    </>
  );
}
