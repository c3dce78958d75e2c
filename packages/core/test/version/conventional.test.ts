/** Conventional Commits → bump, per message. */
import { bumpOf, bumpOfAll } from '../../src/version/conventional.js';

test.each([
  ['feat: add refunds', 'minor'],
  ['feat(api): add refunds', 'minor'],
  ['FEAT: shouting', 'minor'],
  ['feature: not the feat type', 'patch'],
  ['fix: rounding', 'patch'],
  ['chore(deps): bump yaml', 'patch'],
  ['Merge branch develop', 'patch'],
  ['feat!: drop v1 API', 'major'],
  ['refactor(core)!: rename', 'major'],
  ['fix: x\n\nBREAKING CHANGE: config key renamed', 'major'],
  ['fix: x\n\nBREAKING-CHANGE: config key renamed', 'major'],
  ['docs: mention BREAKING CHANGE: in prose is not a footer', 'patch'],
  ['feat:no space after colon', 'patch'],
])('%j → %s', (message, bump) => {
  expect(bumpOf(message)).toBe(bump);
});

test('the largest bump wins; no commits is a patch', () => {
  expect(bumpOfAll(['fix: a', 'feat: b', 'chore: c'])).toBe('minor');
  expect(bumpOfAll(['fix: a', 'feat!: b', 'feat: c'])).toBe('major');
  expect(bumpOfAll([])).toBe('patch');
});
