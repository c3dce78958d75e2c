/**
 * Conventional Commits → the size of the next release: `feat` → minor; `fix` and every other
 * message → patch; `type!:` or a `BREAKING CHANGE:` / `BREAKING-CHANGE:` footer → major.
 */
import semver from 'semver';

export type Bump = 'major' | 'minor' | 'patch';

const HEADER = /^(?<type>[A-Za-z]+)(?:\([^()\r\n]*\))?(?<bang>!)?:[ \t]/;
const BREAKING_FOOTER = /^BREAKING[ -]CHANGE:[ \t]/m;
const RANK: Record<Bump, number> = { patch: 0, minor: 1, major: 2 };

export function bumpOf(message: string): Bump {
  const header = HEADER.exec(message.trimStart());
  if (header?.groups?.bang || BREAKING_FOOTER.test(message)) return 'major';
  return header?.groups?.type?.toLowerCase() === 'feat' ? 'minor' : 'patch';
}

/** The largest bump among the messages; patch when there are none (an rc still follows the release). */
export function bumpOfAll(messages: Iterable<string>): Bump {
  let bump: Bump = 'patch';
  for (const m of messages) {
    const b = bumpOf(m);
    if (RANK[b] > RANK[bump]) bump = b;
    if (bump === 'major') break;
  }
  return bump;
}

/** The version after `current` (pre-release parts dropped), as `x.y.z`. */
export function nextVersion(current: semver.SemVer, bump: Bump): string {
  const base = new semver.SemVer(`${current.major}.${current.minor}.${current.patch}`);
  return base.inc(bump).version;
}

/** No stable tag yet: the first version. */
export const FIRST_VERSION = '0.1.0';
