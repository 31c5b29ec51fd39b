/**
 * A long fuzz of the worst-case guard's soundness, beyond the property tests: random campaigns
 * of one to five promotions over every mechanic (scopes, exclusions, member-only, windows left
 * out), a catalogue of three SKUs, and every cart of up to two units of each SKU and a few of
 * up to eight, and carts landing on each threshold and step — on one line per SKU, or on lines
 * of one unit — with every set of the campaign's coupons held, member or not, the other shops'
 * amount at 0 and landing each cross-shop step or tier. Every line must net at least its SKU's
 * figure, and every witness must net no less than its figure (exactly it where the guard says
 * `exact`). Prints each failure with its input, then a summary; exits 1 on a failure.
 *
 *   node --import ./bin/register-ts.mjs bench/fuzz-worst-case.ts [seconds] [seed]
 */
import {
  type Promotion,
  PromotionSchema,
  type QuoteInput,
  QuoteInputSchema,
  type QuoteResult,
  quote,
  WorstCaseInputSchema,
  worstCase,
} from "../src/domain/pricing/index.ts";

const seconds = Number(process.argv[2] ?? 60);
let state = Number(process.argv[3] ?? 1) >>> 0;
/** mulberry32 */
const rnd = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

const SKUS = ["A", "B", "C"];
/** Random larger carts per campaign, beside every small one. */
const LARGER = 12;
const cat = (s: string) => (s === "C" ? "c2" : "c1");
type Raw = Record<string, unknown>;

/** A scope and, now and then, a member-only condition. */
function scoped(p: Raw): Raw {
  const s = pick([
    undefined,
    undefined,
    { categories: ["c1"] },
    { skus: [pick(SKUS)] },
    { all: true, excludeSkus: [pick(SKUS)] },
  ]);
  return {
    ...p,
    ...(s ? { scope: s } : {}),
    ...(rnd() < 0.1 ? { customer: { memberOnly: true } } : {}),
  };
}

function promotion(): Raw {
  const sku = pick(SKUS);
  switch (int(0, 22)) {
    case 0:
      return scoped({ kind: "timeDiscount", rateBp: int(5000, 9900) });
    case 1:
      return { kind: "salePrice", prices: { [sku]: int(50, 20_000) } };
    case 2:
      return { kind: "memberPrice", prices: { [sku]: int(50, 20_000) } };
    case 3:
      return { kind: "flashSale", prices: { [sku]: int(50, 5000) }, perOrderLimit: int(1, 2) };
    case 4:
      return scoped({ kind: "secondItem", rateBp: int(0, 9000) });
    case 5:
      return scoped({ kind: "buyNGetM", buyQty: int(1, 3), freeQty: int(1, 2) });
    case 6:
      return scoped({ kind: "nForX", qty: int(2, 3), priceFen: int(100, 30_000) });
    case 7:
      return scoped({ kind: "nAtRate", qty: int(2, 3), rateBp: int(3000, 9500) });
    case 8:
      return { kind: "bundle", skus: ["A", "B"], priceFen: int(100, 30_000) };
    case 9:
      return scoped({
        kind: "moreForSame",
        perQty: int(1, 3),
        gift: { sku: "G", costFen: int(0, 800) },
      });
    case 10: {
      const t = int(0, 30_000);
      const d = int(0, 6000);
      const tiers = [{ thresholdFen: t, discountFen: d }];
      if (rnd() < 0.5)
        tiers.push({ thresholdFen: t + int(1, 20_000), discountFen: d + int(0, 5000) });
      return scoped({ kind: "manJian", tiers });
    }
    case 11: {
      const d = int(1, 6000);
      const cap = rnd() < 0.5 ? { capFen: d * int(1, 4) } : {};
      return scoped({ kind: "meiManJian", stepFen: int(500, 30_000), discountFen: d, ...cap });
    }
    case 12:
      return scoped({
        kind: "manZhe",
        tiers:
          rnd() < 0.5
            ? [{ thresholdFen: int(0, 20_000), rateBp: int(5000, 9900) }]
            : [
                { thresholdFen: int(0, 10_000), rateBp: int(8000, 9900) },
                { thresholdFen: int(10_001, 30_000), rateBp: int(5000, 8000) },
              ],
      });
    case 13:
      return scoped({
        kind: "manSong",
        thresholdFen: int(0, 30_000),
        gifts: [{ sku: "G", costFen: int(0, 1000) }],
      });
    case 14:
      return { kind: "freeShipping", thresholdFen: int(0, 20_000) };
    case 15:
      return scoped({
        kind: "jiaJiaGou",
        thresholdFen: int(0, 20_000),
        redeemSku: sku,
        priceFen: int(0, 5000),
      });
    case 16:
      return {
        kind: "deposit",
        depositFen: int(100, 3000),
        creditFen: int(100, 6000),
        scope: { skus: [sku] },
      };
    case 17:
      return rnd() < 0.5
        ? {
            kind: "crossShop",
            stepFen: int(1000, 40_000),
            discountFen: int(0, 8000),
            platformShareBp: int(0, 10_000),
            ...(rnd() < 0.3 ? { capFen: int(100, 10_000) } : {}),
          }
        : {
            kind: "crossShop",
            tiers: [{ thresholdFen: int(0, 40_000), discountFen: int(0, 8000) }],
            platformShareBp: int(0, 10_000),
          };
    case 18:
      return scoped({ kind: "shopCoupon", thresholdFen: int(0, 40_000), amountFen: int(1, 8000) });
    case 19:
      return scoped({
        kind: "shopCoupon",
        thresholdFen: int(0, 20_000),
        rateBp: int(5000, 9900),
        ...(rnd() < 0.7 ? { capFen: int(1, 5000) } : {}),
      });
    case 20:
      return scoped({
        kind: "itemCoupon",
        thresholdFen: pick([0, 0, int(0, 20_000)]),
        amountFen: int(1, 3000),
      });
    case 21:
      return {
        kind: "platformCoupon",
        thresholdFen: int(0, 40_000),
        ...(rnd() < 0.7
          ? { amountFen: int(1, 8000) }
          : { rateBp: int(5000, 9900), capFen: int(1, 5000) }),
        fundedBy: pick(["platform", "merchant"]),
      };
    default:
      return scoped({ kind: "itemCoupon", rateBp: int(5000, 9900), capFen: int(1, 3000) });
  }
}

/** Up to five promotions that parse (a few excluding an earlier one), ids p0, p1, … */
function campaign(): Promotion[] {
  const out: Promotion[] = [];
  const n = int(1, 5);
  for (let tries = 0; out.length < n && tries < 50; tries++) {
    const raw: Raw = { ...promotion(), id: `p${out.length}` };
    if (out.length > 0 && rnd() < 0.1) raw.excludes = [`p${int(0, out.length - 1)}`];
    const p = PromotionSchema.safeParse(raw);
    if (p.success) out.push(p.data);
  }
  return out;
}

const deadline = Date.now() + seconds * 1000;
let campaigns = 0;
let carts = 0;
let failures = 0;
while (Date.now() < deadline) {
  campaigns++;
  const prices = SKUS.map(() => pick([int(100, 20_000), int(100, 3000), int(1000, 40_000)]));
  const promotions = campaign();
  const fee = pick([0, 0, int(0, 1000)]);
  const skus = SKUS.map((sku, i) => ({
    sku,
    categoryId: cat(sku),
    listPriceFen: prices[i]!,
    costFen: 1,
  }));
  const report = (what: string, detail: object) => {
    failures++;
    console.log(what, JSON.stringify({ ...detail, prices, promotions, fee }));
  };
  const w = worstCase(
    WorstCaseInputSchema.parse({ skus, promotions, settings: { feeRateBp: fee } }),
  );
  for (const s of w.skus) {
    const c = s.cart.netPerUnit;
    const f = s.worstNetPerUnit;
    const cmp = BigInt(c.num) * BigInt(f.den) - BigInt(f.num) * BigInt(c.den);
    if (cmp < 0n || s.exact !== (cmp === 0n))
      report("witness", { sku: s.sku, figure: f, witness: c, exact: s.exact });
  }
  const figure = new Map(w.skus.map((s) => [s.sku, s.worstNetPerUnit]));
  const couponIds = promotions.filter((p) => p.kind.endsWith("Coupon")).map((p) => p.id);
  const wallets: string[][] = [[]];
  for (const id of couponIds) for (const x of wallets.slice()) wallets.push([...x, id]);
  const lineOf = (k: number, qty: number) => ({
    sku: SKUS[k]!,
    categoryId: cat(SKUS[k]!),
    listPriceFen: prices[k]!,
    qty,
  });
  const check = (r: QuoteResult, input: QuoteInput) => {
    if (r.status !== "ok") return;
    for (const l of r.lines) {
      const f = figure.get(l.sku)!;
      const net = BigInt(
        (l.payableFen + l.platformFundedFen) * (10_000 - fee) - l.giftCostFen * 10_000,
      );
      if (net * BigInt(f.den) < BigInt(f.num) * BigInt(10_000 * l.qty))
        report("cart", {
          sku: l.sku,
          payable: l.payableFen,
          qty: l.qty,
          figure: f,
          lines: input.lines,
          other: input.otherShopsAmountFen,
          member: input.customer.member,
          wallet: input.promotions.filter((p) => p.kind.endsWith("Coupon")).map((p) => p.id),
        });
    }
  };
  // every cart of up to two units of each SKU, and a few larger ones (up to eight of each), each
  // on one line per SKU and on lines of one unit
  const layouts: ReturnType<typeof lineOf>[][] = [];
  const add = (qs: number[]) => {
    const one = qs.flatMap((q, k) => (q > 0 ? [lineOf(k, q)] : []));
    const split = qs.flatMap((q, k) => Array.from({ length: q }, () => lineOf(k, 1)));
    layouts.push(one);
    if (split.length > one.length) layouts.push(split);
  };
  for (let a = 0; a <= 2; a++)
    for (let b = 0; b <= 2; b++) for (let c = 0; c <= 2; c++) if (a + b + c > 0) add([a, b, c]);
  // and carts landing on each threshold and on the first eight steps of every step offer: a
  // unit of one SKU, then whole units of the others, dearest first
  const targets = new Set<number>();
  for (const p of promotions) {
    if ("tiers" in p && p.tiers) for (const t of p.tiers) targets.add(t.thresholdFen);
    if ("thresholdFen" in p && typeof p.thresholdFen === "number") targets.add(p.thresholdFen);
    if ("stepFen" in p && typeof p.stepFen === "number")
      for (let m = 1; m <= 8; m++) targets.add(m * p.stepFen);
  }
  for (const target of targets)
    for (let k = 0; k < SKUS.length; k++) {
      const qs: number[] = SKUS.map((_, i) => (i === k ? 1 : 0));
      let left = target - prices[k]!;
      for (const i of [0, 1, 2].filter((i) => i !== k).sort((x, y) => prices[y]! - prices[x]!)) {
        const q = Math.max(0, Math.floor(left / prices[i]!));
        qs[i]! += q;
        left -= q * prices[i]!;
      }
      if (qs.reduce((a, b) => a + b, 0) <= 60) add(qs);
    }
  for (let i = 0; i < LARGER; i++)
    add(SKUS.map(() => int(0, 8)).map((q, k, qs) => (qs.every((x) => x === 0) && k === 0 ? 1 : q)));
  for (const lines of layouts)
    for (const held of wallets)
      for (const member of [true, false]) {
        const list = promotions.filter((p) => !p.kind.endsWith("Coupon") || held.includes(p.id));
        const price = (other: number) => {
          carts++;
          const input = QuoteInputSchema.parse({
            now: "2026-11-11T00:00:00+08:00",
            customer: { member },
            lines,
            promotions: list,
            otherShopsAmountFen: other,
            settings: { feeRateBp: fee },
          });
          const r = quote(input);
          check(r, input);
          return r;
        };
        const r = price(0);
        if (r.status !== "ok") continue;
        for (const p of list) {
          if (p.kind !== "crossShop") continue;
          const on = r.applied.find((x) => x.promoId === p.id);
          const off = r.notApplied.find((x) => x.promoId === p.id);
          const steps = p.tiers
            ? p.tiers.map((t) => t.thresholdFen)
            : [1, 2, 3].map((k) => k * p.stepFen!);
          if (on) for (const t of steps) if (t > on.basisFen) price(t - on.basisFen);
          if (off?.shortfallFen) price(off.shortfallFen);
        }
      }
}
console.log(`campaigns ${campaigns}, carts priced ${carts}, failures ${failures}`);
process.exitCode = failures > 0 ? 1 : 0;
