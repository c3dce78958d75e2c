/**
 * GitHub's one-request commit, `createCommitOnBranch` (GraphQL), and the REST compare endpoint,
 * over the sandbox's real bare repositories.
 *
 * createCommitOnBranch is a compare-and-swap: the branch must still point at `expectedHeadOid`,
 * otherwise GitHub answers STALE_DATA ("Expected branch to point to … but it did not") and
 * writes nothing. As on github.com the commit is authored by the token's owner, committed by
 * "GitHub" (the web-flow identity) and signed by the forge — so it satisfies a branch rule that
 * requires signed commits, where a commit made through the REST git database does not
 * (`requireSignedCommits`).
 */
import type { BareRepo, TreeChange } from '../bare-repo.js';
import type { ForgeState } from '../forge-state.js';
import * as o from './objects.js';

const FULL = /^[0-9a-f]{40}$/;

interface SignState {
  /** Branches whose rules require signed commits. */
  branches: Set<string>;
  /** Commits the forge itself signed (made by createCommitOnBranch). */
  signed: Set<string>;
}
const signing = new WeakMap<ForgeState, SignState>();

function signState(state: ForgeState): SignState {
  let s = signing.get(state);
  if (!s) {
    s = { branches: new Set(), signed: new Set() };
    signing.set(state, s);
  }
  return s;
}

/** Make `branch` require signed commits (as a ruleset / branch protection does), or stop requiring them. */
export function requireSignedCommits(state: ForgeState, branch: string, on = true): void {
  if (on) signState(state).branches.add(branch);
  else signState(state).branches.delete(branch);
}

/** Whether moving `branch` to `sha` breaks a signed-commits rule (the tip must be forge-signed). */
export function violatesSignedCommits(state: ForgeState, branch: string, sha: string): boolean {
  const s = signing.get(state);
  return !!s && s.branches.has(branch) && !s.signed.has(sha);
}

export interface GraphqlError {
  type: string;
  message: string;
  path?: string[];
  locations?: { line: number; column: number }[];
}

export type GraphqlAnswer = { data: unknown; errors?: GraphqlError[] };

interface CommitOnBranchEnv {
  state: ForgeState;
  login: string;
  access: 'none' | 'read' | 'write';
  /** The web base, for the commit URL. */
  web: string;
}

const fail = (type: string, message: string): GraphqlAnswer => ({
  data: { createCommitOnBranch: null },
  errors: [{ type, path: ['createCommitOnBranch'], message }],
});

/**
 * `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid url } } }`
 * with the input in variables (the way clients send it).
 */
export async function createCommitOnBranch(env: CommitOnBranchEnv, input: unknown): Promise<GraphqlAnswer> {
  const i = (input ?? {}) as Record<string, unknown>;
  const branch = (i.branch ?? {}) as Record<string, unknown>;
  const repoName = typeof branch.repositoryNameWithOwner === 'string' ? branch.repositoryNameWithOwner : '';
  const name = typeof branch.branchName === 'string' ? branch.branchName.replace(/^refs\/heads\//, '') : '';
  const expected = typeof i.expectedHeadOid === 'string' ? i.expectedHeadOid : '';
  const message = (i.message ?? {}) as Record<string, unknown>;
  const changes = (i.fileChanges ?? {}) as Record<string, unknown>;
  if (!repoName || !name) return fail('INVALID_ARGUMENTS', 'branch needs repositoryNameWithOwner and branchName (the sandbox does not resolve branch ids)');
  if (!FULL.test(expected))
    return fail('INVALID_ARGUMENTS', 'Variable $input of type CreateCommitOnBranchInput! was provided invalid value for expectedHeadOid');
  if (typeof message.headline !== 'string' || message.headline === '') return fail('INVALID_ARGUMENTS', 'message.headline is required');
  const repo = env.state.repo(repoName);
  if (!repo) return fail('NOT_FOUND', `Could not resolve to a Repository with the name '${repoName}'.`);
  if (env.access !== 'write') return fail('FORBIDDEN', 'Resource not accessible by personal access token');
  const ref = `refs/heads/${name}`;
  const head = await repo.refSha(ref);
  if (!head) return fail('NOT_FOUND', `A ref named "${ref}" could not be found.`);
  if (env.state.protectedBranches.has(name)) {
    return fail('UNPROCESSABLE', `Protected branch update failed for ${ref}. Changes must be made through a pull request.`);
  }
  const stale = () => fail('STALE_DATA', `Expected branch to point to "${expected}" but it did not.  Pull and try again.`);
  if (head !== expected) return stale();

  const tree: TreeChange[] = [];
  const additions = Array.isArray(changes.additions) ? (changes.additions as Record<string, unknown>[]) : [];
  const deletions = Array.isArray(changes.deletions) ? (changes.deletions as Record<string, unknown>[]) : [];
  const base = (await repo.readCommit(expected))!;
  for (const d of deletions) {
    const path = String(d.path ?? '');
    if (!(await repo.entryAt(expected, path)))
      return fail('UNPROCESSABLE', `A path was requested for deletion which does not exist as of commit oid \`${expected}\``);
    tree.push({ path, mode: '100644', sha: null });
  }
  for (const a of additions) {
    const path = String(a.path ?? '');
    if (typeof a.contents !== 'string' || !validPath(path)) return fail('INVALID_ARGUMENTS', `invalid file addition ${JSON.stringify(path)}`);
    tree.push({ path, mode: '100644', sha: await repo.writeBlob(Buffer.from(a.contents, 'base64')) });
  }
  const body = typeof message.body === 'string' && message.body !== '' ? `\n\n${message.body}` : '';
  const person = { name: env.login, email: `${env.login}@users.noreply.sandbox.invalid` };
  const sha = await repo.commitTree(await repo.buildTree(base.tree, tree), [expected], `${message.headline}${body}\n`, person, {
    name: 'GitHub',
    email: 'noreply@github.com',
  });
  signState(env.state).signed.add(sha);
  // The compare-and-swap itself: lost to a writer that got in since we read the head.
  if (!(await repo.updateRef(ref, sha, expected))) return stale();
  return { data: { createCommitOnBranch: { commit: { oid: sha, url: `${env.web}/${repoName}/commit/${sha}` } } } };
}

function validPath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.split('/').some((s) => s === '' || s === '.' || s === '..' || s === '.git');
}

/** GET /repos/{o}/{r}/compare/{base}...{head}: status, counts and the changed files (as GitHub, at most 300). */
export async function compareCommits(ctx: o.Ctx, repo: BareRepo, repoName: string, basehead: string): Promise<unknown> {
  const m = /^(.+?)\.\.\.(.+)$/.exec(basehead);
  if (!m) return null;
  const [base, head] = await Promise.all([repo.resolveCommit(m[1]), repo.resolveCommit(m[2])]);
  if (!base || !head) return null;
  // A branch a few single-parent commits ahead of the base (a look at a busy branch): walked in
  // JS over the object reader; anything else asks git.
  const line = await repo.linearRange(base, head);
  const mergeBase = line ? base : ((await repo.mergeBase(base, head)) ?? base);
  const [aheadBy, behindBy] = line ? [line.length, 0] : await Promise.all([repo.count(`${mergeBase}..${head}`), repo.count(`${mergeBase}..${base}`)]);
  const status = aheadBy === 0 && behindBy === 0 ? 'identical' : behindBy === 0 ? 'ahead' : aheadBy === 0 ? 'behind' : 'diverged';
  const [baseCommit, mbCommit, headCommit] = await Promise.all([repo.readCommit(base), repo.readCommit(mergeBase), repo.readCommit(head)]);
  const changed = line ? await repo.diffTrees(mbCommit!.tree, headCommit!.tree) : await repo.changedPaths(mergeBase, head);
  const commits = line ? line.slice(0, 250) : aheadBy > 0 ? await repo.log(`${mergeBase}..${head}`, { max: 250 }) : [];
  const url = `${ctx.api}/repos/${repoName}/compare/${basehead}`;
  const html = `${ctx.web}/${repoName}/compare/${basehead}`;
  const statusName: Record<string, string> = { A: 'added', D: 'removed', M: 'modified', T: 'changed' };
  return {
    url,
    html_url: html,
    permalink_url: `${ctx.web}/${repoName}/compare/${base}...${head}`,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    base_commit: o.commit(ctx, repoName, baseCommit!),
    merge_base_commit: o.commit(ctx, repoName, mbCommit!),
    status,
    ahead_by: aheadBy,
    behind_by: behindBy,
    total_commits: aheadBy,
    commits: commits.reverse().map((c) => o.commit(ctx, repoName, c)),
    files: changed.slice(0, 300).map((f) => ({
      sha: '0'.repeat(40),
      filename: f.path,
      status: statusName[f.status[0]] ?? 'modified',
      additions: 0,
      deletions: 0,
      changes: 0,
      blob_url: `${ctx.web}/${repoName}/blob/${head}/${f.path}`,
      raw_url: `${ctx.web}/${repoName}/raw/${head}/${f.path}`,
      contents_url: `${ctx.api}/repos/${repoName}/contents/${f.path}?ref=${head}`,
    })),
  };
}
