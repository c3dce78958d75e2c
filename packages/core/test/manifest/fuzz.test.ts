/**
 * Property test of the manifest editor (fast-check, fixed seed, bounded runs): random corpus
 * documents, random existing scalar paths, random tags — see fuzz-support.ts for the property.
 * A longer run with a fresh seed: `npm run bench -- fuzz-manifest`.
 */
import fc from 'fast-check';
import { corpusTargets, checkEdit, editProperty } from './fuzz-support.js';

const targets = corpusTargets();

describe('manifest editor, property-based', () => {
  it('draws from enough of the corpus to matter', () => {
    expect(targets.length).toBeGreaterThanOrEqual(120);
    expect(new Set(targets.map((t) => t.file)).size).toBeGreaterThanOrEqual(18);
  });

  it('every edit re-parses, holds the value, and changes only the target scalar (seed 7, 400 runs)', () => {
    fc.assert(editProperty(targets), { seed: 7, numRuns: 400 });
  });

  it('the property can fail: a result with another byte changed is caught', () => {
    const t = targets.find((x) => x.file === 'helm-values.yaml' && x.path === 'image.tag')!;
    expect(checkEdit(t, 'v9.9.9')).toBeUndefined();
    // Claim the scalar started one byte later / ended one byte earlier: the edit then touches bytes
    // outside it, and the check says so.
    expect(checkEdit({ ...t, range: [t.range[0] + 1, t.range[1]] }, 'w9.9.9')).toBe('bytes before the scalar changed');
    expect(checkEdit({ ...t, range: [t.range[0], t.range[1] - 1] }, 'v9.9.8')).toBe('bytes after the scalar changed');
  });
});
