/**
 * A campaign's promotions: the offers with their rule in the merchant's words, the editor,
 * withdraw and delete; publishing behind the floor guard (owner override with a reason), the
 * try-a-cart panel, the worst-case table, coupons handed out and the replay on past orders.
 */
import { PlusOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Input, Modal, Popconfirm, Space, Table, Tag } from "antd";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, errorMessage } from "../api.ts";
import { ErrorAlert } from "../components/ErrorAlert.tsx";
import { useApi } from "../components/useApi.ts";
import { formatDateTime, formatFen } from "../format.ts";
import { currentLanguage } from "../i18n/index.ts";
import type { Campaign } from "../planning/api.ts";
import { useSession, useShop } from "../session.tsx";
import {
  type Advice,
  type FractionJson,
  type Promotion,
  type PromotionStatus,
  promotionsApi,
} from "./api.ts";
import { type CartLineDraft, CartPanel, cartLine } from "./CartPanel.tsx";
import { CouponsPanel } from "./CouponsPanel.tsx";
import { bpToZhe, isFormKind } from "./model.ts";
import { PromotionEditor } from "./PromotionEditor.tsx";
import { ReplayPanel } from "./ReplayPanel.tsx";
import { WorstCasePanel } from "./WorstCasePanel.tsx";

interface Violation {
  sku: string;
  floorFen: number;
  worstNetPerUnit: FractionJson;
}

export const promotionStatusColors: Record<PromotionStatus, string> = {
  draft: "default",
  scheduled: "blue",
  live: "green",
  ended: "default",
};

const n = (x: unknown): number => (typeof x === "number" ? x : 0);

/** A tier's rule with what else it gives (`满300减30包邮`, `满500减60送赠品`). */
function tierExtras(x: Record<string, unknown>, rule: string, t: TFunction): string {
  let out = rule;
  if (x.freeShipping === true) out += t("promotions.rule.plusFreeShipping");
  if (Array.isArray(x.gifts) && x.gifts.length > 0) out += t("promotions.rule.plusGifts");
  return out;
}

/** A promotion's rule in the merchant's words (`满300减30，满500减60`). */
export function ruleText(p: Pick<Promotion, "kind" | "definition">, t: TFunction): string {
  const d = p.definition;
  const tiers = (d.tiers as Record<string, unknown>[] | undefined) ?? [];
  switch (p.kind) {
    case "manJian":
      return tiers
        .map((x) =>
          tierExtras(
            x,
            t("promotions.rule.tier", {
              threshold: formatFen(n(x.thresholdFen)),
              discount: formatFen(n(x.discountFen)),
            }),
            t,
          ),
        )
        .join(currentLanguage() === "en" ? "; " : "，");
    case "manZhe":
      return tiers
        .map((x) =>
          tierExtras(
            x,
            t("promotions.rule.tierRate", {
              threshold: formatFen(n(x.thresholdFen)),
              rate: bpToZhe(n(x.rateBp)),
            }),
            t,
          ),
        )
        .join(currentLanguage() === "en" ? "; " : "，");
    case "meiManJian":
      return (
        t("promotions.rule.every", {
          step: formatFen(n(d.stepFen)),
          discount: formatFen(n(d.discountFen)),
        }) +
        (d.capFen !== undefined ? t("promotions.rule.cap", { cap: formatFen(n(d.capFen)) }) : "")
      );
    case "timeDiscount":
      return typeof d.rateBp === "number"
        ? t("promotions.rule.rate", { rate: bpToZhe(d.rateBp) })
        : t("promotions.rule.prices", { count: Object.keys(d.prices ?? {}).length });
    case "salePrice":
    case "flashSale":
      return Object.entries((d.prices as Record<string, number> | undefined) ?? {})
        .map(([sku, fen]) => `${sku} ${formatFen(fen)}`)
        .join(", ");
    case "shopCoupon":
    case "itemCoupon":
    case "platformCoupon":
      if (typeof d.amountFen !== "number") return t("promotions.rule.json");
      return n(d.thresholdFen) > 0
        ? t("promotions.rule.coupon", {
            threshold: formatFen(n(d.thresholdFen)),
            amount: formatFen(d.amountFen),
          })
        : t("promotions.rule.couponNoThreshold", { amount: formatFen(d.amountFen) });
    case "manSong":
      return t("promotions.rule.gift", {
        threshold: formatFen(n(d.thresholdFen)),
        count: ((d.gifts as unknown[] | undefined) ?? []).length,
      });
    case "bundle":
      return t("promotions.rule.bundle", {
        count: ((d.skus as unknown[] | undefined) ?? []).length,
        price: formatFen(n(d.priceFen)),
      });
    case "buyNGetM":
      return t("promotions.rule.buyNGetM", { buy: n(d.buyQty), free: n(d.freeQty) });
    case "nForX":
      return t("promotions.rule.nForX", { qty: n(d.qty), price: formatFen(n(d.priceFen)) });
    case "nAtRate":
      return t("promotions.rule.nAtRate", { qty: n(d.qty), rate: bpToZhe(n(d.rateBp)) });
    case "secondItem":
      return t("promotions.rule.secondItem", {
        rate: bpToZhe(typeof d.rateBp === "number" ? d.rateBp : 5000),
      });
    case "memberPrice":
      return t("promotions.rule.memberPrice", {
        count: Object.keys((d.prices as Record<string, number> | undefined) ?? {}).length,
      });
    case "jiaJiaGou":
      return t("promotions.rule.jiaJiaGou", {
        threshold: formatFen(n(d.thresholdFen)),
        price: formatFen(n(d.priceFen)),
        sku: String(d.redeemSku ?? ""),
      });
    case "freeShipping":
      return t("promotions.rule.freeShipping", { threshold: formatFen(n(d.thresholdFen)) });
    case "deposit":
      return t("promotions.rule.deposit", {
        deposit: formatFen(n(d.depositFen)),
        credit: formatFen(n(d.creditFen)),
      });
    default:
      return isFormKind(p.kind) ? "" : t("promotions.rule.json");
  }
}

/**
 * The server's advice in the UI's language; the mechanics warning names the mechanics in the
 * merchant's words (满减, 店铺优惠券…) instead of the engine's kind codes.
 */
export function adviceText(a: Advice, t: TFunction): string {
  if (a.code === "too_many_mechanics" && a.mechanics && a.mechanics.length > 0)
    return t("promotions.advice.tooManyMechanics", {
      count: a.mechanics.length,
      mechanics: a.mechanics
        .map((k) => t(`promotions.kinds.${k}`, { defaultValue: k }))
        .join(currentLanguage() === "en" ? ", " : "、"),
    });
  return currentLanguage() === "en" ? a.en : a.zh;
}

export function PromotionsTab({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = App.useApp();
  const [version, setVersion] = useState(0);
  const list = useApi(
    (signal) => promotionsApi.list(shop.code, campaign.id, signal),
    [shop.code, campaign.id, version],
  );
  const [editing, setEditing] = useState<Promotion | undefined>(undefined);
  const [editorOpen, setEditorOpen] = useState(false);
  const changed = () => setVersion((v) => v + 1);
  const [cartSeed, setCartSeed] = useState<
    { lines: CartLineDraft[]; at?: string | undefined; n: number } | undefined
  >(undefined);
  const worst = useApi(
    (signal) => promotionsApi.worstCase(shop.code, campaign.id, signal),
    [shop.code, campaign.id, version],
  );
  const isOwner = useSession().me?.user.role === "owner";
  const [publishing, setPublishing] = useState(false);
  const [blocked, setBlocked] = useState<{ zh: string; en: string; violations: Violation[] }>();
  const [overrideOpen, setOverrideOpen] = useState(false);
  const [reason, setReason] = useState("");
  const promotions = list.data?.promotions ?? [];

  const drafts = promotions.filter((p) => !p.published);

  /** Publishes every draft in turn; the floor guard runs on each (an owner may override). */
  const publishAll = async (override?: { reason: string }) => {
    setPublishing(true);
    let done = 0;
    try {
      for (const p of drafts) {
        await promotionsApi.publish(
          shop.code,
          p.id,
          override ? { override: true, reason: override.reason } : {},
        );
        done++;
      }
      setBlocked(undefined);
      setOverrideOpen(false);
      setReason("");
      message.success(t("promotions.publish.done", { count: done }));
    } catch (err) {
      if (err instanceof ApiError && err.code === "below_floor") {
        const d = err.details as { violations?: Violation[] } | undefined;
        setBlocked({ zh: err.messageZh, en: err.messageEn, violations: d?.violations ?? [] });
      } else message.error(errorMessage(err));
    } finally {
      setPublishing(false);
      if (done > 0) changed();
    }
  };

  const act = async (f: () => Promise<unknown>, done: string) => {
    try {
      await f();
      message.success(done);
      changed();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 12 }}>
      <Card
        size="small"
        title={t("promotions.list.title")}
        extra={
          <Space>
            <Popconfirm
              title={t("promotions.publish.confirm", { count: drafts.length })}
              onConfirm={() => publishAll()}
              disabled={drafts.length === 0}
            >
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={publishing}
                disabled={drafts.length === 0}
                title={drafts.length === 0 ? t("promotions.publish.nothing") : undefined}
                data-testid="promotions-publish"
              >
                {t("promotions.publish.button")}
              </Button>
            </Popconfirm>
            <Button
              icon={<PlusOutlined />}
              onClick={() => {
                setEditing(undefined);
                setEditorOpen(true);
              }}
              data-testid="promotion-add"
            >
              {t("promotions.list.add")}
            </Button>
          </Space>
        }
      >
        <ErrorAlert error={list.error} onRetry={list.reload} />
        {blocked ? (
          <Alert
            type="error"
            showIcon
            closable={{ onClose: () => setBlocked(undefined) }}
            style={{ marginBottom: 8 }}
            data-testid="publish-blocked"
            title={t("promotions.publish.blocked")}
            description={
              <>
                <div>{currentLanguage() === "en" ? blocked.en : blocked.zh}</div>
                <ul style={{ margin: "4px 0", paddingLeft: 18 }}>
                  {blocked.violations.map((v) => (
                    <li key={v.sku} data-testid={`blocked-${v.sku}`}>
                      {t("promotions.publish.blockedSku", {
                        sku: v.sku,
                        worst: formatFen(v.worstNetPerUnit.fen),
                        floor: formatFen(v.floorFen),
                      })}
                    </li>
                  ))}
                </ul>
              </>
            }
            action={
              isOwner ? (
                <Button
                  danger
                  size="small"
                  onClick={() => setOverrideOpen(true)}
                  data-testid="publish-override"
                >
                  {t("promotions.publish.override")}
                </Button>
              ) : (
                <Tag>{t("promotions.publish.ownerOnly")}</Tag>
              )
            }
          />
        ) : null}
        {(list.data?.advice ?? []).map((a) => (
          <Alert
            key={a.code}
            type="warning"
            showIcon
            data-testid={`promotions-advice-${a.code}`}
            style={{ marginBottom: 8 }}
            title={adviceText(a, t)}
          />
        ))}
        <Table<Promotion>
          size="small"
          rowKey="id"
          loading={list.loading}
          dataSource={promotions}
          pagination={false}
          data-testid="promotion-table"
          locale={{ emptyText: t("promotions.list.empty") }}
          columns={[
            { title: t("promotions.list.name"), dataIndex: "name" },
            {
              title: t("promotions.list.kind"),
              dataIndex: "kind",
              render: (k: string) => <Tag>{t(`promotions.kinds.${k}`, { defaultValue: k })}</Tag>,
            },
            {
              title: t("promotions.list.rule"),
              key: "rule",
              render: (_: unknown, p) => (
                <span data-testid={`promotion-rule-${p.id}`}>{ruleText(p, t)}</span>
              ),
            },
            {
              title: t("promotions.list.window"),
              key: "window",
              render: (_: unknown, p) =>
                `${formatDateTime(p.start, shop.timeZone)} → ${formatDateTime(p.end, shop.timeZone)}`,
            },
            {
              title: t("promotions.list.status"),
              dataIndex: "status",
              render: (s: PromotionStatus, p) => (
                <Tag color={promotionStatusColors[s]} data-testid={`promotion-status-${p.id}`}>
                  {t(`promotions.status.${s}`)}
                </Tag>
              ),
            },
            {
              title: t("promotions.list.actions"),
              key: "actions",
              render: (_: unknown, p) =>
                p.published ? (
                  <Button
                    size="small"
                    type="link"
                    onClick={() =>
                      act(
                        () => promotionsApi.unpublish(shop.code, p.id),
                        t("promotions.list.unpublished"),
                      )
                    }
                  >
                    {t("promotions.list.unpublish")}
                  </Button>
                ) : (
                  <Space size={0}>
                    <Button
                      size="small"
                      type="link"
                      data-testid={`promotion-edit-${p.id}`}
                      onClick={() => {
                        setEditing(p);
                        setEditorOpen(true);
                      }}
                    >
                      {t("promotions.list.edit")}
                    </Button>
                    <Popconfirm
                      title={t("promotions.list.deleteConfirm", { name: p.name })}
                      onConfirm={() =>
                        act(
                          () => promotionsApi.remove(shop.code, p.id),
                          t("promotions.list.deleted"),
                        )
                      }
                    >
                      <Button size="small" type="link" danger>
                        {t("promotions.list.delete")}
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <CartPanel campaign={campaign} promotions={promotions} seed={cartSeed} version={version} />
      <WorstCasePanel
        report={worst}
        promotions={promotions}
        onTry={(lines, at) =>
          setCartSeed((s) => ({
            lines: lines.map((l) => cartLine(l.sku, l.qty)),
            at,
            n: (s?.n ?? 0) + 1,
          }))
        }
      />
      <CouponsPanel coupons={promotions.filter((p) => p.isCoupon)} onChanged={list.reload} />
      <ReplayPanel campaign={campaign} />
      <Modal
        open={overrideOpen}
        title={t("promotions.publish.overrideTitle")}
        onCancel={() => setOverrideOpen(false)}
        okText={t("promotions.publish.override")}
        okButtonProps={{
          danger: true,
          disabled: reason.trim().length < 4,
          loading: publishing,
          "data-testid": "override-confirm",
        }}
        onOk={() => publishAll({ reason: reason.trim() })}
      >
        <Alert
          type="warning"
          showIcon
          title={t("promotions.publish.overrideHint")}
          style={{ marginBottom: 8 }}
        />
        <Input.TextArea
          rows={3}
          value={reason}
          maxLength={1000}
          placeholder={t("promotions.publish.reason")}
          onChange={(e) => setReason(e.target.value)}
          data-testid="override-reason"
        />
        {reason.trim().length > 0 && reason.trim().length < 4 ? (
          <div style={{ color: "#cf1322" }}>{t("promotions.publish.reasonRequired")}</div>
        ) : null}
      </Modal>
      <PromotionEditor
        open={editorOpen}
        campaign={campaign}
        promotion={editing}
        onClose={() => setEditorOpen(false)}
        onSaved={() => {
          setEditorOpen(false);
          changed();
        }}
      />
    </div>
  );
}
