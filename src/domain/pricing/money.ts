/**
 * Money helpers. Every amount is an integer number of fen; rates are basis points.
 * Rounding happens only here, in named helpers.
 */

/** Basis points in 100 %. */
export const BP = 10_000;

function safe(n: number): boolean {
  return Number.isSafeInteger(n);
}

/**
 * `num / den` rounded half up, for `num >= 0`, `den > 0` (integers).
 * @example roundHalfUpDiv(1999 * 8500, 10000) // 1699 (1699.15)
 * @example roundHalfUpDiv(1990 * 8500, 10000) // 1692 (1691.5)
 */
export function roundHalfUpDiv(num: number, den: number): number {
  if (safe(num * 2 + den) && safe(den * 2)) return Math.floor((num * 2 + den) / (den * 2));
  const n = BigInt(num);
  const d = BigInt(den);
  return Number((n * 2n + d) / (d * 2n));
}

/**
 * `a * b / c` rounded down, exact for any safe integers `a, b >= 0`, `c > 0`.
 * @example mulDivFloor(7, 3, 2) // 10
 */
export function mulDivFloor(a: number, b: number, c: number): number {
  const p = a * b;
  if (safe(p)) return Math.floor(p / c);
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/**
 * `a * b / c` rounded half up.
 * @example mulDivHalfUp(5, 1, 2) // 3
 */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  const p = a * b;
  if (safe(p)) return roundHalfUpDiv(p, c);
  return Number((BigInt(a) * BigInt(b) * 2n + BigInt(c)) / (BigInt(c) * 2n));
}

/**
 * Price after a rate, rounded half up to the fen.
 * @example applyRateBp(1999, 8500) // 1699
 */
export function applyRateBp(amountFen: number, rateBp: number): number {
  return mulDivHalfUp(amountFen, rateBp, BP);
}

/**
 * The discount a rate gives on an amount: `a − round(a · rate)`.
 * @example rateDiscount(1990, 8500) // 298
 */
export function rateDiscount(amountFen: number, rateBp: number): number {
  return amountFen - applyRateBp(amountFen, rateBp);
}

/** Scratch keys and remainders of `largestRemainder` (it runs for every split of every plan tried). */
let selectKeys = new Float64Array(64);
let remScratch = new Float64Array(64);

/** The `k`-th largest of the first `n` (distinct) entries of `a` (reordered), by quickselect. */
function kthLargest(a: Float64Array, n: number, k: number): number {
  const target = n - k;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target]!;
}

/**
 * Splits `total` fen over `weights` proportionally by the largest-remainder method:
 * floor every share, then hand the leftover fen one by one to the largest fractional
 * remainders, ties to the earlier position. Shares add up exactly to `total`.
 * With all weights 0 the total goes to the first positions evenly (never happens when the
 * total is capped by the weights).
 * @example largestRemainder(100, [1, 1, 1]) // [34, 33, 33]
 */
/**
 * `n` zeros in a packed array of small integers. `new Array(n).fill(0)` stays holey: every
 * later read checks for holes, and code reading both kinds of arrays sees two shapes (about
 * 7 % of a 50-line quote). Numbers only: the arrays made here share one allocation site, and a
 * value of another kind stored in one would make every later one generic.
 */
export function zeros(n: number): number[] {
  return numbers(n, 0);
}

/** `n` copies of the number `v` in a packed array (see `zeros`). */
export function numbers(n: number, v: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(v);
  return out;
}

export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const out = zeros(n);
  if (n === 0 || total === 0) return out;
  if (n === 1) {
    out[0] = total;
    return out;
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i]!;
  if (sum === 0) {
    const base = Math.floor(total / n);
    let rest = total - base * n;
    for (let i = 0; i < n; i++) {
      out[i] = base + (rest > 0 ? 1 : 0);
      if (rest > 0) rest--;
    }
    return out;
  }
  if (remScratch.length < n) remScratch = new Float64Array(2 * n);
  const rems = remScratch;
  let given = 0;
  const useBig = !safe(total * sum);
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (useBig) {
      const p = BigInt(total) * BigInt(w);
      const q = p / BigInt(sum);
      out[i] = Number(q);
      rems[i] = Number(p - q * BigInt(sum));
    } else {
      const p = total * w;
      const q = Math.floor(p / sum);
      out[i] = q;
      rems[i] = p - q * sum;
    }
    given += out[i]!;
  }
  // hand out the leftover fen (fewer than n) to the largest remainders, ties to the earlier line
  const left = total - given;
  if (left > 2 && sum <= Number.MAX_SAFE_INTEGER / n) {
    // many leftover fen: the left-th largest key by selection rather than a scan per fen. Each
    // key is the remainder (below `sum`) times n plus the reversed position: distinct, and
    // equal remainders rank the earlier line first
    if (selectKeys.length < n) selectKeys = new Float64Array(2 * n);
    const keys = selectKeys;
    for (let i = 0; i < n; i++) keys[i] = rems[i]! * n + (n - 1 - i);
    const least = kthLargest(keys, n, left);
    for (let i = 0; i < n; i++) if (rems[i]! * n + (n - 1 - i) >= least) out[i] = out[i]! + 1;
  } else
    for (let k = 0; k < left; k++) {
      let best = -1;
      for (let i = 0; i < n; i++)
        if (rems[i]! >= 0 && (best < 0 || rems[i]! > rems[best]!)) best = i;
      out[best] = out[best]! + 1;
      rems[best] = -1;
    }
  return out;
}

/**
 * Fen as yuan with two decimals.
 * @example formatYuan(1200) // "12.00"
 */
export function formatYuan(fen: number): string {
  const neg = fen < 0;
  const a = Math.abs(fen);
  const s = `${Math.floor(a / 100)}.${String(a % 100).padStart(2, "0")}`;
  return neg ? `-${s}` : s;
}

/**
 * Fen as yuan, without decimals when whole.
 * @example formatYuanShort(3000) // "30"
 * @example formatYuanShort(3050) // "30.50"
 */
export function formatYuanShort(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : formatYuan(fen);
}

/**
 * A rate as Chinese 折 text.
 * @example formatZhe(8500) // "8.5折"
 */
export function formatZhe(rateBp: number): string {
  const z = rateBp / 1000;
  return `${Number.isInteger(z) ? z : Number(z.toFixed(3))}折`;
}

/** An exact non-negative fraction. */
export interface Fraction {
  num: bigint;
  den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/**
 * A reduced fraction.
 * @example frac(6n, 4n) // { num: 3n, den: 2n }
 */
export function frac(num: bigint, den: bigint): Fraction {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

/** Compares two fractions: negative, 0 or positive. */
export function fracCmp(a: Fraction, b: Fraction): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * JSON form of a fraction of fen: its integers, and `fen` = ⌊num/den⌋ for display — rounded
 * down, so for a whole-fen floor F, `fen < F` exactly when `num/den < F`.
 */
export interface FractionJson {
  num: number;
  den: number;
  fen: number;
}

/**
 * @example fracToJson(frac(7n, 2n)) // { num: 7, den: 2, fen: 3 }
 */
export function fracToJson(f: Fraction): FractionJson {
  return {
    num: Number(f.num),
    den: Number(f.den),
    // (den > 0; BigInt division truncates toward 0, so a negative remainder steps down)
    fen: Number(f.num / f.den - (f.num % f.den < 0n ? 1n : 0n)),
  };
}
