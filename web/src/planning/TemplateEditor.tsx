/** The shop's schedule template (进度表模板): tasks as offsets from the main day T; PUT to save. */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, InputNumber, Space, Table, Typography } from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { useApi } from "../components/useApi.ts";
import { useSession, useShop } from "../session.tsx";
import {
  type DateAdjustment,
  planningApi,
  type Role,
  type TaskCategory,
  type TemplateTask,
  taskCategories,
} from "./api.ts";
import { optionsOf, SelectCell, TextCell } from "./editable.tsx";

type Row = TemplateTask & { rowId: number };
let nextRow = 1;
const roles: Role[] = ["owner", "operator", "cs", "analyst"];
const adjusts: DateAdjustment[] = ["previousWorkingDay", "nextWorkingDay", "none"];

export function TemplateEditor() {
  const { t } = useTranslation();
  const shop = useShop();
  const { me } = useSession();
  const { message } = App.useApp();
  const loaded = useApi((signal) => planningApi.template(shop.code, signal), [shop.code]);
  const [rows, setRows] = useState<Row[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const canEdit = me?.user.role === "owner" || me?.user.role === "operator";

  const reset = () => setRows((loaded.data?.tasks ?? []).map((x) => ({ ...x, rowId: nextRow++ })));
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset reads the loaded data
  useEffect(reset, [loaded.data]);

  const set = (rowId: number, patch: Partial<TemplateTask>) =>
    setRows((list) => list.map((r) => (r.rowId === rowId ? { ...r, ...patch } : r)));

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      const tasks = rows.map(({ rowId: _, ...task }) => {
        const out: TemplateTask = { ...task };
        if (out.startOffset === undefined || out.startOffset === null) delete out.startOffset;
        return out;
      });
      const r = await planningApi.saveTemplate(shop.code, tasks);
      message.success(t("planning.template.saved", { count: r.tasks.length }));
      loaded.reload();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const offset = (v: number | undefined, change: (v: number | undefined) => void) => (
    <InputNumber
      size="small"
      value={v ?? null}
      min={-365}
      max={365}
      precision={0}
      style={{ width: "100%" }}
      formatter={(x) => {
        const v = String(x ?? "");
        return v && Number(v) > 0 ? `+${v}` : v;
      }}
      parser={(x) => (x ? Number(x.replace("+", "")) : (undefined as unknown as number))}
      onChange={(x) => change(x === null ? undefined : x)}
    />
  );

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 8 }}>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <div style={{ display: "flex", alignItems: "center", gap: 8 }}>
        <Typography.Text type="secondary">{t("planning.template.hint")}</Typography.Text>
        <div style={{ flex: 1 }} />
        <Typography.Text type="secondary">
          {t("planning.template.count", { count: rows.length })}
        </Typography.Text>
        <Button size="small" onClick={reset} disabled={!canEdit}>
          {t("planning.template.reset")}
        </Button>
        <Button
          size="small"
          type="primary"
          loading={saving}
          disabled={!canEdit}
          onClick={save}
          data-testid="template-save"
        >
          {t("planning.template.save")}
        </Button>
      </div>
      {error ? <Alert type="error" showIcon title={errorMessage(error)} /> : null}
      <Table
        size="small"
        rowKey="rowId"
        loading={loaded.loading}
        dataSource={rows}
        pagination={false}
        data-testid="template-table"
        columns={[
          {
            title: t("planning.template.key"),
            dataIndex: "key",
            width: 170,
            render: (v: string, r) => (
              <TextCell
                value={v}
                status={/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v) ? "" : "error"}
                onChange={(key) => set(r.rowId, { key })}
              />
            ),
          },
          {
            title: t("planning.template.titleZh"),
            dataIndex: "title",
            render: (v: string, r) => (
              <TextCell value={v} onChange={(title) => set(r.rowId, { title })} />
            ),
          },
          {
            title: t("planning.template.titleEn"),
            dataIndex: "titleEn",
            render: (v: string, r) => (
              <TextCell value={v} onChange={(titleEn) => set(r.rowId, { titleEn })} />
            ),
          },
          {
            title: t("planning.template.role"),
            dataIndex: "role",
            width: 90,
            render: (v: Role, r) => (
              <SelectCell
                value={v}
                options={optionsOf(roles, (x) => t(`role.${x}`))}
                onChange={(role) => set(r.rowId, { role })}
              />
            ),
          },
          {
            title: t("planning.template.category"),
            dataIndex: "category",
            width: 110,
            render: (v: TaskCategory, r) => (
              <SelectCell
                value={v}
                options={optionsOf(taskCategories, (x) => t(`planning.detail.categories.${x}`))}
                onChange={(category) => set(r.rowId, { category })}
              />
            ),
          },
          {
            title: t("planning.template.startOffset"),
            dataIndex: "startOffset",
            width: 80,
            render: (v: number | undefined, r) =>
              offset(v, (x) =>
                setRows((list) => list.map((y) => (y.rowId === r.rowId ? withStart(y, x) : y))),
              ),
          },
          {
            title: t("planning.template.dueOffset"),
            dataIndex: "dueOffset",
            width: 80,
            render: (v: number, r) => offset(v, (x) => set(r.rowId, { dueOffset: x ?? 0 })),
          },
          {
            title: t("planning.template.adjust"),
            dataIndex: "adjust",
            width: 160,
            render: (v: DateAdjustment, r) => (
              <SelectCell
                value={v}
                options={optionsOf(adjusts, (x) => t(`planning.template.adjusts.${x}`))}
                onChange={(adjust) => set(r.rowId, { adjust })}
              />
            ),
          },
          {
            key: "del",
            width: 40,
            render: (_: unknown, r) => (
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t("planning.template.remove")}
                onClick={() => setRows((list) => list.filter((y) => y.rowId !== r.rowId))}
              />
            ),
          },
        ]}
        footer={() => (
          <Space>
            <Button
              size="small"
              type="dashed"
              icon={<PlusOutlined />}
              disabled={!canEdit}
              onClick={() =>
                setRows((list) => [
                  ...list,
                  {
                    rowId: nextRow++,
                    key: `task-${list.length + 1}`,
                    title: "",
                    titleEn: "",
                    role: "operator",
                    category: "planning",
                    dueOffset: -7,
                    adjust: "previousWorkingDay",
                    source: "shop",
                  },
                ])
              }
            >
              {t("planning.template.add")}
            </Button>
          </Space>
        )}
      />
    </div>
  );
}

function withStart(row: Row, start: number | undefined): Row {
  const { startOffset: _, ...rest } = row;
  return start === undefined ? rest : { ...rest, startOffset: start };
}
