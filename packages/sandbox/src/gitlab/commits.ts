/**
 * GitLab's multi-file commit API (POST /projects/:id/repository/commits) over the sandbox's real
 * bare repositories, after GitLab's Commits::CreateService + Files::MultiService.
 */
import type { TreeChange } from '../bare-repo.js';
import { sendJson } from '../routing/http.js';
import { body, fail, type ProjectReq, toBool, validFilePath } from './context.js';
import { commitObj } from './objects.js';

export async function createCommit(r: ProjectReq): Promise<void> {
  const { repo, repoName } = r;
  const b = await body(r);
  const branch = String(b.branch ?? '');
  const message = String(b.commit_message ?? '');
  const actions = Array.isArray(b.actions) ? (b.actions as Record<string, unknown>[]) : null;
  if (!branch) throw fail(400, { error: 'branch is missing' });
  if (!message) throw fail(400, { error: 'commit_message is missing' });
  if (!actions || actions.length === 0) throw fail(400, { error: 'actions is missing' });
  const startBranch = typeof b.start_branch === 'string' ? b.start_branch : undefined;
  const startSha = typeof b.start_sha === 'string' ? b.start_sha : undefined;
  const force = toBool(b.force);
  if (startBranch && startSha) throw fail(400, { message: "You can't pass both start_branch and start_sha" });
  if (r.state.protectedBranches.has(branch)) throw fail(403, { message: 'You are not allowed to push into this branch' });
  const empty = (await repo.refs('refs/heads/')).size === 0;

  for (let attempt = 0; attempt < 10; attempt++) {
    const current = await repo.refSha(`refs/heads/${branch}`);
    const differentBranch = (startBranch !== undefined && startBranch !== branch) || startSha !== undefined;
    if (!empty && differentBranch && current && !force) {
      throw fail(400, { message: `A branch called '${branch}' already exists. Switch to that branch in order to make changes` });
    }
    let start: string | null;
    if (startSha) {
      start = await repo.resolveCommit(startSha);
      if (!start || !/^[0-9a-f]{7,40}$/.test(startSha)) throw fail(400, { message: `Cannot find start_sha '${startSha}'` });
    } else {
      const from = startBranch ?? branch;
      start = from === branch ? current : await repo.refSha(`refs/heads/${from}`);
      if (!start && !empty) throw fail(400, { message: 'You can only create or edit files when you are on a branch' });
    }
    const changes: TreeChange[] = [];
    for (const a of actions) {
      const action = String(a.action ?? '');
      const filePath = String(a.file_path ?? '');
      if (!validFilePath(filePath)) throw fail(400, { message: `Your changes could not be committed, because the file path ${filePath} is invalid` });
      const existing = start ? await repo.entryAt(start, filePath) : null;
      const exists = existing?.type === 'blob';
      const last = typeof a.last_commit_id === 'string' ? a.last_commit_id : undefined;
      if (action === 'create') {
        if (exists) throw fail(400, { message: 'A file with this name already exists' });
      } else if (action === 'update' || action === 'delete' || action === 'chmod') {
        if (!exists) throw fail(400, { message: "A file with this name doesn't exist" });
        if (last && action !== 'chmod' && (await repo.lastCommitFor(start!, filePath)) !== last) {
          throw fail(400, { message: `The file has changed since you started editing it: ${filePath}` });
        }
      } else {
        throw fail(400, { error: 'actions[0][action] does not have a valid value' });
      }
      if (action === 'delete') {
        changes.push({ path: filePath, mode: '100644', sha: null });
        continue;
      }
      if (action === 'chmod') {
        changes.push({ path: filePath, mode: toBool(a.execute_filemode) ? '100755' : '100644', sha: existing!.sha });
        continue;
      }
      const content = typeof a.content === 'string' ? a.content : '';
      const data = a.encoding === 'base64' ? Buffer.from(content, 'base64') : Buffer.from(content);
      changes.push({ path: filePath, mode: existing?.mode ?? '100644', sha: await repo.writeBlob(data) });
    }
    const baseTree = start ? (await repo.readCommit(start))!.tree : null;
    const tree = await repo.buildTree(baseTree, changes);
    const author = {
      name: typeof b.author_name === 'string' ? b.author_name : r.login,
      email: typeof b.author_email === 'string' ? b.author_email : `${r.login}@sandbox.invalid`,
    };
    const sha = await repo.commitTree(tree, start ? [start] : [], message, author, { name: r.login, email: `${r.login}@sandbox.invalid` });
    if (await repo.updateRef(`refs/heads/${branch}`, sha, current)) {
      const c = (await repo.readCommit(sha))!;
      const stats = { additions: 0, deletions: 0, total: changes.length };
      return sendJson(r.res, 201, { ...commitObj(r, repoName, c), stats, status: null, project_id: r.state.projectId(repoName), last_pipeline: null });
    }
    // Another writer moved the branch between our read and our write: re-validate on the new head.
  }
  throw fail(400, { message: `Could not update refs/heads/${branch}. Please refresh and try again.` });
}
