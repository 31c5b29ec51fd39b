/**
 * Attribution of a journey's steps against their random holdout: conversions (a paid order
 * within a window after the send, or after the planned send for held-out customers),
 * conversion rates, and incremental orders and GMV per step (a step is one wave and one
 * segment). All in SQL.
 */

import type { Database } from "../../adapters/db/database.ts";
import { attributionRows } from "../../adapters/db/repositories/outreach-calls.ts";

/** Attribution of one step. */
export interface StepAttribution {
  stepId: number;
  name: string;
  channel: string;
  audience: unknown;
  treated: number;
  heldOut: number;
  treatedBuyers: number;
  heldOutBuyers: number;
  treatedOrders: number;
  heldOutOrders: number;
  treatedGmvFen: number;
  heldOutGmvFen: number;
  /** Treated orders minus what the holdout's rate predicts for the treated group. */
  incrementalOrders: number;
  incrementalGmvFen: number;
}

/**
 * Compares treated (sent or delivered) and held-out customers of each step over
 * `windowDays` after the send (the planned send time for held-out rows).
 *
 * @example
 * const rows = await journeyAttribution(database, shop.id, journey.id, 7);
 */
export async function journeyAttribution(
  database: Database,
  shopId: number,
  journeyId: number,
  windowDays = 7,
): Promise<StepAttribution[]> {
  const rows = await attributionRows(database, shopId, journeyId, windowDays);
  return rows.map((x) => {
    const treated = Number(x.treated);
    const held = Number(x.held_out);
    const expectedOrders = held > 0 ? (Number(x.held_out_orders) / held) * treated : 0;
    const expectedGmv = held > 0 ? (Number(x.held_out_gmv) / held) * treated : 0;
    return {
      stepId: Number(x.step_id),
      name: x.name,
      channel: x.channel,
      audience: x.audience,
      treated,
      heldOut: held,
      treatedBuyers: Number(x.treated_buyers),
      heldOutBuyers: Number(x.held_out_buyers),
      treatedOrders: Number(x.treated_orders),
      heldOutOrders: Number(x.held_out_orders),
      treatedGmvFen: Number(x.treated_gmv),
      heldOutGmvFen: Number(x.held_out_gmv),
      incrementalOrders: Math.round((Number(x.treated_orders) - expectedOrders) * 100) / 100,
      incrementalGmvFen: Math.round(Number(x.treated_gmv) - expectedGmv),
    };
  });
}
