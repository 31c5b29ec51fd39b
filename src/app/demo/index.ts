/** Use cases of the demo shop. */
export {
  type DemoLoadPhase,
  type DemoLoadSummary,
  type DemoProgress,
  DemoShopExistsError,
  type LoadDemoOptions,
  loadDemoShop,
  NotADemoShopError,
} from "./load-demo.ts";
