/**
 * The planning preview (a dry run on the server): per step the audience, who is excluded and
 * why (no consent or no valid number, opted out, frequency cap, already bought, holdout), who
 * gets the message, billed SMS and cost, and every warning; then the launch.
 */
import { RocketOutlined, ThunderboltOutlined } from "@ant-design/icons";
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Popconfirm,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { formatDateTime, formatFen, formatInt } from "../format.ts";
import { type Journey, type JourneyPlan, outreachApi, type StepPlan } from "../outreachApi.ts";
import { ChannelTag, pick } from "./shared.tsx";

/** Already bought since the condition's instant: the audience minus every other column. */
export function boughtOf(c: StepPlan["counts"]): number {
  return Math.max(0, c.audience - c.noConsent - c.suppressed - c.capped - c.heldOut - c.recipients);
}

export function PlanPanel({
  shop,
  timeZone,
  journey,
  canEdit,
  onLaunched,
}: {
  shop: string;
  timeZone: string;
  journey: Journey;
  canEdit: boolean;
  onLaunched: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [plan, setPlan] = useState<JourneyPlan | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [running, setRunning] = useState(false);
  const [launching, setLaunching] = useState(false);

  const run = async () => {
    setRunning(true);
    try {
      setPlan(await outreachApi.plan(shop, journey.id));
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setRunning(false);
    }
  };

  const launch = async () => {
    setLaunching(true);
    try {
      const r = await outreachApi.launch(shop, journey.id);
      message.success(
        t("outreach.plan.launched", {
          count: r.steps.reduce((s, x) => s + x.written, 0),
        }),
      );
      onLaunched();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setLaunching(false);
    }
  };

  const num = (v: number, testId?: string) => (
    <span data-testid={testId} style={{ color: v === 0 ? "#bbb" : undefined }}>
      {formatInt(v)}
    </span>
  );

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Space wrap>
        <Button
          type="primary"
          icon={<ThunderboltOutlined />}
          loading={running}
          onClick={run}
          data-testid="plan-run"
        >
          {plan ? t("outreach.plan.rerun") : t("outreach.plan.run")}
        </Button>
        <Typography.Text type="secondary">{t("outreach.plan.hint")}</Typography.Text>
      </Space>
      <ErrorAlert error={error} onRetry={run} />
      {plan ? (
        <>
          <Card size="small">
            <Space size={40} wrap align="center">
              <Statistic
                title={t("outreach.plan.totalRecipients")}
                value={plan.totalRecipients}
                valueRender={() => (
                  <span data-testid="plan-total-recipients">{formatInt(plan.totalRecipients)}</span>
                )}
              />
              <Statistic
                title={t("outreach.plan.excluded")}
                value={0}
                valueRender={() => (
                  <span data-testid="plan-total-excluded">
                    {formatInt(
                      plan.steps.reduce(
                        (s, x) => s + x.counts.audience - x.counts.recipients - x.counts.heldOut,
                        0,
                      ),
                    )}
                  </span>
                )}
              />
              <Statistic title={t("outreach.plan.totalSegments")} value={plan.totalSegments} />
              <Statistic
                title={t("outreach.plan.totalCost")}
                value={0}
                valueRender={() => formatFen(plan.costFen)}
              />
              {journey.status === "launched" ? null : plan.ok ? (
                <Tag color="success" data-testid="plan-ok">
                  {t("outreach.plan.ok")}
                </Tag>
              ) : (
                <Tag color="error" data-testid="plan-blocked">
                  {t("outreach.plan.blocked")}
                </Tag>
              )}
              {canEdit && journey.status !== "launched" ? (
                <Popconfirm title={t("outreach.plan.launchConfirm")} onConfirm={launch}>
                  <Button
                    icon={<RocketOutlined />}
                    disabled={!plan.ok}
                    loading={launching}
                    data-testid="launch"
                  >
                    {t("outreach.plan.launch")}
                  </Button>
                </Popconfirm>
              ) : null}
            </Space>
          </Card>
          <Table
            size="small"
            data-testid="plan-table"
            rowKey="stepId"
            pagination={false}
            dataSource={plan.steps}
            scroll={{ x: 1180 }}
            columns={[
              {
                title: t("outreach.plan.step"),
                key: "name",
                fixed: "left",
                width: 210,
                render: (_: unknown, s: StepPlan) => (
                  <Space size={4}>
                    <ChannelTag channel={s.channel} t={t} />
                    <span>{s.name}</span>
                  </Space>
                ),
              },
              {
                title: t("outreach.plan.window"),
                key: "window",
                width: 160,
                render: (_: unknown, s: StepPlan) => {
                  const from = formatDateTime(s.start, timeZone);
                  return (
                    <span style={{ whiteSpace: "pre-line" }}>
                      {`${from.slice(0, 10)}\n${from.slice(11)}–${formatDateTime(s.end, timeZone).slice(11)}`}
                    </span>
                  );
                },
              },
              {
                title: t("outreach.plan.audience"),
                align: "right",
                width: 84,
                render: (_: unknown, s: StepPlan) =>
                  num(s.counts.audience, `plan-audience-${s.stepId}`),
              },
              {
                title: t("outreach.plan.noConsent"),
                align: "right",
                width: 108,
                render: (_: unknown, s: StepPlan) =>
                  num(s.counts.noConsent, `plan-noConsent-${s.stepId}`),
              },
              {
                title: t("outreach.plan.suppressed"),
                align: "right",
                width: 84,
                render: (_: unknown, s: StepPlan) =>
                  num(s.counts.suppressed, `plan-suppressed-${s.stepId}`),
              },
              {
                title: t("outreach.plan.capped"),
                align: "right",
                width: 84,
                render: (_: unknown, s: StepPlan) =>
                  num(s.counts.capped, `plan-capped-${s.stepId}`),
              },
              {
                title: t("outreach.plan.bought"),
                align: "right",
                width: 84,
                render: (_: unknown, s: StepPlan) =>
                  num(boughtOf(s.counts), `plan-bought-${s.stepId}`),
              },
              {
                title: t("outreach.plan.heldOut"),
                align: "right",
                width: 84,
                render: (_: unknown, s: StepPlan) =>
                  num(s.counts.heldOut, `plan-heldOut-${s.stepId}`),
              },
              {
                title: t("outreach.plan.recipients"),
                align: "right",
                width: 84,
                render: (_: unknown, s: StepPlan) => (
                  <Typography.Text strong>
                    {num(s.counts.recipients, `plan-recipients-${s.stepId}`)}
                  </Typography.Text>
                ),
              },
              {
                title: t("outreach.plan.segments"),
                align: "right",
                width: 84,
                render: (_: unknown, s: StepPlan) =>
                  s.channel === "sms" ? formatInt(s.check.totalSegments) : "—",
              },
              {
                title: t("outreach.plan.cost"),
                align: "right",
                width: 84,
                render: (_: unknown, s: StepPlan) =>
                  s.channel === "sms" ? formatFen(s.check.costFen) : "—",
              },
            ]}
            expandable={{
              defaultExpandAllRows: true,
              rowExpandable: (s) => s.check.warnings.length > 0,
              expandedRowRender: (s) => (
                <Space
                  orientation="vertical"
                  size={4}
                  style={{ width: "100%" }}
                  data-testid={`plan-warnings-${s.stepId}`}
                >
                  {s.check.warnings.map((w) => (
                    <Alert
                      key={w.code}
                      data-testid={`plan-warning-${w.code}`}
                      type={w.severity === "error" ? "error" : "warning"}
                      showIcon
                      title={pick(w.message)}
                      description={
                        w.suggestion
                          ? t("outreach.plan.suggestion", { text: pick(w.suggestion) })
                          : undefined
                      }
                    />
                  ))}
                </Space>
              ),
            }}
          />
        </>
      ) : null}
    </Space>
  );
}
