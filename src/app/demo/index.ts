/** Use cases of the demo shop. */

export {
  DEMO_COUPON_SEGMENT,
  type DemoCampaignSummary,
  type DemoCampaignsOptions,
  type DemoCampaignsResult,
  loadDemoCampaigns,
} from "./demo-campaigns.ts";
export {
  type DemoLoadPhase,
  type DemoLoadSummary,
  type DemoProgress,
  DemoShopExistsError,
  type LoadDemoOptions,
  loadDemoShop,
  NotADemoShopError,
} from "./load-demo.ts";
