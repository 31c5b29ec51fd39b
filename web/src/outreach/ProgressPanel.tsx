/**
 * Delivery progress per step (queued / sending / sent / delivered / failed / to reconcile),
 * refreshed while the journey runs, and each phone step's call list with its CSV export
 * (names and numbers masked by the server for roles without access to personal data).
 */
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Progress,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { useApi } from "../components/useApi.ts";
import { formatInt } from "../format.ts";
import { type CallRow, type Journey, outreachApi, type StepProgress } from "../outreachApi.ts";
import { ChannelTag } from "./shared.tsx";

const counted = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "failed",
  "unknown",
  "held_out",
] as const;

export function ProgressPanel({
  shop,
  journey,
  canEdit,
}: {
  shop: string;
  journey: Journey;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const progress = useApi(
    (signal) => outreachApi.progress(shop, journey.id, signal),
    [shop, journey.id],
  );
  const { reload } = progress;
  const launched = journey.status === "launched";
  useEffect(() => {
    if (!launched) return;
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [launched, reload]);

  if (!launched) {
    return <Alert type="info" showIcon title={t("outreach.progress.notLaunched")} />;
  }
  const phoneSteps = journey.steps.filter((s) => s.channel === "phone");
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <ErrorAlert error={progress.error} onRetry={reload} />
      <Card
        size="small"
        title={t("outreach.progress.title")}
        extra={<Typography.Text type="secondary">{t("outreach.progress.auto")}</Typography.Text>}
      >
        <Table
          size="small"
          data-testid="progress-table"
          rowKey="stepId"
          pagination={false}
          loading={progress.loading && !progress.data}
          dataSource={progress.data?.steps ?? []}
          scroll={{ x: 1000 }}
          columns={[
            {
              title: t("outreach.plan.step"),
              key: "name",
              width: 240,
              render: (_: unknown, s: StepProgress) => (
                <Space size={4}>
                  <ChannelTag channel={s.channel} t={t} />
                  <span>{s.name}</span>
                </Space>
              ),
            },
            {
              title: "",
              key: "bar",
              width: 180,
              render: (_: unknown, s: StepProgress) => {
                const base = Math.max(1, s.total - s.held_out);
                const done = s.sent + s.delivered + s.failed;
                return (
                  <Progress
                    size="small"
                    percent={Math.round((done / base) * 100)}
                    success={{ percent: Math.round((s.delivered / base) * 100) }}
                  />
                );
              },
            },
            ...counted.map((k) => ({
              title: t(`outreach.progress.${k}`),
              key: k,
              align: "right" as const,
              render: (_: unknown, s: StepProgress) => (
                <span
                  data-testid={`progress-${k}-${s.stepId}`}
                  style={{
                    color:
                      s[k] === 0
                        ? "#bbb"
                        : k === "failed"
                          ? "#cf1322"
                          : k === "delivered"
                            ? "#389e0d"
                            : undefined,
                  }}
                >
                  {formatInt(s[k])}
                </span>
              ),
            })),
            {
              title: t("outreach.progress.total"),
              key: "total",
              align: "right" as const,
              render: (_: unknown, s: StepProgress) => <strong>{formatInt(s.total)}</strong>,
            },
          ]}
        />
      </Card>
      {phoneSteps.map((s) => (
        <CallList
          key={s.id}
          shop={shop}
          journeyId={journey.id}
          stepId={s.id}
          name={s.name}
          canEdit={canEdit}
          onImported={progress.reload}
        />
      ))}
    </Space>
  );
}

function CallList({
  shop,
  journeyId,
  stepId,
  name,
  canEdit,
  onImported,
}: {
  shop: string;
  journeyId: number;
  stepId: number;
  name: string;
  canEdit: boolean;
  onImported: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [importError, setImportError] = useState<unknown>(undefined);
  const [importing, setImporting] = useState(false);
  const [page, setPage] = useState(1);
  const pageSize = 10;
  const calls = useApi(
    (signal) => outreachApi.calls(shop, journeyId, stepId, { page, pageSize }, signal),
    [shop, journeyId, stepId, page],
  );
  return (
    <Card
      size="small"
      data-testid={`calls-${stepId}`}
      title={`${t("outreach.progress.calls")} · ${name}`}
      extra={
        <Space>
          {calls.data?.piiMasked ? <Tag>{t("outreach.progress.masked")}</Tag> : null}
          <Button
            size="small"
            icon={<DownloadOutlined />}
            href={outreachApi.callsCsvUrl(shop, journeyId, stepId)}
            data-testid={`calls-csv-${stepId}`}
          >
            {t("outreach.progress.exportCsv")}
          </Button>
          {canEdit ? (
            <Upload
              accept=".csv,text/csv"
              showUploadList={false}
              beforeUpload={async (file) => {
                setImporting(true);
                setImportError(undefined);
                try {
                  const r = await outreachApi.importCallResults(
                    shop,
                    journeyId,
                    stepId,
                    await file.text(),
                  );
                  message.success(t("outreach.progress.imported", { count: r.updated }));
                  calls.reload();
                  onImported();
                } catch (err) {
                  setImportError(err);
                } finally {
                  setImporting(false);
                }
                return false;
              }}
            >
              <Tooltip title={t("outreach.progress.importResultsHint")}>
                <Button
                  size="small"
                  icon={<UploadOutlined />}
                  loading={importing}
                  data-testid={`calls-import-${stepId}`}
                >
                  {t("outreach.progress.importResults")}
                </Button>
              </Tooltip>
            </Upload>
          ) : null}
        </Space>
      }
    >
      <ErrorAlert error={calls.error} onRetry={calls.reload} />
      <ErrorAlert error={importError} />
      <Table
        size="small"
        rowKey="messageId"
        loading={calls.loading}
        dataSource={calls.data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total: calls.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          showTotal: (n) => t("common.total", { count: n }),
        }}
        columns={[
          { title: t("outreach.progress.messageId"), dataIndex: "messageId", width: 100 },
          { title: t("outreach.progress.customer"), dataIndex: "customer" },
          {
            title: t("outreach.progress.phone"),
            dataIndex: "phone",
            render: (v: string | null) => <span data-testid="call-phone">{v ?? "—"}</span>,
          },
          {
            title: t("outreach.progress.state"),
            dataIndex: "state",
            render: (v: string) => (
              <Tag color={v === "delivered" ? "success" : v === "failed" ? "error" : "default"}>
                {t(`outreach.progress.states.${v}`, { defaultValue: v })}
              </Tag>
            ),
          },
          {
            title: t("outreach.progress.result"),
            dataIndex: "error",
            render: (v: CallRow["error"]) => {
              // Failed calls keep "outcome: notes"; show the outcome in words.
              const m = /^(no_answer|wrong_number|refused)(?::\s*(.*))?$/s.exec(v ?? "");
              if (!m) return v ?? "";
              const label = t(`outreach.progress.outcomes.${m[1]}`);
              return m[2] ? `${label}：${m[2]}` : label;
            },
          },
        ]}
      />
    </Card>
  );
}
