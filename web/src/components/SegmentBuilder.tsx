/**
 * The segment builder: groups of conditions joined by AND/OR, each group's conditions joined
 * by AND/OR, producing the server's definition tree (`{kind: "and"|"or", conditions}` of
 * groups of conditions). The live count is asked from the server (debounced) while editing;
 * save creates or changes the segment (owner/operator), showing the server's errors.
 */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api.ts";
import { formatDate, formatFen, formatInt } from "../format.ts";
import {
  type Condition,
  layerCodes,
  type Period,
  playbookCodes,
  rfmGroupCodes,
  type SavedSegment,
  type SegmentCustomer,
  type SegmentNode,
  segmentsApi,
} from "../segmentsApi.ts";
import { useShop } from "../session.tsx";

type Op = "and" | "or";
interface Group {
  op: Op;
  conditions: Condition[];
}
interface Draft {
  op: Op;
  groups: Group[];
}

const conditionKinds = [
  "paidOrders",
  "paidAmount",
  "firstPaid",
  "lastPaid",
  "notBoughtFor",
  "bought",
  "region",
  "tags",
  "member",
  "consent",
  "rfmGroup",
  "playbook",
  "customerType",
  "layer",
] as const;
type Kind = (typeof conditionKinds)[number];
const isKind = (k: string): k is Kind => (conditionKinds as readonly string[]).includes(k);

/** A new condition of a kind, with sensible starting values. */
function newCondition(kind: Kind): Condition {
  const last30: Period = { lastDays: 30 };
  switch (kind) {
    case "paidOrders":
      return { kind, min: 2 };
    case "paidAmount":
      return { kind, minFen: 50000 };
    case "firstPaid":
    case "lastPaid":
      return { kind, period: last30 };
    case "notBoughtFor":
      return { kind, days: 90 };
    case "bought":
      return { kind, categories: [] };
    case "region":
      return { kind, provinces: [] };
    case "tags":
      return { kind, match: "any", tags: [] };
    case "member":
      return { kind, value: true };
    case "consent":
      return { kind, channel: "sms", granted: true };
    case "rfmGroup":
      return { kind, groups: ["important_value"] };
    case "playbook":
      return { kind, segments: ["loyal"] };
    case "customerType":
      return { kind, type: "new", period: last30 };
    case "layer":
      return { kind, layer: "positive_review", period: last30 };
  }
}

const isGroupNode = (n: SegmentNode): n is { kind: Op; conditions: SegmentNode[] } =>
  n.kind === "and" || n.kind === "or";

/** Reads a saved definition into groups; anything deeper is kept as one opaque condition. */
function toDraft(node: SegmentNode | undefined): Draft {
  if (!node) return { op: "and", groups: [{ op: "and", conditions: [] }] };
  if (!isGroupNode(node)) return { op: "and", groups: [{ op: "and", conditions: [node] }] };
  const groups: Group[] = [];
  for (const child of node.conditions) {
    if (isGroupNode(child) && child.conditions.every((c) => !isGroupNode(c))) {
      groups.push({ op: child.kind, conditions: child.conditions as Condition[] });
    } else {
      groups.push({ op: "and", conditions: [child as Condition] });
    }
  }
  if (groups.length === 0) groups.push({ op: "and", conditions: [] });
  return { op: node.kind, groups };
}

function toDefinition(d: Draft): SegmentNode {
  const groups = d.groups.filter((g) => g.conditions.length > 0);
  if (groups.length === 0) return { kind: "and", conditions: [] };
  return {
    kind: d.op,
    conditions: groups.map((g) =>
      g.conditions.length === 1 ? g.conditions[0]! : { kind: g.op, conditions: g.conditions },
    ),
  };
}

export interface SegmentBuilderProps {
  /** The saved segment to edit; without it a new one. */
  segment?: SavedSegment;
  /** A starting definition for a new segment (e.g. a post-promotion layer). */
  initial?: SegmentNode;
  canEdit: boolean;
  onClose: () => void;
  onSaved: (s: SavedSegment) => void;
}

export function SegmentBuilder({
  segment,
  initial,
  canEdit,
  onClose,
  onSaved,
}: SegmentBuilderProps) {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = AntApp.useApp();
  const [name, setName] = useState(segment?.name ?? "");
  const [description, setDescription] = useState(segment?.description ?? "");
  const [draft, setDraft] = useState<Draft>(() => toDraft(segment?.definition ?? initial));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(undefined);
  const [nameMissing, setNameMissing] = useState(false);

  const definition = useMemo(() => toDefinition(draft), [draft]);
  const live = useLiveCount(shop.code, definition);

  const setGroup = (i: number, g: Group | null) =>
    setDraft((d) => ({
      ...d,
      groups: g ? d.groups.map((x, j) => (j === i ? g : x)) : d.groups.filter((_, j) => j !== i),
    }));

  const save = async () => {
    if (!name.trim()) {
      setNameMissing(true);
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    try {
      const body = { name: name.trim(), description, definition };
      const r = segment
        ? await segmentsApi.update(shop.code, segment.id, body)
        : await segmentsApi.create(shop.code, body);
      message.success(t("segments.builder.saved"));
      onSaved(r.segment);
    } catch (err) {
      setSaveError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open
      size={820}
      onClose={onClose}
      data-testid="segment-builder"
      title={
        segment
          ? `${t("segments.builder.titleEdit")} · ${segment.name}`
          : t("segments.builder.titleNew")
      }
      footer={
        <Space style={{ width: "100%", justifyContent: "flex-end" }}>
          <Button onClick={onClose}>{t("segments.builder.cancel")}</Button>
          <Button
            type="primary"
            loading={saving}
            disabled={!canEdit}
            onClick={() => void save()}
            data-testid="builder-save"
          >
            {t("segments.builder.save")}
          </Button>
        </Space>
      }
    >
      {!canEdit ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t("segments.builder.readOnly")}
        />
      ) : null}
      {saveError ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(saveError)}
          data-testid="builder-error"
        />
      ) : null}
      <Form layout="vertical" size="small" style={{ marginBottom: 8 }}>
        <Space align="start" style={{ width: "100%" }} styles={{ item: { flex: 1 } }}>
          <Form.Item
            label={t("segments.builder.name")}
            required
            {...(nameMissing
              ? { validateStatus: "error" as const, help: t("segments.builder.nameRequired") }
              : {})}
            style={{ marginBottom: 8 }}
          >
            <Input
              value={name}
              maxLength={100}
              data-testid="segment-name"
              onChange={(e) => {
                setName(e.target.value);
                setNameMissing(false);
              }}
            />
          </Form.Item>
          <Form.Item label={t("segments.builder.description")} style={{ marginBottom: 8 }}>
            <Input
              value={description}
              maxLength={1000}
              onChange={(e) => setDescription(e.target.value)}
            />
          </Form.Item>
        </Space>
      </Form>

      <Space style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{t("segments.builder.groupsJoin")}</Typography.Text>
        <OpSwitch value={draft.op} onChange={(op) => setDraft((d) => ({ ...d, op }))} />
      </Space>
      {draft.groups.map((g, i) => (
        <GroupCard
          // biome-ignore lint/suspicious/noArrayIndexKey: groups have no identity of their own
          key={i}
          index={i}
          group={g}
          onChange={(ng) => setGroup(i, ng)}
          onRemove={draft.groups.length > 1 ? () => setGroup(i, null) : undefined}
        />
      ))}
      <Button
        icon={<PlusOutlined />}
        size="small"
        onClick={() =>
          setDraft((d) => ({ ...d, groups: [...d.groups, { op: "and", conditions: [] }] }))
        }
      >
        {t("segments.builder.addGroup")}
      </Button>
      <div style={{ height: 12 }} />
      <LiveCount live={live} />
    </Drawer>
  );
}

function OpSwitch({ value, onChange }: { value: Op; onChange: (op: Op) => void }) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      size="small"
      optionType="button"
      buttonStyle="solid"
      value={value}
      onChange={(e) => onChange(e.target.value as Op)}
      options={[
        { value: "and", label: t("segments.builder.and") },
        { value: "or", label: t("segments.builder.or") },
      ]}
    />
  );
}

function GroupCard({
  index,
  group,
  onChange,
  onRemove,
}: {
  index: number;
  group: Group;
  onChange: (g: Group) => void;
  onRemove: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const setCondition = (i: number, c: Condition | null) =>
    onChange({
      ...group,
      conditions: c
        ? group.conditions.map((x, j) => (j === i ? c : x))
        : group.conditions.filter((_, j) => j !== i),
    });
  return (
    <Card
      size="small"
      style={{ marginBottom: 8, background: "#fafafa" }}
      title={
        <Space>
          {t("segments.builder.group", { n: index + 1 })}
          {group.conditions.length > 1 ? (
            <>
              <Typography.Text type="secondary" style={{ fontWeight: "normal" }}>
                {t("segments.builder.within")}
              </Typography.Text>
              <OpSwitch value={group.op} onChange={(op) => onChange({ ...group, op })} />
            </>
          ) : null}
        </Space>
      }
      extra={
        onRemove ? (
          <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={onRemove}>
            {t("segments.builder.removeGroup")}
          </Button>
        ) : null
      }
    >
      {group.conditions.length === 0 ? (
        <Typography.Text type="secondary" style={{ display: "block", marginBottom: 8 }}>
          {t("segments.builder.noConditions")}
        </Typography.Text>
      ) : null}
      {group.conditions.map((c, i) => (
        <ConditionRow
          // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity of their own
          key={i}
          condition={c}
          onChange={(nc) => setCondition(i, nc)}
          onRemove={() => setCondition(i, null)}
        />
      ))}
      <Button
        type="dashed"
        size="small"
        icon={<PlusOutlined />}
        data-testid="add-condition"
        onClick={() =>
          onChange({ ...group, conditions: [...group.conditions, newCondition("paidOrders")] })
        }
      >
        {t("segments.builder.addCondition")}
      </Button>
    </Card>
  );
}

function ConditionRow({
  condition,
  onChange,
  onRemove,
}: {
  condition: Condition;
  onChange: (c: Condition) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const kind = condition.kind;
  return (
    <div
      data-testid="condition"
      style={{ display: "flex", gap: 8, alignItems: "flex-start", marginBottom: 8 }}
    >
      {isKind(kind) ? (
        <Select<Kind>
          size="small"
          style={{ width: 130, flex: "none" }}
          value={kind}
          onChange={(k) => onChange(newCondition(k))}
          options={conditionKinds.map((k) => ({
            value: k,
            label: t(`segments.builder.kinds.${k}`),
          }))}
          data-testid="condition-kind"
        />
      ) : null}
      <div style={{ flex: 1, display: "flex", flexWrap: "wrap", gap: 6, alignItems: "center" }}>
        {isKind(kind) ? (
          <ConditionFields condition={condition} kind={kind} onChange={onChange} />
        ) : (
          <>
            <Typography.Text type="secondary">{t("segments.builder.kept")}</Typography.Text>
            <Typography.Text code style={{ fontSize: 11 }}>
              {JSON.stringify(condition)}
            </Typography.Text>
          </>
        )}
      </div>
      <Button type="text" size="small" icon={<DeleteOutlined />} onClick={onRemove} />
    </div>
  );
}

/** The fields of one condition kind; values go straight into the server's JSON shape. */
function ConditionFields({
  condition: c,
  kind,
  onChange,
}: {
  condition: Condition;
  kind: Kind;
  onChange: (c: Condition) => void;
}) {
  const { t } = useTranslation();
  const b = (k: string) => t(`segments.builder.${k}`);
  const set = (patch: Record<string, unknown>) => {
    const next: Condition = { ...c };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null) delete next[k];
      else next[k] = v;
    }
    onChange(next);
  };
  const num = (key: string, props: { min?: number; suffix?: string; placeholder?: string }) => (
    <InputNumber
      size="small"
      min={props.min ?? 0}
      precision={0}
      style={{ width: 110 }}
      placeholder={props.placeholder}
      suffix={props.suffix}
      value={(c[key] as number | undefined) ?? null}
      onChange={(v) => set({ [key]: v })}
      data-testid={`cond-${key}`}
    />
  );
  const yuan = (key: string, placeholder: string) => (
    <InputNumber
      size="small"
      min={0}
      precision={2}
      style={{ width: 130 }}
      placeholder={placeholder}
      prefix="¥"
      value={typeof c[key] === "number" ? (c[key] as number) / 100 : null}
      onChange={(v) => set({ [key]: v === null ? undefined : Math.round(Number(v) * 100) })}
    />
  );
  const list = (key: string, placeholder: string, options?: { value: string; label: string }[]) => (
    <Select<string[]>
      size="small"
      mode={options ? "multiple" : "tags"}
      style={{ minWidth: 220, flex: 1 }}
      placeholder={placeholder}
      tokenSeparators={[",", "，", " "]}
      value={(c[key] as string[] | undefined) ?? []}
      onChange={(v) => set({ [key]: v })}
      options={options ?? []}
      {...(options ? {} : { open: false, suffixIcon: null })}
    />
  );
  const period = (optional: boolean) => (
    <PeriodField
      value={c.period as Period | undefined}
      optional={optional}
      onChange={(p) => set({ period: p })}
    />
  );
  const choice = (key: string, values: readonly string[], labelKey: string, width = 110) => (
    <Select
      size="small"
      style={{ width }}
      value={c[key] as string}
      onChange={(v) => set({ [key]: v })}
      options={values.map((v) => ({ value: v, label: b(`${labelKey}.${v}`) }))}
    />
  );
  const label = (s: ReactNode) => <Typography.Text type="secondary">{s}</Typography.Text>;

  switch (kind) {
    case "paidOrders":
      return (
        <>
          {label("≥")}
          {num("min", { placeholder: b("min"), suffix: b("orders") })}
          {label("≤")}
          {num("max", { placeholder: b("max"), suffix: b("orders") })}
          {period(true)}
        </>
      );
    case "paidAmount":
      return (
        <>
          {label("≥")}
          {yuan("minFen", b("min"))}
          {label("≤")}
          {yuan("maxFen", b("max"))}
          {period(true)}
        </>
      );
    case "firstPaid":
    case "lastPaid":
      return period(false);
    case "notBoughtFor":
      return (
        <>
          {label(b("atLeastDays"))}
          {num("days", { min: 1, suffix: b("days") })}
        </>
      );
    case "bought": {
      const keys = ["skuCodes", "productCodes", "categories"] as const;
      const current = keys.find((k) => c[k] !== undefined) ?? "categories";
      return (
        <>
          <Select
            size="small"
            style={{ width: 110 }}
            value={current}
            onChange={(k) =>
              onChange({
                kind: "bought",
                [k]: c[current] ?? [],
                ...(c.period ? { period: c.period } : {}),
              })
            }
            options={keys.map((k) => ({ value: k, label: b(`boughtBy.${k}`) }))}
          />
          {list(current, b("values"))}
          {period(true)}
        </>
      );
    }
    case "region":
      return (
        <>
          {list("provinces", b("provinces"))}
          {list("cities", b("cities"))}
        </>
      );
    case "tags":
      return (
        <>
          {choice("match", ["any", "all", "none"], "tagMatch", 90)}
          {list("tags", b("values"))}
        </>
      );
    case "member":
      return (
        <Radio.Group
          size="small"
          value={c.value}
          onChange={(e) => set({ value: e.target.value })}
          options={[
            { value: true, label: b("isMember") },
            { value: false, label: b("notMember") },
          ]}
        />
      );
    case "consent":
      return (
        <>
          {choice("channel", ["sms", "email", "phone"], "channels", 90)}
          <Radio.Group
            size="small"
            value={c.granted ?? true}
            onChange={(e) => set({ granted: e.target.value })}
            options={[
              { value: true, label: b("granted") },
              { value: false, label: b("notGranted") },
            ]}
          />
        </>
      );
    case "rfmGroup":
      return list(
        "groups",
        b("pick"),
        rfmGroupCodes.map((g) => ({ value: g, label: t(`segments.rfmGroupNames.${g}`) })),
      );
    case "playbook":
      return list(
        "segments",
        b("pick"),
        playbookCodes.map((g) => ({ value: g, label: t(`segments.playbookNames.${g}`) })),
      );
    case "customerType":
      return (
        <>
          {choice("type", ["new", "returning"], "customerTypes", 90)}
          {period(false)}
        </>
      );
    case "layer":
      return (
        <>
          <Select
            size="small"
            style={{ width: 140 }}
            value={c.layer as string}
            onChange={(v) => set({ layer: v })}
            options={layerCodes.map((l) => ({ value: l, label: t(`segments.layerNames.${l}`) }))}
          />
          {period(false)}
        </>
      );
  }
}

/** A period: any time (when optional), the last n days, or a range of the shop's days. */
function PeriodField({
  value,
  optional,
  onChange,
}: {
  value: Period | undefined;
  optional: boolean;
  onChange: (p: Period | undefined) => void;
}) {
  const { t } = useTranslation();
  const mode = !value ? "none" : "lastDays" in value ? "lastDays" : "range";
  const today = dayjs().format("YYYY-MM-DD");
  return (
    <Space.Compact size="small">
      <Select
        size="small"
        style={{ width: 100 }}
        value={mode}
        onChange={(m) =>
          onChange(
            m === "none"
              ? undefined
              : m === "lastDays"
                ? { lastDays: 30 }
                : { from: dayjs().subtract(29, "day").format("YYYY-MM-DD"), to: today },
          )
        }
        options={[
          ...(optional ? [{ value: "none", label: t("segments.builder.anyTime") }] : []),
          { value: "lastDays", label: t("segments.builder.lastDays") },
          { value: "range", label: t("segments.builder.range") },
        ]}
      />
      {value && "lastDays" in value ? (
        <InputNumber
          size="small"
          min={1}
          max={3650}
          precision={0}
          style={{ width: 90 }}
          suffix={t("segments.builder.days")}
          value={value.lastDays}
          onChange={(v) => onChange({ lastDays: v ?? 1 })}
        />
      ) : null}
      {value && "from" in value ? (
        <DatePicker.RangePicker
          size="small"
          allowClear={false}
          style={{ width: 220 }}
          value={[dayjs(value.from), dayjs(value.to)]}
          onChange={(v) => {
            if (v?.[0] && v[1])
              onChange({ from: v[0].format("YYYY-MM-DD"), to: v[1].format("YYYY-MM-DD") });
          }}
        />
      ) : null}
    </Space.Compact>
  );
}

interface Live {
  loading: boolean;
  error: unknown;
  count: number | undefined;
  sample: SegmentCustomer[];
}

/** Asks the server for the definition's size and a sample, 400 ms after the last change. */
function useLiveCount(shop: string, definition: SegmentNode): Live {
  const [live, setLive] = useState<Live>({
    loading: true,
    error: undefined,
    count: undefined,
    sample: [],
  });
  const key = JSON.stringify(definition);
  useEffect(() => {
    const ctrl = new AbortController();
    setLive((l) => ({ ...l, loading: true }));
    const timer = setTimeout(() => {
      segmentsApi
        .count(shop, JSON.parse(key) as SegmentNode, 8, ctrl.signal)
        .then((r) =>
          setLive({ loading: false, error: undefined, count: r.count, sample: r.sample }),
        )
        .catch((err: unknown) => {
          if (ctrl.signal.aborted) return;
          setLive({ loading: false, error: err, count: undefined, sample: [] });
        });
    }, 400);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [shop, key]);
  return live;
}

function LiveCount({ live }: { live: Live }) {
  const { t } = useTranslation();
  const shop = useShop();
  return (
    <Card size="small" style={{ background: "#fff7e6", borderColor: "#ffd591" }}>
      <Space align="baseline" wrap>
        <Typography.Text type="secondary">{t("segments.builder.liveCount")}</Typography.Text>
        <Typography.Text
          strong
          style={{ fontSize: 22 }}
          data-testid="live-count"
          data-loading={live.loading ? "true" : "false"}
        >
          {live.count === undefined ? "—" : formatInt(live.count)}
        </Typography.Text>
        <Typography.Text type="secondary">{t("segments.builder.matches")}</Typography.Text>
        {live.loading ? <Spin size="small" /> : null}
      </Space>
      {live.error ? (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          title={errorMessage(live.error)}
          data-testid="live-error"
        />
      ) : null}
      {live.sample.length > 0 ? (
        <Table<SegmentCustomer>
          size="small"
          rowKey="id"
          pagination={false}
          style={{ marginTop: 8 }}
          dataSource={live.sample}
          data-testid="live-sample"
          title={() => t("segments.builder.sample")}
          columns={[
            { title: t("customers.externalId"), dataIndex: "externalId", width: 110 },
            { title: t("customers.name"), dataIndex: "name", width: 80, render: (v) => v || "—" },
            {
              title: t("customers.region"),
              key: "region",
              width: 110,
              render: (_: unknown, r) => [r.province, r.city].filter(Boolean).join(" ") || "—",
            },
            {
              title: t("customers.tags"),
              key: "tags",
              render: (_: unknown, r) => (
                <>
                  {r.isMember ? <Tag color="gold">{t("customers.member")}</Tag> : null}
                  {r.tags.map((x) => (
                    <Tag key={x}>{x}</Tag>
                  ))}
                </>
              ),
            },
            {
              title: t("customers.paidOrders"),
              dataIndex: "paidOrders",
              align: "right",
              width: 70,
            },
            {
              title: t("customers.paidFen"),
              dataIndex: "paidFen",
              align: "right",
              width: 110,
              render: (v: number) => formatFen(v),
            },
            {
              title: t("customers.lastPaid"),
              dataIndex: "lastPaidAt",
              width: 100,
              render: (v: string | null) => formatDate(v, shop.timeZone),
            },
          ]}
        />
      ) : null}
    </Card>
  );
}
