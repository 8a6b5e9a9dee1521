/**
 * Codec benchmark driver: times one case of `bench/codec-ops.ts`, ours against the peer in alternating rounds in this
 * process (`compareOps`), and writes both rates. Input: `{ "case": "send-json" | "send-rocketmq" | "pull-eager" |
 * "pull-lazy", "ops": { …compareOps options } }` (`ops` optional: shorter rounds for a smoke test).
 */
import { type CodecCase, codecCase } from '../codec-ops.js';
import { compareOps, type OpsOptions } from '../harness.js';
import { readInput, runMain, writeResult } from './io.js';

// The timing is synchronous; runMain takes a Promise for the drivers that are not.
runMain(() => {
  const input = readInput<{ case: CodecCase; ops?: OpsOptions }>();
  const { ours, peer, options } = codecCase(input.case);
  writeResult(compareOps(ours, peer, { ...options, ...input.ops }));
  return Promise.resolve();
});
