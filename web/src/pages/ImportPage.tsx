/**
 * Import orders from a file (淘宝/天猫订单报表, generic CSV, XLSX): upload, follow the job's
 * progress (polled every 500 ms while it runs), then the result with its bad rows.
 */
import { InboxOutlined } from "@ant-design/icons";
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  Progress,
  Radio,
  Row,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  ApiError,
  api,
  errorMessage,
  type ImportFormat,
  type ImportJob,
  type ImportRowError,
  type ImportStatus,
  pickLanguage,
} from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { useApi } from "../components/useApi.ts";
import { formatDateTime, formatInt } from "../format.ts";
import { currentLanguage } from "../i18n/index.ts";
import { useShop } from "../session.tsx";

const formats: readonly ImportFormat[] = ["taobao", "csv", "xlsx"];
const accept: Record<ImportFormat, string> = {
  taobao: ".csv,.xlsx,.xls",
  csv: ".csv,.txt",
  xlsx: ".xlsx",
};
const statusColor: Record<ImportStatus, string> = {
  running: "processing",
  done: "success",
  rejected: "warning",
  failed: "error",
};
const pollMs = 500;

export function ImportPage() {
  const { t } = useTranslation();
  const shop = useShop();
  const [job, setJob] = useState<ImportJob | undefined>(undefined);
  const recent = useApi((signal) => api.importJobs(shop.code, signal), [shop.code]);
  const reloadRecent = recent.reload;

  // Follow a running job until it finishes (one request every 500 ms), then refresh the list.
  const runningId = job?.status === "running" ? job.id : undefined;
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (runningId === undefined || tick < 0) return;
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api
        .importJob(shop.code, runningId, ctrl.signal)
        .then((r) => {
          setJob(r.job);
          if (r.job.status === "running") setTick((n) => n + 1);
          else reloadRecent();
        })
        .catch((err: unknown) => {
          if (ctrl.signal.aborted) return;
          if (err instanceof ApiError && err.status === 404) setJob(undefined);
          else setTick((n) => n + 1); // a passing network failure: try again
        });
    }, pollMs);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [runningId, tick, shop.code, reloadRecent]);

  const unavailable =
    recent.error instanceof ApiError && recent.error.status === 404 ? recent.error : undefined;

  return (
    <>
      <PageHeader title={t("import.title")} />
      {unavailable ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t("import.unavailable", { message: errorMessage(unavailable) })}
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <ImportForm onStarted={(j) => setJob(j)} busy={job?.status === "running"} />
        </Col>
        <Col xs={24} xl={14}>
          {job ? <JobResult job={job} /> : <HowTo />}
        </Col>
      </Row>
      <Card size="small" title={t("import.recent")} style={{ marginTop: 16 }}>
        {unavailable ? null : <ErrorAlert error={recent.error} onRetry={reloadRecent} />}
        <Table<ImportJob>
          size="small"
          rowKey="id"
          loading={recent.loading}
          dataSource={recent.data?.jobs ?? []}
          pagination={{ pageSize: 10, size: "small", hideOnSinglePage: true }}
          locale={{ emptyText: t("import.noJobs") }}
          onRow={(r) => ({ onClick: () => setJob(r), style: { cursor: "pointer" } })}
          columns={[
            { title: "#", dataIndex: "id", width: 60 },
            { title: t("import.fileName"), dataIndex: "fileName", ellipsis: true },
            {
              title: t("import.format"),
              dataIndex: "format",
              width: 150,
              render: (v: string) =>
                (formats as readonly string[]).includes(v) ? t(`import.formats.${v}`) : v,
            },
            {
              title: t("import.mode"),
              dataIndex: "mode",
              width: 120,
              render: (v: ImportJob["mode"]) => t(`import.modes.${v}`),
            },
            {
              title: t("orders.status"),
              dataIndex: "status",
              width: 90,
              render: (v: ImportStatus) => (
                <Tag color={statusColor[v]}>{t(`import.statuses.${v}`)}</Tag>
              ),
            },
            num(t("import.totalRows"), "totalRows"),
            num(t("import.inserted"), "inserted"),
            num(t("import.updated"), "updated"),
            num(t("import.unchanged"), "unchanged"),
            num(t("import.badRows"), "badRows"),
            {
              title: t("import.startedAt"),
              dataIndex: "startedAt",
              width: 140,
              render: (v: string) => formatDateTime(v, shop.timeZone),
            },
          ]}
        />
      </Card>
    </>
  );
}

function num(title: string, dataIndex: keyof ImportJob) {
  return {
    title,
    dataIndex,
    align: "right" as const,
    width: 96,
    render: (v: number) => formatInt(v),
  };
}

interface FormValues {
  format: ImportFormat;
  mapping?: string;
  validOnly: boolean;
}

function ImportForm({ onStarted, busy }: { onStarted: (job: ImportJob) => void; busy: boolean }) {
  const { t } = useTranslation();
  const shop = useShop();
  const [form] = Form.useForm<FormValues>();
  const format = Form.useWatch("format", form) ?? "taobao";
  const [file, setFile] = useState<File | undefined>(undefined);
  const [details, setDetails] = useState<File | undefined>(undefined);
  const [fileMissing, setFileMissing] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [sending, setSending] = useState(false);

  const submit = async (values: FormValues) => {
    if (!file) {
      setFileMissing(true);
      return;
    }
    const body = new FormData();
    body.append("file", file, file.name);
    if (details && values.format === "taobao") body.append("details", details, details.name);
    body.append("format", values.format);
    body.append("validOnly", values.validOnly ? "true" : "false");
    if (values.mapping?.trim() && values.format !== "taobao") {
      body.append("mapping", values.mapping.trim());
    }
    setSending(true);
    setError(undefined);
    try {
      const r = await api.startImport(shop.code, body);
      onStarted(r.job);
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  };

  const asList = (f: File | undefined): UploadFile[] =>
    f ? [{ uid: `${f.name}-${f.size}`, name: f.name, size: f.size, status: "done" }] : [];

  return (
    <Card size="small" title={t("import.title")}>
      <ErrorAlert error={error} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={{ format: "taobao", validOnly: false }}
        onFinish={submit}
      >
        <Form.Item
          name="format"
          label={t("import.format")}
          extra={t(`import.formatHelp.${format}`)}
        >
          <Radio.Group
            optionType="button"
            options={formats.map((f) => ({ value: f, label: t(`import.formats.${f}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t("import.file")}
          required
          validateStatus={fileMissing ? "error" : ""}
          help={fileMissing ? t("import.fileRequired") : null}
        >
          <div data-testid="import-file">
            <Upload.Dragger
              accept={accept[format]}
              maxCount={1}
              fileList={asList(file)}
              beforeUpload={(f) => {
                setFile(f);
                setFileMissing(false);
                return false;
              }}
              onRemove={() => setFile(undefined)}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t("import.dropHint")}</p>
              <p className="ant-upload-hint">{accept[format]}</p>
            </Upload.Dragger>
          </div>
        </Form.Item>
        {format === "taobao" ? (
          <Form.Item label={t("import.detailsFile")}>
            <Upload
              accept={accept.taobao}
              maxCount={1}
              fileList={asList(details)}
              beforeUpload={(f) => {
                setDetails(f);
                return false;
              }}
              onRemove={() => setDetails(undefined)}
            >
              <Button>{t("import.chooseFile")}</Button>
            </Upload>
          </Form.Item>
        ) : (
          <Form.Item name="mapping" label={t("import.mapping")}>
            <Input placeholder={t("import.mappingPlaceholder")} maxLength={100} />
          </Form.Item>
        )}
        <Form.Item name="validOnly" valuePropName="checked" extra={t("import.validOnlyHelp")}>
          <Checkbox>{t("import.validOnly")}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={sending || busy}>
          {t("import.submit")}
        </Button>
      </Form>
    </Card>
  );
}

function HowTo() {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t("import.formatsTitle")}>
      <Space orientation="vertical">
        {formats.map((f) => (
          <div key={f}>
            <Typography.Text strong>{t(`import.formats.${f}`)}</Typography.Text>
            <div>
              <Typography.Text type="secondary">{t(`import.formatHelp.${f}`)}</Typography.Text>
            </div>
          </div>
        ))}
      </Space>
    </Card>
  );
}

/** How far a job is: rows when counted, else the share of the upload read so far. */
function jobPercent(job: ImportJob): number {
  if (job.status !== "running") return 100;
  if (job.totalRows) return Math.floor((job.processedRows / job.totalRows) * 100);
  if (job.totalBytes && job.bytesRead !== undefined) {
    return Math.min(99, Math.floor((job.bytesRead / job.totalBytes) * 100));
  }
  return 0;
}

function JobResult({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const shop = useShop();
  const en = currentLanguage() === "en";
  const running = job.status === "running";
  const stats: [string, number, boolean][] = [
    [t("import.totalRows"), running ? job.processedRows : job.totalRows, false],
    [t("import.inserted"), job.inserted, false],
    ...(job.updated !== undefined
      ? ([[t("import.updated"), job.updated, false]] as [string, number, boolean][])
      : []),
    [t("import.unchanged"), job.unchanged, false],
    [t("import.badRows"), job.badRows, job.badRows > 0],
  ];
  return (
    <Card
      size="small"
      data-testid="import-result"
      title={
        <Space>
          {running ? t("import.progress") : t("import.result")}
          <Tag color={statusColor[job.status]}>{t(`import.statuses.${job.status}`)}</Tag>
          <Typography.Text type="secondary" style={{ fontWeight: "normal" }}>
            {job.fileName}
          </Typography.Text>
        </Space>
      }
    >
      <Progress
        percent={jobPercent(job)}
        status={running ? "active" : job.status === "done" ? "success" : "exception"}
        format={(p) =>
          running
            ? job.totalRows
              ? t("import.rows", {
                  done: formatInt(job.processedRows),
                  total: formatInt(job.totalRows),
                })
              : t("import.rowsRead", { rows: formatInt(job.processedRows) })
            : `${p ?? 100}%`
        }
      />
      <div style={{ display: "flex", gap: 12, margin: "12px 0", flexWrap: "wrap" }}>
        {stats.map(([title, value, bad]) => (
          <Statistic
            key={title}
            title={title}
            value={formatInt(value)}
            style={{ flex: "1 1 90px" }}
            styles={{ content: bad ? { color: "#cf1322" } : {} }}
          />
        ))}
      </div>
      {job.message ? (
        <Alert
          type={job.status === "done" ? "success" : running ? "info" : "error"}
          showIcon
          style={{ marginBottom: 12 }}
          title={pickLanguage(job.message)}
        />
      ) : null}
      <Typography.Text type="secondary" style={{ display: "block", marginBottom: 8 }}>
        {t("import.startedAt")} {formatDateTime(job.startedAt, shop.timeZone)}
        {job.finishedAt
          ? ` · ${t("import.finishedAt")} ${formatDateTime(job.finishedAt, shop.timeZone)}`
          : ""}
      </Typography.Text>
      {job.errors.length ? (
        <Table<ImportRowError>
          size="small"
          rowKey={(r, i) => `${r.file ?? ""}-${r.row}-${r.column ?? ""}-${r.code}-${i}`}
          dataSource={job.errors}
          pagination={{ pageSize: 10, size: "small", hideOnSinglePage: true }}
          title={() =>
            job.errors.length < job.badRows
              ? t("import.errorsShown", { shown: job.errors.length })
              : t("import.errors")
          }
          columns={[
            {
              title: t("import.row"),
              dataIndex: "row",
              width: 70,
              align: "right",
              render: (v: number) => (v === 0 ? t("import.wholeFile") : v),
            },
            {
              title: t("import.column"),
              key: "column",
              width: 150,
              render: (_: unknown, r) => (
                <>
                  {r.file === "details" ? <Tag>{t("import.detailsTag")}</Tag> : null}
                  {r.column ?? "—"}
                </>
              ),
            },
            { title: t("import.code"), dataIndex: "code", width: 150 },
            {
              title: t("import.message"),
              key: "message",
              render: (_: unknown, r) => (en ? r.messageEn : r.messageZh),
            },
          ]}
        />
      ) : null}
    </Card>
  );
}
