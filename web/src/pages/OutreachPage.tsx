/**
 * Outreach (触达): a shop's journeys — the warm-up waves and other steps with audience,
 * channel, planned send time in the shop's zone and the template (edited with a live SMS
 * check), the nurture timeline after T, the planning preview with exclusions, delivery
 * progress with call lists, consent and the suppression list, and the shop's sending settings
 * (SMTP, logistics notifications; shown even before the first journey). The journey and the
 * tab are kept in the URL (`?journey=12&tab=plan`).
 */
import {
  CheckCircleFilled,
  CloseCircleFilled,
  DeleteOutlined,
  EditOutlined,
  PlusOutlined,
  SettingOutlined,
  WarningFilled,
} from "@ant-design/icons";
import {
  App as AntApp,
  Button,
  Card,
  Empty,
  Popconfirm,
  Select,
  Space,
  Steps,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { PageSpinner } from "../components/PageSpinner.tsx";
import { useApi } from "../components/useApi.ts";
import { useListParams } from "../components/useListParams.ts";
import { AttributionPanel } from "../outreach/AttributionPanel.tsx";
import { ConsentPanel } from "../outreach/ConsentPanel.tsx";
import { JourneyModal } from "../outreach/JourneyModal.tsx";
import { PlanPanel } from "../outreach/PlanPanel.tsx";
import { ProgressPanel } from "../outreach/ProgressPanel.tsx";
import { SettingsModal } from "../outreach/SettingsModal.tsx";
import { ShopSettingsPanel } from "../outreach/ShopSettingsPanel.tsx";
import { StepEditor } from "../outreach/StepEditor.tsx";
import { audienceLabel, ChannelTag, offsetLabel, pick, plannedLabel } from "../outreach/shared.tsx";
import {
  type Journey,
  journeyToInput,
  outreachApi,
  type StepInput,
  type StepRow,
  stepToInput,
} from "../outreachApi.ts";
import { planningApi } from "../planning/api.ts";
import { segmentsApi } from "../segmentsApi.ts";
import { useSession, useShop } from "../session.tsx";

const tabs = ["steps", "plan", "progress", "attribution", "consent", "settings"] as const;
type TabKey = (typeof tabs)[number];
/** Tabs about the whole shop rather than one journey. */
const shopTabs: readonly TabKey[] = ["consent", "settings"];

/** The signature of the journey's first SMS, else the shop's name cut to 12 characters. */
function signatureOf(journey: Journey | undefined, shopName: string): string {
  for (const s of journey?.steps ?? []) {
    const m = /^【([^【】]{2,12})】/.exec(s.template);
    if (s.channel === "sms" && m?.[1]) return m[1];
  }
  return [...shopName].slice(0, 12).join("");
}

export function OutreachPage() {
  const { t } = useTranslation();
  const shop = useShop();
  const role = useSession().me?.user.role;
  const canEdit = role === "owner" || role === "operator";
  const { message } = AntApp.useApp();
  const [params, setParams] = useListParams();
  const [creating, setCreating] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [editing, setEditing] = useState<{ index: number | null } | null>(null);

  const journeys = useApi((signal) => outreachApi.journeys(shop.code, signal), [shop.code]);
  const segments = useApi((signal) => segmentsApi.list(shop.code, signal), [shop.code]);
  const campaigns = useApi((signal) => planningApi.campaigns(shop.code, signal), [shop.code]);

  const selectedId = Number(params.get("journey")) || journeys.data?.journeys[0]?.id;
  const asked: TabKey = (tabs as readonly string[]).includes(params.get("tab") ?? "")
    ? (params.get("tab") as TabKey)
    : "steps";

  const journey = useApi(
    (signal) =>
      selectedId ? outreachApi.journey(shop.code, selectedId, signal) : Promise.resolve(undefined),
    [shop.code, selectedId],
  );
  const j = journey.data?.id === selectedId ? journey.data : undefined;
  const noJourneys = journeys.data !== undefined && journeys.data.journeys.length === 0;
  // Without a journey only the shop's tabs exist.
  const tab: TabKey = noJourneys && !shopTabs.includes(asked) ? "consent" : asked;
  const draft = j?.status === "draft";

  const nurture = useApi(
    (signal) =>
      j?.tDate ? outreachApi.nurture(shop.code, j.tDate, signal) : Promise.resolve(undefined),
    [shop.code, j?.tDate],
  );

  // A journey id in the URL that no longer exists: back to the newest.
  useEffect(() => {
    const id = Number(params.get("journey"));
    if (id && journeys.data && !journeys.data.journeys.some((x) => x.id === id)) {
      setParams({ journey: undefined });
    }
  }, [journeys.data, params, setParams]);

  const saveSteps = async (steps: StepInput[]) => {
    if (!j) return;
    await outreachApi.update(shop.code, j.id, journeyToInput(j, steps));
    journey.reload();
    journeys.reload();
  };

  const onSaveStep = async (step: StepInput) => {
    if (!j || !editing) return;
    const steps = j.steps.map(stepToInput);
    if (editing.index === null) steps.push(step);
    else steps[editing.index] = step;
    try {
      await saveSteps(steps);
      message.success(t("outreach.saved"));
      setEditing(null);
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const removeStep = async (index: number) => {
    if (!j) return;
    try {
      await saveSteps(j.steps.map(stepToInput).filter((_, i) => i !== index));
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const removeJourney = async () => {
    if (!j) return;
    try {
      await outreachApi.remove(shop.code, j.id);
      message.success(t("outreach.deleted"));
      setParams({ journey: undefined, tab: undefined });
      journeys.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const signature = signatureOf(j, shop.name);
  const editingStep = useMemo(
    () =>
      editing && editing.index !== null && j ? stepToInput(j.steps[editing.index]!) : undefined,
    [editing, j],
  );

  const journeyTabs = (j: Journey) => [
    {
      key: "steps",
      label: t("outreach.tabs.steps"),
      children: (
        <Space orientation="vertical" size={12} style={{ width: "100%" }}>
          <Card
            size="small"
            title={t("outreach.steps.title")}
            extra={
              canEdit && draft ? (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => setEditing({ index: null })}
                  data-testid="add-step"
                >
                  {t("outreach.steps.add")}
                </Button>
              ) : null
            }
          >
            <StepsTable
              journey={j}
              segments={segments.data?.segments}
              canEdit={canEdit && draft}
              onEdit={(index) => setEditing({ index })}
              onRemove={removeStep}
            />
          </Card>
          <Card
            size="small"
            title={t("outreach.nurture.title")}
            extra={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t("outreach.nurture.hint")}
              </Typography.Text>
            }
            data-testid="nurture"
          >
            {nurture.data ? (
              <Steps
                size="small"
                type="dot"
                current={-1}
                items={nurture.data.touches.map((x) => ({
                  title: t(`outreach.nurture.names.${x.key}`, { defaultValue: x.name }),
                  content: x.from === x.to ? x.from : `${x.from} ~ ${x.to.slice(5)}`,
                }))}
              />
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            )}
          </Card>
        </Space>
      ),
    },
    {
      key: "plan",
      label: t("outreach.tabs.plan"),
      children: (
        <PlanPanel
          key={j.id}
          shop={shop.code}
          timeZone={shop.timeZone}
          journey={j}
          canEdit={canEdit}
          onLaunched={() => {
            journey.reload();
            journeys.reload();
            setParams({ tab: "progress", journey: j.id });
          }}
        />
      ),
    },
    {
      key: "progress",
      label: t("outreach.tabs.progress"),
      children: <ProgressPanel key={j.id} shop={shop.code} journey={j} canEdit={canEdit} />,
    },
    {
      key: "attribution",
      label: t("outreach.tabs.attribution"),
      children: <AttributionPanel key={j.id} shop={shop.code} journey={j} />,
    },
  ];

  const list = journeys.data?.journeys ?? [];
  return (
    <>
      <PageHeader
        title={t("outreach.title")}
        extra={
          <Space wrap>
            {list.length > 0 ? (
              <Select
                data-testid="journey-select"
                style={{ minWidth: 260 }}
                value={selectedId ?? null}
                placeholder={t("outreach.pickJourney")}
                onChange={(v: number) => setParams({ journey: v })}
                options={list.map((x) => ({
                  value: x.id,
                  label: `${x.name}${x.t_date ? ` · T=${x.t_date}` : ""} · ${t(`outreach.status.${x.status}`, { defaultValue: x.status })}`,
                }))}
              />
            ) : null}
            {canEdit ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="new-journey"
              >
                {t("outreach.newJourney")}
              </Button>
            ) : null}
          </Space>
        }
      />
      <ErrorAlert error={journeys.error ?? journey.error} onRetry={journeys.reload} />
      {journeys.loading && !journeys.data ? <PageSpinner /> : null}
      {journeys.data && list.length === 0 ? (
        <Card>
          <Empty description={t("outreach.noJourneys")}>
            {canEdit ? (
              <Button type="primary" onClick={() => setCreating(true)}>
                {t("outreach.playbook")}
              </Button>
            ) : null}
          </Empty>
        </Card>
      ) : null}
      {j ? (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="journey-summary">
          <div style={{ display: "flex", alignItems: "center", gap: 16, flexWrap: "wrap" }}>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {j.name}
            </Typography.Text>
            <Tag
              color={j.status === "launched" ? "green" : j.status === "draft" ? "default" : "blue"}
            >
              {t(`outreach.status.${j.status}`, { defaultValue: j.status })}
            </Tag>
            <span>
              {t("outreach.tDate")}：
              <strong data-testid="journey-tdate-value">{j.tDate ?? "—"}</strong>
            </span>
            <span>
              {t("outreach.provider")}：
              {t(`outreach.providers.${j.settings.provider ?? "default"}`)}
            </span>
            <div style={{ flex: 1 }} />
            {canEdit && draft ? (
              <Space>
                <Button
                  size="small"
                  icon={<SettingOutlined />}
                  onClick={() => setSettingsOpen(true)}
                  data-testid="journey-settings"
                >
                  {t("outreach.settings.open")}
                </Button>
                <Popconfirm
                  title={t("outreach.deleteJourneyConfirm", { name: j.name })}
                  onConfirm={removeJourney}
                >
                  <Button size="small" danger icon={<DeleteOutlined />}>
                    {t("outreach.deleteJourney")}
                  </Button>
                </Popconfirm>
              </Space>
            ) : null}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("outreach.timeZoneNote", { tz: shop.timeZone })}
          </Typography.Text>
        </Card>
      ) : null}
      {j || noJourneys ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams({ tab: k === "steps" ? undefined : k, journey: j?.id })}
          items={[
            ...(j ? journeyTabs(j) : []),
            {
              key: "consent",
              label: t("outreach.tabs.consent"),
              children: (
                <ConsentPanel shop={shop.code} timeZone={shop.timeZone} canEdit={canEdit} />
              ),
            },
            {
              key: "settings",
              label: t("outreach.tabs.shopSettings"),
              children: (
                <ShopSettingsPanel
                  shop={shop.code}
                  shopName={shop.name}
                  isOwner={role === "owner"}
                  canManageLogistics={canEdit}
                />
              ),
            },
          ]}
        />
      ) : null}
      <JourneyModal
        open={creating}
        shop={shop.code}
        shopName={shop.name}
        campaigns={campaigns.data?.campaigns ?? []}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          message.success(t("outreach.created"));
          journeys.reload();
          setParams({ journey: created.id, tab: undefined });
        }}
      />
      {j ? (
        <SettingsModal
          open={settingsOpen}
          shop={shop.code}
          journey={j}
          onClose={() => setSettingsOpen(false)}
          onSaved={() => {
            setSettingsOpen(false);
            message.success(t("outreach.saved"));
            journey.reload();
            journeys.reload();
          }}
        />
      ) : null}
      {j ? (
        <StepEditor
          open={editing !== null}
          shop={shop.code}
          timeZone={shop.timeZone}
          journey={j}
          step={editingStep}
          signature={signature}
          segments={segments.data?.segments ?? []}
          onSave={onSaveStep}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

function StepsTable({
  journey,
  segments,
  canEdit,
  onEdit,
  onRemove,
}: {
  journey: Journey;
  segments: Parameters<typeof audienceLabel>[1];
  canEdit: boolean;
  onEdit: (index: number) => void;
  onRemove: (index: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      data-testid="steps-table"
      rowKey="id"
      pagination={false}
      dataSource={journey.steps}
      locale={{ emptyText: t("outreach.steps.empty") }}
      scroll={{ x: 1100 }}
      columns={[
        {
          title: t("outreach.steps.name"),
          dataIndex: "name",
          width: 200,
          render: (v: string, s: StepRow) => (
            <Space orientation="vertical" size={0}>
              <span>{v}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {offsetLabel(s.offset_days)}
                {s.span_days > 0 ? ` ~ ${offsetLabel(s.offset_days + s.span_days)}` : ""}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: t("outreach.steps.channel"),
          dataIndex: "channel",
          width: 110,
          render: (_: unknown, s: StepRow) => (
            <Space orientation="vertical" size={0}>
              <ChannelTag channel={s.channel} t={t} />
              {s.channel === "sms" ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`outreach.smsTypes.${s.sms_type}`)}
                </Typography.Text>
              ) : null}
            </Space>
          ),
        },
        {
          title: t("outreach.steps.audience"),
          key: "audience",
          width: 170,
          render: (_: unknown, s: StepRow) => audienceLabel(s.audience, segments, t),
        },
        {
          title: t("outreach.steps.when"),
          key: "when",
          width: 200,
          render: (_: unknown, s: StepRow) => (
            <span data-testid={`step-when-${s.id}`} style={{ whiteSpace: "pre-line" }}>
              {plannedLabel(s, journey.tDate)}
            </span>
          ),
        },
        {
          title: t("outreach.steps.template"),
          dataIndex: "template",
          render: (v: string, s: StepRow) => (
            <Typography.Paragraph
              style={{ margin: 0, whiteSpace: "pre-wrap", fontSize: 13 }}
              ellipsis={{ rows: 3, tooltip: v }}
            >
              {s.subject ? <strong>{s.subject} · </strong> : null}
              {v}
            </Typography.Paragraph>
          ),
        },
        {
          title: t("outreach.steps.lint"),
          key: "lint",
          width: 90,
          render: (_: unknown, s: StepRow) => <StepLint journey={journey} step={s} />,
        },
        ...(canEdit
          ? [
              {
                title: "",
                key: "actions",
                width: 110,
                render: (_: unknown, _s: StepRow, index: number) => (
                  <Space size={0}>
                    <Tooltip title={t("outreach.steps.edit")}>
                      <Button
                        type="link"
                        size="small"
                        icon={<EditOutlined />}
                        data-testid={`edit-step-${index}`}
                        onClick={() => onEdit(index)}
                      />
                    </Tooltip>
                    <Popconfirm
                      title={t("outreach.steps.removeConfirm", { name: _s.name })}
                      onConfirm={() => onRemove(index)}
                    >
                      <Button type="link" size="small" danger icon={<DeleteOutlined />} />
                    </Popconfirm>
                  </Space>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

/** The check of a stored SMS step (text and send window), as a small tag. */
function StepLint({ journey, step }: { journey: Journey; step: StepRow }) {
  const { t } = useTranslation();
  const code = useShop().code;
  const check = useApi(
    (signal) =>
      step.channel === "sms"
        ? outreachApi.check(
            code,
            {
              channel: "sms",
              smsType: step.sms_type,
              template: step.template,
              audience: step.audience,
              tDate: journey.tDate,
              offsetDays: step.offset_days,
              windowFrom: step.window_from.slice(0, 5),
              windowTo: step.window_to.slice(0, 5),
              provider: journey.settings.provider ?? "default",
              ...(journey.settings.quietHours ? { quietHours: journey.settings.quietHours } : {}),
              withPhoneCalls: journey.steps.some(
                (x) => x.channel === "phone" && x.offset_days === step.offset_days,
              ),
            },
            signal,
          )
        : Promise.resolve(undefined),
    [code, journey, step],
  );
  if (step.channel !== "sms") return <Typography.Text type="secondary">—</Typography.Text>;
  if (!check.data) return null;
  const errors = check.data.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    return (
      <Tooltip title={errors.map((p) => pick(p.message)).join("；")}>
        <Tag color="error" icon={<CloseCircleFilled />} data-testid={`step-lint-${step.id}`}>
          {t("outreach.steps.lintErrors", { count: errors.length })}
        </Tag>
      </Tooltip>
    );
  }
  const timing = check.data.warnings.filter((w) => w.code.startsWith("sms_window"));
  return (
    <Space orientation="vertical" size={2}>
      <Tag color="success" icon={<CheckCircleFilled />} data-testid={`step-lint-${step.id}`}>
        {t("outreach.steps.lintOk")}
      </Tag>
      {timing.length > 0 ? (
        <Tooltip
          title={timing
            .map((w) => `${pick(w.message)}${w.suggestion ? ` ${pick(w.suggestion)}` : ""}`)
            .join("；")}
        >
          <Tag color="warning" icon={<WarningFilled />} data-testid={`step-window-${step.id}`}>
            {t("outreach.steps.windowBlocked")}
          </Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}
