/** New campaign from a node (this year's and next year's upcoming ones) or a date, with a live forecast. */
import {
  Alert,
  App,
  Button,
  DatePicker,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Segmented,
  Select,
  Space,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api.ts";
import { useApi } from "../components/useApi.ts";
import { addDays, todayIn } from "../format.ts";
import { useShop } from "../session.tsx";
import { type CalendarNode, planningApi } from "./api.ts";
import {
  ForecastPanel,
  newPlanDraft,
  type PlanDraft,
  PlanEditor,
  planFromDraft,
  useLiveForecast,
} from "./PlanEditor.tsx";
import { kindColors, mmdd, useNodeName, useWeekdays, weekdayIndex } from "./shared.ts";

export interface CreateFrom {
  nodeKey?: string;
  date?: string;
}

export function CreateCampaignDrawer({
  open,
  from,
  onClose,
  onCreated,
}: {
  open: boolean;
  from: CreateFrom | undefined;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = App.useApp();
  const nodeName = useNodeName();
  const weekdays = useWeekdays();
  const today = todayIn(shop.timeZone);
  const year = Number(today.slice(0, 4));
  const fromYear = from?.date ? Number(from.date.slice(0, 4)) : year;

  const nodes = useApi(
    async (signal) => {
      const years = [...new Set([fromYear, year, year + 1])];
      const all = await Promise.all(years.map((y) => planningApi.calendar(shop.code, y, signal)));
      return all.flatMap((c) => c.nodes);
    },
    [shop.code, fromYear, year],
  );

  const [mode, setMode] = useState<"node" | "date">("node");
  const [node, setNode] = useState<CalendarNode | undefined>(undefined);
  const [date, setDate] = useState<string | undefined>(undefined);
  const [name, setName] = useState("");
  const [lengths, setLengths] = useState({ warmupDays: 10, peakDays: 1, thanksDays: 10 });
  const [theme, setTheme] = useState("");
  const [benefits, setBenefits] = useState<string[]>([]);
  const [mechanics, setMechanics] = useState<string[]>([]);
  const [draft, setDraft] = useState<PlanDraft>(() => newPlanDraft(shop.platform));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  // Reset when opened for a node or a date.
  useEffect(() => {
    if (!open) return;
    setMode(from?.nodeKey || !from?.date ? "node" : "date");
    setDate(from?.date);
    setNode(undefined);
    setName("");
    setTheme("");
    setBenefits([]);
    setMechanics([]);
    setLengths({ warmupDays: 10, peakDays: 1, thanksDays: 10 });
    setDraft(newPlanDraft(shop.platform));
    setError(undefined);
  }, [open, from, shop.platform]);

  // Select the requested node once the calendar is loaded.
  useEffect(() => {
    if (!open || !from?.nodeKey || !nodes.data) return;
    const n = nodes.data.find(
      (x) => x.key === from.nodeKey && (!from.date || x.date === from.date),
    );
    if (n) {
      setNode(n);
      setName((prev) => prev || `${n.date.slice(0, 4)} ${nodeName(n)}`);
    }
  }, [open, from, nodes.data, nodeName]);

  const options = useMemo(() => {
    const list = (nodes.data ?? []).filter(
      (n) => n.date >= today || (from?.nodeKey === n.key && from.date === n.date),
    );
    const seen = new Set<string>();
    return list
      .filter((n) => {
        const k = `${n.key}@${n.date}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .sort((a, b) => a.date.localeCompare(b.date));
  }, [nodes.data, today, from]);

  const peakDate = mode === "node" ? node?.date : date;
  const plan = planFromDraft(draft);
  const live = useLiveForecast(shop.code, open ? plan : null);

  const preview = peakDate
    ? t("planning.create.phasesPreview", {
        warmup: `${mmdd(addDays(peakDate, -lengths.warmupDays))}→${mmdd(addDays(peakDate, -1))}`,
        peak:
          lengths.peakDays > 1
            ? `${mmdd(peakDate)}→${mmdd(addDays(peakDate, lengths.peakDays - 1))}`
            : mmdd(peakDate),
        thanks: `${mmdd(addDays(peakDate, lengths.peakDays))}→${mmdd(
          addDays(peakDate, lengths.peakDays + lengths.thanksDays - 1),
        )}`,
      })
    : "";

  const submit = async () => {
    if (!name.trim()) return setError(new Error(t("planning.create.nameRequired")));
    if (!peakDate) return setError(new Error(t("planning.create.dateRequired")));
    if (!plan) return setError(new Error(t("planning.plan.invalidAmount")));
    setSaving(true);
    setError(undefined);
    try {
      const r = await planningApi.createCampaign(shop.code, {
        name: name.trim(),
        nodeKey: mode === "node" ? (node?.key ?? null) : null,
        peakDate,
        phases: lengths,
        theme,
        benefitPoints: benefits,
        mechanics,
        plan,
      });
      message.success(t("planning.create.created", { count: r.tasks.length }));
      onCreated(r.campaign.id);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t("planning.create.title")}
      size={1080}
      destroyOnHidden
      data-testid="create-campaign"
      extra={
        <Button type="primary" loading={saving} onClick={submit} data-testid="create-submit">
          {t("planning.create.submit")}
        </Button>
      }
    >
      <div
        style={{
          display: "grid",
          gridTemplateColumns: "minmax(0, 1fr) 300px",
          gap: 16,
          alignItems: "start",
        }}
      >
        <div style={{ display: "flex", flexDirection: "column", gap: 12 }}>
          {error ? <Alert type="error" showIcon title={errorMessage(error)} /> : null}
          <Form layout="vertical" size="small" component="div">
            <Space wrap align="end" size={12}>
              <Form.Item label={t("planning.create.from")} style={{ marginBottom: 8 }}>
                <Segmented
                  value={mode}
                  onChange={(v) => setMode(v as "node" | "date")}
                  options={[
                    { value: "node", label: t("planning.create.fromNode") },
                    { value: "date", label: t("planning.create.fromDate") },
                  ]}
                />
              </Form.Item>
              {mode === "node" ? (
                <Form.Item label={t("planning.create.pickNode")} style={{ marginBottom: 8 }}>
                  <Select
                    data-testid="create-node"
                    showSearch
                    style={{ width: 300 }}
                    loading={nodes.loading}
                    value={node ? `${node.key}@${node.date}` : null}
                    optionFilterProp="search"
                    options={options.map((n) => ({
                      value: `${n.key}@${n.date}`,
                      search: `${n.name} ${n.nameEn} ${n.date}`,
                      label: (
                        <span>
                          <Tag color={kindColors[n.kind]} style={{ marginRight: 6 }}>
                            {n.date} {weekdays[weekdayIndex(n.date)]}
                          </Tag>
                          {nodeName(n)}
                        </span>
                      ),
                    }))}
                    onChange={(v: string) => {
                      const n = options.find((x) => `${x.key}@${x.date}` === v);
                      setNode(n);
                      if (n && !name.trim()) setName(`${n.date.slice(0, 4)} ${nodeName(n)}`);
                    }}
                  />
                </Form.Item>
              ) : (
                <Form.Item label={t("planning.create.peakDate")} style={{ marginBottom: 8 }}>
                  <DatePicker
                    value={date ? dayjs(date) : null}
                    onChange={(d) => setDate(d ? d.format("YYYY-MM-DD") : undefined)}
                  />
                </Form.Item>
              )}
              <Form.Item label={t("planning.campaigns.name")} style={{ marginBottom: 8 }}>
                <Input
                  data-testid="create-name"
                  style={{ width: 260 }}
                  value={name}
                  maxLength={100}
                  onChange={(e) => setName(e.target.value)}
                />
              </Form.Item>
            </Space>
            <Space wrap align="end" size={12}>
              {(["warmupDays", "peakDays", "thanksDays"] as const).map((k) => (
                <Form.Item key={k} label={t(`planning.create.${k}`)} style={{ marginBottom: 8 }}>
                  <InputNumber
                    min={1}
                    max={k === "peakDays" ? 30 : 60}
                    precision={0}
                    value={lengths[k]}
                    onChange={(v) => setLengths({ ...lengths, [k]: v ?? 1 })}
                  />
                </Form.Item>
              ))}
              <Typography.Text
                type="secondary"
                style={{ display: "inline-block", marginBottom: 12 }}
              >
                {preview}
              </Typography.Text>
            </Space>
            <Form.Item label={t("planning.create.theme")} style={{ marginBottom: 8 }}>
              <Input
                value={theme}
                maxLength={200}
                placeholder={t("planning.create.themePlaceholder")}
                onChange={(e) => setTheme(e.target.value)}
              />
            </Form.Item>
            <Form.Item label={t("planning.create.benefits")} style={{ marginBottom: 8 }}>
              <Select
                mode="tags"
                value={benefits}
                open={false}
                suffixIcon={null}
                placeholder={t("planning.create.benefitsPlaceholder")}
                onChange={setBenefits}
              />
            </Form.Item>
            <Form.Item
              label={t("planning.create.mechanics")}
              help={
                mechanics.length > 3 ? (
                  <span style={{ color: "#d46b08" }} data-testid="mechanics-warning">
                    {t("planning.create.mechanicsTooMany", { count: mechanics.length })}{" "}
                    {t("planning.create.mechanicsHint")}
                  </span>
                ) : (
                  t("planning.create.mechanicsHint")
                )
              }
              style={{ marginBottom: 12 }}
            >
              <Select
                mode="tags"
                value={mechanics}
                open={false}
                suffixIcon={null}
                status={mechanics.length > 3 ? "warning" : ""}
                placeholder={t("planning.create.mechanicsPlaceholder")}
                onChange={setMechanics}
              />
            </Form.Item>
          </Form>
          <Divider style={{ margin: "4px 0" }} titlePlacement="start">
            {t("planning.plan.title")}
          </Divider>
          <PlanEditor shop={shop.code} draft={draft} onChange={setDraft} />
        </div>
        <div style={{ position: "sticky", top: 0 }}>
          <ForecastPanel forecast={live.data} loading={live.loading} error={live.error} vertical />
        </div>
      </div>
    </Drawer>
  );
}
