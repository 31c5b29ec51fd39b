/**
 * The promotion editor's form in the merchant's words (元, 折) and the engine's definition
 * (integer fen, basis points), both ways; server error paths mapped back onto form fields.
 * Pure functions: no React, no requests.
 */
import { fenToYuanInput, parseYuanToFen } from "../format.ts";

/** Mechanics with a form of their own; every other kind is edited as JSON. */
export const formKinds = [
  "manJian",
  "meiManJian",
  "manZhe",
  "timeDiscount",
  "salePrice",
  "flashSale",
  "shopCoupon",
  "itemCoupon",
  "manSong",
  "bundle",
  "buyNGetM",
  "nForX",
  "secondItem",
  "nAtRate",
  "memberPrice",
  "jiaJiaGou",
  "freeShipping",
  "deposit",
] as const;
export type FormKind = (typeof formKinds)[number];

/** Every kind the API accepts (the pricing engine's promotion union). */
export const allKinds = [...formKinds, "moreForSame", "crossShop", "platformCoupon"] as const;
export type Kind = (typeof allKinds)[number];

export const couponKinds: ReadonlySet<string> = new Set([
  "shopCoupon",
  "itemCoupon",
  "platformCoupon",
]);

export const isFormKind = (k: string): k is FormKind =>
  (formKinds as readonly string[]).includes(k);

export interface TierValues {
  threshold?: string | undefined;
  discount?: string | undefined;
  rate?: string | undefined;
  /** 满X减Y包邮: the tier also waives shipping. */
  freeShipping?: boolean | undefined;
  /** The tier's stored fields the form does not show (e.g. its gifts), kept as they were. */
  kept?: Record<string, unknown> | undefined;
}

const TIER_FORM_FIELDS = new Set(["thresholdFen", "discountFen", "rateBp", "freeShipping"]);

/** A tier's stored fields the form does not edit. */
function tierKept(t: Record<string, unknown>): Record<string, unknown> | undefined {
  const kept = Object.fromEntries(Object.entries(t).filter(([k]) => !TIER_FORM_FIELDS.has(k)));
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** A tier as stored: the kept fields, then the form's (包邮 only when ticked). */
function tierOf(t: TierValues, own: Record<string, unknown>): Record<string, unknown> {
  return { ...(t.kept ?? {}), ...own, ...(t.freeShipping ? { freeShipping: true } : {}) };
}
export interface PriceValues {
  sku?: string | undefined;
  price?: string | undefined;
}
export interface GiftValues {
  sku?: string | undefined;
  qty?: number | undefined;
  cost?: string | undefined;
}

/** The editor's values: money as 元 text, rates as 折 text (`8.5` = 85%). */
export interface FormValues {
  kind: Kind;
  name: string;
  start?: string | undefined;
  end?: string | undefined;
  skus?: string[] | undefined;
  tiers?: TierValues[] | undefined;
  step?: string | undefined;
  discount?: string | undefined;
  cap?: string | undefined;
  rate?: string | undefined;
  prices?: PriceValues[] | undefined;
  stock?: number | null | undefined;
  perCustomerLimit?: number | null | undefined;
  threshold?: string | undefined;
  amount?: string | undefined;
  gifts?: GiftValues[] | undefined;
  /** 搭配套餐: the SKUs of one set (one unit of each). */
  bundleSkus?: string[] | undefined;
  /** 套装价, N件X元 price, 加价购 price (元). */
  price?: string | undefined;
  /** N件X元 / N件N折: N. */
  qty?: number | null | undefined;
  buyQty?: number | null | undefined;
  freeQty?: number | null | undefined;
  redeemSku?: string | undefined;
  maxQty?: number | null | undefined;
  /** 定金 paid and what it counts for (膨胀后), 元 per unit. */
  deposit?: string | undefined;
  credit?: string | undefined;
  coupon?: {
    issueLimit?: number | null | undefined;
    perCustomer?: number | null | undefined;
    validDays?: number | null;
  };
  json?: string | undefined;
  /**
   * Fields of a stored definition the form does not show (priority, budget, customer
   * condition, category scope…), put back unchanged on save.
   */
  kept?: Record<string, unknown> | undefined;
}

/** Top-level definition fields each form edits (besides `kind` and its scope's SKUs). */
const owned: Record<FormKind, readonly string[]> = {
  manJian: ["tiers"],
  manZhe: ["tiers"],
  meiManJian: ["stepFen", "discountFen", "capFen"],
  timeDiscount: ["rateBp"],
  salePrice: ["prices"],
  flashSale: ["prices", "stock", "perCustomerLimit"],
  shopCoupon: ["thresholdFen", "amountFen"],
  itemCoupon: ["thresholdFen", "amountFen"],
  manSong: ["thresholdFen", "gifts"],
  bundle: ["skus", "priceFen"],
  buyNGetM: ["buyQty", "freeQty"],
  nForX: ["qty", "priceFen"],
  nAtRate: ["qty", "rateBp"],
  secondItem: ["rateBp"],
  memberPrice: ["prices"],
  jiaJiaGou: ["thresholdFen", "redeemSku", "priceFen", "maxQty"],
  freeShipping: ["thresholdFen"],
  deposit: ["depositFen", "creditFen"],
};
/** Forms with a scope SKU picker: they edit `scope.skus`, the rest of the scope is kept. */
export const scopedKinds: ReadonlySet<string> = new Set([
  "manJian",
  "manZhe",
  "meiManJian",
  "timeDiscount",
  "itemCoupon",
  "buyNGetM",
  "nForX",
  "nAtRate",
  "secondItem",
  "jiaJiaGou",
  "freeShipping",
  "deposit",
]);

function keptOf(kind: FormKind, d: Record<string, unknown>): Record<string, unknown> | undefined {
  const own = new Set(["kind", ...owned[kind]]);
  const kept = Object.fromEntries(Object.entries(d).filter(([key]) => !own.has(key)));
  if (scopedKinds.has(kind) && typeof kept.scope === "object" && kept.scope !== null) {
    const { skus: _s, ...rest } = kept.scope as Record<string, unknown>;
    if (Object.keys(rest).length > 0) kept.scope = rest;
    else delete kept.scope;
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

const fen = (s: string | undefined): number => {
  const v = parseYuanToFen(s ?? "");
  return v === null ? Number.NaN : v;
};
const optFen = (s: string | undefined): number | undefined =>
  s === undefined || s.trim() === "" ? undefined : fen(s);

/** 折 text as basis points: `8.5` → 8500, `9` → 9000; invalid → NaN. */
export function zheToBp(s: string | undefined): number {
  const v = parseYuanToFen(s ?? "");
  return v === null ? Number.NaN : v * 10;
}
/** Basis points as 折 text: 8500 → `8.5`. */
export function bpToZhe(bp: number): string {
  return fenToYuanInput(Math.round(bp / 10));
}

/** Whether `s` is a 元 amount (≥ 0, at most two decimals). */
export const isYuan = (s: string | undefined): boolean => (parseYuanToFen(s ?? "") ?? -1) >= 0;
/** Whether `s` is a 折 rate strictly between 0 and 10 (at most two decimals). */
export const isZhe = (s: string | undefined): boolean => {
  const bp = zheToBp(s);
  return bp > 0 && bp < 10_000;
};

function scopeOf(v: FormValues): Record<string, unknown> {
  return v.skus && v.skus.length > 0 ? { scope: { skus: v.skus } } : {};
}

function pricesOf(v: FormValues): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of v.prices ?? []) if (p.sku) out[p.sku] = fen(p.price);
  return out;
}

const defined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined && x !== null));

/** The engine definition of the form's values (without id and window). */
export function toDefinition(v: FormValues): Record<string, unknown> {
  const own = formDefinition(v);
  if (!v.kept || !isFormKind(v.kind)) return own;
  const out: Record<string, unknown> = { ...v.kept, ...own };
  const keptScope = v.kept.scope as Record<string, unknown> | undefined;
  if (scopedKinds.has(v.kind) && keptScope)
    out.scope = { ...keptScope, ...((own.scope as Record<string, unknown> | undefined) ?? {}) };
  return out;
}

function formDefinition(v: FormValues): Record<string, unknown> {
  switch (v.kind) {
    case "manJian":
      return {
        kind: v.kind,
        ...scopeOf(v),
        tiers: (v.tiers ?? []).map((t) =>
          tierOf(t, { thresholdFen: fen(t.threshold), discountFen: fen(t.discount) }),
        ),
      };
    case "manZhe":
      return {
        kind: v.kind,
        ...scopeOf(v),
        tiers: (v.tiers ?? []).map((t) =>
          tierOf(t, { thresholdFen: fen(t.threshold), rateBp: zheToBp(t.rate) }),
        ),
      };
    case "meiManJian":
      return defined({
        kind: v.kind,
        ...scopeOf(v),
        stepFen: fen(v.step),
        discountFen: fen(v.discount),
        capFen: optFen(v.cap),
      });
    case "timeDiscount":
      return { kind: v.kind, ...scopeOf(v), rateBp: zheToBp(v.rate) };
    case "salePrice":
      return { kind: v.kind, prices: pricesOf(v) };
    case "flashSale":
      return defined({
        kind: v.kind,
        prices: pricesOf(v),
        stock: v.stock ?? undefined,
        perCustomerLimit: v.perCustomerLimit ?? undefined,
      });
    case "shopCoupon":
    case "itemCoupon":
      return {
        kind: v.kind,
        ...scopeOf(v),
        thresholdFen: optFen(v.threshold) ?? 0,
        amountFen: fen(v.amount),
      };
    case "manSong":
      return {
        kind: v.kind,
        ...scopeOf(v),
        thresholdFen: fen(v.threshold),
        gifts: (v.gifts ?? []).map((g) => ({
          sku: g.sku ?? "",
          qty: g.qty ?? 1,
          costFen: fen(g.cost),
        })),
      };
    case "bundle":
      return { kind: v.kind, skus: v.bundleSkus ?? [], priceFen: fen(v.price) };
    case "buyNGetM":
      return defined({
        kind: v.kind,
        ...scopeOf(v),
        buyQty: v.buyQty ?? undefined,
        freeQty: v.freeQty ?? undefined,
      });
    case "nForX":
      return defined({
        kind: v.kind,
        ...scopeOf(v),
        qty: v.qty ?? undefined,
        priceFen: fen(v.price),
      });
    case "nAtRate":
      return defined({
        kind: v.kind,
        ...scopeOf(v),
        qty: v.qty ?? undefined,
        rateBp: zheToBp(v.rate),
      });
    case "secondItem":
      return { kind: v.kind, ...scopeOf(v), rateBp: zheToBp(v.rate) };
    case "memberPrice":
      return { kind: v.kind, prices: pricesOf(v) };
    case "jiaJiaGou":
      return defined({
        kind: v.kind,
        ...scopeOf(v),
        thresholdFen: optFen(v.threshold) ?? 0,
        redeemSku: v.redeemSku,
        priceFen: fen(v.price),
        maxQty: v.maxQty ?? 1,
      });
    case "freeShipping":
      return { kind: v.kind, ...scopeOf(v), thresholdFen: optFen(v.threshold) ?? 0 };
    case "deposit":
      return { kind: v.kind, ...scopeOf(v), depositFen: fen(v.deposit), creditFen: fen(v.credit) };
    default: {
      const parsed = JSON.parse(v.json?.trim() || "{}") as Record<string, unknown>;
      return { ...parsed, kind: v.kind };
    }
  }
}

/** Coupon template settings of the form (coupon kinds only). */
export function couponSettingsOf(
  v: FormValues,
): { issueLimit?: number; perCustomerLimit?: number; validDays?: number } | undefined {
  if (!couponKinds.has(v.kind)) return undefined;
  const c = v.coupon ?? {};
  return defined({
    issueLimit: c.issueLimit ?? undefined,
    perCustomerLimit: c.perCustomer ?? undefined,
    validDays: c.validDays ?? undefined,
  }) as { issueLimit?: number; perCustomerLimit?: number; validDays?: number };
}

const num = (x: unknown): number | undefined => (typeof x === "number" ? x : undefined);
const yuan = (x: unknown): string | undefined =>
  typeof x === "number" ? fenToYuanInput(x) : undefined;
const zhe = (x: unknown): string | undefined => (typeof x === "number" ? bpToZhe(x) : undefined);

/** The form's values of a stored definition (kinds without a form: JSON text). */
export function fromDefinition(
  kind: string,
  d: Record<string, unknown>,
): Omit<FormValues, "name" | "start" | "end"> {
  const values = formValuesOf(kind, d);
  const kept = isFormKind(values.kind) ? keptOf(values.kind, d) : undefined;
  return kept ? { ...values, kept } : values;
}

function formValuesOf(
  kind: string,
  d: Record<string, unknown>,
): Omit<FormValues, "name" | "start" | "end"> {
  const k = (allKinds as readonly string[]).includes(kind) ? (kind as Kind) : "manJian";
  const scope = d.scope as { skus?: string[] } | undefined;
  const skus = scope?.skus ?? [];
  const tiers = (d.tiers as Record<string, unknown>[] | undefined) ?? [];
  const prices = Object.entries((d.prices as Record<string, number> | undefined) ?? {}).map(
    ([sku, p]) => ({ sku, price: fenToYuanInput(p) }),
  );
  switch (k) {
    case "manJian":
      return {
        kind: k,
        skus,
        tiers: tiers.map((t) => ({
          threshold: yuan(t.thresholdFen),
          discount: yuan(t.discountFen),
          freeShipping: t.freeShipping === true,
          kept: tierKept(t),
        })),
      };
    case "manZhe":
      return {
        kind: k,
        skus,
        tiers: tiers.map((t) => ({
          threshold: yuan(t.thresholdFen),
          rate: typeof t.rateBp === "number" ? bpToZhe(t.rateBp) : undefined,
          freeShipping: t.freeShipping === true,
          kept: tierKept(t),
        })),
      };
    case "meiManJian":
      return {
        kind: k,
        skus,
        step: yuan(d.stepFen),
        discount: yuan(d.discountFen),
        cap: yuan(d.capFen),
      };
    case "timeDiscount":
      return { kind: k, skus, rate: typeof d.rateBp === "number" ? bpToZhe(d.rateBp) : undefined };
    case "salePrice":
      return { kind: k, prices };
    case "flashSale":
      return {
        kind: k,
        prices,
        stock: num(d.stock) ?? null,
        perCustomerLimit: num(d.perCustomerLimit) ?? null,
      };
    case "shopCoupon":
    case "itemCoupon":
      return { kind: k, skus, threshold: yuan(d.thresholdFen), amount: yuan(d.amountFen) };
    case "manSong":
      return {
        kind: k,
        skus,
        threshold: yuan(d.thresholdFen),
        gifts: ((d.gifts as Record<string, unknown>[] | undefined) ?? []).map((g) => ({
          sku: typeof g.sku === "string" ? g.sku : undefined,
          qty: num(g.qty) ?? 1,
          cost: yuan(g.costFen),
        })),
      };
    case "bundle":
      return {
        kind: k,
        bundleSkus: Array.isArray(d.skus) ? (d.skus as string[]) : [],
        price: yuan(d.priceFen),
      };
    case "buyNGetM":
      return { kind: k, skus, buyQty: num(d.buyQty) ?? null, freeQty: num(d.freeQty) ?? null };
    case "nForX":
      return { kind: k, skus, qty: num(d.qty) ?? null, price: yuan(d.priceFen) };
    case "nAtRate":
      return { kind: k, skus, qty: num(d.qty) ?? null, rate: zhe(d.rateBp) };
    case "secondItem":
      return { kind: k, skus, rate: zhe(d.rateBp ?? 5000) };
    case "memberPrice":
      return { kind: k, prices };
    case "jiaJiaGou":
      return {
        kind: k,
        skus,
        threshold: yuan(d.thresholdFen),
        redeemSku: typeof d.redeemSku === "string" ? d.redeemSku : undefined,
        price: yuan(d.priceFen),
        maxQty: num(d.maxQty) ?? 1,
      };
    case "freeShipping":
      return { kind: k, skus, threshold: yuan(d.thresholdFen) };
    case "deposit":
      return { kind: k, skus, deposit: yuan(d.depositFen), credit: yuan(d.creditFen) };
    default: {
      const { kind: _k, ...rest } = d;
      return { kind: k, json: JSON.stringify(rest, null, 2) };
    }
  }
}

const renames: Record<string, string> = {
  thresholdFen: "threshold",
  discountFen: "discount",
  amountFen: "amount",
  capFen: "cap",
  stepFen: "step",
  rateBp: "rate",
  costFen: "cost",
  perCustomerLimit: "perCustomerLimit",
  priceFen: "price",
  depositFen: "deposit",
  creditFen: "credit",
};

/** Top-level definition fields a form edits, by the form field that shows them. */
const topFields: Record<string, string> = {
  thresholdFen: "threshold",
  amountFen: "amount",
  rateBp: "rate",
  stepFen: "step",
  discountFen: "discount",
  capFen: "cap",
  priceFen: "price",
  depositFen: "deposit",
  creditFen: "credit",
  stock: "stock",
  perCustomerLimit: "perCustomerLimit",
  qty: "qty",
  buyQty: "buyQty",
  freeQty: "freeQty",
  redeemSku: "redeemSku",
  maxQty: "maxQty",
};

/**
 * The form field a server error names, or undefined when the form has no such field.
 * @example formFieldOf("definition.tiers[0].thresholdFen", "manJian") // ["tiers", 0, "threshold"]
 * @example formFieldOf("coupon.perCustomerLimit", "shopCoupon") // ["coupon", "perCustomer"]
 */
export function formFieldOf(
  path: string | undefined,
  kind: string,
): (string | number)[] | undefined {
  if (!path) return undefined;
  const parts = path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((p) => p !== "")
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [head, ...rest] = parts;
  if (head === "name" || head === "start" || head === "end") return [head];
  if (head === "coupon") {
    const f = rest[0];
    if (f === "perCustomerLimit") return ["coupon", "perCustomer"];
    if (f === "issueLimit" || f === "validDays") return ["coupon", f];
    return undefined;
  }
  if (head !== "definition") return undefined;
  if (!isFormKind(kind)) return ["json"];
  const [f, ...more] = rest;
  if (f === undefined) return undefined;
  if (f === "prices") return ["prices"];
  if (f === "scope") return ["skus"];
  if (f === "skus" && kind === "bundle") return ["bundleSkus"];
  if ((f === "tiers" || f === "gifts") && typeof more[0] === "number") {
    const leaf = more[1];
    if (leaf === undefined) return [f];
    return [f, more[0], renames[String(leaf)] ?? String(leaf)];
  }
  if (f === "tiers" || f === "gifts") return [f];
  const top = topFields[String(f)];
  return top === undefined ? undefined : [top];
}

/**
 * A shop-local wall time (`YYYY-MM-DD HH:mm`) as an ISO instant in `timeZone`.
 * @example zonedToIso("2026-11-11 00:00", "Asia/Shanghai") // "2026-11-10T16:00:00.000Z"
 */
export function zonedToIso(wall: string, timeZone: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?/.exec(wall);
  if (!m) throw new Error(`bad time ${wall}`);
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0));
  const offsetAt = (t: number) => {
    const f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    const p: Record<string, string> = {};
    for (const x of f.formatToParts(new Date(t))) p[x.type] = x.value;
    return Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!) - t;
  };
  let t = asUtc - offsetAt(asUtc);
  t = asUtc - offsetAt(t);
  return new Date(t).toISOString();
}

/**
 * The same local days one year earlier (29 February becomes 28 February).
 * @example lastYearWindow("2026-11-01", "2026-11-11") // { from: "2025-11-01", to: "2025-11-11" }
 */
export function lastYearWindow(from: string, to: string): { from: string; to: string } {
  const back = (day: string) => {
    const [y, m, d] = day.split("-").map(Number) as [number, number, number];
    const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
    return `${y - 1}-${String(m).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
  };
  return { from: back(from), to: back(to) };
}

/**
 * Customer ids typed or pasted with any separator (spaces, commas, semicolons, new lines),
 * without repeats; `undefined` when one is not a positive whole number.
 * @example parseCustomerIds("12, 7\n12") // [12, 7]
 */
export function parseCustomerIds(text: string): number[] | undefined {
  const parts = text.split(/[\s,，;；]+/).filter((x) => x !== "");
  const ids = parts.map((x) => (/^\d+$/.test(x) ? Number(x) : Number.NaN));
  if (ids.some((x) => !Number.isSafeInteger(x) || x <= 0)) return undefined;
  return [...new Set(ids)];
}
