/**
 * One browser-test session: a seeded data directory, `dacu start` on a free port, Chromium
 * with one page that records uncaught page errors, and the login form filled in. Each
 * `*.e2e.ts` opens one in `beforeAll` and closes it in `afterAll`.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import {
  type Browser,
  ensureWebBuilt,
  freePort,
  launchBrowser,
  type RunningServer,
  root,
  startServer,
  tempDir,
} from "./harness.ts";
import { seedDataDir } from "./seed.ts";

/** The owner's password in every browser test. */
export const password = "e2e-Secret-2026";
/** Where the tests leave their screenshots (ignored by git). */
export const shots = join(root, "e2e/screenshots");

export interface UiSession {
  server: RunningServer;
  browser: Browser;
  page: Page;
  shopCode: string;
  shopName: string;
  /** `${server.url}/shops/${shopCode}` */
  base: string;
  /** Uncaught errors the page threw; a test asserts it stays empty. */
  pageErrors: string[];
  close: () => Promise<void>;
}

/** Seeds a demo shop of the given size, starts the server and opens Chromium on it. */
export async function openUiSession(
  name: string,
  demo: { customers: number; orders: number },
): Promise<UiSession> {
  ensureWebBuilt();
  const dataDir = tempDir(`dacu-e2e-${name}-`);
  const env = {
    DACU_DATA_DIR: dataDir,
    DACU_ADMIN_PASSWORD: password,
    DACU_DEMO_SEED: "7",
    DACU_DEMO_CUSTOMERS: String(demo.customers),
    DACU_DEMO_ORDERS: String(demo.orders),
  };
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const { shopCode, shopName } = await seedDataDir(dataDir, env);
    server = await startServer({ ...env, PORT: String(await freePort()) });
    browser = await launchBrowser();
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    mkdirSync(shots, { recursive: true });
    const base = `${server.url}/shops/${shopCode}`;
    return { server, browser, page, shopCode, shopName, base, pageErrors, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Fills the login form (from wherever the page is) and waits for the overview. */
export async function logIn(
  page: Page,
  server: RunningServer,
  pass = password,
  username = server.username,
): Promise<void> {
  if (!page.url().endsWith("/login")) await page.goto(`${server.url}/login`);
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(pass);
  await page.getByRole("button", { name: /登\s*录/ }).click();
  await page.waitForURL(/\/overview$/);
}

/**
 * The series data of the ECharts chart inside `[data-testid=testId]`, once it has at least
 * `minSeries` series (the UI exposes echarts as `window.dacuEcharts`).
 */
export async function chartSeries(
  page: Page,
  testId: string,
  minSeries = 1,
): Promise<(number | number[] | { value: number })[][]> {
  await page.waitForFunction(
    ([id, n]) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      const ec = (window as unknown as { dacuEcharts?: { getInstanceByDom(e: Element): unknown } })
        .dacuEcharts;
      const chart = el && ec ? (ec.getInstanceByDom(el) as { getOption(): unknown }) : undefined;
      const series = (chart?.getOption() as { series?: unknown[] } | undefined)?.series;
      return Array.isArray(series) && series.length >= (n as number);
    },
    [testId, minSeries] as const,
  );
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`)!;
    const ec = (window as unknown as { dacuEcharts: { getInstanceByDom(e: Element): unknown } })
      .dacuEcharts;
    const chart = ec.getInstanceByDom(el) as {
      getOption(): { series: { data: (number | number[] | { value: number })[] }[] };
    };
    return chart.getOption().series.map((s) => s.data);
  }, testId);
}

/** Sums a series' data points (heat-map cells carry the count as their third value). */
export function seriesSum(data: (number | number[] | { value: number })[]): number {
  return data.reduce<number>(
    (a, d) => a + (Array.isArray(d) ? d[2]! : typeof d === "number" ? d : d.value),
    0,
  );
}

/** Calls the API from the page (its session cookie, same origin). */
export async function call<T>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([m, p, b]) => {
      const init: RequestInit = { method: m as string };
      if (b !== undefined) {
        init.headers = { "content-type": "application/json" };
        init.body = JSON.stringify(b);
      }
      const r = await fetch(p as string, init);
      return { status: r.status, body: await r.json() };
    },
    [method, path, body] as const,
  ) as Promise<{ status: number; body: T }>;
}

/**
 * Confirms the open Popconfirm. A click landing while it still animates in can be lost on a
 * busy machine (the popup then stays open, its OK not loading): the click is repeated. A
 * confirm returning a promise keeps the popup open, its OK loading, until the work is done.
 */
export async function confirmPopup(page: Page): Promise<void> {
  const open = page.locator(".ant-popconfirm:not(.ant-popover-hidden)");
  for (let attempt = 1; ; attempt++) {
    await open.locator(".ant-btn-primary").click();
    const taken = await page
      .waitForFunction(
        () => {
          const ok = document.querySelector(
            ".ant-popconfirm:not(.ant-popover-hidden) .ant-btn-primary",
          );
          return !ok || ok.classList.contains("ant-btn-loading");
        },
        undefined,
        { timeout: 5_000 },
      )
      .then(
        () => true,
        () => false,
      );
    if (taken) {
      await open.waitFor({ state: "hidden", timeout: 120_000 });
      return;
    }
    if (attempt >= 3) throw new Error("the popup stayed open after three clicks on its OK");
  }
}

/**
 * Chooses the option showing `label` in an antd Select and waits until the field shows it.
 * `open` opens its dropdown (a click on the select; for a search select, typing into it). On a
 * busy machine a click landing while the dropdown still animates in, or while a search's
 * results replace it, can be lost (the field keeps its old value): the choice is retried, the
 * dropdown opened again only where it no longer shows the option.
 */
export async function chooseOption(
  page: Page,
  select: Locator,
  label: string | RegExp,
  open: () => Promise<void> = () => select.click(),
): Promise<void> {
  const option = page
    .locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option", {
      hasText: label,
    })
    .first();
  const shown = async () => {
    const text = (await select.textContent()) ?? "";
    return typeof label === "string" ? text.includes(label) : label.test(text);
  };
  for (let attempt = 1; ; attempt++) {
    // (first always: another select's dropdown left open may show the same option)
    if (attempt === 1 || !(await option.isVisible())) await open();
    await option.click();
    for (const end = Date.now() + 5_000; Date.now() < end; ) {
      if (await shown()) return;
      await page.waitForTimeout(100);
    }
    if (attempt >= 3) throw new Error(`the select still does not show ${label} after three tries`);
  }
}
