import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { halvingPlan, planCost } from "./halving.ts";

describe("halvingPlan", () => {
  it("keeps the best third at each rung on three times the data, by hand", () => {
    assert.deepEqual(halvingPlan(27, 3, 3, 2), [
      { fraction: 1 / 9, size: 27 },
      { fraction: 1 / 3, size: 9 },
      { fraction: 1, size: 3 },
    ]);
  });

  it("keeps at least two finalists at full size and skips rungs that would promote everyone", () => {
    // 9 → 3 → max(2, 1) = 2
    assert.deepEqual(halvingPlan(9, 3, 3, 2).map((r) => r.size), [9, 3, 2]);
    // 4 → max(2, 2) = 2 → 2: the 1/3 rung would keep both, so it is skipped
    assert.deepEqual(halvingPlan(4, 3, 3, 2), [{ fraction: 1 / 9, size: 4 }, { fraction: 1, size: 2 }]);
    // two candidates or fewer: straight to full size
    assert.deepEqual(halvingPlan(2, 3, 3, 2), [{ fraction: 1, size: 2 }]);
    assert.deepEqual(halvingPlan(1, 3, 3, 2), [{ fraction: 1, size: 1 }]);
  });

  it("refuses nonsense", () => {
    assert.throws(() => halvingPlan(0, 3, 3), /candidates/);
    assert.throws(() => halvingPlan(5, 0, 3), /rungs/);
    assert.throws(() => halvingPlan(5, 2, 1), /eta/);
  });
});

describe("planCost", () => {
  it("adds each rung's candidates at the cost of its data share", () => {
    // 27 × 1/9 + 9 × 1/3 + 3 × 1 = 9: every rung costs about the same
    assert.equal(planCost(halvingPlan(27, 3, 3, 2), (f) => f), 9);
  });
});
