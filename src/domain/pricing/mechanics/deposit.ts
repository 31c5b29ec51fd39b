/**
 * 定金膨胀 deposit pre-sale: a deposit D paid earlier counts as E ≥ D on every unit of its
 * SKUs; the merchant-funded reduction E − D comes after every level and never takes a line
 * below the deposit already paid.
 */
import { z } from "zod";
import { baseFields, fen, type Label } from "../common.ts";

export const DepositSchema = z
  .strictObject({ kind: z.literal("deposit"), ...baseFields, depositFen: fen(), creditFen: fen() })
  .refine((p) => p.creditFen >= p.depositFen, {
    error: "creditFen 不能小于 depositFen / creditFen must be at least depositFen",
    path: ["creditFen"],
  });
export type Deposit = z.infer<typeof DepositSchema>;

export const depositLabel: Label = { zh: "定金膨胀", en: "Deposit pre-sale" };

/**
 * Reduction on a line of `qty` units now at `amountFen`.
 * @example depositReduction({ depositFen: 5000, creditFen: 10000 }, 1, 30000) // 5000
 * @example depositReduction({ depositFen: 5000, creditFen: 10000 }, 1, 7000) // 2000
 */
export function depositReduction(
  p: { depositFen: number; creditFen: number },
  qty: number,
  amountFen: number,
): number {
  return Math.min((p.creditFen - p.depositFen) * qty, Math.max(0, amountFen - p.depositFen * qty));
}
