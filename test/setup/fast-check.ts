/**
 * Property-based tests run with a fixed seed so that `npm test` is deterministic: a rare counterexample cannot make
 * CI fail by luck. Explore further with `FC_SEED=<n>` (a specific seed) or `FC_SEED=random`; fast-check prints the seed
 * and path of any failure so it can be replayed.
 */
import fc from 'fast-check';

const requested = process.env.FC_SEED;
if (requested !== 'random') {
  fc.configureGlobal({ seed: requested === undefined ? 20261124 : Number(requested) });
}
