/** Tag ordering policies: semver (default), numerical (+ extract), alphabetical, none. */
import { InputError } from '../../src/errors.js';
import { compareTagsBy, latestTag, parseTagOrder, tagNumber } from '../../src/version/tag-order.js';

describe('tag order policies', () => {
  test("Bitnami's 17.6.0-debian-12-r4 → r10 is an upgrade under numerical, a downgrade under semver", () => {
    const numerical = parseTagOrder('numerical');
    expect(compareTagsBy(numerical, '17.6.0-debian-12-r10', '17.6.0-debian-12-r4')).toBe(1);
    expect(compareTagsBy(numerical, '17.6.0-debian-12-r4', '17.6.0-debian-12-r10')).toBe(-1);
    // The reason the policy exists: semver compares the pre-release text "r10" < "r4".
    expect(compareTagsBy(parseTagOrder(undefined), '17.6.0-debian-12-r10', '17.6.0-debian-12-r4')).toBe(-1);
  });

  test('numerical compares the last run of digits as a number, beyond 2^53', () => {
    const p = parseTagOrder('numerical');
    expect(compareTagsBy(p, 'build-9', 'build-10')).toBe(-1);
    expect(compareTagsBy(p, 'main-20240101120000123', 'main-20240101120000124')).toBe(-1);
    expect(tagNumber('main-20240101120000123')).toBe(20240101120000123n);
    expect(compareTagsBy(p, 'latest', 'build-1')).toBeNull();
    expect(compareTagsBy(p, 'build-007', 'build-7')).toBe(0);
  });

  test('numerical with --tag-order-extract uses the named group, not the last digits', () => {
    const p = parseTagOrder('numerical', '^main-[a-f0-9]+-(?<ts>\\d+)$');
    // Last digit run would be the timestamp too, but the SHA part contains digits first: check the group wins.
    expect(compareTagsBy(p, 'main-abc123-1700000200', 'main-fff999-1700000100')).toBe(1);
    const build = parseTagOrder('numerical', '^(?<build>\\d+)-alpine3\\.\\d+$');
    expect(compareTagsBy(build, '12-alpine3.19', '9-alpine3.20')).toBe(1); // last digits (19 < 20) would say -1
    expect(compareTagsBy(build, 'v12', '9-alpine3.20')).toBeNull();
  });

  test('alphabetical is code-unit order; none never compares', () => {
    expect(compareTagsBy(parseTagOrder('alphabetical'), '2024-05-01T10-00', '2024-04-30T23-59')).toBe(1);
    expect(compareTagsBy(parseTagOrder('alphabetical'), 'b', 'b')).toBe(0);
    expect(compareTagsBy(parseTagOrder('none'), 'v2.0.0', 'v1.0.0')).toBeNull();
  });

  test('latestTag picks the highest orderable tag under the policy', () => {
    const tags = ['17.6.0-debian-12-r4', '17.6.0-debian-12-r10', 'latest', '17.6.0-debian-12-r9'];
    expect(latestTag(parseTagOrder('numerical'), tags)).toBe('17.6.0-debian-12-r10');
    expect(latestTag(parseTagOrder('semver'), ['v1.2.3', 'latest', 'v1.10.0', 'v1.9.9'])).toBe('v1.10.0');
    expect(latestTag(parseTagOrder('none'), tags)).toBeUndefined();
  });

  test.each([
    [['newest'], /--tag-order "newest" is not a tag order/],
    [['numerical', '(unclosed'], /--tag-order-extract "\(unclosed" is not a valid regular expression/],
    [['numerical', '\\d+'], /has no named group/],
    [['semver', '(?<n>\\d+)'], /only applies to --tag-order numerical/],
  ])('bad policy %j is an input error', (args, message) => {
    const [order, extract] = args as [string, string?];
    expect(() => parseTagOrder(order, extract)).toThrow(InputError);
    expect(() => parseTagOrder(order, extract)).toThrow(message);
  });

  test('an unknown order names the valid ones in its fix', () => {
    expect(() => parseTagOrder('newest')).toThrow(expect.objectContaining({ fix: 'use one of semver, numerical, alphabetical, none' }));
  });
});
