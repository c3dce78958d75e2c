/**
 * The manifest editor's property (packages/core/test/manifest/fuzz-support.ts) over many more runs
 * than `npm test` does, with a fresh seed each time (printed, so a failure can be replayed with
 * FUZZ_SEED). FUZZ_RUNS sets the count. Prints a markdown section for BENCHMARKS.md.
 */
import fc from 'fast-check';
import { corpusTargets, editProperty } from '../packages/core/test/manifest/fuzz-support.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const targets = corpusTargets();
const t = performance.now();
const details = fc.check(editProperty(targets), { seed: SEED, numRuns: RUNS });
const seconds = (performance.now() - t) / 1000;
if (details.failed) {
  process.stderr.write(fc.defaultReportMessage(details) ?? 'failed\n');
  process.exitCode = 1;
}

process.stdout.write(`## Manifest editor fuzz run

Property: a random corpus document, a random existing scalar path (${targets.length} paths in ${new Set(targets.map((x) => x.file)).size} files), a random
value (tags, YAML 1.1 look-alikes, arbitrary printable text): the result re-parses, reads back the value, keeps every
byte outside the scalar and agrees with \`yaml\`'s own setIn on every value. \`npm test\` runs 400 cases with seed 7.

| runs | seed | failures | time |
|---|---|---|---|
| ${details.numRuns} | ${SEED} | ${details.failed ? 1 : 0} | ${seconds.toFixed(1)} s |
`);
