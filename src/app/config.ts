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
  };
}
