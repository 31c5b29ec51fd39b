/** Builders of Taobao-style test files (订单报表 / 宝贝报表) from simple order specs. */
import {
  csvLine,
  excelText,
  rowByHeader,
  TAOBAO_DETAIL_HEADER,
  TAOBAO_ORDER_HEADER_46,
  TAOBAO_ORDER_HEADER_56,
  TAOBAO_ORDER_HEADER_61,
} from "../../src/adapters/import/taobao-csv.ts";

export interface SampleOrder {
  orderNo: string;
  buyer: string;
  status: string;
  goods: string;
  shipping: string;
  total: string;
  paid: string;
  refund?: string;
  createdAt: string;
  paidAt: string;
  title: string;
  qty: string;
  receiver: string;
  address: string;
  mobile: string;
  message?: string;
  carrier?: string;
  tracking?: string;
}

export const HEADERS = {
  46: TAOBAO_ORDER_HEADER_46,
  56: TAOBAO_ORDER_HEADER_56,
  61: TAOBAO_ORDER_HEADER_61,
};

/** A few realistic orders covering the statuses and the quoting traps. */
export function sampleOrders(): SampleOrder[] {
  return [
    {
      orderNo: "35153131473293579",
      buyer: "tb_小明",
      status: "交易成功",
      goods: "201.12",
      shipping: "0.00",
      total: "201.12",
      paid: "201.12",
      createdAt: "2017-11-11 00:00:01",
      paidAt: "2017-11-11 00:00:30",
      title: "羊毛衫 男款，加厚围巾",
      qty: "2",
      receiver: "王小明",
      address: "浙江省 杭州市 余杭区 文一西路969号 3号楼(311121)",
      mobile: "'13800138000",
      message: '请发顺丰, 谢谢 "加急"\r\n第二行',
      carrier: "顺丰速运",
      tracking: "SF1234567890",
    },
    {
      orderNo: "1234567890123456789",
      buyer: "buyer_b",
      status: "买家已付款，等待卖家发货",
      goods: "0.29",
      shipping: "10.00",
      total: "10.29",
      paid: "10.29",
      createdAt: "2017-11-11 09:30:00",
      paidAt: "2017-11-11 09:31:00",
      title: "贴纸",
      qty: "1",
      receiver: "李四",
      address: "北京 北京市 朝阳区 建国路88号\n2单元(000000)",
      mobile: "'13900139000",
    },
    {
      orderNo: "1234567890123456788",
      buyer: "buyer_c",
      status: "等待买家付款",
      goods: "1.10",
      shipping: "0元",
      total: "1.10",
      paid: "0.00",
      createdAt: "2017-11-12 23:59:59",
      paidAt: "",
      title: "袜子",
      qty: "1",
      receiver: "张三",
      address: "广东省 深圳市 南山区 科技园(518000)",
      mobile: "'13700137000",
    },
    {
      orderNo: "3515313147329357",
      buyer: "tb_小明",
      status: "交易关闭",
      goods: "19999999.99",
      shipping: "0.00",
      total: "19999999.99",
      paid: "19999999.99",
      refund: "19999999.99",
      createdAt: "2017-11-13 08:00:00",
      paidAt: "2017-11-13 08:00:05",
      title: "金条",
      qty: "1",
      receiver: "王小明",
      address: "浙江省 杭州市 余杭区 文一西路969号(311121)",
      mobile: "'13800138000",
    },
    {
      orderNo: "351531314732935800",
      buyer: "buyer_d",
      status: "卖家已发货，等待买家确认",
      goods: "99.00",
      shipping: "6.00",
      total: "105.00",
      paid: "95.00",
      createdAt: "2017-11-14 12:00:00",
      paidAt: "2017-11-14 12:01:00",
      title: "T恤",
      qty: "3",
      receiver: "赵六",
      address: "上海 上海市 浦东新区 世纪大道1号(200120)",
      mobile: "'13600136000",
      carrier: "中通快递",
      tracking: "ZT998877",
    },
  ];
}

export type OrderNoStyle = "excel" | "tab" | "apostrophe" | "plain";

function guardNo(no: string, style: OrderNoStyle): string {
  if (style === "excel") return excelText(no);
  if (style === "tab") return `\t${no}`;
  if (style === "apostrophe") return `'${no}`;
  return no;
}

/** The named values of one 订单报表 record. */
export function orderCells(o: SampleOrder, style: OrderNoStyle = "excel"): Record<string, string> {
  return {
    订单编号: guardNo(o.orderNo, style),
    买家会员名: o.buyer,
    买家应付货款: o.goods,
    买家应付邮费: o.shipping,
    总金额: o.total,
    买家实际支付金额: o.paid,
    订单状态: o.status,
    买家留言: o.message ?? "",
    收货人姓名: o.receiver,
    收货地址: o.address,
    联系手机: o.mobile,
    订单创建时间: o.createdAt,
    订单付款时间: o.paidAt,
    宝贝标题: o.title,
    宝贝种类: "1",
    物流单号: o.tracking ?? "",
    物流公司: o.carrier ?? "",
    宝贝总数量: o.qty,
    退款金额: o.refund ?? "0.00",
    买家服务费: "0元",
    订单关闭原因: o.refund ? "退款" : "订单未关闭",
  };
}

/** A 订单报表 CSV text (no BOM) for the orders. */
export function orderListCsv(
  orders: readonly SampleOrder[],
  options: { columns?: 46 | 56 | 61; style?: OrderNoStyle; header?: readonly string[] } = {},
): string {
  const header = options.header ?? HEADERS[options.columns ?? 56];
  let s = csvLine(header);
  for (const o of orders) s += csvLine(rowByHeader(header, orderCells(o, options.style)));
  return s;
}

export interface SampleDetail {
  orderNo: string;
  title: string;
  price: string;
  qty: string;
  sku?: string;
  attrs?: string;
}

/** A 宝贝报表 CSV text: every data row ends with the extra trailing comma real files have. */
export function detailListCsv(lines: readonly SampleDetail[]): string {
  let s = csvLine(TAOBAO_DETAIL_HEADER);
  for (const l of lines) {
    s += csvLine(
      rowByHeader(TAOBAO_DETAIL_HEADER, {
        订单编号: excelText(l.orderNo),
        标题: l.title,
        价格: l.price,
        购买数量: l.qty,
        商品属性: l.attrs ?? "",
        商家编码: l.sku ?? "",
        订单状态: "交易成功",
      }),
      true,
    );
  }
  return s;
}
