/**
 * Writing Taobao-style CSV: the 订单报表 header variants (46, 56 and 61 columns, with the
 * trailing spaces real exports carry), the 宝贝报表 header, and RFC 4180 lines with every
 * value quoted. Used by export, by the benchmark and to build sample files.
 */

/** The 46-column 订单报表 header (trailing spaces as in real files). */
export const TAOBAO_ORDER_HEADER_46: readonly string[] = [
  "订单编号",
  "买家会员名",
  "买家支付宝账号",
  "买家应付货款",
  "买家应付邮费",
  "买家支付积分",
  "总金额",
  "返点积分",
  "买家实际支付金额",
  "买家实际支付积分",
  "订单状态",
  "买家留言",
  "收货人姓名",
  "收货地址 ",
  "运送方式",
  "联系电话 ",
  "联系手机",
  "订单创建时间",
  "订单付款时间 ",
  "宝贝标题 ",
  "宝贝种类 ",
  "物流单号 ",
  "物流公司",
  "订单备注",
  "宝贝总数量",
  "店铺Id",
  "店铺名称",
  "订单关闭原因",
  "卖家服务费",
  "买家服务费",
  "发票抬头",
  "是否手机订单",
  "分阶段订单信息",
  "特权订金订单id",
  "是否上传合同照片",
  "是否上传小票",
  "是否代付",
  "定金排名",
  "修改后的sku",
  "修改后的收货地址",
  "异常信息",
  "天猫卡券抵扣",
  "集分宝抵扣",
  "是否是O2O交易",
  "新零售交易类型",
  "新零售导购门店id",
];

/** The 56-column variant: adds payment and refund columns. */
export const TAOBAO_ORDER_HEADER_56: readonly string[] = [
  ...TAOBAO_ORDER_HEADER_46,
  "新零售导购门店名称",
  "新零售发货门店id",
  "新零售发货门店名称",
  "退款金额",
  "预约门店",
  "确认收货时间",
  "打款商家金额",
  "含应开票给个人的个人红包",
  "是否信用购",
  "前N有礼",
];

/** The 61-column variant: adds 支付单号, 支付详情, 主订单编号 and more. */
export const TAOBAO_ORDER_HEADER_61: readonly string[] = [
  ...TAOBAO_ORDER_HEADER_56,
  "支付单号",
  "支付详情",
  "主订单编号",
  "发货时间",
  "天猫国际计税优惠金额",
];

/** The 宝贝报表 header. */
export const TAOBAO_DETAIL_HEADER: readonly string[] = [
  "订单编号",
  "标题",
  "价格",
  "购买数量",
  "外部系统编号",
  "商品属性",
  "套餐信息",
  "备注",
  "订单状态",
  "商家编码",
];

/** Quotes one CSV value (always), doubling inner quotes. */
export function csvQuote(value: string): string {
  return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
}

/** One CSV record with every value quoted, CRLF-terminated. */
export function csvLine(values: readonly string[], trailingComma = false): string {
  let s = "";
  for (let i = 0; i < values.length; i++) s += (i === 0 ? "" : ",") + csvQuote(values[i] ?? "");
  return `${s}${trailingComma ? "," : ""}\r\n`;
}

/** The Excel text guard real exports put around order numbers. */
export function excelText(value: string): string {
  return `="${value}"`;
}

/**
 * Lays out named values in header order (names matched trimmed); unnamed columns are empty.
 * @example rowByHeader(TAOBAO_DETAIL_HEADER, { 订单编号: "…", 标题: "T恤" })
 */
export function rowByHeader(
  header: readonly string[],
  values: Readonly<Record<string, string | undefined>>,
): string[] {
  return header.map((h) => values[h.trim()] ?? "");
}
