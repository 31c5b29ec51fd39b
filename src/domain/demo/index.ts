/** The demo shop generator: catalogue, customers and two years of orders. */
export { DAY_MS, type DemoNode, dayInfo, localDay, SPRING_FESTIVAL } from "./calendar.ts";
export {
  checkDemoOptions,
  DEMO_COUPON_20_KEY,
  DEMO_HISTORY_DAYS,
  DEMO_SHOP_CODE,
  DEMO_SHOP_NAME,
  generateDemoShop,
  MAX_DEMO_CUSTOMERS,
  MAX_DEMO_ORDERS,
} from "./generate.ts";
export { DEMO_EMAIL_DOMAINS, DEMO_PHONE_PATTERN } from "./people.ts";
export type * from "./types.ts";
