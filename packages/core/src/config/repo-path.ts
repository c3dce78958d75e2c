/**
 * Repository-relative paths given by users (`--file`, `file:` in gitops.yaml). Every verb runs
 * them through assertRepoPath before touching a repository, so that no input can reach outside
 * the checkout (or into `.git`) whatever the adapter (local git, GitHub or GitLab REST) does next.
 */
import { InputError } from '../errors.js';

/**
 * Validate and normalise a repository-relative path.
 *
 * Returns the POSIX form without `.` segments, resolved `..`, duplicate or trailing `/`
 * (`./overlays//dev/../dev/values.yaml` → `overlays/dev/values.yaml`).
 *
 * @param input the name of the flag or config key the path came from, used in messages.
 * @throws InputError when the path is empty, absolute, uses `\`, holds NUL or control
 *   characters, climbs above the repository root with `..`, names the root itself, or enters
 *   the `.git` directory.
 */
export function assertRepoPath(path: string, input = '--file'): string {
  const shown = JSON.stringify(path);
  const fix = 'give a path relative to the repository root, e.g. overlays/dev/values.yaml';
  if (typeof path !== 'string' || path.trim() === '') {
    throw new InputError(`${input} is empty`, fix);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) {
    throw new InputError(`${input} ${shown} holds a control character`, fix);
  }
  if (path.includes('\\')) {
    throw new InputError(`${input} ${shown} uses "\\"`, 'separate directories with "/"');
  }
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
    throw new InputError(`${input} ${shown} is absolute`, fix);
  }
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) {
        throw new InputError(`${input} ${shown} leaves the repository`, fix);
      }
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  if (segments.length === 0) {
    throw new InputError(`${input} ${shown} names the repository root, not a file`, fix);
  }
  if (segments.some((s) => s.toLowerCase() === '.git')) {
    throw new InputError(`${input} ${shown} points into .git`, fix);
  }
  return segments.join('/');
}
