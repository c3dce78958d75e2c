/**
 * Tag ordering is a per-app policy, not always semver. Bitnami-style tags such as
 * `17.6.0-debian-12-r4` → `17.6.0-debian-12-r10` are an upgrade by build number, but semver
 * compares the pre-release `r10` < `r4` as text. The policies follow Flux ImagePolicy and Argo CD
 * Image Updater:
 *   semver        (default) `v1.2.3`, `1.2.3-rc.1`; other tags are not comparable
 *   numerical     the last run of digits, or the named group of an extract regex (`--tag-order-extract`)
 *   alphabetical  plain code-unit order (timestamps such as `2024-05-01T10-00`)
 *   none          never compared: any tag may follow any other
 * A comparison that cannot be made returns null; the caller decides what that means.
 */
import { InputError } from '../errors.js';
import { compareTags } from './tag.js';

export const TAG_ORDERS = ['semver', 'numerical', 'alphabetical', 'none'] as const;
export type TagOrderName = (typeof TAG_ORDERS)[number];

export interface TagOrderPolicy {
  order: TagOrderName;
  /** numerical only: a regex with a named group holding the number to compare. */
  extract?: RegExp;
}

export const DEFAULT_TAG_ORDER: TagOrderPolicy = { order: 'semver' };

/** An extract regex longer than this is refused (it runs on every tag we compare). */
const MAX_EXTRACT_LENGTH = 512;

/** Validate `--tag-order` / `--tag-order-extract` (or gitops.yaml `tagOrder:`) into a policy. */
export function parseTagOrder(order: string | undefined, extract?: string, input = '--tag-order'): TagOrderPolicy {
  const name = (order ?? 'semver').trim().toLowerCase();
  if (!(TAG_ORDERS as readonly string[]).includes(name)) {
    throw new InputError(`${input} ${JSON.stringify(order)} is not a tag order`, `use one of ${TAG_ORDERS.join(', ')}`);
  }
  if (extract === undefined || extract === '') return { order: name as TagOrderName };
  if (name !== 'numerical') {
    throw new InputError(`--tag-order-extract only applies to --tag-order numerical (got ${name})`, 'pass --tag-order numerical, or drop --tag-order-extract');
  }
  if (extract.length > MAX_EXTRACT_LENGTH) {
    throw new InputError(`--tag-order-extract is longer than ${MAX_EXTRACT_LENGTH} characters`, 'use a shorter regular expression');
  }
  let re: RegExp;
  try {
    re = new RegExp(extract);
  } catch (err) {
    throw new InputError(`--tag-order-extract ${JSON.stringify(extract)} is not a valid regular expression: ${(err as Error).message}`);
  }
  if (!/\(\?<[A-Za-z_$][\w$]*>/.test(extract)) {
    throw new InputError(`--tag-order-extract ${JSON.stringify(extract)} has no named group`, 'name the number to compare, e.g. ^build-(?<n>\\d+)$');
  }
  return { order: 'numerical', extract: re };
}

/** The number a tag carries under the numerical policy, or null when it has none. */
export function tagNumber(tag: string, extract?: RegExp): bigint | null {
  let digits: string | undefined;
  if (extract) {
    const groups = extract.exec(tag)?.groups;
    // The first named group that matched: one name is the documented form.
    digits = groups ? Object.values(groups).find((v) => v !== undefined) : undefined;
  } else {
    digits = /(\d+)(?!.*\d)/.exec(tag)?.[1];
  }
  // BigInt: build numbers and yyyymmddhhmmss timestamps may exceed 2^53.
  return digits !== undefined && /^\d+$/.test(digits) ? BigInt(digits) : null;
}

/** -1, 0, 1 under the policy; null when the two tags cannot be compared under it. */
export function compareTagsBy(policy: TagOrderPolicy, a: string, b: string): number | null {
  switch (policy.order) {
    case 'semver':
      return compareTags(a, b);
    case 'numerical': {
      const na = tagNumber(a, policy.extract);
      const nb = tagNumber(b, policy.extract);
      if (na === null || nb === null) return null;
      return na < nb ? -1 : na > nb ? 1 : 0;
    }
    case 'alphabetical':
      return a < b ? -1 : a > b ? 1 : 0;
    case 'none':
      return null;
  }
}

/** The highest tag under the policy among those it can order (none for `none`). */
export function latestTag(policy: TagOrderPolicy, tags: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const t of tags) {
    if (compareTagsBy(policy, t, t) === null) continue; // not orderable under this policy
    if (best === undefined || compareTagsBy(policy, t, best)! > 0) best = t;
  }
  return best;
}
