/**
 * "Try a cart": SKUs and quantities priced with every promotion of the campaign (drafts too)
 * and its coupons: 到手价 per line and in total, how it was priced, and 凑单 hints.
 */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  InputNumber,
  List,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { formatFen } from "../format.ts";
import { currentLanguage } from "../i18n/index.ts";
import type { Campaign } from "../planning/api.ts";
import { useShop } from "../session.tsx";
import { type PricedLine, type Promotion, promotionsApi, type QuoteResult } from "./api.ts";
import { zonedToIso } from "./model.ts";
import { SkuSelect } from "./SkuSelect.tsx";

export interface CartLineDraft {
  key: number;
  sku?: string | undefined;
  qty: number;
}

let nextKey = 1;
export const cartLine = (sku?: string, qty = 1): CartLineDraft => ({ key: nextKey++, sku, qty });

const wall = "YYYY-MM-DD HH:mm";

export function CartPanel({
  campaign,
  promotions,
  seed,
  version,
}: {
  campaign: Campaign;
  promotions: Promotion[];
  /** A cart to load (e.g. a worst-case cart), priced at once. */
  seed: { lines: CartLineDraft[]; at?: string | undefined; n: number } | undefined;
  /** Changes when the campaign's promotions change: the shown result is re-priced. */
  version: number;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const [lines, setLines] = useState<CartLineDraft[]>([cartLine()]);
  const [at, setAt] = useState(`${campaign.phases.peakDate} 12:00`);
  const [result, setResult] = useState<QuoteResult | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(false);
  const names = new Map(promotions.map((p) => [p.engineId, p.name]));
  const zh = currentLanguage() !== "en";

  const run = async (cart: CartLineDraft[] = lines, when: string = at) => {
    const picked = cart.filter((l) => l.sku && l.qty > 0);
    if (picked.length === 0) {
      setResult(undefined);
      return;
    }
    setLoading(true);
    try {
      const r = await promotionsApi.quote(shop.code, {
        campaignId: campaign.id,
        at: zonedToIso(when, shop.timeZone),
        lines: picked.map((l) => ({ sku: l.sku!, qty: l.qty })),
      });
      setResult(r);
      setError(undefined);
    } catch (err) {
      setError(err);
      setResult(undefined);
    } finally {
      setLoading(false);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new seed replaces the cart
  useEffect(() => {
    if (!seed) return;
    setLines(seed.lines);
    const when = seed.at ?? at;
    setAt(when);
    void run(seed.lines, when);
  }, [seed?.n]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: re-price only when offers change
  useEffect(() => {
    if (result) void run();
  }, [version]);

  // Offers whose threshold the cart misses are 凑单 hints too: what to add to reach them.
  const shortOf = (result?.notApplied ?? []).filter((n) => n.reason === "threshold_not_met");
  const otherNotApplied = (result?.notApplied ?? []).filter(
    (n) => n.reason !== "threshold_not_met",
  );

  const setLine = (key: number, patch: Partial<CartLineDraft>) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)));

  return (
    <Card
      size="small"
      title={t("promotions.cart.title")}
      data-testid="cart-panel"
      extra={<Typography.Text type="secondary">{t("promotions.cart.hint")}</Typography.Text>}
    >
      <div style={{ display: "flex", gap: 16, alignItems: "flex-start", flexWrap: "wrap" }}>
        <Space orientation="vertical" style={{ minWidth: 420 }}>
          <Space>
            <Typography.Text>{t("promotions.cart.at")}</Typography.Text>
            <DatePicker
              showTime={{ format: "HH:mm" }}
              format={wall}
              allowClear={false}
              value={dayjs(at, wall)}
              onChange={(d) => d && setAt(d.format(wall))}
              data-testid="cart-at"
            />
          </Space>
          {lines.map((l, i) => (
            <Space key={l.key} data-testid={`cart-line-${i}`}>
              <SkuSelect
                value={l.sku}
                onChange={(v) => setLine(l.key, { sku: typeof v === "string" ? v : undefined })}
                testId={`cart-sku-${i}`}
                style={{ width: 320 }}
              />
              <InputNumber
                min={1}
                max={10_000}
                precision={0}
                value={l.qty}
                onChange={(v) => setLine(l.key, { qty: v ?? 1 })}
                data-testid={`cart-qty-${i}`}
                aria-label={t("promotions.cart.qty")}
                style={{ width: 80 }}
              />
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t("promotions.cart.remove")}
                disabled={lines.length === 1}
                onClick={() => setLines((ls) => ls.filter((x) => x.key !== l.key))}
              />
            </Space>
          ))}
          <Space>
            <Button
              icon={<PlusOutlined />}
              onClick={() => setLines((ls) => [...ls, cartLine()])}
              data-testid="cart-add-line"
            >
              {t("promotions.cart.addLine")}
            </Button>
            <Button type="primary" loading={loading} onClick={() => run()} data-testid="cart-run">
              {t("promotions.cart.run")}
            </Button>
          </Space>
        </Space>

        <div style={{ flex: 1, minWidth: 480 }}>
          <ErrorAlert error={error} />
          {!result ? (
            <Typography.Text type="secondary">{t("promotions.cart.empty")}</Typography.Text>
          ) : (
            <div data-testid="cart-result">
              {result.status === "refused" ? (
                <Alert type="error" showIcon title={t("promotions.cart.refused")} />
              ) : null}
              <Table<PricedLine>
                size="small"
                rowKey="index"
                pagination={false}
                dataSource={result.lines}
                columns={[
                  { title: t("promotions.cart.sku"), dataIndex: "sku" },
                  { title: t("promotions.cart.qty"), dataIndex: "qty", align: "right" },
                  {
                    title: t("promotions.cart.unitList"),
                    dataIndex: "listPriceFen",
                    align: "right",
                    render: (v: number) => formatFen(v),
                  },
                  {
                    title: t("promotions.cart.discount"),
                    key: "discount",
                    align: "right",
                    render: (_: unknown, l) => formatFen(l.listAmountFen - l.payableFen),
                  },
                  {
                    title: t("promotions.cart.payable"),
                    dataIndex: "payableFen",
                    align: "right",
                    render: (v: number, l) => (
                      <strong data-testid={`cart-payable-${l.index}`}>{formatFen(v)}</strong>
                    ),
                  },
                  {
                    title: t("promotions.cart.unitNet"),
                    key: "unit",
                    align: "right",
                    render: (_: unknown, l) => formatFen(Math.round(l.payableFen / l.qty)),
                  },
                ]}
              />
              <Descriptions
                size="small"
                column={2}
                style={{ marginTop: 8 }}
                items={[
                  {
                    key: "total",
                    label: t("promotions.cart.total"),
                    children: (
                      <span
                        data-testid="cart-total"
                        style={{ fontSize: 20, fontWeight: 600, color: "#cf1322" }}
                      >
                        {formatFen(result.totals.totalFen)}
                      </span>
                    ),
                  },
                  {
                    key: "discount",
                    label: t("promotions.cart.totalDiscount"),
                    children: (
                      <span data-testid="cart-discount">
                        {formatFen(result.totals.discountFen)}
                      </span>
                    ),
                  },
                ]}
              />
              <Typography.Title level={5} style={{ marginTop: 8 }}>
                {t("promotions.cart.steps")}
              </Typography.Title>
              <List
                size="small"
                data-testid="cart-steps"
                dataSource={result.applied}
                locale={{ emptyText: "—" }}
                renderItem={(a, i) => (
                  <List.Item>
                    {i + 1}.{" "}
                    {t("promotions.cart.step", {
                      name: names.get(a.promoId) ?? a.promoId,
                      kind: t(`promotions.kinds.${a.kind}`, { defaultValue: a.kind }),
                      amount: formatFen(a.discountFen),
                    })}
                  </List.Item>
                )}
              />
              {result.gifts.length > 0 ? (
                <div style={{ marginTop: 8 }}>
                  {t("promotions.cart.gifts")}:{" "}
                  {result.gifts.map((g) => (
                    <Tag key={`${g.promoId}-${g.sku}`} color="gold">
                      {t("promotions.cart.giftLine", { sku: g.sku, qty: g.qty })}
                    </Tag>
                  ))}
                </div>
              ) : null}
              {result.hints.length > 0 || shortOf.length > 0 ? (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginTop: 8 }}
                  data-testid="cart-hints"
                  title={t("promotions.cart.hints")}
                  description={
                    <ul style={{ margin: 0, paddingLeft: 18 }}>
                      {shortOf.map((n) => (
                        <li key={`${n.promoId}-short`}>
                          {names.get(n.promoId) ?? n.promoId}
                          {zh ? "：" : ": "}
                          {zh ? n.message.zh : n.message.en}
                        </li>
                      ))}
                      {result.hints.map((h) => (
                        <li key={`${h.promoId}-${h.nextThresholdFen}`}>
                          {names.get(h.promoId) ?? h.promoId}
                          {zh ? "：" : ": "}
                          {zh ? h.zh : h.en}
                        </li>
                      ))}
                    </ul>
                  }
                />
              ) : null}
              {otherNotApplied.length > 0 ? (
                <div style={{ marginTop: 8 }} data-testid="cart-not-applied">
                  <Typography.Text type="secondary">
                    {t("promotions.cart.notApplied")}：
                  </Typography.Text>
                  <ul style={{ margin: 0, paddingLeft: 18 }}>
                    {otherNotApplied.map((n) => (
                      <li key={`${n.promoId}-${n.reason}`}>
                        <Typography.Text type="secondary">
                          {names.get(n.promoId) ?? n.promoId}：{zh ? n.message.zh : n.message.en}
                        </Typography.Text>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </div>
          )}
        </div>
      </div>
    </Card>
  );
}
