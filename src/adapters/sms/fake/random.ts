/**
 * A small seeded pseudo-random generator (mulberry32) so the fake provider's failures are
 * reproducible: the same seed and the same sequence of messages give the same outcomes.
 *
 * @example
 * const next = seededRandom(42);
 * next(); // a number in [0, 1), always the same for seed 42
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
