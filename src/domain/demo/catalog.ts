/**
 * The demo catalogue: ~300 SKUs over eight categories, with prices ending in 9, a margin of
 * 30–65 %, floor prices on part of the range and ten hero SKUs (爆款).
 */
import { CATEGORIES, type CategoryData } from "./data.ts";
import { createRng, type Rng } from "./rng.ts";
import type { DemoProduct, DemoSku } from "./types.ts";

const HERO_COUNT = 10;

function yuanPrice(rng: Rng, [lo, hi]: readonly [number, number]): number {
  // Skewed towards the low end of the range, ending in 9 yuan (or .9 under 50 yuan).
  const x = lo + (hi - lo) * rng.next() ** 1.6;
  if (x < 50) return Math.round(x) * 100 - 10;
  return (Math.floor(x / 10) * 10 + 9) * 100;
}

function pickSome(rng: Rng, values: readonly string[], min: number, max: number): string[] {
  const n = Math.min(values.length, rng.int(min, max));
  const start = rng.int(0, values.length - 1);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(values[(start + i) % values.length]!);
  return out;
}

function specCombos(rng: Rng, category: CategoryData): string[] {
  let combos = [""];
  category.specs.forEach(([label, values], i) => {
    const chosen = pickSome(rng, values, 1, i === 0 ? 3 : 2);
    combos = combos.flatMap((c) => chosen.map((v) => `${c ? `${c};` : ""}${label}:${v}`));
  });
  return combos;
}

/**
 * Builds the catalogue for a seed. `year` gives the "新款" year in titles; `createdAt` the
 * listing time of every product.
 */
export function generateCatalog(
  seed: number,
  year: number,
  createdAt: number,
): { products: DemoProduct[]; skus: DemoSku[] } {
  const rng = createRng(seed, "catalog");
  const products: DemoProduct[] = [];
  const skus: DemoSku[] = [];
  CATEGORIES.forEach((category, ci) => {
    let made = 0;
    let n = 0;
    while (made < category.skus) {
      n++;
      const code = `P${ci + 1}${String(n).padStart(3, "0")}`;
      const item = rng.pick(category.items);
      const style = rng.pick(category.styles);
      const season = category.code === "snacks" || category.code === "digital" ? "" : `${year}新款`;
      const title = `大促家${season}${style}${item}`;
      const product: DemoProduct = {
        ref: products.length,
        code,
        title,
        category: category.name,
        createdAt,
      };
      products.push(product);
      const combos = specCombos(rng, category).slice(0, category.skus - made);
      const base = yuanPrice(rng, category.price);
      const productWeight = Math.exp(rng.normal() * 0.8);
      const margin = 0.3 + rng.next() * 0.35;
      const withFloor = rng.chance(0.4);
      combos.forEach((spec, si) => {
        const priceFen = si > 0 && rng.chance(0.2) ? base + 1000 : base;
        const costFen = Math.round((priceFen * (1 - margin)) / 10) * 10;
        skus.push({
          ref: skus.length,
          productRef: product.ref,
          code: `${code}-${String(si + 1).padStart(2, "0")}`,
          spec,
          title,
          category: category.code,
          priceFen,
          costFen,
          floorPriceFen: withFloor ? Math.round((costFen * 1.15) / 100) * 100 : null,
          stock: rng.chance(0.05) ? 0 : rng.int(20, 800),
          isHero: false,
          weight: productWeight * (si === 0 ? 1.6 : 1) * (0.6 + rng.next() * 0.8),
          createdAt,
        });
        made++;
      });
    }
  });
  // Hero SKUs: the ten best-placed SKUs of distinct products get far more demand and stock.
  const seen = new Set<number>();
  const candidates = [...skus]
    .sort((a, b) => b.weight - a.weight || a.ref - b.ref)
    .filter((s) => {
      if (seen.has(s.productRef)) return false;
      seen.add(s.productRef);
      return true;
    })
    .slice(0, HERO_COUNT);
  for (const hero of candidates) {
    skus[hero.ref] = {
      ...hero,
      isHero: true,
      weight: hero.weight * 6 + 12,
      stock: rng.int(3000, 12000),
    };
  }
  return { products, skus };
}
