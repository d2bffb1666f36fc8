// Successive halving (Jamieson and Talwalkar, 2016) over the size of the training data: every candidate is
// trained on a small seeded slice of the tune-train playlists, the best third go on to a slice three times
// larger, and so on, until the finalists train on all of them. Each rung costs about as much as the last, so
// many configurations are tried for the price of a few full-size ones. This file only plans the rungs.

export interface Rung {
  /** Share of the tune-train playlists this rung trains on (the last rung: 1). */
  fraction: number;
  /** How many candidates run at this rung (the best of the previous rung). */
  size: number;
}

/**
 * The rungs for `candidates` configurations, `rungs` data sizes apart by a factor `eta`, keeping at least
 * `minFinalists` at full size (fewer only when fewer were drawn). A rung that would promote everyone is
 * skipped: it could not change the outcome.
 */
export function halvingPlan(candidates: number, rungs: number, eta: number, minFinalists = 2): Rung[] {
  if (!Number.isInteger(candidates) || candidates < 1) throw new Error(`halvingPlan: candidates must be a positive integer, got ${candidates}`);
  if (!Number.isInteger(rungs) || rungs < 1) throw new Error(`halvingPlan: rungs must be a positive integer, got ${rungs}`);
  if (!(eta > 1)) throw new Error(`halvingPlan: eta must exceed 1, got ${eta}`);
  const sizes = [candidates];
  for (let r = 1; r < rungs; r++) {
    const previous = sizes[r - 1]!;
    sizes.push(Math.min(previous, Math.max(minFinalists, Math.ceil(previous / eta))));
  }
  const plan: Rung[] = sizes.map((size, r) => ({ fraction: eta ** (r - (rungs - 1)), size }));
  return plan.filter((rung, r) => r === plan.length - 1 || rung.size > plan[r + 1]!.size);
}

/** The plan's cost, given the cost of one candidate at a data share. */
export function planCost(plan: readonly Rung[], costAt: (fraction: number) => number): number {
  return plan.reduce((sum, rung) => sum + rung.size * costAt(rung.fraction), 0);
}
