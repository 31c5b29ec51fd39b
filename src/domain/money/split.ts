/**
 * Exact splitting of integer amounts (fen) by weights: the largest-remainder method.
 * Floor each share, then hand the leftover fen one by one to the largest fractional
 * remainders; ties go to the earlier position. Shares always add up exactly to the total.
 *
 * @example splitByLargestRemainder(100, [1, 1, 1]) // [34, 33, 33]
 */
export function splitByLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError(`total must be a non-negative integer: ${total}`);
  const n = weights.length;
  if (n === 0) return [];
  const sum = weights.reduce((a, w) => {
    if (!Number.isSafeInteger(w) || w < 0)
      throw new RangeError(`weights must be non-negative integers: ${w}`);
    return a + w;
  }, 0);
  if (sum === 0) {
    // No basis to weigh by: everything to the first position.
    return weights.map((_, i) => (i === 0 ? total : 0));
  }
  const T = BigInt(total);
  const S = BigInt(sum);
  const shares = new Array<number>(n);
  const rems: { i: number; r: bigint }[] = [];
  let given = 0n;
  for (let i = 0; i < n; i++) {
    const p = T * BigInt(weights[i]!);
    const q = p / S;
    shares[i] = Number(q);
    given += q;
    rems.push({ i, r: p % S });
  }
  let left = Number(T - given);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (let k = 0; left > 0; k++, left--) shares[rems[k]!.i]! += 1;
  return shares;
}

/** ⌊a·b/c + ½⌋ for non-negative integers, exactly. */
export function mulDivRoundHalfUp(a: number, b: number, c: number): number {
  if (c <= 0) throw new RangeError("divisor must be positive");
  const p = BigInt(a) * BigInt(b);
  const C = BigInt(c);
  return Number((2n * p + C) / (2n * C));
}
