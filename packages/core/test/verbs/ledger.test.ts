/**
 * The ledger (Gitops-Earlier-Tags, verdicts.ts): what a new commit lists, and where the
 * blocked-tag check of a tag may stop because of it. The check must decide exactly as the full
 * walk would, whatever the ledgers say about tags they list.
 */
import type { EnvRepo, HistoryEntry, Verification } from '../../src/envrepo/port.js';
import { trailers } from '../../src/naming.js';
import { blockedTags, earlierTags, ledgerFor, ledgerSettles, LEDGER_TAGS } from '../../src/verbs/verdicts.js';

const APP = { app: 'payments', env: 'dev' };
const TARGET = { ...APP, file: 'values.yaml', key: 'image.tag', branch: 'main' };

let n = 0;
/** One of our commits: to `tag` (from `from`), a rollback when `rollback`, with `earlier` as its ledger. */
function ours(tag: string, opts: { from?: string; rollback?: boolean; earlier?: string[] } = {}): HistoryEntry {
  const values = { ...APP, tag, ...(opts.from ? { from: opts.from } : {}) };
  return { sha: `c${++n}`.padEnd(40, '0'), message: `dev(payments): ${tag}\n\n${trailers(values, opts.rollback ? 'rollback' : 'promote', opts.earlier)}` };
}
const byHand = (): HistoryEntry => ({ sha: `h${++n}`.padEnd(40, '0'), message: 'edit by hand' });

/** A repo that only answers verifications, and counts how deep the check read. */
function repoWith(records: Map<string, Verification[]> = new Map()): EnvRepo & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    verifications: async (sha: string) => {
      asked.push(sha);
      return records.get(sha) ?? [];
    },
  } as unknown as EnvRepo & { asked: string[] };
}

describe('the ledger', () => {
  it('lists the tags our commits above the newest ledger named, then that ledger; (none) when empty', () => {
    const history = [byHand(), ours('v3', { from: 'v2' }), ours('v2', { from: 'v4', rollback: true, earlier: ['v4', 'v1'] }), ours('v0')];
    // v3, then the rollback's own tags (to v2, rolled back from v4), then its list; v0 is below it.
    expect(ledgerFor(history)).toEqual(['v3', 'v2', 'v4', 'v1']);
    expect(ledgerFor([byHand()])).toEqual([]);
    expect(trailers({ ...APP, tag: 'v1' }, 'promote', [])).toMatch(/\nGitops-Earlier-Tags: \(none\)$/);
    expect(earlierTags(ours('v1', { earlier: [] }).message)).toEqual([]);
    expect(earlierTags(ours('v1').message)).toBeUndefined();
    expect(earlierTags(ours('v1', { earlier: ['a', 'b'] }).message)).toEqual(['a', 'b']);
  });

  it(`keeps the ${LEDGER_TAGS} newest tags, and writes none rather than an overlong one`, () => {
    const many = Array.from({ length: 70 }, (_, i) => ours(`v${70 - i}`));
    const listed = ledgerFor(many)!;
    expect(listed).toHaveLength(LEDGER_TAGS);
    expect(listed[0]).toBe('v70');
    expect(listed.at(-1)).toBe(`v${70 - LEDGER_TAGS + 1}`);
    const long = Array.from({ length: 30 }, (_, i) => ours(`v1.0.0-${'x'.repeat(100)}.${i}`));
    expect(ledgerFor(long)).toBeUndefined();
  });

  it('stops the check of a tag at a ledger that does not list it, and only then', async () => {
    // Far below: v1 was rolled back. The ledger above lists v1 but not v9.
    const rollback = ours('v0', { from: 'v1', rollback: true });
    const top = ours('v5', { earlier: ['v1', 'v0'] });
    const history = [byHand(), top, ...Array.from({ length: 10 }, byHand), rollback];
    expect(ledgerSettles('v9')(top)).toBe(true);
    expect(ledgerSettles('v1')(top)).toBe(false);
    expect(ledgerSettles('v9')(byHand())).toBe(false);

    const repo = repoWith();
    expect(await blockedTags(repo, TARGET, 'head', { tag: 'v9', history })).toEqual([]);
    // v1 is listed: walked on to the rollback.
    const [b] = await blockedTags(repo, TARGET, 'head', { tag: 'v1', history });
    expect([b.tag, b.reason, b.commit]).toEqual(['v1', 'rolled-back', rollback.sha]);
  });

  it('decides the ledger commit itself before stopping: a failure recorded on it later still blocks its tag', async () => {
    const top = ours('v5', { earlier: ['v4'] });
    const repo = repoWith(new Map([[top.sha, [{ context: 'gitops/payments/dev', state: 'failure' }]]]));
    const [b] = await blockedTags(repo, TARGET, 'head', { tag: 'v5', history: [top, ours('v4')] });
    expect([b.tag, b.reason]).toEqual(['v5', 'failed-verification']);
    // Unlisted v7: only the ledger commit's own record could matter, and it is for v5.
    const quiet = repoWith();
    expect(await blockedTags(quiet, TARGET, 'head', { tag: 'v7', history: [top, ours('v7')] })).toEqual([]);
    expect(quiet.asked).toEqual([]);
  });
});
