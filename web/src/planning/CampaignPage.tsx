/**
 * One campaign: phases, the forecast (ROI first), the schedule as a Gantt timeline with task
 * editing, the plan and budget (editable), and the peak day's hourly GMV plan.
 */
import { ArrowLeftOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { errorMessage } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { PageSpinner } from "../components/PageSpinner.tsx";
import { useApi } from "../components/useApi.ts";
import { formatFen, todayIn } from "../format.ts";
import { i18n as i18nInstance } from "../i18n/index.ts";
import { useSession, useShop } from "../session.tsx";
import {
  type Campaign,
  type CampaignStatus,
  type CampaignTask,
  type HolidayDay,
  planningApi,
  type Role,
  type TaskCategory,
  type TaskPatch,
  taskStatuses,
} from "./api.ts";
import { statusColors } from "./CampaignList.tsx";
import { Gantt, GanttLegend, type GroupBy } from "./Gantt.tsx";
import {
  draftFromPlan,
  ForecastPanel,
  type PlanDraft,
  PlanEditor,
  planFromDraft,
  useLiveForecast,
} from "./PlanEditor.tsx";
import { mmdd, phaseColors, useNodeName, useTaskTitle } from "./shared.ts";

const PromotionsTab = lazy(() =>
  import("../promotions/PromotionsTab.tsx").then((m) => ({ default: m.PromotionsTab })),
);
const HourlyChart = lazy(() =>
  import("./HourlyChart.tsx").then((m) => ({ default: m.HourlyChart })),
);

const roles: Role[] = ["owner", "operator", "cs", "analyst"];

export function CampaignPage() {
  const { t } = useTranslation();
  const shop = useShop();
  const { id } = useParams();
  const campaignId = Number(id);
  const today = todayIn(shop.timeZone);
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "schedule";
  const groupBy: GroupBy = params.get("group") === "role" ? "role" : "category";
  const setParam = (k: string, v: string | null) => {
    const p = new URLSearchParams(params);
    if (v === null) p.delete(k);
    else p.set(k, v);
    setParams(p, { replace: true });
  };

  const loaded = useApi(
    (signal) => planningApi.campaign(shop.code, campaignId, signal),
    [shop.code, campaignId],
  );
  const [campaign, setCampaign] = useState<Campaign | undefined>(undefined);
  const [tasks, setTasks] = useState<CampaignTask[]>([]);
  useEffect(() => {
    if (loaded.data) {
      setCampaign(loaded.data.campaign);
      setTasks(loaded.data.tasks);
    }
  }, [loaded.data]);

  const years = campaign
    ? [
        ...new Set([
          campaign.phases.warmupStart.slice(0, 4),
          campaign.phases.thanksEnd.slice(0, 4),
        ]),
      ].map(Number)
    : [];
  const cal = useApi(
    async (signal) => {
      if (!years.length) return undefined;
      const all = await Promise.all(years.map((y) => planningApi.calendar(shop.code, y, signal)));
      return {
        holidays: new Map<string, HolidayDay>(
          all.flatMap((c) => c.holidays.days.map((d) => [d.date, d])),
        ),
        nodes: all.flatMap((c) => c.nodes),
      };
    },
    [shop.code, years.join(",")],
  );
  const template = useApi((signal) => planningApi.template(shop.code, signal), [shop.code]);
  const categories = useMemo(
    () =>
      new Map<string, TaskCategory>((template.data?.tasks ?? []).map((x) => [x.key, x.category])),
    [template.data],
  );

  const [editing, setEditing] = useState<CampaignTask | undefined>(undefined);
  const [adding, setAdding] = useState(false);

  if (loaded.error) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!campaign) return <PageSpinner />;

  const node = campaign.nodeKey
    ? cal.data?.nodes.find(
        (n) =>
          n.key === campaign.nodeKey && n.date.slice(0, 4) === campaign.phases.peakDate.slice(0, 4),
      )
    : undefined;
  const done = tasks.filter((x) => x.status === "done").length;
  const late = tasks.filter((x) => x.late).length;

  const onTaskSaved = (task: CampaignTask) =>
    setTasks((list) => list.map((x) => (x.id === task.id ? task : x)));

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 12 }}>
      <Header campaign={campaign} nodeName={node} onChange={setCampaign} />
      <KpiRow campaign={campaign} done={done} total={tasks.length} late={late} />
      {campaign.mechanicsWarning ? (
        <Alert
          type="warning"
          showIcon
          data-testid="mechanics-warning"
          title={
            i18nInstance.language === "en"
              ? campaign.mechanicsWarning.en
              : campaign.mechanicsWarning.zh
          }
        />
      ) : null}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParam("tab", k === "schedule" ? null : k)}
        tabBarExtraContent={
          tab === "schedule" ? (
            <Space>
              <GanttLegend />
              <Segmented
                size="small"
                value={groupBy}
                onChange={(v) => setParam("group", v === "category" ? null : String(v))}
                options={[
                  { value: "category", label: t("planning.detail.byCategory") },
                  { value: "role", label: t("planning.detail.byRole") },
                ]}
              />
              <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                {t("planning.detail.addTask")}
              </Button>
            </Space>
          ) : null
        }
        items={[
          {
            key: "schedule",
            label: `${t("planning.detail.schedule")} (${tasks.length})`,
            children: (
              <Gantt
                tasks={tasks}
                phases={campaign.phases}
                holidays={cal.data?.holidays ?? new Map()}
                today={today}
                groupBy={groupBy}
                categoryOf={(x) => (x.templateKey ? categories.get(x.templateKey) : undefined)}
                onTask={setEditing}
              />
            ),
          },
          {
            key: "promotions",
            label: t("promotions.tab"),
            children: (
              <Suspense fallback={<PageSpinner />}>
                <PromotionsTab campaign={campaign} />
              </Suspense>
            ),
          },
          {
            key: "plan",
            label: t("planning.plan.title"),
            children: <PlanTab campaign={campaign} onSaved={setCampaign} />,
          },
          {
            key: "hourly",
            label: t("planning.detail.hourly"),
            children: (
              <Card size="small">
                <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                  {t("planning.detail.hourlyHint")} {campaign.phases.peakDate} ·{" "}
                  {formatFen(campaign.hourlyPlanFen.reduce((a, b) => a + b, 0))}
                </Typography.Paragraph>
                <Suspense fallback={<div style={{ height: 260 }} />}>
                  <HourlyChart hourlyFen={campaign.hourlyPlanFen} />
                </Suspense>
              </Card>
            ),
          },
        ]}
      />
      <TaskDrawer
        task={editing}
        campaignId={campaign.id}
        onClose={() => setEditing(undefined)}
        onSaved={onTaskSaved}
      />
      <AddTaskModal
        open={adding}
        campaign={campaign}
        onClose={() => setAdding(false)}
        onAdded={(task) => setTasks((list) => [...list, task])}
      />
    </div>
  );
}

function Header({
  campaign,
  nodeName: node,
  onChange,
}: {
  campaign: Campaign;
  nodeName: { name: string; nameEn: string } | undefined;
  onChange: (c: Campaign) => void;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = App.useApp();
  const nodeName = useNodeName();
  const p = campaign.phases;
  const setStatus = async (status: CampaignStatus) => {
    try {
      const r = await planningApi.patchCampaign(shop.code, campaign.id, { status });
      onChange(r.campaign);
      message.success(t("planning.detail.statusSaved"));
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const phase = (key: "warmup" | "peak" | "thanks", from: string, to: string) => (
    <span
      style={{
        background: phaseColors[key].bg,
        color: phaseColors[key].text,
        border: `1px solid ${phaseColors[key].bar}`,
        borderRadius: 4,
        padding: "1px 8px",
        fontSize: 13,
        fontVariantNumeric: "tabular-nums",
        fontWeight: key === "peak" ? 600 : 400,
      }}
    >
      {t(`planning.phases.${key}`)} {from === to ? from : `${from} → ${mmdd(to)}`}
    </span>
  );
  return (
    <div style={{ display: "flex", alignItems: "center", gap: 10, flexWrap: "wrap" }}>
      <Link to={`/shops/${shop.code}/campaigns`}>
        <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t("planning.detail.back")} />
      </Link>
      <Typography.Title level={4} style={{ margin: 0 }} data-testid="campaign-name">
        {campaign.name}
      </Typography.Title>
      {node ? (
        <Tag color="magenta">{t("planning.detail.node", { name: nodeName(node) })}</Tag>
      ) : null}
      <Space size={6} wrap data-testid="campaign-phases">
        {phase("warmup", p.warmupStart, p.warmupEnd)}
        {phase("peak", p.peakDate, p.peakEnd)}
        {phase("thanks", p.thanksStart, p.thanksEnd)}
      </Space>
      <div style={{ flex: 1 }} />
      <Select
        size="small"
        value={campaign.status}
        style={{ width: 110 }}
        onChange={setStatus}
        options={(["draft", "active", "archived"] as const).map((s) => ({
          value: s,
          label: <Tag color={statusColors[s]}>{t(`planning.campaigns.statuses.${s}`)}</Tag>,
        }))}
      />
    </div>
  );
}

function KpiRow({
  campaign,
  done,
  total,
  late,
}: {
  campaign: Campaign;
  done: number;
  total: number;
  late: number;
}) {
  const { t } = useTranslation();
  return (
    <div style={{ display: "grid", gridTemplateColumns: "1fr 320px", gap: 12 }}>
      <ForecastPanel forecast={campaign.forecast} loading={false} />
      <Card size="small" title={t("planning.detail.progress")} styles={{ body: { padding: 12 } }}>
        <div style={{ display: "flex", gap: 16, alignItems: "baseline" }}>
          <span
            style={{ fontSize: 28, fontWeight: 600, fontVariantNumeric: "tabular-nums" }}
            data-testid="tasks-done"
          >
            {done}
            <span style={{ fontSize: 16, color: "#8c8c8c" }}>/{total}</span>
          </span>
          {late ? (
            <Tag color="red" data-testid="tasks-late">
              {t("planning.campaigns.late", { count: late })}
            </Tag>
          ) : null}
        </div>
        {campaign.theme ? (
          <Typography.Paragraph
            type="secondary"
            ellipsis={{ rows: 2 }}
            style={{ margin: "6px 0 0", fontSize: 12 }}
          >
            {t("planning.detail.theme")}：{campaign.theme}
          </Typography.Paragraph>
        ) : null}
        {campaign.mechanics.length ? (
          <div style={{ marginTop: 4 }}>
            {campaign.mechanics.map((m) => (
              <Tag key={m}>{m}</Tag>
            ))}
          </div>
        ) : null}
      </Card>
    </div>
  );
}

function PlanTab({ campaign, onSaved }: { campaign: Campaign; onSaved: (c: Campaign) => void }) {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<PlanDraft>(() => draftFromPlan(campaign.plan));
  const [theme, setTheme] = useState(campaign.theme);
  const [benefits, setBenefits] = useState(campaign.benefitPoints);
  const [mechanics, setMechanics] = useState(campaign.mechanics);
  const [saving, setSaving] = useState(false);
  const plan = planFromDraft(draft);
  const live = useLiveForecast(shop.code, plan);
  const save = async () => {
    if (!plan) return;
    setSaving(true);
    try {
      const r = await planningApi.patchCampaign(shop.code, campaign.id, {
        plan,
        theme,
        benefitPoints: benefits,
        mechanics,
      });
      onSaved(r.campaign);
      message.success(t("planning.plan.saved"));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div
      style={{
        display: "grid",
        gridTemplateColumns: "minmax(0, 1fr) 360px",
        gap: 12,
        alignItems: "start",
      }}
    >
      <Card size="small">
        <Form layout="vertical" size="small" component="div">
          <Form.Item label={t("planning.create.theme")} style={{ marginBottom: 8 }}>
            <Input value={theme} maxLength={200} onChange={(e) => setTheme(e.target.value)} />
          </Form.Item>
          <Form.Item label={t("planning.create.benefits")} style={{ marginBottom: 8 }}>
            <Select
              mode="tags"
              open={false}
              suffixIcon={null}
              value={benefits}
              onChange={setBenefits}
            />
          </Form.Item>
          <Form.Item
            label={t("planning.create.mechanics")}
            help={
              mechanics.length > 3
                ? t("planning.create.mechanicsTooMany", { count: mechanics.length })
                : t("planning.create.mechanicsHint")
            }
            validateStatus={mechanics.length > 3 ? "warning" : ""}
            style={{ marginBottom: 12 }}
          >
            <Select
              mode="tags"
              open={false}
              suffixIcon={null}
              value={mechanics}
              onChange={setMechanics}
            />
          </Form.Item>
        </Form>
        <PlanEditor shop={shop.code} draft={draft} onChange={setDraft} />
      </Card>
      <div
        style={{ position: "sticky", top: 12, display: "flex", flexDirection: "column", gap: 12 }}
      >
        <ForecastPanel forecast={live.data} loading={live.loading} error={live.error} vertical />
        <Button
          type="primary"
          block
          loading={saving}
          disabled={!plan}
          onClick={save}
          data-testid="save-plan"
        >
          {t("planning.plan.save")}
        </Button>
      </div>
    </div>
  );
}

function TaskDrawer({
  task,
  campaignId,
  onClose,
  onSaved,
}: {
  task: CampaignTask | undefined;
  campaignId: number;
  onClose: () => void;
  onSaved: (t: CampaignTask) => void;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = App.useApp();
  const title = useTaskTitle();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (task)
      form.setFieldsValue({
        status: task.status,
        startDate: task.startDate ? dayjs(task.startDate) : null,
        dueDate: dayjs(task.dueDate),
        assignee: task.assignee ?? "",
        notes: task.notes,
      });
  }, [task, form]);
  const save = async () => {
    if (!task) return;
    const v = await form.validateFields();
    const patch: TaskPatch = {
      status: v.status,
      dueDate: v.dueDate.format("YYYY-MM-DD"),
      startDate: v.startDate ? v.startDate.format("YYYY-MM-DD") : null,
      assignee: v.assignee?.trim() ? v.assignee.trim() : null,
      notes: v.notes ?? "",
    };
    setSaving(true);
    try {
      const r = await planningApi.patchTask(shop.code, campaignId, task.id, patch);
      onSaved(r.task);
      message.success(t("planning.detail.taskSaved"));
      onClose();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Drawer
      open={task !== undefined}
      onClose={onClose}
      size={460}
      title={task ? title(task) : ""}
      data-testid="task-drawer"
      forceRender
      extra={
        <Button type="primary" loading={saving} onClick={save} data-testid="task-save">
          {t("planning.detail.saveTask")}
        </Button>
      }
    >
      {task ? (
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag>{t(`role.${task.role}`)}</Tag>
          {task.offsetDays !== null ? (
            <Tag>T{task.offsetDays >= 0 ? `+${task.offsetDays}` : task.offsetDays}</Tag>
          ) : null}
          {task.late ? <Tag color="red">{t("planning.detail.lateTag")}</Tag> : null}
          {task.early ? <Tag color="green">{t("planning.detail.earlyTag")}</Tag> : null}
        </Space>
      ) : null}
      <Form form={form} layout="vertical">
        <Form.Item name="status" label={t("planning.detail.status")}>
          <Segmented
            data-testid="task-status"
            options={taskStatuses.map((s) => ({
              value: s,
              label: t(`planning.detail.taskStatuses.${s}`),
            }))}
          />
        </Form.Item>
        <Space>
          <Form.Item name="startDate" label={t("planning.detail.start")}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="dueDate" label={t("planning.detail.due")} rules={[{ required: true }]}>
            <DatePicker allowClear={false} data-testid="task-due" />
          </Form.Item>
        </Space>
        <Form.Item name="assignee" label={t("planning.detail.assignee")}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="notes" label={t("planning.detail.notes")}>
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function AddTaskModal({
  open,
  campaign,
  onClose,
  onAdded,
}: {
  open: boolean;
  campaign: Campaign;
  onClose: () => void;
  onAdded: (t: CampaignTask) => void;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const r = await planningApi.addTask(shop.code, campaign.id, {
        titleZh: v.titleZh,
        titleEn: v.titleEn ?? "",
        role: v.role,
        dueDate: v.dueDate.format("YYYY-MM-DD"),
        startDate: v.startDate ? v.startDate.format("YYYY-MM-DD") : null,
        assignee: v.assignee?.trim() ? v.assignee.trim() : null,
      });
      onAdded(r.task);
      message.success(t("planning.detail.taskAdded"));
      form.resetFields();
      onClose();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const required = [{ required: true, message: t("planning.calendar.required") }];
  return (
    <Modal
      open={open}
      title={t("planning.detail.addTask")}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          role: me?.user.role === "owner" ? "owner" : "operator",
          dueDate: dayjs(campaign.phases.warmupStart),
        }}
      >
        <Form.Item name="titleZh" label={t("planning.detail.taskTitleZh")} rules={required}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="titleEn" label={t("planning.detail.taskTitleEn")}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="role" label={t("planning.detail.role")}>
            <Select
              style={{ width: 120 }}
              options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            />
          </Form.Item>
          <Form.Item name="startDate" label={t("planning.detail.start")}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="dueDate" label={t("planning.detail.due")} rules={required}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="assignee" label={t("planning.detail.assignee")}>
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
