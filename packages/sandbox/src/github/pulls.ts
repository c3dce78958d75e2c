/**
 * Pull-request mechanics over the real repository: mergeability, merging, auto-merge. Used by the
 * REST routes and by the GraphQL auto-merge mutation.
 */
import type { BareRepo } from '../bare-repo.js';
import { type ForgeState, type PullRequestRecord, nowIso } from '../forge-state.js';
import { HttpError } from './context.js';
import type * as o from './objects.js';

/** Mergeability of a pull request, computed from the real repository. */
export async function live(state: ForgeState, repo: BareRepo, pr: PullRequestRecord, heads?: Map<string, string>): Promise<o.PrLive> {
  const ref = async (b: string) => (heads ? heads.get(`refs/heads/${b}`) : await repo.refSha(`refs/heads/${b}`)) ?? null;
  const headSha = (pr.state === 'open' ? await ref(pr.head) : null) ?? pr.headSha ?? '';
  const baseSha = (await ref(pr.base)) ?? '';
  let mergeableState = 'unknown';
  let mergeable: boolean | null = null;
  let commits = 0;
  let changedFiles = 0;
  // Lists (pull-request-simple) carry no mergeability: skip the expensive part.
  if (headSha && baseSha && !heads) {
    const mb = await repo.mergeBase(baseSha, headSha);
    commits = (await repo.log(mb ? `${mb}..${headSha}` : headSha)).length;
    changedFiles = mb ? (await repo.changedPaths(mb, headSha)).length : 0;
    if (pr.state === 'open') {
      const tree = await repo.mergeTree(baseSha, headSha);
      mergeable = tree !== null;
      const latest = state.latestStatuses(pr.repo, headSha);
      if (pr.draft) mergeableState = 'draft';
      else if (!mergeable) mergeableState = 'dirty';
      else if (state.protectedBranches.has(pr.base) || latest.some((s) => s.state !== 'success')) mergeableState = 'blocked';
      else mergeableState = 'clean';
    }
  }
  return { headSha, baseSha, mergeableState, mergeable, commits, changedFiles };
}

/** Merge a pull request for real (merge commit, or one squashed commit for squash/rebase). */
export async function mergePullRequest(
  state: ForgeState,
  repo: BareRepo,
  pr: PullRequestRecord,
  opts: { method?: string; title?: string; message?: string; sha?: string; by: string },
): Promise<string> {
  return state.exclusive(`${pr.repo}:merge`, async () => {
    if (pr.state !== 'open') throw new HttpError(405, 'Pull Request is not mergeable');
    const headSha = await repo.refSha(`refs/heads/${pr.head}`);
    const baseSha = await repo.refSha(`refs/heads/${pr.base}`);
    if (!headSha || !baseSha) throw new HttpError(405, 'Pull Request is not mergeable');
    if (opts.sha && opts.sha !== headSha) throw new HttpError(409, 'Head branch was modified. Review and try again.');
    if (pr.draft) throw new HttpError(405, 'Pull Request is still a draft');
    const tree = await repo.mergeTree(baseSha, headSha);
    if (!tree) throw new HttpError(405, 'Pull Request is not mergeable');
    const method = opts.method ?? 'merge';
    const owner = pr.repo.split('/')[0];
    const who = { name: opts.by, email: `${opts.by}@users.noreply.sandbox.invalid` };
    const sha =
      method === 'merge'
        ? await repo.commitTree(
            tree,
            [baseSha, headSha],
            `${opts.title ?? `Merge pull request #${pr.number} from ${owner}/${pr.head}`}\n\n${opts.message ?? pr.title}\n`,
            who,
          )
        : await repo.commitTree(tree, [baseSha], `${opts.title ?? `${pr.title} (#${pr.number})`}\n\n${opts.message ?? pr.body ?? ''}\n`, who);
    if (!(await repo.updateRef(`refs/heads/${pr.base}`, sha, baseSha))) {
      throw new HttpError(405, 'Base branch was modified. Review and try again.');
    }
    const now = nowIso();
    Object.assign(pr, { state: 'closed', merged: true, mergeCommitSha: sha, mergedAt: now, closedAt: now, updatedAt: now, headSha, autoMerge: null });
    return sha;
  });
}

/** Merge pull requests whose auto-merge is on and whose requirements now pass. */
export async function runAutoMerge(state: ForgeState, repo: BareRepo, repoName: string): Promise<void> {
  for (const pr of state.pulls(repoName)) {
    if (pr.state !== 'open' || !pr.autoMerge) continue;
    const l = await live(state, repo, pr);
    if (l.mergeableState !== 'clean') continue;
    await mergePullRequest(state, repo, pr, { method: pr.autoMerge.method, by: pr.autoMerge.by }).catch(() => undefined);
  }
}
