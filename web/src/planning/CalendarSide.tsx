/** The calendar's side panels: entering a year's official holidays, the shop's own nodes, the iCal feed. */
import { CopyOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Space,
  Tooltip,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api.ts";
import { useApi } from "../components/useApi.ts";
import { useShop } from "../session.tsx";
import { type CustomNode, planningApi } from "./api.ts";
import { kindColors, useNodeName } from "./shared.ts";

/** Owner only: enter a year's arrangements (festival, days off from–to, make-up workdays). */
export function HolidaysButton({
  year,
  isOwner,
  onSaved,
  primary = false,
}: {
  year: number;
  isOwner: boolean;
  onSaved: () => void;
  primary?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm();
  const label = primary
    ? t("planning.calendar.enterHolidays")
    : t("planning.calendar.editHolidays");
  if (!isOwner) {
    return primary ? (
      <Tooltip title={t("planning.calendar.ownerOnly")}>
        <Button size="small" disabled>
          {label}
        </Button>
      </Tooltip>
    ) : null;
  }
  const submit = async () => {
    const v = (await form.validateFields()) as {
      title: string;
      arrangements: {
        name: string;
        nameEn: string;
        off: [Dayjs, Dayjs];
        makeUp?: Dayjs[];
      }[];
    };
    setSaving(true);
    try {
      await planningApi.saveHolidays(year, {
        year,
        source: { title: v.title, origin: "owner" },
        arrangements: v.arrangements.map((a) => ({
          name: a.name,
          nameEn: a.nameEn,
          offFrom: a.off[0].format("YYYY-MM-DD"),
          offTo: a.off[1].format("YYYY-MM-DD"),
          makeUpWorkdays: (a.makeUp ?? []).map((d) => d.format("YYYY-MM-DD")).sort(),
        })),
      });
      message.success(t("planning.calendar.saved"));
      setOpen(false);
      onSaved();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const required = [{ required: true, message: t("planning.calendar.required") }];
  return (
    <>
      <Button
        size="small"
        type={primary ? "primary" : "default"}
        data-testid="enter-holidays"
        onClick={() => setOpen(true)}
      >
        {label}
      </Button>
      <Modal
        open={open}
        width={860}
        title={t("planning.calendar.holidaysTitle", { year })}
        onCancel={() => setOpen(false)}
        onOk={submit}
        confirmLoading={saving}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          size="small"
          initialValues={{
            title: `国务院办公厅关于${year}年部分节假日安排的通知`,
            arrangements: [{ name: "", nameEn: "" }],
          }}
        >
          <Form.Item name="title" label={t("planning.calendar.sourceTitle")} rules={required}>
            <Input />
          </Form.Item>
          <Form.List name="arrangements">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start" wrap style={{ display: "flex" }}>
                    <Form.Item
                      name={[f.name, "name"]}
                      label={t("planning.calendar.festival")}
                      rules={required}
                    >
                      <Input style={{ width: 110 }} placeholder="春节" />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, "nameEn"]}
                      label={t("planning.calendar.festivalEn")}
                      rules={required}
                    >
                      <Input style={{ width: 150 }} placeholder="Spring Festival" />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, "off"]}
                      label={t("planning.calendar.offRange")}
                      rules={required}
                    >
                      <DatePicker.RangePicker
                        style={{ width: 230 }}
                        defaultPickerValue={[dayjs(`${year}-01-01`), dayjs(`${year}-01-01`)]}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, "makeUp"]} label={t("planning.calendar.makeUp")}>
                      <DatePicker
                        multiple
                        style={{ width: 220 }}
                        defaultPickerValue={dayjs(`${year}-01-01`)}
                      />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      style={{ marginTop: 26 }}
                      onClick={() => remove(f.name)}
                    />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ name: "", nameEn: "" })}
                >
                  {t("planning.calendar.addArrangement")}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </>
  );
}

/**
 * The shop's own nodes. The calendar answers with dated nodes only, so the list is rebuilt
 * from four years around the one shown: a node seen in two or more years repeats yearly.
 */
export function CustomNodesCard({ year, onSaved }: { year: number; onSaved: () => void }) {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = App.useApp();
  const nodeName = useNodeName();
  const [editing, setEditing] = useState<{ index: number; node: CustomNode } | undefined>();
  const [form] = Form.useForm();
  const list = useApi(
    async (signal) => {
      const years = [year - 1, year, year + 1, year + 2];
      const cals = await Promise.all(years.map((y) => planningApi.calendar(shop.code, y, signal)));
      const seen = new Map<string, { name: string; nameEn: string; dates: string[] }>();
      for (const c of cals) {
        for (const n of c.nodes) {
          if (n.kind !== "custom") continue;
          const s = seen.get(n.key) ?? { name: n.name, nameEn: n.nameEn, dates: [] };
          s.dates.push(n.date);
          seen.set(n.key, s);
        }
      }
      return [...seen.entries()].map(([key, s]): CustomNode => {
        const d = s.dates.find((x) => x.startsWith(String(year))) ?? s.dates[0] ?? `${year}-01-01`;
        return {
          key,
          name: s.name,
          nameEn: s.nameEn,
          recurrence:
            s.dates.length > 1
              ? { type: "yearly", month: Number(d.slice(5, 7)), day: Number(d.slice(8)) }
              : { type: "once", date: d },
        };
      });
    },
    [shop.code, year],
  );
  const nodes = list.data ?? [];

  const save = async (next: CustomNode[]) => {
    try {
      await planningApi.saveCustomNodes(shop.code, next);
      message.success(t("planning.calendar.saved"));
      list.reload();
      onSaved();
      return true;
    } catch (err) {
      message.error(errorMessage(err));
      return false;
    }
  };

  const open = (index: number, node: CustomNode) => {
    setEditing({ index, node });
    form.setFieldsValue({
      key: node.key,
      name: node.name,
      nameEn: node.nameEn,
      type: node.recurrence.type,
      month: node.recurrence.type === "yearly" ? node.recurrence.month : 1,
      day: node.recurrence.type === "yearly" ? node.recurrence.day : 1,
      date: node.recurrence.type === "once" ? dayjs(node.recurrence.date) : undefined,
    });
  };

  const submit = async () => {
    const v = await form.validateFields();
    const node: CustomNode = {
      key: v.key,
      name: v.name,
      nameEn: v.nameEn,
      recurrence:
        v.type === "yearly"
          ? { type: "yearly", month: v.month, day: v.day }
          : { type: "once", date: (v.date as Dayjs).format("YYYY-MM-DD") },
    };
    const next = [...nodes];
    if (editing && editing.index >= 0) next[editing.index] = node;
    else next.push(node);
    if (await save(next)) setEditing(undefined);
  };

  const required = [{ required: true, message: t("planning.calendar.required") }];
  return (
    <Card
      size="small"
      title={t("planning.calendar.customNodes")}
      extra={
        <Button
          size="small"
          type="link"
          icon={<PlusOutlined />}
          onClick={() =>
            open(-1, {
              key: "",
              name: "",
              nameEn: "",
              recurrence: { type: "yearly", month: 1, day: 1 },
            })
          }
        >
          {t("planning.calendar.addNode")}
        </Button>
      }
      styles={{ body: { padding: "4px 12px 8px" } }}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "4px 0" }}>
        {t("planning.calendar.customNodesHint")}
      </Typography.Paragraph>
      {nodes.length === 0 && !list.loading ? (
        <Typography.Text type="secondary">{t("planning.calendar.noCustomNodes")}</Typography.Text>
      ) : null}
      {nodes.map((n, i) => (
        <div
          key={n.key}
          style={{ display: "flex", alignItems: "center", gap: 6, padding: "3px 0" }}
        >
          <span style={{ width: 8, height: 8, borderRadius: 4, background: kindColors.custom }} />
          <span style={{ flex: 1 }}>
            {nodeName(n)}{" "}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {n.recurrence.type === "yearly"
                ? t("planning.calendar.yearlyOn", {
                    month: n.recurrence.month,
                    day: n.recurrence.day,
                  })
                : n.recurrence.date}
            </Typography.Text>
          </span>
          <Button size="small" type="text" icon={<EditOutlined />} onClick={() => open(i, n)} />
          <Popconfirm
            title={t("planning.calendar.deleteConfirm", { name: nodeName(n) })}
            onConfirm={() => save(nodes.filter((_, j) => j !== i))}
          >
            <Button size="small" type="text" danger icon={<DeleteOutlined />} />
          </Popconfirm>
        </div>
      ))}
      <Modal
        open={editing !== undefined}
        title={
          editing && editing.index >= 0
            ? t("planning.calendar.editNode")
            : t("planning.calendar.addNode")
        }
        onCancel={() => setEditing(undefined)}
        onOk={submit}
        forceRender
      >
        <Form form={form} layout="vertical" size="small">
          <Form.Item
            name="key"
            label={t("planning.calendar.nodeKey")}
            rules={[
              ...required,
              { pattern: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, message: "shop-anniversary" },
            ]}
          >
            <Input placeholder="shop-anniversary" />
          </Form.Item>
          <Space>
            <Form.Item name="name" label={t("planning.calendar.nodeName")} rules={required}>
              <Input placeholder="店庆" />
            </Form.Item>
            <Form.Item name="nameEn" label={t("planning.calendar.nodeNameEn")} rules={required}>
              <Input placeholder="Shop anniversary" />
            </Form.Item>
          </Space>
          <Form.Item name="type" label={t("planning.calendar.recurrence")}>
            <Radio.Group
              options={[
                { value: "yearly", label: t("planning.calendar.yearly") },
                { value: "once", label: t("planning.calendar.once") },
              ]}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.type !== b.type}>
            {({ getFieldValue }) =>
              getFieldValue("type") === "yearly" ? (
                <Space>
                  <Form.Item name="month" label={t("planning.calendar.monthDay")} rules={required}>
                    <InputNumber min={1} max={12} suffix="月" />
                  </Form.Item>
                  <Form.Item name="day" label=" " rules={required}>
                    <InputNumber min={1} max={31} suffix="日" />
                  </Form.Item>
                </Space>
              ) : (
                <Form.Item name="date" label={t("planning.calendar.date")} rules={required}>
                  <DatePicker />
                </Form.Item>
              )
            }
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

export function FeedCard() {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = App.useApp();
  const feed = useApi((signal) => planningApi.feed(shop.code, signal), [shop.code]);
  const url = feed.data ? `${window.location.origin}${feed.data.path}` : "";
  return (
    <Card size="small" title={t("planning.calendar.feed")} styles={{ body: { padding: 12 } }}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 6 }}>
        {t("planning.calendar.feedHint")}
      </Typography.Paragraph>
      <Space.Compact style={{ width: "100%" }}>
        <Input size="small" readOnly value={url} data-testid="feed-url" />
        <Button
          size="small"
          icon={<CopyOutlined />}
          disabled={!url}
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(url);
              message.success(t("planning.calendar.copied"));
            } catch {
              message.info(url);
            }
          }}
        >
          {t("planning.calendar.copy")}
        </Button>
      </Space.Compact>
    </Card>
  );
}
