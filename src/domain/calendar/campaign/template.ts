/**
 * The default schedule template (进度表) of a campaign, from the promotion playbook: every task
 * as offsets from the node's main day T, with an owner role and zh/en titles. Shops edit a copy;
 * nothing here is tied to Double 11 except the offsets, which other nodes reuse from their own T.
 */

/** Who owns a task. */
export type OwnerRole = "owner" | "operator" | "cs" | "analyst";

/** Area of work a task belongs to. */
export type TaskCategory =
  | "planning"
  | "stock"
  | "creative"
  | "resources"
  | "customerService"
  | "messaging"
  | "ads"
  | "fulfillment"
  | "afterSales"
  | "review";

/**
 * What happens when a task's date falls on a day that is not a working day:
 * - `previousWorkingDay`: preparation work; it must be ready before, so it moves earlier;
 * - `nextWorkingDay`: follow-up work after T (analysis, meetings); it moves later;
 * - `none`: the date is fixed — a customer touch (customers read messages on days off too) or
 *   a platform deadline that does not move.
 */
export type DateAdjustment = "previousWorkingDay" | "nextWorkingDay" | "none";

/** A time window within the day, local time, `HH:MM`. */
export interface TimeWindow {
  readonly from: string;
  readonly to: string;
}

/** One task of a template. */
export interface TaskTemplate {
  /** Stable kebab-case key. */
  readonly key: string;
  readonly title: string;
  readonly titleEn: string;
  readonly role: OwnerRole;
  readonly category: TaskCategory;
  /** Offset from T of the first day of work, when the task is a window. */
  readonly startOffset?: number;
  /** Offset from T of the due day (last day of the window). */
  readonly dueOffset: number;
  readonly window?: TimeWindow;
  readonly adjust: DateAdjustment;
  /** Where the rule comes from (playbook section). */
  readonly source: string;
}

/**
 * The default template. Offsets for the shipping rules are the Double 11 rule set
 * (T = 11-11: ship by 11-20 = T+9, real logistics scan by 11-24 = T+13, refunds for late
 * shipment open 11-21 = T+10, complaints upheld from 11-25 = T+14).
 */
export const DEFAULT_TASK_TEMPLATE: readonly TaskTemplate[] = [
  // 活动规划与方案 planning and plan
  {
    key: "targets-and-budget",
    title: "确定活动目标与预算（渠道目标、单品目标、投入产出比）",
    titleEn: "Set targets and budget (per channel, per hero SKU, ROI)",
    role: "owner",
    category: "planning",
    dueOffset: -45,
    adjust: "previousWorkingDay",
    source: "playbook §2",
  },
  {
    key: "slot-negotiation",
    title: "与平台小二谈判坑位资源（推广费用换坑位、承诺销售额）",
    titleEn: "Negotiate platform slots with the buyers (fee, slot, committed sales)",
    role: "owner",
    category: "resources",
    dueOffset: -35,
    adjust: "previousWorkingDay",
    source: "playbook §2",
  },
  {
    key: "hero-skus",
    title: "选定主推款（爆品）与活动商品",
    titleEn: "Choose hero SKUs and the products on promotion",
    role: "operator",
    category: "stock",
    dueOffset: -30,
    adjust: "previousWorkingDay",
    source: "playbook §2, §10",
  },
  {
    key: "mechanics-and-benefits",
    title: "确定玩法与利益点（1–3 种玩法，核对到手价）",
    titleEn: "Fix mechanics and benefit points (1–3 mechanics, check final prices)",
    role: "operator",
    category: "planning",
    dueOffset: -25,
    adjust: "previousWorkingDay",
    source: "playbook §9",
  },
  {
    key: "stock-ready",
    title: "备货到位：主推款库存充足，靠近发货区",
    titleEn: "Stock ready: enough hero-SKU stock, placed next to packing",
    role: "operator",
    category: "stock",
    dueOffset: -15,
    adjust: "previousWorkingDay",
    source: "playbook §2, §5",
  },
  {
    key: "creative",
    title: "活动方案、创意文案、主图与 Banner 定稿",
    titleEn: "Final plan, copy, key visuals and banners",
    role: "operator",
    category: "creative",
    dueOffset: -12,
    adjust: "previousWorkingDay",
    source: "playbook §2, §10",
  },
  {
    key: "sms-credit-top-up",
    title: "短信余额充值，确认发送额度",
    titleEn: "Top up SMS credit and check the sending quota",
    role: "operator",
    category: "messaging",
    dueOffset: -12,
    adjust: "previousWorkingDay",
    source: "playbook §3",
  },
  // 推广 ads
  {
    key: "ads-ramp-up",
    title: "直通车、钻展加大投放，引导收藏加购",
    titleEn: "Ramp up paid search and display ads to build favourites and carts",
    role: "operator",
    category: "ads",
    startOffset: -15,
    dueOffset: -10,
    adjust: "previousWorkingDay",
    source: "playbook §4",
  },
  {
    key: "ads-cut-decision",
    title: "按点击单价决定减少、控制或停止日花费",
    titleEn: "Decide to cut, cap or stop daily ad spend as cost per click jumps",
    role: "operator",
    category: "ads",
    dueOffset: -3,
    adjust: "previousWorkingDay",
    source: "playbook §4",
  },
  {
    key: "affiliate-commissions",
    title: "淘宝客佣金：仅长期合作伙伴保留高佣，其余调到最低",
    titleEn: "Affiliate commissions: high only for known long-term partners, minimum otherwise",
    role: "operator",
    category: "ads",
    dueOffset: -3,
    adjust: "previousWorkingDay",
    source: "playbook §4",
  },
  // 客服 customer service
  {
    key: "cs-training",
    title: "客服培训：产品知识、促销规则、话术",
    titleEn: "Customer service training: products, promotion rules, scripts",
    role: "cs",
    category: "customerService",
    dueOffset: -5,
    adjust: "previousWorkingDay",
    source: "playbook §5",
  },
  {
    key: "cs-scripts",
    title: "快捷短语、自动回复、催付与退换货话术、应急与投诉预案",
    titleEn: "Quick replies, auto-replies, payment-reminder and returns scripts, emergency plan",
    role: "cs",
    category: "customerService",
    dueOffset: -3,
    adjust: "previousWorkingDay",
    source: "playbook §5",
  },
  {
    key: "cs-shifts",
    title: "客服分组排班，安排弹性坐席",
    titleEn: "CS groups, shifts and elastic extra seats for the peak",
    role: "cs",
    category: "customerService",
    dueOffset: -3,
    adjust: "previousWorkingDay",
    source: "playbook §5",
  },
  {
    key: "carriers",
    title: "确认多家快递备选，异常单处理流程",
    titleEn: "Line up several carriers and the abnormal-order procedure",
    role: "operator",
    category: "fulfillment",
    dueOffset: -5,
    adjust: "previousWorkingDay",
    source: "playbook §7",
  },
  {
    key: "store-homepage",
    title: "大促首页装修上线，准备备用模板",
    titleEn: "Sale homepage live, spare templates ready",
    role: "operator",
    category: "creative",
    dueOffset: -2,
    adjust: "previousWorkingDay",
    source: "playbook §10",
  },
  // 预热 warm-up waves (customer touches: fixed dates)
  {
    key: "warm-up-wave-1-sms",
    title: "预热第一轮短信：活跃客户提醒、忠诚客户感恩、一般客户以优惠唤醒",
    titleEn:
      "Warm-up wave 1, SMS: remind active, thank loyal, wake general customers with the deal",
    role: "operator",
    category: "messaging",
    startOffset: -10,
    dueOffset: -6,
    adjust: "none",
    source: "playbook §3",
  },
  {
    key: "warm-up-wave-2-email",
    title: "预热第二轮邮件：活动通知与领券链接；老客推新品与满额礼包",
    titleEn:
      "Warm-up wave 2, email: event notice and coupon link; new items and gift packs for returning customers",
    role: "operator",
    category: "messaging",
    startOffset: -5,
    dueOffset: -2,
    adjust: "none",
    source: "playbook §3",
  },
  {
    key: "warm-up-wave-3-sms-call",
    title: "预热第三轮短信加电话：活动内容、开始与结束时间，抢前两小时",
    titleEn: "Warm-up wave 3, SMS and phone: what, start and end, be there in the first two hours",
    role: "cs",
    category: "messaging",
    dueOffset: -1,
    window: { from: "20:00", to: "22:00" },
    adjust: "none",
    source: "playbook §3",
  },
  // 当天 peak day
  {
    key: "peak-day-watch",
    title: "当天监控：数据、咨询量、投诉、爆仓预警",
    titleEn: "Peak-day watch: data, chat volume, complaints, warehouse overload",
    role: "analyst",
    category: "review",
    dueOffset: 0,
    adjust: "none",
    source: "playbook §2, §5",
  },
  // 发货与售后 shipping and after-sales
  {
    key: "shipping-reminder",
    title: "发货提醒短信",
    titleEn: "Shipping reminder messages",
    role: "cs",
    category: "afterSales",
    startOffset: 0,
    dueOffset: 1,
    adjust: "none",
    source: "playbook §6, §8",
  },
  {
    key: "ship-by-deadline",
    title: "T 至 T+6 付款的订单全部发货（卖家已发货），截止当天 24:00",
    titleEn: "Ship every order paid T…T+6 (status shipped) by 24:00",
    role: "operator",
    category: "fulfillment",
    dueOffset: 9,
    adjust: "none",
    source: "playbook §7",
  },
  {
    key: "late-shipment-refunds",
    title: "缺货、未按约定时间发货退款入口开放：处理退款申请",
    titleEn: "Out-of-stock and late-shipment refund requests open: handle them",
    role: "cs",
    category: "afterSales",
    dueOffset: 10,
    adjust: "none",
    source: "playbook §7",
  },
  {
    key: "review-gift",
    title: "好评有礼",
    titleEn: "Review gift campaign",
    role: "operator",
    category: "afterSales",
    startOffset: 8,
    dueOffset: 10,
    adjust: "none",
    source: "playbook §8",
  },
  {
    key: "logistics-scan-deadline",
    title: "所有订单须有真实物流走件记录（非仅揽收），截止当天 24:00",
    titleEn: "Every order has a real logistics scan (not just collected) by 24:00",
    role: "operator",
    category: "fulfillment",
    dueOffset: 13,
    adjust: "none",
    source: "playbook §7",
  },
  {
    key: "no-logistics-complaints",
    title: "起日无物流记录的投诉直接成立：核查并处理异常单",
    titleEn: "From today complaints about missing logistics are upheld: check abnormal orders",
    role: "cs",
    category: "afterSales",
    dueOffset: 14,
    adjust: "none",
    source: "playbook §7",
  },
  {
    key: "customer-layering",
    title: "新客分层：好评、中差评、缺货、大单客户",
    titleEn: "Layer new customers: positive, neutral/negative, out-of-stock, big orders",
    role: "analyst",
    category: "afterSales",
    dueOffset: 5,
    adjust: "nextWorkingDay",
    source: "playbook §8",
  },
  {
    key: "after-sales-follow-up",
    title: "售后回访：中差评一对一跟进致歉送券，缺货客户退款或补偿",
    titleEn:
      "After-sales follow-up: one-to-one for negative reviews, refunds or compensation for out-of-stock",
    role: "cs",
    category: "afterSales",
    startOffset: 1,
    dueOffset: 15,
    adjust: "nextWorkingDay",
    source: "playbook §7, §8",
  },
  {
    key: "after-sale-care",
    title: "售后关怀",
    titleEn: "After-sale care messages",
    role: "cs",
    category: "afterSales",
    startOffset: 15,
    dueOffset: 16,
    adjust: "none",
    source: "playbook §8",
  },
  // 复盘 retrospective
  {
    key: "retrospective",
    title: "复盘：目标完成与差距、过程问题、下次改进",
    titleEn: "Retrospective: targets vs. results, process problems, what to do better",
    role: "analyst",
    category: "review",
    dueOffset: 14,
    adjust: "nextWorkingDay",
    source: "playbook §2",
  },
];
