/**
 * Image tags: validation against the OCI distribution grammar and semver comparison
 * (for the downgrade guard). Tags like `v1.2.3`, `1.2.3`, `v1.3.0-rc.abc1234` compare as semver;
 * anything else (`dev-1a2b3c-1700000000`, `latest`) is not comparable.
 */
import semver from 'semver';
import { InputError } from '../errors.js';

/** OCI distribution spec: `[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}`. */
const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Whether `tag` is a valid image tag (OCI grammar): what rollback may put back from history. */
export function isValidTag(tag: string): boolean {
  return OCI_TAG.test(tag);
}

export function assertTag(tag: string, input = '--tag', pattern?: string): string {
  if (!OCI_TAG.test(tag)) {
    const shown = JSON.stringify(tag.length > 60 ? `${tag.slice(0, 60)}…` : tag);
    throw new InputError(`${input} ${shown} is not a valid image tag`, 'use letters, digits, _ . - only, at most 128 characters, not starting with . or -');
  }
  if (pattern !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(pattern);
    } catch (err) {
      throw new InputError(`--tag-pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${(err as Error).message}`);
    }
    if (!re.test(tag)) {
      throw new InputError(`${input} ${tag} does not match --tag-pattern ${pattern}`, 'pass a tag of the expected form or change --tag-pattern');
    }
  }
  return tag;
}

/** Parsed semver of a tag (a leading `v` is allowed), or null when it is not semver. */
export function tagVersion(tag: string): semver.SemVer | null {
  return semver.parse(tag.replace(/^v(?=\d)/, ''), { loose: false });
}

/** -1, 0, 1 when both tags are semver; null when they cannot be compared. */
export function compareTags(a: string, b: string): number | null {
  const va = tagVersion(a);
  const vb = tagVersion(b);
  if (!va || !vb) return null;
  return semver.compare(va, vb);
}
