/**
 * SMS provider adapters: pick one from configuration.
 */

import { type AliyunSmsOptions, AliyunSmsProvider } from "./aliyun/client.ts";
import { FakeSmsProvider, type FakeSmsProviderOptions } from "./fake/client.ts";
import type { SmsProvider } from "./provider.ts";
import { type TencentSmsOptions, TencentSmsProvider } from "./tencent/client.ts";

export { AliyunSmsProvider, classifyAliyunCode } from "./aliyun/client.ts";
export { FakeSmsProvider } from "./fake/client.ts";
export * from "./provider.ts";
export { classifyTencentCode, TencentSmsProvider } from "./tencent/client.ts";

/** Which adapter to use, with its settings. */
export type SmsProviderConfig =
  | ({ readonly provider: "aliyun" } & AliyunSmsOptions)
  | ({ readonly provider: "tencent" } & TencentSmsOptions)
  | ({ readonly provider: "fake" } & FakeSmsProviderOptions);

/**
 * Builds the adapter a configuration names.
 *
 * @example
 * const sms = createSmsProvider({ provider: "fake", baseUrl: "http://127.0.0.1:43121" });
 */
export function createSmsProvider(config: SmsProviderConfig): SmsProvider {
  switch (config.provider) {
    case "aliyun":
      return new AliyunSmsProvider(config);
    case "tencent":
      return new TencentSmsProvider(config);
    case "fake":
      return new FakeSmsProvider(config);
  }
}
