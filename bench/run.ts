/**
 * `npm run bench`: runs every `bench/*.bench.ts` (each exports `run()` and prints its own
 * figures) after measuring the product's cold start. Set DACU_BENCH_DATABASE_URL to include
 * PostgreSQL figures; pass names to run only some (`npm run bench -- pricing import`).
 */
import { readdirSync } from "node:fs";

const only = process.argv.slice(2);
const dir = new URL("./", import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .sort()
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));

console.log(`Dacu benchmarks on ${process.platform} ${process.arch}, Node ${process.version}`);
for (const f of files) {
  const t0 = performance.now();
  console.log(`\n--- ${f} ---`);
  const mod = (await import(new URL(f, dir).href)) as { run: () => Promise<void> };
  await mod.run();
  console.log(`(${f} took ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
