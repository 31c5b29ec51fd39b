/**
 * The promotion editor in the merchant's words: a form per mechanic (满减 tiers table, coupon
 * form, sale prices per SKU, gifts, bundle picker, 买N送M, 定金膨胀…) in 元 and 折, saved as fen and basis points. Kinds without
 * a form of their own are edited as the API's JSON. Server errors land on the field they name,
 * in both languages.
 */
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, errorMessage } from "../api.ts";
import { addDays, formatDateTime, formatFen, parseYuanToFen } from "../format.ts";
import type { Campaign } from "../planning/api.ts";
import { useShop } from "../session.tsx";
import { type Promotion, promotionsApi } from "./api.ts";
import {
  allKinds,
  couponKinds,
  couponSettingsOf,
  type FormValues,
  formFieldOf,
  fromDefinition,
  isFormKind,
  isYuan,
  isZhe,
  type Kind,
  toDefinition,
} from "./model.ts";
import { SkuSelect, seenListPriceFen } from "./SkuSelect.tsx";

type EditorValues = Omit<FormValues, "start" | "end"> & {
  start?: Dayjs | null;
  end?: Dayjs | null;
};

const wall = "YYYY-MM-DD HH:mm";

/** Holds a form value nothing shows (the stored fields a form keeps as they were). */
const Kept = (_: { value?: unknown }) => null;

function initialValues(
  campaign: Campaign,
  promotion: Promotion | undefined,
  timeZone: string,
): EditorValues {
  if (promotion) {
    return {
      ...fromDefinition(promotion.kind, promotion.definition),
      name: promotion.name,
      start: promotion.start ? dayjs(formatDateTime(promotion.start, timeZone), wall) : null,
      end: promotion.end ? dayjs(formatDateTime(promotion.end, timeZone), wall) : null,
    };
  }
  return {
    kind: "manJian",
    name: "",
    start: dayjs(`${campaign.phases.warmupStart} 00:00`, wall),
    end: dayjs(`${addDays(campaign.phases.thanksEnd, 1)} 00:00`, wall),
    tiers: [{}],
    prices: [{}],
    gifts: [{ qty: 1 }],
    coupon: {},
  };
}

/** 原价合计 of one set and what the set price saves, once every SKU's list price is known. */
function BundleSaving({ skus, price }: { skus: string[] | undefined; price: string | undefined }) {
  const { t } = useTranslation();
  const list = [...new Set(skus ?? [])].map(seenListPriceFen);
  if (list.length < 2 || list.some((x) => x === undefined)) return null;
  const listFen = list.reduce<number>((a, x) => a + (x ?? 0), 0);
  const setFen = parseYuanToFen(price ?? "");
  return (
    <Typography.Text type="secondary" style={{ display: "block", marginBottom: 24 }}>
      <span data-testid="bundle-list-total">
        {t("promotions.editor.bundleListTotal", { amount: formatFen(listFen) })}
      </span>
      {setFen !== null && setFen < listFen ? (
        <span data-testid="bundle-saving">
          {t("promotions.editor.bundleSaving", { amount: formatFen(listFen - setFen) })}
        </span>
      ) : null}
    </Typography.Text>
  );
}

export function PromotionEditor({
  open,
  campaign,
  promotion,
  onClose,
  onSaved,
}: {
  open: boolean;
  campaign: Campaign;
  promotion: Promotion | undefined;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const shop = useShop();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditorValues>();
  const kind = (Form.useWatch("kind", form) ?? "manJian") as Kind;
  const bundleSkus = Form.useWatch("bundleSkus", form) as string[] | undefined;
  const bundlePrice = Form.useWatch("price", form) as string | undefined;
  const [saving, setSaving] = useState(false);
  const [serverError, setServerError] = useState<ApiError | undefined>(undefined);

  // Filled once each time the editor opens (or switches to another promotion): a campaign or
  // promotion list reloaded in the background must not wipe what the user is typing.
  const latest = useRef({ campaign, promotion, timeZone: shop.timeZone });
  latest.current = { campaign, promotion, timeZone: shop.timeZone };
  const promotionId = promotion?.id;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-filled when another promotion opens
  useEffect(() => {
    if (!open) return;
    const v = latest.current;
    setServerError(undefined);
    form.resetFields();
    form.setFieldsValue(initialValues(v.campaign, v.promotion, v.timeZone));
  }, [open, promotionId, form]);

  const required = { required: true, message: t("promotions.editor.required") };
  const yuanRule = (optional = false) => ({
    validator: async (_: unknown, v: string | undefined) => {
      if ((v === undefined || v.trim() === "") && optional) return;
      if (!isYuan(v)) throw new Error(t("promotions.editor.yuanInvalid"));
    },
  });
  const zheRule = {
    validator: async (_: unknown, v: string | undefined) => {
      if (!isZhe(v)) throw new Error(t("promotions.editor.zheInvalid"));
    },
  };
  const positive = { type: "integer" as const, min: 1, message: t("promotions.editor.required") };
  /** A required amount in 元 (or a rate in 折) with its unit after the input. */
  const yuanField = (name: string, label: string, testId: string) => (
    <Form.Item name={name} label={t(label)} rules={[required, yuanRule()]}>
      <Input suffix={t("promotions.editor.yuan")} style={{ width: 150 }} data-testid={testId} />
    </Form.Item>
  );
  /** An amount in 元 that may stay empty (no threshold). */
  const optionalYuanField = (name: string, label: string, testId: string) => (
    <Form.Item name={name} label={t(label)} rules={[yuanRule(true)]}>
      <Input suffix={t("promotions.editor.yuan")} style={{ width: 200 }} data-testid={testId} />
    </Form.Item>
  );
  /** A required whole number of pieces (≥ 1), optionally with a word before it (买 / 送). */
  const piecesField = (name: string, label: string, testId: string, prefix?: string) => (
    <Form.Item name={name} label={t(label)} rules={[required, positive]}>
      <InputNumber
        min={1}
        precision={0}
        {...(prefix ? { prefix: t(prefix) } : {})}
        suffix={t("promotions.editor.pieces")}
        style={{ width: 150 }}
        data-testid={testId}
      />
    </Form.Item>
  );
  const zheField = (name: string, label: string, testId: string) => (
    <Form.Item name={name} label={t(label)} rules={[required, zheRule]}>
      <Input suffix={t("promotions.editor.zhe")} style={{ width: 150 }} data-testid={testId} />
    </Form.Item>
  );

  const save = async () => {
    let v: EditorValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setServerError(undefined);
    const values: FormValues = {
      ...v,
      start: v.start ? v.start.format(wall) : undefined,
      end: v.end ? v.end.format(wall) : undefined,
    };
    let definition: Record<string, unknown>;
    try {
      definition = toDefinition(values);
    } catch {
      form.setFields([{ name: "json", errors: [t("promotions.editor.jsonInvalid")] }]);
      return;
    }
    const coupon = couponSettingsOf(values);
    const body = {
      name: values.name.trim(),
      start: values.start ?? null,
      end: values.end ?? null,
      definition,
      ...(coupon ? { coupon } : {}),
    };
    setSaving(true);
    try {
      if (promotion) await promotionsApi.patch(shop.code, promotion.id, body);
      else await promotionsApi.create(shop.code, { ...body, campaignId: campaign.id });
      message.success(t("promotions.editor.saved"));
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) {
        setServerError(err);
        const name = formFieldOf(err.field, values.kind);
        if (name)
          form.setFields([
            { name: name as never, errors: [`${err.messageZh} / ${err.messageEn}`] },
          ]);
      } else message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const tierRows = (rate: boolean) => (
    <Form.Item label={t("promotions.editor.tiers")} required>
      <Form.List name="tiers">
        {(fields, { add, remove }) => (
          <div style={{ display: "flex", flexDirection: "column", alignItems: "flex-start" }}>
            {fields.map((f, i) => (
              <Space key={f.key} align="start" data-testid={`tier-${i}`}>
                <Form.Item name={[f.name, "threshold"]} rules={[required, yuanRule()]}>
                  <Input
                    prefix={t("promotions.editor.over")}
                    suffix={t("promotions.editor.yuan")}
                    style={{ width: 150 }}
                    placeholder={t("promotions.editor.threshold")}
                    data-testid={`tier-threshold-${i}`}
                  />
                </Form.Item>
                {rate ? (
                  <Form.Item name={[f.name, "rate"]} rules={[required, zheRule]}>
                    <Input
                      prefix={t("promotions.editor.at")}
                      suffix={t("promotions.editor.zhe")}
                      style={{ width: 130 }}
                      placeholder={t("promotions.editor.rate")}
                      data-testid={`tier-rate-${i}`}
                    />
                  </Form.Item>
                ) : (
                  <Form.Item
                    name={[f.name, "discount"]}
                    dependencies={[["tiers", f.name, "threshold"]]}
                    rules={[
                      required,
                      yuanRule(),
                      ({ getFieldValue }) => ({
                        validator: async (_: unknown, d: string | undefined) => {
                          const th = parseYuanToFen(getFieldValue(["tiers", f.name, "threshold"]));
                          const df = parseYuanToFen(d ?? "");
                          if (th !== null && df !== null && th > 0 && df > th)
                            throw new Error(t("promotions.editor.discountTooBig"));
                        },
                      }),
                    ]}
                  >
                    <Input
                      prefix={t("promotions.editor.off")}
                      suffix={t("promotions.editor.yuan")}
                      style={{ width: 150 }}
                      placeholder={t("promotions.editor.discount")}
                      data-testid={`tier-discount-${i}`}
                    />
                  </Form.Item>
                )}
                <Form.Item name={[f.name, "freeShipping"]} valuePropName="checked">
                  <Checkbox data-testid={`tier-free-shipping-${i}`}>
                    {t("promotions.editor.tierFreeShipping")}
                  </Checkbox>
                </Form.Item>
                <Form.Item name={[f.name, "kept"]} hidden noStyle>
                  <Kept />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {({ getFieldValue }) => {
                    const gifts = (
                      getFieldValue(["tiers", f.name, "kept"]) as { gifts?: unknown[] } | undefined
                    )?.gifts;
                    return gifts && gifts.length > 0 ? (
                      <Tag style={{ marginTop: 5 }}>
                        {t("promotions.editor.tierGifts", { count: gifts.length })}
                      </Tag>
                    ) : null;
                  }}
                </Form.Item>
                {fields.length > 1 ? (
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    onClick={() => remove(f.name)}
                    aria-label={t("promotions.list.delete")}
                  />
                ) : null}
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="add-tier">
              {t("promotions.editor.addTier")}
            </Button>
          </div>
        )}
      </Form.List>
    </Form.Item>
  );

  const priceRows = (
    <Form.Item
      label={t(
        kind === "memberPrice" ? "promotions.editor.memberPrices" : "promotions.editor.prices",
      )}
      required
    >
      <Form.List name="prices">
        {(fields, { add, remove }) => (
          <div style={{ display: "flex", flexDirection: "column", alignItems: "flex-start" }}>
            {fields.map((f, i) => (
              <Space key={f.key} align="start">
                <Form.Item name={[f.name, "sku"]} rules={[required]}>
                  <SkuSelect testId={`price-sku-${i}`} style={{ width: 300 }} />
                </Form.Item>
                <Form.Item name={[f.name, "price"]} rules={[required, yuanRule()]}>
                  <Input
                    suffix={t("promotions.editor.yuan")}
                    style={{ width: 140 }}
                    placeholder={t("promotions.editor.price")}
                    data-testid={`price-${i}`}
                  />
                </Form.Item>
                {fields.length > 1 ? (
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                ) : null}
              </Space>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({})}>
              {t("promotions.editor.addPrice")}
            </Button>
          </div>
        )}
      </Form.List>
    </Form.Item>
  );

  const scope = (
    <Form.Item
      name="skus"
      label={t("promotions.editor.scope")}
      extra={t("promotions.editor.scopeHint")}
    >
      <SkuSelect multiple testId="scope-skus" />
    </Form.Item>
  );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={720}
      destroyOnHidden
      title={promotion ? t("promotions.editor.edit") : t("promotions.editor.create")}
      data-testid="promotion-editor"
      extra={
        <Space>
          <Button onClick={onClose}>{t("promotions.editor.cancel")}</Button>
          <Button type="primary" loading={saving} onClick={save} data-testid="promotion-save">
            {t("promotions.editor.save")}
          </Button>
        </Space>
      }
    >
      {serverError ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="editor-error"
          title={`${t("promotions.editor.serverError")}${
            serverError.field
              ? ` · ${t("promotions.editor.field", { field: serverError.field })}`
              : ""
          }`}
          description={
            <>
              <div>{serverError.messageZh}</div>
              <div>{serverError.messageEn}</div>
            </>
          }
        />
      ) : null}
      <Form form={form} layout="vertical" requiredMark="optional">
        <Form.Item name="kind" label={t("promotions.editor.kind")} rules={[required]}>
          <Select
            data-testid="promotion-kind"
            disabled={promotion !== undefined}
            showSearch={{ optionFilterProp: "label" }}
            options={allKinds.map((k) => ({ value: k, label: t(`promotions.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="kept" hidden noStyle>
          <Kept />
        </Form.Item>
        <Form.Item name="name" label={t("promotions.editor.name")} rules={[required, { max: 100 }]}>
          <Input data-testid="promotion-name" maxLength={100} />
        </Form.Item>
        <Space align="start">
          <Form.Item
            name="start"
            label={t(
              kind === "deposit" ? "promotions.editor.balanceStart" : "promotions.editor.start",
            )}
            extra={t("promotions.editor.timeHint", { zone: shop.timeZone })}
          >
            <DatePicker
              showTime={{ format: "HH:mm" }}
              format={wall}
              data-testid="promotion-start"
            />
          </Form.Item>
          <Form.Item
            name="end"
            label={t(kind === "deposit" ? "promotions.editor.balanceEnd" : "promotions.editor.end")}
          >
            <DatePicker showTime={{ format: "HH:mm" }} format={wall} data-testid="promotion-end" />
          </Form.Item>
        </Space>

        {kind === "manJian" ? (
          <>
            {tierRows(false)}
            {scope}
          </>
        ) : null}
        {kind === "manZhe" ? (
          <>
            {tierRows(true)}
            {scope}
          </>
        ) : null}
        {kind === "meiManJian" ? (
          <>
            <Space align="start">
              {yuanField("step", "promotions.editor.step", "every-step")}
              {yuanField("discount", "promotions.editor.discount", "every-discount")}
              <Form.Item name="cap" label={t("promotions.editor.cap")} rules={[yuanRule(true)]}>
                <Input suffix={t("promotions.editor.yuan")} style={{ width: 150 }} />
              </Form.Item>
            </Space>
            {scope}
          </>
        ) : null}
        {kind === "timeDiscount" ? (
          <>
            {zheField("rate", "promotions.editor.rate", "discount-rate")}
            {scope}
          </>
        ) : null}
        {kind === "salePrice" ? priceRows : null}
        {kind === "flashSale" ? (
          <>
            {priceRows}
            <Space align="start">
              <Form.Item name="stock" label={t("promotions.editor.stock")} rules={[positive]}>
                <InputNumber min={1} precision={0} style={{ width: 150 }} />
              </Form.Item>
              <Form.Item
                name="perCustomerLimit"
                label={t("promotions.editor.perCustomerLimit")}
                rules={[positive]}
              >
                <InputNumber min={1} precision={0} style={{ width: 150 }} />
              </Form.Item>
            </Space>
          </>
        ) : null}
        {couponKinds.has(kind) && isFormKind(kind) ? (
          <>
            <Space align="start">
              {optionalYuanField(
                "threshold",
                "promotions.editor.couponThreshold",
                "coupon-threshold",
              )}
              {yuanField("amount", "promotions.editor.amount", "coupon-amount")}
            </Space>
            {kind === "itemCoupon" ? scope : null}
          </>
        ) : null}
        {couponKinds.has(kind) ? (
          <Space align="start">
            <Form.Item
              name={["coupon", "issueLimit"]}
              label={t("promotions.editor.issueLimit")}
              rules={[{ type: "integer", min: 0 }]}
            >
              <InputNumber min={0} precision={0} style={{ width: 150 }} data-testid="issue-limit" />
            </Form.Item>
            <Form.Item
              name={["coupon", "perCustomer"]}
              label={t("promotions.editor.perCustomer")}
              rules={[positive]}
            >
              <InputNumber min={1} precision={0} style={{ width: 150 }} />
            </Form.Item>
            <Form.Item
              name={["coupon", "validDays"]}
              label={t("promotions.editor.validDays")}
              rules={[positive]}
            >
              <InputNumber min={1} max={3650} precision={0} style={{ width: 150 }} />
            </Form.Item>
          </Space>
        ) : null}
        {kind === "manSong" ? (
          <>
            {yuanField("threshold", "promotions.editor.threshold", "mansong-threshold")}
            <Form.Item label={t("promotions.editor.gifts")} required>
              <Form.List name="gifts">
                {(fields, { add, remove }) => (
                  <div
                    style={{ display: "flex", flexDirection: "column", alignItems: "flex-start" }}
                  >
                    {fields.map((f) => (
                      <Space key={f.key} align="start">
                        <Form.Item name={[f.name, "sku"]} rules={[required]}>
                          <SkuSelect style={{ width: 280 }} />
                        </Form.Item>
                        <Form.Item name={[f.name, "qty"]} rules={[required, positive]}>
                          <InputNumber
                            min={1}
                            precision={0}
                            placeholder={t("promotions.editor.giftQty")}
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, "cost"]} rules={[required, yuanRule()]}>
                          <Input
                            suffix={t("promotions.editor.yuan")}
                            style={{ width: 130 }}
                            placeholder={t("promotions.editor.giftCost")}
                          />
                        </Form.Item>
                        {fields.length > 1 ? (
                          <Button
                            type="text"
                            icon={<DeleteOutlined />}
                            onClick={() => remove(f.name)}
                          />
                        ) : null}
                      </Space>
                    ))}
                    <Button icon={<PlusOutlined />} onClick={() => add({ qty: 1 })}>
                      {t("promotions.editor.addGift")}
                    </Button>
                  </div>
                )}
              </Form.List>
            </Form.Item>
          </>
        ) : null}
        {kind === "bundle" ? (
          <>
            <Space align="start" wrap>
              <Form.Item
                name="bundleSkus"
                label={t("promotions.editor.bundleSkus")}
                extra={t("promotions.editor.bundleSkusHint")}
                rules={[
                  {
                    validator: async (_: unknown, v: string[] | undefined) => {
                      if (new Set(v ?? []).size < 2)
                        throw new Error(t("promotions.editor.bundleTooFew"));
                    },
                  },
                ]}
                required
              >
                <SkuSelect multiple testId="bundle-skus" style={{ width: 420 }} />
              </Form.Item>
              {yuanField("price", "promotions.editor.bundlePrice", "bundle-price")}
            </Space>
            <BundleSaving skus={bundleSkus} price={bundlePrice} />
          </>
        ) : null}
        {kind === "buyNGetM" ? (
          <>
            <Space align="start">
              {piecesField(
                "buyQty",
                "promotions.editor.buyQty",
                "buy-qty",
                "promotions.editor.buy",
              )}
              {piecesField(
                "freeQty",
                "promotions.editor.freeQty",
                "free-qty",
                "promotions.editor.free",
              )}
            </Space>
            {scope}
          </>
        ) : null}
        {kind === "nForX" || kind === "nAtRate" ? (
          <>
            <Space align="start">
              {piecesField("qty", "promotions.editor.qtyN", "n-qty")}
              {kind === "nForX"
                ? yuanField("price", "promotions.editor.nPrice", "n-price")
                : zheField("rate", "promotions.editor.rate", "n-rate")}
            </Space>
            {scope}
          </>
        ) : null}
        {kind === "secondItem" ? (
          <>
            <Form.Item
              name="rate"
              label={t("promotions.editor.secondRate")}
              extra={t("promotions.editor.secondRateHint")}
              rules={[required, zheRule]}
            >
              <Input
                suffix={t("promotions.editor.zhe")}
                style={{ width: 150 }}
                placeholder="5"
                data-testid="second-rate"
              />
            </Form.Item>
            {scope}
          </>
        ) : null}
        {kind === "memberPrice" ? priceRows : null}
        {kind === "jiaJiaGou" ? (
          <>
            <Space align="start" wrap>
              {optionalYuanField("threshold", "promotions.editor.couponThreshold", "jjg-threshold")}
              <Form.Item
                name="redeemSku"
                label={t("promotions.editor.redeemSku")}
                rules={[required]}
              >
                <SkuSelect testId="jjg-sku" style={{ width: 300 }} />
              </Form.Item>
              {yuanField("price", "promotions.editor.redeemPrice", "jjg-price")}
              <Form.Item name="maxQty" label={t("promotions.editor.maxQty")} rules={[positive]}>
                <InputNumber min={1} precision={0} placeholder="1" style={{ width: 150 }} />
              </Form.Item>
            </Space>
            {scope}
          </>
        ) : null}
        {kind === "freeShipping" ? (
          <>
            {optionalYuanField(
              "threshold",
              "promotions.editor.shippingThreshold",
              "shipping-threshold",
            )}
            {scope}
          </>
        ) : null}
        {kind === "deposit" ? (
          <>
            <Space align="start">
              {yuanField("deposit", "promotions.editor.deposit", "deposit-paid")}
              <Form.Item
                name="credit"
                label={t("promotions.editor.credit")}
                dependencies={["deposit"]}
                rules={[
                  required,
                  yuanRule(),
                  ({ getFieldValue }) => ({
                    validator: async (_: unknown, c: string | undefined) => {
                      const d = parseYuanToFen(getFieldValue("deposit") ?? "");
                      const cf = parseYuanToFen(c ?? "");
                      if (d !== null && cf !== null && cf < d)
                        throw new Error(t("promotions.editor.creditTooSmall"));
                    },
                  }),
                ]}
              >
                <Input
                  suffix={t("promotions.editor.yuan")}
                  style={{ width: 150 }}
                  data-testid="deposit-credit"
                />
              </Form.Item>
            </Space>
            <Form.Item
              name="skus"
              label={t("promotions.editor.depositSkus")}
              extra={t("promotions.editor.scopeHint")}
            >
              <SkuSelect multiple testId="scope-skus" />
            </Form.Item>
          </>
        ) : null}
        {!isFormKind(kind) ? (
          <Form.Item
            name="json"
            label={t("promotions.editor.json")}
            extra={t("promotions.editor.jsonHint")}
            rules={[
              {
                validator: async (_: unknown, v: string | undefined) => {
                  try {
                    const x: unknown = JSON.parse(v?.trim() || "{}");
                    if (typeof x !== "object" || x === null || Array.isArray(x)) throw new Error();
                  } catch {
                    throw new Error(t("promotions.editor.jsonInvalid"));
                  }
                },
              },
            ]}
          >
            <Input.TextArea
              rows={8}
              style={{ fontFamily: "monospace" }}
              data-testid="promotion-json"
            />
          </Form.Item>
        ) : null}
        {promotion?.coupon?.claimCode ? (
          <Typography.Text type="secondary">
            {t("promotions.list.claimCode", { code: promotion.coupon.claimCode })}
          </Typography.Text>
        ) : null}
      </Form>
    </Drawer>
  );
}
