/**
 * Compares the pricing engine of another checkout with this one's in a single process, for
 * machines whose speed drifts from run to run (shared hosts): separate `npm run bench` runs can
 * differ by a third there, while both engines here see the same machine at the same moment.
 *
 *   node --import ./bin/register-ts.mjs bench/ab.ts <other checkout> [small|large|guard] [seconds]
 *
 * `small`, `large`: the 5-line and 50-line carts of `pricing.bench.ts`, quoted alternately in
 * slices of a few milliseconds after a warm-up of each; CPU time per side. `guard`: the
 * worst-case guard, alternating runs on fresh campaigns after one warm-up run each. The other
 * checkout needs its own `node_modules` (a symlink to this one's will do). The same engine on
 * both sides has agreed within 2 % on some machines and differed by 5 % on others (in favour of
 * the checkout it runs from): run it both ways, from each checkout, and take the mean.
 */
import { resolve } from "node:path";

interface Engine {
  campaign: typeof import("./pricing.bench.ts").campaign;
  carts: typeof import("./pricing.bench.ts").carts;
  quote: typeof import("../src/domain/pricing/index.ts").quote;
  worstCase: typeof import("../src/domain/pricing/index.ts").worstCase;
  WorstCaseInputSchema: typeof import("../src/domain/pricing/index.ts").WorstCaseInputSchema;
}

async function load(root: string): Promise<Engine> {
  const bench = await import(resolve(root, "bench/pricing.bench.ts"));
  const pricing = await import(resolve(root, "src/domain/pricing/index.ts"));
  return { ...bench, ...pricing } as Engine;
}

function cpuMs(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

async function main(): Promise<void> {
  const [other, what = "small", secs = "20"] = process.argv.slice(2);
  if (!other || !["small", "large", "guard"].includes(what) || !(Number(secs) > 0)) {
    console.error(
      "usage: node --import ./bin/register-ts.mjs bench/ab.ts <other checkout> [small|large|guard] [seconds]",
    );
    process.exit(2);
  }
  const here = resolve(new URL("..", import.meta.url).pathname);
  const sides = [
    { name: "other", e: await load(resolve(other)) },
    { name: "this", e: await load(here) },
  ];
  if (what === "guard") {
    const skus = Array.from({ length: 5000 }, (_, s) => ({
      sku: `S${s}`,
      categoryId: `C${s % 10}`,
      listPriceFen: 990 + ((s * 7919) % 30000),
      costFen: Math.floor((990 + ((s * 7919) % 30000)) * 0.55),
    }));
    const run = (e: Engine, seed: number) => {
      const input = e.WorstCaseInputSchema.parse({
        skus,
        promotions: e.campaign(50, 5000, seed),
        settings: { feeRateBp: 600 },
      });
      return cpuMs(() => e.worstCase(input));
    };
    for (const s of sides) run(s.e, 8);
    const times: number[][] = [[], []];
    const t0 = performance.now();
    for (let i = 0; i < 2 || performance.now() - t0 < Number(secs) * 1000; i++)
      for (const k of i % 2 === 0 ? [0, 1] : [1, 0])
        times[k]!.push(run(sides[k]!.e, i % 2 === 0 ? 7 : 9));
    for (const [k, s] of sides.entries()) {
      const ts = times[k]!;
      const sum = ts.reduce((a, b) => a + b, 0);
      console.log(
        `guard ${s.name}: ${(sum / 1000).toFixed(2)} s over ${ts.length} runs (${ts.map((t) => (t / 1000).toFixed(2)).join(" ")})`,
      );
    }
    return;
  }
  const state = sides.map((s) => ({
    ...s,
    inputs:
      what === "small"
        ? s.e.carts(500, 5, 200, s.e.campaign(20, 200))
        : s.e.carts(20, 50, 2000, s.e.campaign(200, 2000, 3), 4),
    n: 0,
    ms: 0,
  }));
  for (const s of state) {
    const t0 = performance.now();
    while (performance.now() - t0 < 2000) for (const i of s.inputs) s.e.quote(i);
  }
  const slice = what === "small" ? 100 : 5;
  const t0 = performance.now();
  for (let k = 0; performance.now() - t0 < Number(secs) * 1000; k++) {
    const s = state[k % 2]!;
    s.ms += cpuMs(() => {
      for (let j = 0; j < slice; j++) s.e.quote(s.inputs[(s.n + j) % s.inputs.length]!);
    });
    s.n += slice;
  }
  for (const s of state)
    console.log(
      `${what} ${s.name}: ${Math.round((s.n * 1000) / s.ms).toLocaleString("en")} carts/s`,
    );
}

await main();
