/**
 * Journey step templates: variable rendering and the built-in playbook journeys (three
 * warm-up waves, logistics messages, the post-promotion nurture timeline). Pure: dates are
 * calendar days (`YYYY-MM-DD`) and local clocks (`HH:mm`) in the shop's zone.
 */

import { addDays, type IsoDate } from "../../calendar/date.ts";
import { nextOccurrence } from "../../calendar/nodes.ts";
import type { OutreachChannel } from "../frequency-cap.ts";
import type { SmsType } from "../sms-lint.ts";

/** Variables a template may use, e.g. `{name}`. */
export type TemplateVariable =
  | "name"
  | "shop"
  | "coupon"
  | "link"
  | "orderNo"
  | "trackingNo"
  | "product"
  | "start"
  | "end"
  | "unsubscribe";

/** Every variable a template may use. */
export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  "name",
  "shop",
  "coupon",
  "link",
  "orderNo",
  "trackingNo",
  "product",
  "start",
  "end",
  "unsubscribe",
];

/** Result of {@link renderTemplate}. */
export interface RenderResult {
  readonly text: string;
  /** Variables used by the template without a value (left as written). */
  readonly missing: readonly string[];
  /** `{…}` names that are not template variables. */
  readonly unknown: readonly string[];
}

/**
 * Replaces `{variable}` placeholders. A name without a value falls back to `亲` for `{name}`
 * and is otherwise left in place and reported.
 *
 * @example
 * renderTemplate("【小店】{name}您好，券码{coupon}", { name: "张伟", coupon: "A1" }).text;
 * // "【小店】张伟您好，券码A1"
 */
export function renderTemplate(
  template: string,
  vars: Readonly<Partial<Record<TemplateVariable, string | null | undefined>>>,
): RenderResult {
  const missing = new Set<string>();
  const unknown = new Set<string>();
  const text = template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => {
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name)) {
      unknown.add(name);
      return whole;
    }
    const v = vars[name as TemplateVariable];
    if (v != null && v !== "") return v;
    if (name === "name") return "亲";
    missing.add(name);
    return whole;
  });
  return { text, missing: [...missing].sort(), unknown: [...unknown].sort() };
}

/** Who a step addresses: a saved segment or one of the playbook segments. */
export type StepAudience =
  | { readonly kind: "segment"; readonly segmentId: number }
  | { readonly kind: "playbook"; readonly playbook: "loyal" | "active" | "general" | "all" }
  | { readonly kind: "event"; readonly event: LogisticsEvent };

/** Logistics events that trigger a notification (`delayed`: a carrier exception). */
export type LogisticsEvent = "shipped" | "arrived_city" | "signed" | "delayed";

/** Every logistics event with a notification, in shipment order. */
export const LOGISTICS_EVENTS: readonly LogisticsEvent[] = [
  "shipped",
  "arrived_city",
  "delayed",
  "signed",
];

/** A step condition: skip customers who paid an order since an instant (or since planning). */
export interface StepCondition {
  readonly notBoughtSince?: "journey_start" | string;
}

/** A step as planned: when, to whom, on which channel, with which text. */
export interface StepDraft {
  readonly key: string;
  readonly name: string;
  readonly channel: OutreachChannel;
  readonly smsType: SmsType;
  readonly audience: StepAudience;
  readonly template: string;
  readonly subject?: string;
  /** Day offset from the campaign's T (peak day). */
  readonly offsetDays: number;
  /** Local send window on that day (shop's zone), `HH:mm`. */
  readonly windowFrom: string;
  readonly windowTo: string;
  /** Further days the step may spread over (T-10…T-6 is 4 extra days). */
  readonly spanDays?: number;
  readonly condition?: StepCondition;
  /** Call script for phone steps. */
  readonly script?: string;
}

/** Phrases never pushed to returning customers (playbook §3): deep storewide discounts. */
export const RETURNING_FORBIDDEN = ["全场5折", "全场五折", "5折", "五折"] as const;

const optOut = "回T退订";

/**
 * The playbook's three warm-up waves for a signature such as `小店`.
 * Wave 1 (T-10…T-6, SMS) has one step per playbook segment; wave 2 (T-5…T-2, email) has a
 * coupon-claim link, with a returning-customer variant (new products + old-customer gift pack,
 * never "全场5折"); wave 3 (T-1 20:00–22:00) is an SMS plus phone calls.
 *
 * @example
 * warmupWaves("小店").map((s) => s.key);
 * // ["wave1-active", "wave1-loyal", "wave1-general", "wave2-new", "wave2-returning", "wave3-sms", "wave3-phone"]
 */
export function warmupWaves(signature: string): StepDraft[] {
  const sig = `【${signature}】`;
  const w1 = { channel: "sms", smsType: "marketing", offsetDays: -10, spanDays: 4 } as const;
  return [
    {
      ...w1,
      key: "wave1-active",
      name: "第一波·活跃客户提醒",
      audience: { kind: "playbook", playbook: "active" },
      template: `${sig}{name}，双11活动即将开始，您常买的好物已备好，{link} ${optOut}`,
      windowFrom: "18:00",
      windowTo: "19:30",
    },
    {
      ...w1,
      key: "wave1-loyal",
      name: "第一波·忠诚客户致谢",
      audience: { kind: "playbook", playbook: "loyal" },
      template: `${sig}{name}，感谢一直以来的支持，双11为老朋友准备了新品和老客礼包，{link} ${optOut}`,
      windowFrom: "18:00",
      windowTo: "19:30",
    },
    {
      ...w1,
      key: "wave1-general",
      name: "第一波·一般客户唤醒",
      audience: { kind: "playbook", playbook: "general" },
      template: `${sig}{name}，双11提前领券，满300减40，{link} ${optOut}`,
      windowFrom: "18:00",
      windowTo: "19:30",
    },
    {
      key: "wave2-new",
      name: "第二波·邮件领券",
      channel: "email",
      smsType: "marketing",
      audience: { kind: "playbook", playbook: "general" },
      subject: "{shop} 双11 提前领券",
      template:
        "{name}您好：\n\n{shop} 双11活动将于 {start} 开始，现在即可提前领取优惠券：{link}\n\n退订：{unsubscribe}",
      offsetDays: -5,
      spanDays: 3,
      windowFrom: "12:00",
      windowTo: "13:00",
    },
    {
      key: "wave2-returning",
      name: "第二波·老客新品与礼包",
      channel: "email",
      smsType: "marketing",
      audience: { kind: "playbook", playbook: "loyal" },
      subject: "{shop} 老朋友专属：新品与老客礼包",
      template:
        "{name}您好：\n\n感谢您再次光临 {shop}。双11我们上了新品，老客满额即送老客礼包，提前领取：{link}\n\n退订：{unsubscribe}",
      offsetDays: -5,
      spanDays: 3,
      windowFrom: "12:00",
      windowTo: "13:00",
    },
    {
      key: "wave3-sms",
      name: "第三波·开场提醒短信",
      channel: "sms",
      smsType: "marketing",
      audience: { kind: "playbook", playbook: "all" },
      template: `${sig}{name}，双11今晚0点开始，前2小时加购立享专属优惠，{link} ${optOut}`,
      offsetDays: -1,
      windowFrom: "20:00",
      windowTo: "22:00",
    },
    {
      key: "wave3-phone",
      name: "第三波·开场提醒电话",
      channel: "phone",
      smsType: "marketing",
      audience: { kind: "playbook", playbook: "loyal" },
      template: "{name}您好，这里是{shop}。双11今晚0点开始，开场前2小时有专属优惠，记得准时来哦。",
      script: "问候 → 活动时间（今晚0点）→ 前2小时专属优惠 → 感谢；客户不便时礼貌结束并记录。",
      offsetDays: -1,
      windowFrom: "20:00",
      windowTo: "22:00",
    },
  ];
}

/**
 * Logistics notifications (playbook §6) as notification SMS: shipped, arrived in the
 * buyer's city, signed; plus an apology when the carrier reports an exception (a delay).
 * The signed message is care wording (usage tips, after-sales contact) with no reward tied
 * to a review (SMS-RULES forbids review incentives).
 */
export function logisticsTemplates(signature: string): StepDraft[] {
  const sig = `【${signature}】`;
  const base = {
    channel: "sms",
    smsType: "notification",
    offsetDays: 0,
    windowFrom: "09:00",
    windowTo: "21:00",
  } as const;
  return [
    {
      ...base,
      key: "logistics-shipped",
      name: "物流·已发货",
      audience: { kind: "event", event: "shipped" },
      template: `${sig}{name}，您的订单{orderNo}已发货，运单号{trackingNo}，请留意查收。`,
    },
    {
      ...base,
      key: "logistics-arrived",
      name: "物流·到达所在城市",
      audience: { kind: "event", event: "arrived_city" },
      template: `${sig}{name}，您的包裹{trackingNo}已到达您所在城市，即将派送。`,
    },
    {
      ...base,
      key: "logistics-delayed",
      name: "物流·运输延误致歉",
      audience: { kind: "event", event: "delayed" },
      template: `${sig}{name}，很抱歉，您的包裹{trackingNo}运输途中出现延误，我们正在跟进处理，如有疑问请联系客服。`,
    },
    {
      ...base,
      key: "logistics-signed",
      name: "物流·已签收关怀",
      audience: { kind: "event", event: "signed" },
      template: `${sig}{name}，包裹已签收。使用中有任何问题，请随时联系客服，我们一直在。`,
    },
  ];
}

/** A nurture touch placed on the calendar. */
export interface NurtureTouch {
  readonly key: string;
  readonly name: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
}

/** Offsets (days) of the nurture timeline from the festival's peak day (§8, Double 11 = 0). */
const NURTURE: readonly { key: string; name: string; from: number; to: number }[] = [
  { key: "shipping-reminder", name: "发货提醒", from: 0, to: 1 },
  { key: "review-care", name: "评价关怀（无返利）", from: 8, to: 10 },
  { key: "after-sale-care", name: "售后关怀", from: 15, to: 16 },
  { key: "similar-products", name: "相似商品推荐", from: 30, to: 31 },
  { key: "christmas-wakeup", name: "圣诞唤醒", from: 36, to: 37 },
  { key: "new-year-wakeup", name: "元旦唤醒", from: 43, to: 44 },
];

/** The Spring Festival wake-up runs this many days before the lunar New Year (1-29…1-30 in the source year). */
export const SPRING_WAKEUP_DAYS_BEFORE = { from: 7, to: 6 } as const;

/**
 * The post-promotion nurture timeline (playbook §8) placed relative to any festival's peak
 * day; the Spring Festival wake-up follows the lunar New Year after the peak.
 *
 * @example
 * nurtureTimeline("2026-11-11").at(-1); // { key: "spring-festival-wakeup", from: "2027-01-30", to: "2027-01-31", … }
 */
export function nurtureTimeline(peak: IsoDate): NurtureTouch[] {
  const touches: NurtureTouch[] = NURTURE.map((n) => ({
    key: n.key,
    name: n.name,
    from: addDays(peak, n.from),
    to: addDays(peak, n.to),
  }));
  const sf = nextOccurrence("spring-festival", addDays(peak, 1));
  if (sf) {
    touches.push({
      key: "spring-festival-wakeup",
      name: "春节唤醒",
      from: addDays(sf.date, -SPRING_WAKEUP_DAYS_BEFORE.from),
      to: addDays(sf.date, -SPRING_WAKEUP_DAYS_BEFORE.to),
    });
  }
  return touches;
}
