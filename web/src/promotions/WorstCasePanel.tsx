/**
 * The floor guard's table: every SKU's lowest reachable net per unit under the campaign's
 * promotions stacked, against its floor; below-floor rows in red first, the cart that reaches
 * it one click away (and into the try-a-cart panel).
 */
import { Alert, Button, Card, Descriptions, Modal, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import type { Loaded } from "../components/useApi.ts";
import { formatDateTime, formatFen } from "../format.ts";
import { useShop } from "../session.tsx";
import type { Promotion, WorstCaseReport, WorstCaseSku } from "./api.ts";

export function WorstCasePanel({
  report,
  promotions,
  onTry,
}: {
  report: Loaded<WorstCaseReport>;
  promotions: Promotion[];
  onTry: (lines: { sku: string; qty: number }[], at: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const [open, setOpen] = useState<WorstCaseSku | undefined>(undefined);
  const names = new Map(promotions.map((p) => [p.engineId, p.name]));
  const r = report.data?.result;
  const rows = r
    ? [...r.skus].sort(
        (a, b) => Number(b.belowFloor) - Number(a.belowFloor) || a.sku.localeCompare(b.sku),
      )
    : [];
  const atOf = (s: WorstCaseSku) =>
    s.cart.now.startsWith("2000-") ? undefined : formatDateTime(s.cart.now, shop.timeZone);

  return (
    <Card
      size="small"
      title={t("promotions.guard.title")}
      data-testid="worst-case"
      extra={
        <Button size="small" onClick={report.reload} loading={report.loading}>
          {t("promotions.guard.run")}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t("promotions.guard.hint")}
      </Typography.Paragraph>
      <ErrorAlert error={report.error} onRetry={report.reload} />
      {r ? (
        <Alert
          type={r.violations.length > 0 ? "error" : "success"}
          showIcon
          style={{ marginBottom: 8 }}
          data-testid="worst-case-summary"
          title={
            r.violations.length > 0
              ? t("promotions.guard.violations", { count: r.violations.length })
              : t("promotions.guard.allOk")
          }
          description={t("promotions.guard.priced", { count: r.cartsPriced })}
        />
      ) : null}
      <Table<WorstCaseSku>
        size="small"
        rowKey="sku"
        loading={report.loading}
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(s) => ({
          "data-testid": `worst-${s.sku}`,
          style: s.belowFloor ? { background: "#fff1f0" } : {},
        })}
        columns={[
          { title: t("promotions.guard.sku"), dataIndex: "sku" },
          {
            title: t("promotions.guard.list"),
            dataIndex: "listPriceFen",
            align: "right",
            render: (v: number) => formatFen(v),
          },
          {
            title: t("promotions.guard.cost"),
            dataIndex: "costFen",
            align: "right",
            render: (v: number) => formatFen(v),
          },
          {
            title: t("promotions.guard.floor"),
            dataIndex: "floorFen",
            align: "right",
            render: (v: number) => formatFen(v),
          },
          {
            title: t("promotions.guard.worst"),
            key: "worst",
            align: "right",
            render: (_: unknown, s) => (
              <span
                style={s.belowFloor ? { color: "#cf1322", fontWeight: 600 } : {}}
                data-testid={`worst-net-${s.sku}`}
              >
                {formatFen(s.worstNetPerUnit.fen)}
              </span>
            ),
          },
          {
            title: t("promotions.guard.verdict"),
            key: "verdict",
            render: (_: unknown, s) =>
              s.belowFloor ? (
                <Tag color="red">{t("promotions.guard.below")}</Tag>
              ) : (
                <Tag color="green">{t("promotions.guard.ok")}</Tag>
              ),
          },
          {
            title: t("promotions.guard.cart"),
            key: "cart",
            render: (_: unknown, s) => (
              <Space size={0}>
                <Button
                  size="small"
                  type="link"
                  onClick={() => setOpen(s)}
                  data-testid={`worst-cart-${s.sku}`}
                >
                  {t("promotions.guard.showCart")}
                </Button>
                <Button
                  size="small"
                  type="link"
                  onClick={() =>
                    onTry(
                      s.cart.lines.map((l) => ({ sku: l.sku, qty: l.qty })),
                      atOf(s),
                    )
                  }
                  data-testid={`worst-try-${s.sku}`}
                >
                  {t("promotions.guard.tryCart")}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={open !== undefined}
        onCancel={() => setOpen(undefined)}
        title={open ? t("promotions.guard.cartTitle", { sku: open.sku }) : ""}
        footer={
          open ? (
            <Button
              type="primary"
              onClick={() => {
                onTry(
                  open.cart.lines.map((l) => ({ sku: l.sku, qty: l.qty })),
                  atOf(open),
                );
                setOpen(undefined);
              }}
            >
              {t("promotions.guard.tryCart")}
            </Button>
          ) : null
        }
      >
        {open ? (
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: "lines",
                label: t("promotions.cart.sku"),
                children: open.cart.lines.map((l) => `${l.sku} × ${l.qty}`).join("，"),
              },
              {
                key: "at",
                label: t("promotions.cart.at"),
                children: atOf(open) ?? "—",
              },
              {
                key: "applied",
                label: t("promotions.guard.applied"),
                children: open.cart.applied.map((id) => names.get(id) ?? id).join("，") || "—",
              },
              {
                key: "coupons",
                label: t("promotions.guard.coupons"),
                children: open.cart.coupons.map((id) => names.get(id) ?? id).join("，") || "—",
              },
              {
                key: "net",
                label: t("promotions.guard.worst"),
                children: formatFen(open.worstNetPerUnit.fen),
              },
              {
                key: "cartNet",
                label: t("promotions.guard.cartNet"),
                children: (
                  <span data-testid="worst-cart-net">{formatFen(open.cart.netPerUnit.fen)}</span>
                ),
              },
              {
                key: "exact",
                label: t("promotions.guard.exactLabel"),
                children: (
                  <span data-testid="worst-cart-exact">
                    {t(open.exact ? "promotions.guard.exactYes" : "promotions.guard.exactNo")}
                  </span>
                ),
              },
            ]}
          />
        ) : null}
      </Modal>
    </Card>
  );
}
