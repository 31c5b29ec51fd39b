/**
 * Customer segments: playbook segment sizes with their GMV share, the RFM heat map and
 * groups, saved segments (size, history, refresh, export, edit) and post-promotion layers of
 * a chosen period. The layers' dates are kept in the URL (`?from=…&to=…`).
 */
import { DownloadOutlined, PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import {
  App as AntApp,
  Button,
  Card,
  Col,
  DatePicker,
  Dropdown,
  Popconfirm,
  Row,
  Space,
  Table,
  Tooltip,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorMessage } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { SegmentBuilder } from "../components/SegmentBuilder.tsx";
import { HistorySparkline, PlaybookChart, RfmHeatmap } from "../components/SegmentCharts.tsx";
import { tableEmpty } from "../components/TableEmpty.tsx";
import { useApi } from "../components/useApi.ts";
import { useListParams } from "../components/useListParams.ts";
import { addDays, formatDateTime, formatFen, formatInt, todayIn } from "../format.ts";
import {
  type HistoryPoint,
  type SavedSegment,
  type SegmentNode,
  segmentsApi,
} from "../segmentsApi.ts";
import { useSession, useShop } from "../session.tsx";

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** What the builder drawer shows: a new segment (maybe from a layer) or a saved one. */
type Editing = { segment?: SavedSegment; initial?: SegmentNode } | null;

export function SegmentsPage() {
  const { t } = useTranslation();
  const shop = useShop();
  const role = useSession().me?.user.role;
  const canEdit = role === "owner" || role === "operator";
  const { message } = AntApp.useApp();
  const [editing, setEditing] = useState<Editing>(null);
  const [refreshingAll, setRefreshingAll] = useState(false);

  const rfm = useApi((signal) => segmentsApi.rfm(shop.code, signal), [shop.code]);
  const playbook = useApi((signal) => segmentsApi.playbook(shop.code, signal), [shop.code]);
  const saved = useApi((signal) => segmentsApi.list(shop.code, signal), [shop.code]);

  const refreshAll = async () => {
    setRefreshingAll(true);
    try {
      const r = await segmentsApi.refreshAll(shop.code);
      message.success(t("segments.refreshedAll", { count: r.customers }));
      rfm.reload();
      playbook.reload();
      saved.reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setRefreshingAll(false);
    }
  };

  return (
    <>
      <PageHeader
        title={t("segments.title")}
        extra={
          <Space wrap>
            <Typography.Text type="secondary" data-testid="scored-at">
              {rfm.data?.scoredAt
                ? t("segments.scoredAt", { at: formatDateTime(rfm.data.scoredAt, shop.timeZone) })
                : t("segments.notScored")}
            </Typography.Text>
            {role !== "cs" ? (
              <Button icon={<ReloadOutlined />} loading={refreshingAll} onClick={refreshAll}>
                {t("segments.refreshAll")}
              </Button>
            ) : null}
            {canEdit ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                data-testid="new-segment"
                onClick={() => setEditing({})}
              >
                {t("segments.newSegment")}
              </Button>
            ) : null}
          </Space>
        }
      />
      <ErrorAlert error={rfm.error ?? playbook.error} onRetry={rfm.reload} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={7}>
          <Card size="small" title={t("segments.playbookTitle")} style={{ height: "100%" }}>
            {playbook.data ? (
              <>
                <PlaybookChart data={playbook.data} />
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
                  {t("segments.playbookHint", {
                    loyal: playbook.data.loyalMinOrders,
                    days: playbook.data.activeDays,
                  })}
                </Typography.Paragraph>
                <Table
                  size="small"
                  rowKey="code"
                  pagination={false}
                  dataSource={playbook.data.segments}
                  columns={[
                    {
                      title: t("segments.group"),
                      dataIndex: "code",
                      render: (c: string) => t(`segments.playbookNames.${c}`),
                    },
                    {
                      title: t("segments.customers"),
                      dataIndex: "customers",
                      align: "right",
                      render: (v: number) => formatInt(v),
                    },
                    {
                      title: t("segments.gmv"),
                      dataIndex: "gmvFen",
                      align: "right",
                      render: (v: number) => formatFen(v),
                    },
                    {
                      title: t("segments.gmvShare"),
                      dataIndex: "gmvShare",
                      align: "right",
                      render: pct,
                    },
                  ]}
                />
              </>
            ) : (
              <div style={{ height: 240 }} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t("segments.rfmTitle")} style={{ height: "100%" }}>
            {rfm.data ? <RfmHeatmap data={rfm.data} /> : <div style={{ height: 300 }} />}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("segments.rfmHint")}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card
            size="small"
            title={t("segments.rfmGroupsTitle")}
            style={{ height: "100%" }}
            extra={
              rfm.data ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatInt(rfm.data.buyers)} / {formatInt(rfm.data.customers)}{" "}
                  {t("segments.buyers")}
                </Typography.Text>
              ) : null
            }
          >
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              loading={rfm.loading && !rfm.data}
              dataSource={rfm.data?.groups ?? []}
              data-testid="rfm-groups"
              columns={[
                {
                  title: t("segments.group"),
                  dataIndex: "code",
                  render: (c: string) => t(`segments.rfmGroupNames.${c}`),
                },
                {
                  title: t("segments.customers"),
                  dataIndex: "customers",
                  align: "right",
                  render: (v: number, r) => (
                    <Tooltip title={`${t("segments.customerShare")} ${pct(r.customerShare)}`}>
                      {formatInt(v)}
                    </Tooltip>
                  ),
                },
                {
                  title: t("segments.gmv"),
                  dataIndex: "gmvFen",
                  align: "right",
                  render: (v: number) => formatFen(v),
                },
                {
                  title: t("segments.gmvShare"),
                  dataIndex: "gmvShare",
                  align: "right",
                  render: pct,
                },
              ]}
            />
            {rfm.data?.averages.frequency != null ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t("segments.averages", {
                  days: Math.round(rfm.data.averages.recencyDays ?? 0),
                  orders: rfm.data.averages.frequency.toFixed(1),
                  amount: formatFen(rfm.data.averages.monetaryFen),
                })}
              </Typography.Text>
            ) : null}
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <SavedSegments
            segments={saved.data?.segments}
            loading={saved.loading}
            error={saved.error}
            reload={saved.reload}
            canEdit={canEdit}
            canRefresh={role !== "cs"}
            onEdit={(segment) => setEditing({ segment })}
          />
        </Col>
        <Col xs={24} xl={8}>
          <LayersCard
            canEdit={canEdit}
            onSave={(definition) => setEditing({ initial: definition })}
          />
        </Col>
      </Row>
      {editing ? (
        <SegmentBuilder
          {...(editing.segment ? { segment: editing.segment } : {})}
          {...(editing.initial ? { initial: editing.initial } : {})}
          canEdit={canEdit}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            saved.reload();
          }}
        />
      ) : null}
    </>
  );
}

function SavedSegments({
  segments,
  loading,
  error,
  reload,
  canEdit,
  canRefresh,
  onEdit,
}: {
  segments: SavedSegment[] | undefined;
  loading: boolean;
  error: unknown;
  reload: () => void;
  canEdit: boolean;
  canRefresh: boolean;
  onEdit: (s: SavedSegment) => void;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState<number | null>(null);
  // Bumped after a refresh so the sparklines load the new point.
  const [historyTick, setHistoryTick] = useState(0);

  const refresh = async (s: SavedSegment) => {
    setBusy(s.id);
    try {
      const r = await segmentsApi.refresh(shop.code, s.id);
      const one = r.segments.find((x) => x.id === s.id);
      if (one) message.success(t("segments.refreshedOne", one));
      reload();
      setHistoryTick((n) => n + 1);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  const remove = async (s: SavedSegment) => {
    try {
      await segmentsApi.remove(shop.code, s.id);
      message.success(t("segments.deleted"));
      reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  return (
    <Card
      size="small"
      title={t("segments.savedTitle")}
      extra={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("segments.exportHint")}
        </Typography.Text>
      }
      styles={{ body: { padding: 0 } }}
    >
      <ErrorAlert error={error} onRetry={reload} />
      <Table<SavedSegment>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={segments ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        data-testid="saved-segments"
        locale={{ emptyText: tableEmpty(loading, t("segments.noSaved")) }}
        columns={[
          {
            title: t("segments.name"),
            dataIndex: "name",
            ellipsis: true,
            render: (name: string, s) => (
              <Tooltip title={s.description || undefined}>
                <Typography.Text strong>{name}</Typography.Text>
              </Tooltip>
            ),
          },
          {
            title: t("segments.size"),
            dataIndex: "size",
            align: "right",
            width: 80,
            render: (v: number | null) => formatInt(v),
          },
          {
            title: t("segments.refreshedAt"),
            dataIndex: "refreshedAt",
            width: 130,
            render: (v: string | null) => formatDateTime(v, shop.timeZone),
          },
          {
            title: t("segments.history"),
            key: "history",
            width: 136,
            render: (_: unknown, s) => <History id={s.id} tick={historyTick} />,
          },
          {
            title: t("segments.actions"),
            key: "actions",
            width: 330,
            render: (_: unknown, s) => (
              <Space size={0} wrap>
                <Link
                  to={`/shops/${shop.code}/customers?segment=${s.id}`}
                  style={{ padding: "0 7px" }}
                >
                  {t("segments.members")}
                </Link>
                {canRefresh ? (
                  <Button
                    type="link"
                    size="small"
                    loading={busy === s.id}
                    onClick={() => void refresh(s)}
                  >
                    {t("segments.refresh")}
                  </Button>
                ) : null}
                <Dropdown
                  trigger={["click"]}
                  menu={{
                    items: (["csv", "xlsx"] as const).map((f) => ({
                      key: f,
                      label: (
                        <a href={segmentsApi.exportUrl(shop.code, s.id, f)} download>
                          {f.toUpperCase()}
                        </a>
                      ),
                    })),
                  }}
                >
                  <Button type="link" size="small" icon={<DownloadOutlined />}>
                    {t("segments.export")}
                  </Button>
                </Dropdown>
                {canEdit ? (
                  <>
                    <Button type="link" size="small" onClick={() => onEdit(s)}>
                      {t("segments.edit")}
                    </Button>
                    <Popconfirm
                      title={t("segments.deleteConfirm", { name: s.name })}
                      onConfirm={() => remove(s)}
                    >
                      <Button type="link" size="small" danger>
                        {t("segments.delete")}
                      </Button>
                    </Popconfirm>
                  </>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** The size of one saved segment at each refresh. */
function History({ id, tick }: { id: number; tick: number }) {
  const { t } = useTranslation();
  const shop = useShop();
  const { data } = useApi(
    (signal) => segmentsApi.history(shop.code, id, signal),
    [shop.code, id, tick],
  );
  const format = useCallback(
    (p: HistoryPoint) =>
      t("segments.historyTooltip", {
        at: formatDateTime(p.refreshedAt, shop.timeZone),
        size: formatInt(p.size),
        added: p.added,
        removed: p.removed,
      }),
    [t, shop.timeZone],
  );
  if (!data) return <div style={{ height: 28 }} />;
  if (data.history.length === 0) return <span>—</span>;
  return <HistorySparkline history={data.history} format={format} />;
}

function LayersCard({
  canEdit,
  onSave,
}: {
  canEdit: boolean;
  onSave: (definition: SegmentNode) => void;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const [params, update] = useListParams();
  const today = todayIn(shop.timeZone);
  const from = params.get("from") ?? addDays(today, -29);
  const to = params.get("to") ?? today;
  const { data, error, loading, reload } = useApi(
    (signal) => segmentsApi.layers(shop.code, { from, to }, signal),
    [shop.code, from, to],
  );
  return (
    <Card
      size="small"
      title={t("segments.layersTitle")}
      style={{ height: "100%" }}
      extra={
        <DatePicker.RangePicker
          size="small"
          allowClear={false}
          style={{ width: 220 }}
          value={[dayjs(from), dayjs(to)]}
          onChange={(v) => {
            if (v?.[0] && v[1])
              update({ from: v[0].format("YYYY-MM-DD"), to: v[1].format("YYYY-MM-DD") });
          }}
          data-testid="layers-range"
        />
      }
    >
      <ErrorAlert error={error} onRetry={reload} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("segments.layersHint")}
      </Typography.Text>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        loading={loading}
        dataSource={data?.layers ?? []}
        data-testid="layers"
        columns={[
          {
            title: t("segments.layer"),
            dataIndex: "code",
            render: (c: string) => t(`segments.layerNames.${c}`),
          },
          {
            title: t("segments.customers"),
            dataIndex: "customers",
            align: "right",
            render: (v: number) => formatInt(v),
          },
          {
            title: t("segments.newCustomers"),
            dataIndex: "newCustomers",
            align: "right",
            render: (v: number) => formatInt(v),
          },
          ...(canEdit
            ? [
                {
                  key: "save",
                  width: 80,
                  render: (_: unknown, l: { definition: SegmentNode }) => (
                    <Button type="link" size="small" onClick={() => onSave(l.definition)}>
                      {t("segments.saveAsSegment")}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}
