/** Runtime configuration, from the environment. Documented in README (配置 / Configuration). */
export interface Config {
  host: string;
  port: number;
  databaseUrl: string | undefined;
  dataDir: string;
  adminUser: string | undefined;
  adminPassword: string | undefined;
  /** Load the demo shop into an empty database at start (default true). */
  demo: boolean;
  demoSeed: number;
  demoCustomers: number;
  demoOrders: number;
  webDir: string;
  /** Run the outreach delivery worker in this process (default true). */
  worker: boolean;
  /**
   * SMS provider of the delivery worker: `builtin` (default) starts the local fake provider
   * in-process (demo, trials); `fake` uses one at `smsFakeUrl`; `aliyun` / `tencent` need
   * their credentials.
   */
  sms: SmsConfig;
  /** Messages per second to the SMS provider. */
  smsRatePerSecond: number;
}

/** SMS provider settings from the environment. */
export type SmsConfig =
  | { provider: "builtin" }
  | { provider: "fake"; baseUrl: string; apiKey?: string }
  | { provider: "aliyun"; accessKeyId: string; accessKeySecret: string; signName: string }
  | {
      provider: "tencent";
      secretId: string;
      secretKey: string;
      smsSdkAppId: string;
      signName: string;
    };

function required(env: NodeJS.ProcessEnv, name: string, provider: string): string {
  const v = env[name];
  if (!v) {
    throw new Error(
      `DACU_SMS_PROVIDER=${provider} 需要环境变量 ${name} / DACU_SMS_PROVIDER=${provider} needs ${name}`,
    );
  }
  return v;
}

function smsConfig(env: NodeJS.ProcessEnv): SmsConfig {
  const p = (env.DACU_SMS_PROVIDER || "builtin").toLowerCase();
  switch (p) {
    case "builtin":
      return { provider: "builtin" };
    case "fake":
      return {
        provider: "fake",
        baseUrl: required(env, "DACU_SMS_FAKE_URL", p),
        ...(env.DACU_SMS_FAKE_API_KEY ? { apiKey: env.DACU_SMS_FAKE_API_KEY } : {}),
      };
    case "aliyun":
      return {
        provider: "aliyun",
        accessKeyId: required(env, "DACU_SMS_ACCESS_KEY_ID", p),
        accessKeySecret: required(env, "DACU_SMS_ACCESS_KEY_SECRET", p),
        signName: required(env, "DACU_SMS_SIGN_NAME", p),
      };
    case "tencent":
      return {
        provider: "tencent",
        secretId: required(env, "DACU_SMS_SECRET_ID", p),
        secretKey: required(env, "DACU_SMS_SECRET_KEY", p),
        smsSdkAppId: required(env, "DACU_SMS_SDK_APP_ID", p),
        signName: required(env, "DACU_SMS_SIGN_NAME", p),
      };
    default:
      throw new Error(
        `DACU_SMS_PROVIDER 应为 builtin、fake、aliyun 或 tencent / DACU_SMS_PROVIDER must be builtin, fake, aliyun or tencent: ${p}`,
      );
  }
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(
      `环境变量 ${name} 必须是非负整数 / ${name} must be a non-negative integer: ${value}`,
    );
  }
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST || env.DACU_HOST || "127.0.0.1",
    port: int("PORT", env.PORT, 3000),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DACU_DATA_DIR || "./data/pglite",
    adminUser: env.DACU_ADMIN_USER || undefined,
    adminPassword: env.DACU_ADMIN_PASSWORD || undefined,
    demo: !["0", "false", "no", "off"].includes((env.DACU_DEMO ?? "").toLowerCase()),
    demoSeed: int("DACU_DEMO_SEED", env.DACU_DEMO_SEED, 42),
    demoCustomers: int("DACU_DEMO_CUSTOMERS", env.DACU_DEMO_CUSTOMERS, 20000),
    demoOrders: int("DACU_DEMO_ORDERS", env.DACU_DEMO_ORDERS, 150000),
    webDir: env.DACU_WEB_DIR || new URL("../../web/dist", import.meta.url).pathname,
    worker: !["0", "false", "no", "off"].includes((env.DACU_WORKER ?? "").toLowerCase()),
    sms: smsConfig(env),
    smsRatePerSecond: int("DACU_SMS_RATE", env.DACU_SMS_RATE, 1000) || 1000,
  };
}
