/** Merging a merge request for real, and merge-when-pipeline-succeeds. */
import type { BareRepo } from '../bare-repo.js';
import { type MergeRequestRecord, nowIso } from '../forge-state.js';
import { fail, type GlReq } from './context.js';
import { mrLive } from './objects.js';

export async function mergeMr(r: GlReq, repo: BareRepo, mr: MergeRequestRecord, message?: string): Promise<void> {
  await r.state.exclusive(`${mr.repo}:merge`, async () => {
    const source = await repo.refSha(`refs/heads/${mr.sourceBranch}`);
    const target = await repo.refSha(`refs/heads/${mr.targetBranch}`);
    if (!source || !target || mr.state !== 'opened') throw fail(405, { message: '405 Method Not Allowed' });
    const tree = await repo.mergeTree(target, source);
    if (!tree) throw fail(405, { message: '405 Method Not Allowed' });
    const msg = message ?? `Merge branch '${mr.sourceBranch}' into '${mr.targetBranch}'\n\n${mr.title}\n\nSee merge request ${mr.repo}!${mr.iid}\n`;
    const sha = await repo.commitTree(tree, [target, source], msg, { name: r.login, email: `${r.login}@sandbox.invalid` });
    if (!(await repo.updateRef(`refs/heads/${mr.targetBranch}`, sha, target)))
      throw fail(409, { message: 'Branch has been updated since the merge was requested' });
    const now = nowIso();
    Object.assign(mr, { state: 'merged', mergeCommitSha: sha, mergedAt: now, updatedAt: now, headSha: source, autoMerge: false });
  });
}

export async function runAutoMerge(r: GlReq, repo: BareRepo, repoName: string): Promise<void> {
  for (const mr of r.state.mergeRequests(repoName)) {
    if (mr.state !== 'opened' || !mr.autoMerge) continue;
    const l = await mrLive(r, repo, mr);
    if (!l.pending && !l.failed && !l.conflicts) await mergeMr(r, repo, mr).catch(() => undefined);
  }
}
