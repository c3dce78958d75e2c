/**
 * Releases for the sandbox forges (GitHub and GitLab), per server, in memory. Creating a release
 * whose tag does not exist writes a real lightweight tag into the bare repository at the target
 * commit (as both forges do), so a clone sees it.
 */
import type { BareRepo } from './bare-repo.js';
import { type ForgeState, nowIso } from './forge-state.js';

export interface ReleaseRecord {
  id: number;
  tag: string;
  name: string | null;
  body: string | null;
  /** What the creator asked for: a branch or a SHA. */
  target: string;
  /** The commit the tag points at. */
  sha: string;
  author: string;
  createdAt: string;
}

const stores = new WeakMap<ForgeState, Map<string, ReleaseRecord[]>>();

export function releasesOf(state: ForgeState, repoName: string): ReleaseRecord[] {
  let byRepo = stores.get(state);
  if (!byRepo) stores.set(state, (byRepo = new Map()));
  let list = byRepo.get(repoName);
  if (!list) byRepo.set(repoName, (list = []));
  return list;
}

export type CreateOutcome = { ok: ReleaseRecord } | { error: 'exists' | 'invalid-tag' | 'invalid-target' };

/** Git's ref-name rules, the part a tag name from an API can break. */
// eslint-disable-next-line no-control-regex -- git's tag-name rules forbid control characters
const TAG_NAME = /^(?!\.|-)(?!.*(?:\.\.|@\{|\/\/|\.lock$|\.$|\/$))[^\s~^:?*[\\\x00-\x1f\x7f]{1,255}$/;

export async function createRelease(
  state: ForgeState,
  repo: BareRepo,
  repoName: string,
  input: { tag: string; target?: string; name?: string | null; body?: string | null; author: string; defaultBranch: string },
): Promise<CreateOutcome> {
  if (!TAG_NAME.test(input.tag)) return { error: 'invalid-tag' };
  return state.exclusive(`${repoName}:releases`, async () => {
    const list = releasesOf(state, repoName);
    if (list.some((r) => r.tag === input.tag)) return { error: 'exists' };
    const target = input.target || input.defaultBranch;
    let sha = await repo.resolveCommit(`refs/tags/${input.tag}`);
    if (!sha) {
      sha = await repo.resolveCommit(target);
      if (!sha) return { error: 'invalid-target' };
      if (!(await repo.updateRef(`refs/tags/${input.tag}`, sha, null))) return { error: 'exists' };
    }
    const rec: ReleaseRecord = {
      id: state.nextId(),
      tag: input.tag,
      name: input.name ?? null,
      body: input.body ?? null,
      target,
      sha,
      author: input.author,
      createdAt: nowIso(),
    };
    list.push(rec);
    return { ok: rec };
  });
}
