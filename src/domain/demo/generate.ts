/**
 * The demo shop generator: a believable Tmall shop with two years of history ending at
 * `now`. Pure and deterministic: the same options give the same records, and customers and
 * orders come as a lazy stream of batches so memory stays flat for any size.
 */

import {
  DAY_MS,
  type DayInfo,
  dayInfo,
  dayStartUtc,
  hourWeights,
  isBigSale,
  localDay,
  partsOf,
  WEEKDAY_FACTOR,
} from "./calendar.ts";
import { generateCatalog } from "./catalog.ts";
import {
  BUYER_MESSAGES,
  CARRIERS,
  CATEGORIES,
  REMOTE_PROVINCES,
  REVIEW_BAD,
  REVIEW_GOOD,
  REVIEW_OK,
} from "./data.ts";
import { makePerson, type Person } from "./people.ts";
import { createRng, hashString, type Rng, splitLargestRemainder, weightedPicker } from "./rng.ts";
import type {
  DemoAfterSale,
  DemoBatch,
  DemoConsent,
  DemoCustomer,
  DemoLogisticsEvent,
  DemoOptions,
  DemoOrder,
  DemoOrderLine,
  DemoOrderStatus,
  DemoReview,
  DemoShop,
  DemoSku,
} from "./types.ts";

/** Days of history: two years ending on the local day of `now`. */
export const DEMO_HISTORY_DAYS = 731;
export const DEMO_SHOP_CODE = "demo";
export const DEMO_SHOP_NAME = "大促示范旗舰店";
export const MAX_DEMO_CUSTOMERS = 5_000_000;
export const MAX_DEMO_ORDERS = 10_000_000;

/** Share key of the shop coupon (¥20 off over ¥199) on the demo's order lines. */
export const DEMO_COUPON_20_KEY = "demo:coupon-20";

const HOUR = 3_600_000;
/** Parcels signed within this many days before `now` keep every logistics scan. */
export const DEMO_FULL_TRACE_DAYS = 120;
const FULL_TRACE_MS = DEMO_FULL_TRACE_DAYS * 86_400_000;
const SALE_WINDOWS = new Set([
  "double11",
  "double11_warmup",
  "double11_after",
  "618",
  "618_warmup",
  "double12",
]);
const MINUTE = 60_000;
const SECOND = 1000;

const NEAR_PROVINCES = new Set(["浙江省", "江苏省", "上海市"]);
const MID_PROVINCES = new Set(["安徽省", "福建省", "江西省", "广东省", "山东省", "湖北省", "湖南省", "北京市", "天津市", "河南省", "河北省"]); // biome-ignore format: list
const INTERESTS = ["学生党", "宝妈", "白领", "价格敏感", "颜值控", "囤货达人", "户外爱好者"];
const FIRST_BUY_TAG: Partial<Record<string, string>> = {
  double11: "双11新客",
  "618": "618新客",
  double12: "双12新客",
  nianhuo: "年货节新客",
};
const APPAREL = new Set(["womens", "mens", "shoes"]);
const drawCarrier = weightedPicker(
  CARRIERS.map((c) => c),
  CARRIERS.map(([, w]) => w),
);
const categoryOf = new Map(CATEGORIES.map((c) => [c.code, c]));

/** Validates options and throws a bilingual RangeError naming the bad one. */
export function checkDemoOptions(options: DemoOptions): void {
  const bad = (name: string, rule: string, ruleEn: string) =>
    new RangeError(`演示数据参数 ${name} ${rule} / demo option ${name} ${ruleEn}`);
  if (!Number.isInteger(options.seed)) throw bad("seed", "必须是整数", "must be an integer");
  if (!Number.isInteger(options.customers) || options.customers < 0 || options.customers > MAX_DEMO_CUSTOMERS)
    throw bad("customers", `必须是 0 到 ${MAX_DEMO_CUSTOMERS} 的整数`, `must be an integer from 0 to ${MAX_DEMO_CUSTOMERS}`); // biome-ignore format: message
  if (!Number.isInteger(options.orders) || options.orders < 0 || options.orders > MAX_DEMO_ORDERS)
    throw bad("orders", `必须是 0 到 ${MAX_DEMO_ORDERS} 的整数`, `must be an integer from 0 to ${MAX_DEMO_ORDERS}`); // biome-ignore format: message
  if (options.orders > 0 && options.customers === 0)
    throw bad("customers", "在有订单时必须大于 0", "must be above 0 when there are orders");
  if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime()))
    throw bad("now", "必须是有效时间", "must be a valid time");
  const size = options.batchSize ?? 2000;
  if (!Number.isInteger(size) || size < 1) throw bad("batchSize", "必须是正整数", "must be a positive integer"); // biome-ignore format: message
}

/** Weighted sampling over a growing prefix of customers (Fenwick tree of weights). */
class WeightTree {
  private readonly tree: Float64Array;
  private readonly weights: Float64Array;
  total = 0;
  constructor(readonly size: number) {
    this.tree = new Float64Array(size + 1);
    this.weights = new Float64Array(size);
  }
  set(index: number, weight: number): void {
    const delta = weight - (this.weights[index] ?? 0);
    this.weights[index] = weight;
    this.total += delta;
    for (let i = index + 1; i <= this.size; i += i & -i) this.tree[i] = (this.tree[i] ?? 0) + delta;
  }
  get(index: number): number {
    return this.weights[index] ?? 0;
  }
  /** The index whose cumulative range holds `x` (0 ≤ x < total). */
  find(x: number, limit: number): number {
    let pos = 0;
    let rest = x;
    let step = 1;
    while (step * 2 <= this.size) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.size && (this.tree[next] ?? 0) <= rest) {
        pos = next;
        rest -= this.tree[next] ?? 0;
      }
    }
    return Math.min(pos, limit - 1);
  }
}

function orderNumber(rng: Rng, ref: number, createdAt: number): string {
  const year = partsOf(localDay(createdAt)).year;
  const lead = Math.min(9, Math.max(1, year - 2022));
  const scrambled = String((ref * 48271 + 3_141_592) % 100_000_000).padStart(8, "0");
  const head = rng.chance(0.3) ? 5 : 6;
  let digits = "";
  for (let i = 0; i < head; i++) digits += String(rng.int(0, 9));
  return `${lead}${digits}${scrambled}${String(rng.int(0, 9999)).padStart(4, "0")}`;
}

function trackingNumber(rng: Rng, prefix: string, digits: number): string {
  let out = prefix;
  for (let i = 0; i < digits; i++) out += String(rng.int(i === 0 ? 1 : 0, 9));
  return out;
}

/** Whole seconds. */
function sec(ms: number): number {
  return Math.floor(ms / SECOND) * SECOND;
}

/**
 * Generates the demo shop for `options`: catalogue now, customers and orders lazily.
 * @example
 * const shop = generateDemoShop({ seed: 42, customers: 2000, orders: 10000, now: new Date("2026-11-23T00:00:00+08:00") });
 * for (const batch of shop.batches()) console.log(batch.orders.length);
 */
export function generateDemoShop(options: DemoOptions): DemoShop {
  checkDemoOptions(options);
  const seed = options.seed | 0;
  const now = sec(options.now.getTime());
  const lastDay = localDay(now);
  const firstDay = lastDay - (DEMO_HISTORY_DAYS - 1);
  const from = dayStartUtc(firstDay);
  const { products, skus } = generateCatalog(seed, partsOf(lastDay).year, from - 30 * DAY_MS);
  const batchSize = options.batchSize ?? 2000;
  const totals = { customers: options.customers, orders: options.orders };
  return {
    shop: {
      code: DEMO_SHOP_CODE,
      name: DEMO_SHOP_NAME,
      platform: "tmall",
      timeZone: "Asia/Shanghai",
    },
    products,
    skus,
    totals,
    from,
    now,
    batches: () => streamBatches({ seed, now, firstDay, lastDay, from, skus, batchSize, totals }),
  };
}

interface StreamContext {
  readonly seed: number;
  readonly now: number;
  readonly firstDay: number;
  readonly lastDay: number;
  readonly from: number;
  readonly skus: readonly DemoSku[];
  readonly batchSize: number;
  readonly totals: { readonly customers: number; readonly orders: number };
}

function* streamBatches(ctx: StreamContext): Generator<DemoBatch> {
  const { seed, now, firstDay, lastDay, from, skus, batchSize } = ctx;
  const C = ctx.totals.customers;
  const N = ctx.totals.orders;
  const rngDays = createRng(seed, "days");
  const rngPeople = createRng(seed, "people");
  const rngPick = createRng(seed, "pick");
  const rngOrder = createRng(seed, "orders");
  const salt = hashString(`phone:${seed}`) % 10_000_000;

  // Day weights: growth trend × weekday × festival node × a little noise.
  const days: DayInfo[] = [];
  const dayWeights: number[] = [];
  const nowInDay = now - dayStartUtc(lastDay);
  for (let d = firstDay; d <= lastDay; d++) {
    const info = dayInfo(d);
    days.push(info);
    const years = (d - firstDay) / 365;
    const noise = info.node === "normal" ? Math.exp(rngDays.normal() * 0.08) : 1;
    let w = Math.exp(0.32 * years) * WEEKDAY_FACTOR[partsOf(d).weekday]! * info.multiplier * noise;
    if (d === lastDay) {
      const hours = hourWeights(info.node);
      const total = hours.reduce((s, h) => s + h, 0);
      let done = 0;
      for (let h = 0; h < 24; h++) done += hours[h]! * Math.min(1, Math.max(0, (nowInDay - h * HOUR) / HOUR)); // biome-ignore format: one line
      w *= done / total;
    }
    dayWeights.push(w);
  }
  const perDay = splitLargestRemainder(N, dayWeights);
  const infoCache = new Map<number, DayInfo>();
  const infoOf = (day: number): DayInfo => {
    let info = infoCache.get(day);
    if (!info) {
      info = dayInfo(day);
      infoCache.set(day, info);
    }
    return info;
  };

  // Customers: acquired in index order; returning buyers drawn by loyalty weight.
  const buyersTarget = N >= C ? C - Math.floor(C * 0.03) : N;
  const tree = new WeightTree(Math.max(1, C));
  const lastBought = new Float64Array(Math.max(1, C));
  const people: Person[] = [];
  const taken = new Set<string>();
  let acquired = 0;

  const skuPicker = weightedPicker(
    skus.map((s) => s),
    skus.map((s) => s.weight),
  );

  let batchCustomers: DemoCustomer[] = [];
  let batchOrders: DemoOrder[] = [];
  let batchIndex = 0;
  let ref = 0;

  const makeCustomer = (at: number, info: DayInfo | null): DemoCustomer => {
    const cref = acquired++;
    const p = makePerson(rngPeople, cref, salt, taken);
    people.push(p);
    const isMember = rngPeople.chance(0.35);
    const oneOff = rngPeople.chance(0.62);
    let weight = oneOff ? 0.012 : Math.min(80, (1 - rngPeople.next()) ** (-1 / 1.25));
    if (info && isBigSale(info.node)) weight *= 0.45;
    if (isMember) weight *= 1.5;
    if (info) tree.set(cref, weight);
    lastBought[cref] = at;
    const createdAt = sec(Math.max(from - 30 * DAY_MS, at - rngPeople.int(0, 7200) * SECOND));
    const tags: string[] = [];
    const firstTag = info ? FIRST_BUY_TAG[info.node] : undefined;
    if (firstTag) tags.push(firstTag);
    if (rngPeople.chance(0.4)) tags.push(rngPeople.pick(INTERESTS));
    const consents: DemoConsent[] = [];
    const consentAt = (lo: number, hi: number) =>
      sec(Math.min(now, createdAt + rngPeople.int(lo, hi) * MINUTE));
    if (rngPeople.chance(0.55)) {
      const granted = rngPeople.chance(0.88);
      consents.push({
        channel: "sms",
        granted,
        source: granted
          ? rngPeople.pick(["下单时勾选短信通知", "入会时授权", "客服登记"])
          : "回复TD退订",
        at: consentAt(granted ? 0 : 60, granted ? 60 : 60 * 24 * 120),
      });
    }
    if (p.email && rngPeople.chance(0.5)) {
      const granted = rngPeople.chance(0.85);
      consents.push({
        channel: "email",
        granted,
        source: granted ? rngPeople.pick(["会员中心订阅", "下单时勾选"]) : "邮件退订链接",
        at: consentAt(0, 60 * 24 * 30),
      });
    }
    if (rngPeople.chance(0.15)) {
      const granted = rngPeople.chance(0.7);
      consents.push({
        channel: "phone",
        granted,
        source: granted ? "客服回访登记" : "电话中要求勿扰",
        at: consentAt(0, 60 * 24 * 60),
      });
    }
    const customer: DemoCustomer = {
      ref: cref,
      externalId: p.nick,
      name: p.name,
      phone: p.phone,
      email: p.email,
      province: p.province,
      city: p.city,
      district: p.district,
      address: p.address,
      tags,
      isMember,
      createdAt,
      consents,
    };
    batchCustomers.push(customer);
    return customer;
  };

  const chooseCustomer = (k: number, at: number, info: DayInfo): number => {
    const remainingOrders = N - k;
    const remainingNew = buyersTarget - acquired;
    let takeNew: boolean;
    if (remainingNew <= 0) takeNew = false;
    else if (acquired === 0 || remainingNew >= remainingOrders) takeNew = true;
    else {
      const boost = info.node === "double11" ? 2.4 : isBigSale(info.node) ? 1.8 : info.node === "normal" ? 1 : 1.2; // biome-ignore format: one line
      const ramp = 1 + 2 * Math.max(0, 1 - k / (0.25 * N));
      takeNew = rngPick.next() < (remainingNew / remainingOrders) * boost * ramp;
    }
    if (takeNew) return makeCustomer(at, info).ref;
    let chosen = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      chosen = tree.find(rngPick.next() * tree.total, acquired);
      if (at - (lastBought[chosen] ?? 0) > 4 * DAY_MS) break;
    }
    lastBought[chosen] = at;
    // Churn: after a purchase some customers drift away.
    if (rngPick.chance(0.08)) tree.set(chosen, tree.get(chosen) * 0.2);
    return chosen;
  };

  for (let di = 0; di < days.length; di++) {
    const count = perDay[di] ?? 0;
    if (count === 0) continue;
    const info = days[di]!;
    const start = dayStartUtc(info.day);
    const limit = info.day === lastDay ? nowInDay : DAY_MS;
    const hours = hourWeights(info.node).map((w, h) =>
      h * HOUR >= limit ? 0 : w * Math.min(1, (limit - h * HOUR) / HOUR),
    );
    const drawHour = weightedPicker(
      hours.map((_, h) => h),
      hours,
    );
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const h = drawHour(rngDays);
      const span = Math.max(1, Math.min(3600, Math.floor((limit - h * HOUR) / SECOND)));
      times.push(start + h * HOUR + rngDays.int(0, span - 1) * SECOND);
    }
    times.sort((a, b) => a - b);
    for (const at of times) {
      const customerRef = chooseCustomer(ref, at, info);
      const person = people[customerRef]!;
      batchOrders.push(makeOrder(rngOrder, ref, customerRef, person, at, info, skus, skuPicker, infoOf, now)); // biome-ignore format: one line
      ref++;
      if (batchOrders.length >= batchSize) {
        yield {
          index: batchIndex++,
          customers: batchCustomers,
          orders: batchOrders,
          ordersDone: ref,
        };
        batchCustomers = [];
        batchOrders = [];
      }
    }
  }
  // Customers who registered (member sign-up, follow) but have not bought.
  while (acquired < C) {
    const at = from + rngPeople.int(0, Math.floor((now - from) / SECOND)) * SECOND;
    makeCustomer(at, null);
  }
  if (batchOrders.length > 0 || batchCustomers.length > 0)
    yield { index: batchIndex++, customers: batchCustomers, orders: batchOrders, ordersDone: ref };
}

const LINE_COUNTS = weightedPicker([1, 2, 3, 4], [72, 18, 7, 3]);
const LINE_COUNTS_SALE = weightedPicker([1, 2, 3, 4], [55, 27, 12, 6]);

function makeLines(rng: Rng, info: DayInfo, skus: readonly DemoSku[], pick: (r: Rng) => DemoSku) {
  const n = info.promotion ? LINE_COUNTS_SALE(rng) : LINE_COUNTS(rng);
  const chosen: DemoSku[] = [];
  for (let i = 0; i < n * 3 && chosen.length < n; i++) {
    const sku = pick(rng);
    if (!chosen.some((c) => c.productRef === sku.productRef)) chosen.push(sku);
  }
  if (chosen.length === 0) chosen.push(skus[0]!);
  return chosen.map((sku) => {
    const snack = sku.category === "snacks";
    const r = rng.next();
    const quantity = snack ? (r < 0.7 ? 1 : r < 0.9 ? 2 : 3) : r < 0.9 ? 1 : r < 0.98 ? 2 : 3;
    return { sku, quantity, listFen: sku.priceFen * quantity };
  });
}

function makeOrder(
  rng: Rng,
  ref: number,
  customerRef: number,
  person: Person,
  createdAt: number,
  info: DayInfo,
  skus: readonly DemoSku[],
  pick: (r: Rng) => DemoSku,
  infoOf: (day: number) => DayInfo,
  now: number,
): DemoOrder {
  const raw = makeLines(rng, info, skus, pick);
  const listFen = raw.reduce((s, l) => s + l.listFen, 0);
  const weights = raw.map((l) => l.listFen);

  // Discounts: the node's 满减 and a shop coupon, each split over lines by largest remainder.
  const promos: Array<[string, number]> = [];
  if (info.promotion && listFen >= info.promotion.stepFen)
    promos.push([info.promotion.key, Math.floor(listFen / info.promotion.stepFen) * info.promotion.offFen]); // biome-ignore format: one line
  if (rng.chance(info.promotion ? 0.3 : 0.14)) {
    const after = listFen - promos.reduce((s, [, v]) => s + v, 0);
    if (after >= 19_900) promos.push([DEMO_COUPON_20_KEY, 2000]);
    else if (after >= 9_900) promos.push(["demo:coupon-10", 1000]);
  }
  const splits = promos.map(([key, fen]) => [key, splitLargestRemainder(fen, weights)] as const);
  const lines: DemoOrderLine[] = raw.map((l, i) => {
    const shares: Record<string, number> = {};
    let discountFen = 0;
    for (const [key, parts] of splits) {
      const v = parts[i] ?? 0;
      if (v > 0) {
        shares[key] = v;
        discountFen += v;
      }
    }
    return {
      lineNo: i + 1,
      skuRef: l.sku.ref,
      skuCode: l.sku.code,
      title: l.sku.title,
      unitPriceFen: l.sku.priceFen,
      quantity: l.quantity,
      listFen: l.listFen,
      discountFen,
      payableFen: l.listFen - discountFen,
      shares,
      refundedQty: 0,
      refundFen: 0,
    };
  });
  const discountFen = lines.reduce((s, l) => s + l.discountFen, 0);
  const payableFen = listFen - discountFen;
  const remote = REMOTE_PROVINCES.has(person.province);
  const shippingFen =
    payableFen < 4900 && rng.chance(0.6) ? 600 : remote && payableFen < 9900 ? 1200 : 0;

  const bigSale = isBigSale(info.node);
  const double11 = info.node === "double11";
  const orderNo = orderNumber(rng, ref, createdAt);
  const buyerMessage = rng.chance(0.08) ? rng.pick(BUYER_MESSAGES) : null;
  const events: DemoLogisticsEvent[] = [];
  const reviews: DemoReview[] = [];
  const afterSales: DemoAfterSale[] = [];
  // One object shape for every order (a literal, not a spread: far cheaper at this volume).
  const order = (fields: {
    status: DemoOrderStatus;
    paidAt?: number | null;
    shippedAt?: number | null;
    signedAt?: number | null;
    completedAt?: number | null;
    closedAt?: number | null;
    carrier?: string | null;
    trackingNo?: string | null;
    refundFen?: number;
  }): DemoOrder => ({
    ref,
    orderNo,
    customerRef,
    status: fields.status,
    listFen,
    discountFen,
    shippingFen,
    payableFen,
    paidFen: fields.paidAt ? payableFen + shippingFen : 0,
    refundFen: fields.refundFen ?? 0,
    createdAt,
    paidAt: fields.paidAt ?? null,
    shippedAt: fields.shippedAt ?? null,
    signedAt: fields.signedAt ?? null,
    completedAt: fields.completedAt ?? null,
    closedAt: fields.closedAt ?? null,
    carrier: fields.carrier ?? null,
    trackingNo: fields.trackingNo ?? null,
    receiverName: person.name,
    receiverPhone: person.phone,
    province: person.province,
    city: person.city,
    district: person.district,
    address: person.address,
    buyerMessage,
    node: info.node,
    lines,
    events,
    reviews,
    afterSales,
  });

  // Unpaid: closed by the platform after a while, or still waiting for payment.
  if (rng.chance(bigSale ? 0.06 : 0.035)) {
    const closeAt = createdAt + rng.int(15 * 60, 24 * 3600) * SECOND;
    return closeAt <= now ? order({ status: "closed", closedAt: closeAt }) : order({ status: "created" }); // biome-ignore format: one line
  }
  const quickPay = double11 && createdAt - dayStartUtc(info.day) < 2 * HOUR;
  const paidAt = createdAt + (quickPay ? rng.int(5, 600) : rng.int(10, 60 * (rng.chance(0.8) ? 5 : 40))) * SECOND; // biome-ignore format: one line
  if (paidAt > now) return order({ status: "created" });

  // After-sales decided up front: before shipment (order never ships) or after delivery.
  const afterSaleP = double11 ? 0.14 : bigSale ? 0.1 : info.promotion ? 0.085 : 0.07;
  const afterSaleRoll = rng.next() < afterSaleP;
  const preShip = afterSaleRoll && rng.chance(double11 ? 0.4 : 0.25);
  if (preShip) {
    const stockOut = double11 && rng.chance(0.6);
    let requestedAt: number;
    let reason: string;
    if (stockOut) {
      requestedAt = dayStartUtc(info.day + 10) + rng.int(8 * 3600, 3 * 24 * 3600) * SECOND;
      reason = rng.chance(0.6) ? "缺货" : "发货太慢";
    } else {
      requestedAt = paidAt + rng.int(30 * 60, 36 * 3600) * SECOND;
      if (double11) requestedAt = Math.max(requestedAt, dayStartUtc(info.day + 1) + rng.int(0, 12 * 3600) * SECOND); // biome-ignore format: one line
      reason = rng.pick(["不想要了", "拍错了/多拍了", "地址填错了", "发货太慢", "缺货"]);
    }
    if (requestedAt <= now) {
      const resolvedAt = requestedAt + rng.int(10 * 60, 30 * 3600) * SECOND;
      const done = resolvedAt <= now;
      const paidFen = payableFen + shippingFen;
      afterSales.push({
        lineNo: null,
        kind: "refund_only",
        reason,
        status: done ? "completed" : rng.chance(0.5) ? "approved" : "requested",
        quantity: lines.reduce((s, l) => s + l.quantity, 0),
        amountFen: paidFen,
        requestedAt,
        resolvedAt: done ? resolvedAt : null,
      });
      if (done) for (const l of lines) {
        l.refundedQty = l.quantity;
        l.refundFen = l.payableFen;
      } // biome-ignore format: short
      return order({
        status: done ? "refunded" : "refunding",
        paidAt,
        refundFen: done ? paidFen : 0,
      });
    }
  }

  // Shipment: slower after big sales, nothing collected while couriers are on leave.
  const shipDelay = double11
    ? 12 * HOUR + 5.5 * DAY_MS * rng.next() ** 1.6
    : bigSale
      ? 8 * HOUR + 2.5 * DAY_MS * rng.next()
      : rng.int(3 * 3600, 30 * 3600) * SECOND;
  let shippedAt = sec(paidAt + shipDelay);
  let shipDay = localDay(shippedAt);
  if (infoOf(shipDay).logisticsStopped) {
    while (infoOf(shipDay).logisticsStopped) shipDay++;
    shippedAt = dayStartUtc(shipDay) + rng.int(9 * 3600, 17 * 3600) * SECOND;
  }
  if (shippedAt > now) return order({ status: "paid", paidAt });
  const [carrier, , prefix, digits] = drawCarrier(rng);
  const trackingNo = trackingNumber(rng, prefix, digits);

  let transit = NEAR_PROVINCES.has(person.province)
    ? 1
    : MID_PROVINCES.has(person.province)
      ? rng.int(1, 2)
      : remote
        ? rng.int(3, 5)
        : rng.int(2, 3);
  if (carrier === "顺丰速运" || carrier === "京东快递") transit = Math.max(1, transit - 1);
  if (double11) transit += rng.int(1, 3);
  else if (bigSale) transit += rng.int(0, 1);
  const exception = rng.chance(bigSale ? 0.05 : 0.02);
  if (exception) transit += rng.int(1, 2);
  let signDay = localDay(shippedAt) + transit;
  for (let d = localDay(shippedAt) + 1; d <= signDay; d++)
    if (infoOf(d).logisticsStopped) signDay++;
  let signedAt = dayStartUtc(signDay) + rng.int(9 * 3600, 20 * 3600) * SECOND;
  if (signedAt < shippedAt + 14 * HOUR) signedAt = sec(shippedAt + 14 * HOUR + rng.int(0, 4 * 3600) * SECOND); // biome-ignore format: one line

  // Logistics events, only those that already happened.
  const collectedAt = shippedAt + rng.int(40 * 60, 4 * 3600) * SECOND;
  const transitAt = collectedAt + rng.int(2 * 3600, 6 * 3600) * SECOND;
  const span = signedAt - transitAt;
  const arrivedAt = sec(transitAt + span * (0.55 + 0.2 * rng.next()));
  const deliveringAt = sec(Math.max(arrivedAt + HOUR, signedAt - rng.int(40 * 60, 3 * 3600) * SECOND)); // biome-ignore format: one line
  const hub = `${person.province.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, "")}转运中心`; // biome-ignore format: one line
  const plan: DemoLogisticsEvent[] = [
    { at: shippedAt, kind: "shipped", location: "杭州市", description: `卖家已发货，${carrier} ${trackingNo}` }, // biome-ignore format: one line
    { at: collectedAt, kind: "collected", location: "杭州市", description: `【杭州市】${carrier} 杭州余杭网点 已揽收` }, // biome-ignore format: one line
    { at: transitAt, kind: "in_transit", location: "杭州市", description: `快件已从【杭州转运中心】发出，下一站【${hub}】` }, // biome-ignore format: one line
  ];
  if (exception)
    plan.push({
      at: sec(transitAt + span * 0.4),
      kind: "exception",
      location: person.city,
      description: rng.pick(["快件延误，请耐心等待", "收件地址不详，快递员联系中", "天气原因，快件滞留"]), // biome-ignore format: one line
    });
  plan.push(
    { at: arrivedAt, kind: "arrived_city", location: person.city, description: `快件已到达【${person.city}】` }, // biome-ignore format: one line
    { at: deliveringAt, kind: "delivering", location: `${person.city}${person.district}`, description: `【${person.city}${person.district}】快递员正在为您派件` }, // biome-ignore format: one line
    { at: signedAt, kind: "signed", location: `${person.city}${person.district}`, description: rng.chance(0.6) ? "已签收，签收人：本人" : "已签收，已放入快递柜/驿站" }, // biome-ignore format: one line
  );
  // Full traces for recent parcels and for the big-sale windows; older everyday parcels keep
  // their shipment and signature scans only (as a merchant system retains them).
  const fullTrace = now - signedAt < FULL_TRACE_MS || SALE_WINDOWS.has(info.node);
  for (const e of plan)
    if (e.at <= now && (fullTrace || e.kind === "shipped" || e.kind === "signed")) events.push(e);
  const shipped = { paidAt, shippedAt, carrier, trackingNo };
  if (signedAt > now) return order({ status: "shipped", ...shipped });

  // Buyer confirms, or the platform does 10 days after shipment.
  let completedAt = signedAt + rng.int(2 * 3600, 7 * 24 * 3600) * SECOND;
  if (completedAt > shippedAt + 10 * DAY_MS) completedAt = Math.max(signedAt + DAY_MS, shippedAt + 10 * DAY_MS); // biome-ignore format: one line
  let status: DemoOrderStatus = completedAt <= now ? "completed" : "signed";
  let refundFen = 0;

  // After delivery: returns, exchanges, small compensations.
  let badExperience = exception || transit >= 5;
  if (afterSaleRoll && !preShip) {
    const line = lines[rng.int(0, lines.length - 1)]!;
    const apparel = APPAREL.has(skus[line.skuRef]!.category);
    const r = rng.next();
    const kind = r < 0.65 ? "return_refund" : r < 0.8 && apparel ? "exchange" : "compensation";
    const requestedAt = signedAt + rng.int(3600, (kind === "compensation" ? 2 : 6) * 24 * 3600) * SECOND; // biome-ignore format: one line
    if (requestedAt <= now) {
      badExperience = true;
      const resolvedAt = requestedAt + (kind === "compensation" ? rng.int(600, 24 * 3600) : rng.int(3 * 24 * 3600, 10 * 24 * 3600)) * SECOND; // biome-ignore format: one line
      const open = resolvedAt > now;
      const outcome = rng.next();
      const asStatus = open
        ? requestedAt + DAY_MS < now ? "approved" : "requested"
        : kind === "compensation" || outcome < 0.9 ? "completed" : outcome < 0.96 ? "rejected" : "closed"; // biome-ignore format: one line
      let quantity = 0;
      let amountFen = 0;
      let reason: string;
      if (kind === "return_refund") {
        reason = rng.pick(apparel ? ["七天无理由", "尺码不合适", "质量问题", "与描述不符", "颜色与图片不符"] : ["七天无理由", "质量问题", "与描述不符", "收到商品破损"]); // biome-ignore format: one line
        quantity = line.quantity > 1 && rng.chance(0.4) ? 1 : line.quantity;
        amountFen = quantity === line.quantity ? line.payableFen : Math.floor((line.payableFen * quantity) / line.quantity); // biome-ignore format: one line
      } else if (kind === "exchange") {
        reason = rng.pick(["尺码不合适", "颜色不喜欢"]);
        quantity = 1;
      } else {
        reason = rng.pick(["物流太慢补偿", "包装破损补偿", "少发赠品补偿", "价保补差"]);
        amountFen = Math.min(line.payableFen, rng.int(5, 30) * 100);
      }
      afterSales.push({
        lineNo: line.lineNo,
        kind,
        reason,
        status: asStatus,
        quantity,
        amountFen,
        requestedAt,
        resolvedAt: open ? null : resolvedAt,
      });
      if (open && kind !== "exchange") status = "refunding";
      if (asStatus === "completed" && amountFen > 0) {
        if (kind === "return_refund") line.refundedQty = quantity;
        line.refundFen = amountFen;
        refundFen = amountFen;
        if (lines.every((l) => l.refundedQty === l.quantity)) status = "refunded";
      }
    }
  }

  // Reviews: about half of the confirmed orders, mostly five stars.
  if (status === "completed" && rng.chance(0.5)) {
    const at = completedAt + rng.int(3600, 10 * 24 * 3600) * SECOND;
    if (at <= now) {
      const first = lines[0]!;
      const category = categoryOf.get(skus[first.skuRef]!.category)!;
      const r = rng.next();
      const rating = badExperience
        ? r < 0.35 ? 5 : r < 0.55 ? 4 : r < 0.7 ? 3 : r < 0.82 ? 2 : 1
        : r < 0.83 ? 5 : r < 0.94 ? 4 : r < 0.97 ? 3 : r < 0.985 ? 2 : 1; // biome-ignore format: one line
      const template = rating >= 5 ? rng.pick(REVIEW_GOOD) : rating >= 3 ? rng.pick(REVIEW_OK) : rng.pick(REVIEW_BAD); // biome-ignore format: one line
      const p1 = rng.pick(category.praise);
      let p2 = rng.pick(category.praise);
      if (p2 === p1) p2 = "很喜欢";
      reviews.push({
        skuRef: first.skuRef,
        rating,
        text: template.replace("{p}", p1).replace("{p2}", p2),
        hasImages: rng.chance(rating <= 2 ? 0.45 : 0.22),
        at,
      });
    }
  }
  return order({
    status,
    ...shipped,
    signedAt,
    completedAt: completedAt <= now ? completedAt : null,
    refundFen,
  });
}
