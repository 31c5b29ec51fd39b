import { chromium } from "playwright-core";
const [url, user, pass, out] = process.argv.slice(2);
const ctx = await chromium.launchPersistentContext(`/tmp/dc/profile-${Date.now()}`, {
  executablePath: "/usr/bin/chromium", headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu"], viewport: { width: 1440, height: 900 }, locale: "zh-CN",
});
const page = await ctx.newPage();
const errors: string[] = [];
page.on("pageerror", (e) => errors.push(e.message));
await page.goto(`${url}/login`);
await page.locator("#username").fill(user!);
await page.locator("#password").fill(pass!);
await page.getByRole("button", { name: /登\s*录/ }).click();
await page.waitForURL(/\/overview$/, { timeout: 60000 });
await page.goto(`${url}/shops/demo/campaigns`);
await page.locator("[data-testid=campaign-table] .ant-table-row").first().waitFor();
await page.waitForTimeout(800);
await page.screenshot({ path: `${out}/1-campaigns.png`, fullPage: true });
const list = await page.evaluate(async () => (await (await fetch("/api/shops/demo/campaigns")).json()) as { campaigns: { id: number; name: string; status: string }[] });
console.log(JSON.stringify(list.campaigns.map((c) => [c.id, c.name, c.status])));
const up = list.campaigns.find((c) => c.status === "draft")!;
const fin = list.campaigns.find((c) => c.status === "active")!;
await page.goto(`${url}/shops/demo/campaigns/${up.id}`);
await page.getByTestId("campaign-name").waitFor();
await page.waitForTimeout(800);
await page.screenshot({ path: `${out}/2-upcoming-plan.png`, fullPage: true });
await page.goto(`${url}/shops/demo/campaigns/${up.id}?tab=promotions`);
await page.getByTestId("promotion-table").waitFor();
await page.getByTestId("worst-case-summary").waitFor();
await page.waitForTimeout(3000);
await page.screenshot({ path: `${out}/3-upcoming-promotions.png`, fullPage: true });
console.log("summary:", await page.getByTestId("worst-case-summary").textContent());
await page.getByTestId("promotions-publish").click();
await page.locator(".ant-popconfirm .ant-btn-primary").click();
try { await page.getByTestId("publish-blocked").waitFor({ timeout: 90000 }); } catch (e) { await page.screenshot({ path: `${out}/fail.png`, fullPage: true }); throw e; }
await page.waitForTimeout(500);
await page.screenshot({ path: `${out}/4-upcoming-publish-blocked.png`, fullPage: true });
console.log("blocked:", await page.getByTestId("publish-blocked").textContent());
await page.goto(`${url}/shops/demo/campaigns/${fin.id}`);
await page.getByTestId("campaign-name").waitFor();
await page.waitForTimeout(800);
await page.screenshot({ path: `${out}/5-finished-plan.png`, fullPage: true });
await page.goto(`${url}/shops/demo/campaigns/${fin.id}?tab=promotions`);
await page.getByTestId("promotion-table").waitFor();
await page.waitForTimeout(3000);
await page.screenshot({ path: `${out}/6-finished-promotions.png`, fullPage: true });
console.log("page errors:", JSON.stringify(errors));
await ctx.close();
