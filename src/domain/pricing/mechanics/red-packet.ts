/** 红包 red packets: a payment instrument, not a discount. They lower the cash due only. */
import type { Label } from "../common.ts";

export const redPacketLabel: Label = { zh: "红包", en: "Red packet" };

/**
 * Red packet used = min(given, max(0, total − deposits paid)).
 * @example redPacketUsed(5000, 12000, 10000) // 2000
 */
export function redPacketUsed(givenFen: number, totalFen: number, depositPaidFen: number): number {
  return Math.min(givenFen, Math.max(0, totalFen - depositPaidFen));
}
