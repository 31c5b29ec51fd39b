/**
 * A small seeded pseudo-random generator (sfc32 seeded through splitmix32), so demo data is
 * the same on every machine for the same seed. Never `Math.random`.
 */

/** A deterministic random source with the helpers the demo generator needs. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a hash of a string, to derive independent streams from one seed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * Creates a random stream for `seed` and a stream name; different names give independent
 * streams, so adding a field to customers does not shift every order.
 * @example const rng = createRng(42, "orders"); rng.int(1, 6);
 */
export function createRng(seed: number, stream: string): Rng {
  const init = splitmix32((seed >>> 0) ^ hashString(stream));
  let a = init();
  let b = init();
  let c = init();
  let d = init();
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
}

/**
 * Picks from a fixed weighted list in O(log n): build once, draw many times.
 * @example const draw = weightedPicker(["a","b"], [3,1]); draw(rng) // "a" three times in four
 */
export function weightedPicker<T>(
  items: readonly T[],
  weights: readonly number[],
): (rng: Rng) => T {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += weights[i] ?? 0;
    cumulative[i] = total;
  }
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo] as T;
  };
}

/**
 * Splits `total` into integer parts proportional to `weights` (largest-remainder method);
 * the parts always sum to `total`. Ties go to the earlier index.
 * @example splitLargestRemainder(100, [1, 1, 1]) // [34, 33, 33]
 */
export function splitLargestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) {
    const even = weights.map(() => 0);
    even[0] = total;
    return even;
  }
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let rest = total - parts.reduce((s, p) => s + p, 0);
  const order = weights
    .map((w, i) => ({ i, r: (total * w) / sum - Math.floor((total * w) / sum) }))
    .sort((x, y) => y.r - x.r || x.i - y.i);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) {
    const idx = order[k]!.i;
    parts[idx] = (parts[idx] ?? 0) + 1;
  }
  return parts;
}
