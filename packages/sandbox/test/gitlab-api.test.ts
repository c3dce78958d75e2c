/**
 * The sandbox GitLab API: every resource it returns carries each field @gitbeaker's schema types
 * declare (the Record types below fail to compile if a declared field is missing from the list),
 * with the declared JSON type; API commits are real git (a clone sees them), pushes show in the API.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import type {
  BranchSchema,
  CommitSchema,
  CommitStatusSchema,
  MergeRequestSchema,
  RepositoryFileExpandedSchema,
  SimpleProjectSchema,
  SimpleUserSchema,
} from '@gitbeaker/rest';
import { createBareRepo, refSha, showFile, startForge, tempDir, type ForgeServer } from '../src/index.js';

const run = promisify(execFile);

/** The keys a schema declares, without its `Record<string, unknown>` index signature. */
type Declared<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
/** Expected JSON type per declared field; `?` = may be absent, `|null` = may be null. */
type Shape<T> = Record<Declared<T>, string>;

const user: Shape<Omit<SimpleUserSchema, 'created_at'>> = {
  id: 'number',
  name: 'string',
  username: 'string',
  state: 'string',
  avatar_url: 'string',
  web_url: 'string',
};
const project: Shape<SimpleProjectSchema> = {
  id: 'number',
  web_url: 'string',
  name: 'string',
  path: 'string',
  description: 'string|null',
  name_with_namespace: 'string',
  path_with_namespace: 'string',
  created_at: 'string',
  default_branch: 'string',
  topics: 'array|null',
  ssh_url_to_repo: 'string',
  http_url_to_repo: 'string',
  readme_url: 'string|null',
  forks_count: 'number',
  avatar_url: 'string|null',
  star_count: 'number',
  last_activity_at: 'string',
  namespace: 'object',
};
const commit: Shape<CommitSchema> = {
  id: 'string',
  short_id: 'string',
  message: 'string',
  title: 'string',
  author_email: 'string',
  author_name: 'string',
  created_at: 'string',
  parent_ids: 'array?',
  authored_date: 'string?',
  committer_name: 'string?',
  committer_email: 'string?',
  committed_date: 'string?',
  web_url: 'string',
};
const branch: Shape<BranchSchema> = {
  name: 'string',
  merged: 'boolean',
  protected: 'boolean',
  default: 'boolean',
  developers_can_push: 'boolean',
  developers_can_merge: 'boolean',
  can_push: 'boolean',
  web_url: 'string',
  commit: 'object',
};
const file: Shape<RepositoryFileExpandedSchema> = {
  file_name: 'string',
  file_path: 'string',
  size: 'number',
  encoding: 'string',
  content: 'string',
  content_sha256: 'string',
  ref: 'string',
  blob_id: 'string',
  commit_id: 'string',
  last_commit_id: 'string',
};
const status: Shape<CommitStatusSchema> = {
  status: 'string',
  created_at: 'string',
  started_at: 'string?|null',
  name: 'string',
  allow_failure: 'boolean',
  author: 'object',
  description: 'string?|null',
  sha: 'string',
  target_url: 'string|null',
  finished_at: 'string?|null',
  id: 'number',
  ref: 'string|null',
};
const mr: Shape<MergeRequestSchema> = {
  id: 'number',
  iid: 'number',
  project_id: 'number',
  title: 'string',
  description: 'string|null',
  state: 'string',
  created_at: 'string',
  updated_at: 'string',
  web_url: 'string',
  merged_by: 'object|null',
  merged_at: 'string|null',
  closed_by: 'object|null',
  closed_at: 'string|null',
  target_branch: 'string',
  source_branch: 'string',
  user_notes_count: 'number',
  upvotes: 'number',
  downvotes: 'number',
  author: 'object',
  assignees: 'array|null',
  assignee: 'object|null',
  reviewers: 'array|null',
  source_project_id: 'number',
  target_project_id: 'number',
  labels: 'array',
  draft: 'boolean',
  work_in_progress: 'boolean',
  milestone: 'object|null',
  merge_when_pipeline_succeeds: 'boolean',
  merge_status: 'string',
  detailed_merge_status: 'string',
  sha: 'string',
  merge_commit_sha: 'string|null',
  squash_commit_sha: 'string|null',
  discussion_locked: 'boolean|null',
  should_remove_source_branch: 'boolean|null',
  force_remove_source_branch: 'boolean',
  reference: 'string',
  references: 'object',
  time_stats: 'object',
  squash: 'boolean',
  task_completion_status: 'object',
  prepared_at: 'string|null',
  has_conflicts: 'boolean',
  blocking_discussions_resolved: 'boolean',
  approvals_before_merge: 'number|null',
};

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function check(label: string, value: unknown, shape: Record<string, string>): string[] {
  if (!value || typeof value !== 'object') return [`${label}: not an object`];
  const o = value as Record<string, unknown>;
  const out: string[] = [];
  for (const [k, spec] of Object.entries(shape)) {
    const optional = spec.includes('?');
    const allowed = spec.replace('?', '').split('|');
    if (!(k in o)) {
      if (!optional) out.push(`${label}.${k}: missing`);
      continue;
    }
    if (!allowed.includes(jsonType(o[k]))) out.push(`${label}.${k}: ${jsonType(o[k])}, expected ${spec}`);
  }
  return out;
}

const TOKEN = 'glpat-apiShape0123456789';

describe('sandbox GitLab API', () => {
  let root: string;
  let bare: string;
  let forge: ForgeServer;
  let api: string;
  const gl = async (method: string, path: string, body?: unknown, token = TOKEN) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { 'PRIVATE-TOKEN': token, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text && (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(text) as unknown) : text,
    };
  };
  const P = `/projects/${encodeURIComponent('acme/platform/env')}`;

  beforeAll(async () => {
    root = await tempDir('gl-api-');
    bare = await createBareRepo(root, 'acme/platform/env', { 'app/values.yaml': 'tag: v1\n' });
    forge = await startForge({ root, tokens: [TOKEN], readOnlyTokens: ['glpat-ro0123456789'], protectedBranches: ['locked'] });
    api = `${forge.url}/api/v4`;
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('returns every field gitbeaker declares, with the declared types', async () => {
    const problems: string[] = [];
    const p = await gl('GET', P);
    problems.push(...check('project', p.body, project));
    const byId = await gl('GET', `/projects/${(p.body as { id: number }).id}`);
    expect(byId.body).toEqual(p.body);

    const b = await gl('GET', `${P}/repository/branches/main`);
    problems.push(...check('branch', b.body, branch));
    const main = (b.body as BranchSchema).commit.id;
    const f = await gl('GET', `${P}/repository/files/${encodeURIComponent('app/values.yaml')}?ref=${main}`);
    problems.push(...check('file', f.body, file));
    expect(Buffer.from((f.body as RepositoryFileExpandedSchema).content, 'base64').toString()).toBe('tag: v1\n');
    const raw = await gl('GET', `${P}/repository/files/${encodeURIComponent('app/values.yaml')}/raw?ref=main`);
    expect(raw.body).toBe('tag: v1\n');
    expect(raw.headers.get('x-gitlab-last-commit-id')).toBe(main);

    const c = await gl('POST', `${P}/repository/commits`, {
      branch: 'main',
      commit_message: 'api commit',
      actions: [
        { action: 'update', file_path: 'app/values.yaml', content: 'tag: v2\n', last_commit_id: main },
        { action: 'create', file_path: 'new/deep/file.txt', content: 'eA==', encoding: 'base64' },
      ],
    });
    expect(c.status).toBe(201);
    problems.push(...check('commit(create)', c.body, commit));
    const list = await gl('GET', `${P}/repository/commits?ref_name=main&per_page=1`);
    expect(list.headers.get('x-total')).toBe('2');
    expect(list.headers.get('x-next-page')).toBe('2');
    expect(list.headers.get('link')).toContain('rel="next"');
    for (const x of list.body as unknown[]) problems.push(...check('commit', x, commit));

    const st = await gl('POST', `${P}/statuses/${main}`, { state: 'running', name: 'gitops/app/dev', target_url: 'https://x.example' });
    problems.push(...check('status', st.body, status));
    const sts = await gl('GET', `${P}/repository/commits/${main}/statuses`);
    for (const x of sts.body as unknown[]) problems.push(...check('status', x, status));
    expect((await gl('POST', `${P}/statuses/${main}`, { state: 'bogus' })).status).toBe(400);

    const nb = await gl('POST', `${P}/repository/branches`, { branch: 'feature', ref: main });
    expect(nb.status).toBe(201);
    problems.push(...check('branch(create)', nb.body, branch));
    expect((await gl('POST', `${P}/repository/branches`, { branch: 'feature', ref: main })).body).toEqual({ message: 'Branch already exists' });

    const m = await gl('POST', `${P}/merge_requests`, { source_branch: 'feature', target_branch: 'main', title: 'MR', labels: 'a,b' });
    expect(m.status).toBe(201);
    problems.push(...check('mr', m.body, mr));
    for (const u of [(m.body as MergeRequestSchema).author]) problems.push(...check('user', u, user));
    const dup = await gl('POST', `${P}/merge_requests`, { source_branch: 'feature', target_branch: 'main', title: 'MR' });
    expect(dup).toMatchObject({
      status: 409,
      body: { message: [`Another open merge request already exists for this source branch: !${(m.body as MergeRequestSchema).iid}`] },
    });
    const ms = await gl('GET', `${P}/merge_requests?state=opened&source_branch=feature`);
    for (const x of ms.body as unknown[]) problems.push(...check('mr(list)', x, mr));
    const put = await gl('PUT', `${P}/merge_requests/${(m.body as MergeRequestSchema).iid}`, { add_labels: 'c', description: 'd' });
    problems.push(...check('mr(update)', put.body, mr));
    expect((put.body as MergeRequestSchema).labels).toEqual(['a', 'b', 'c']);
    expect(problems).toEqual([]);
  });

  it('behaves like GitLab on refusals', async () => {
    const main = (await refSha(bare, 'main'))!;
    expect(await gl('GET', P, undefined, 'nope')).toMatchObject({ status: 401, body: { message: '401 Unauthorized' } });
    expect(await gl('GET', `/projects/${encodeURIComponent('acme/none')}`)).toMatchObject({ status: 404, body: { message: '404 Project Not Found' } });
    expect(await gl('GET', `${P}/repository/branches/none`)).toMatchObject({ status: 404, body: { message: '404 Branch Not Found' } });
    expect(await gl('GET', `${P}/repository/files/none.txt?ref=main`)).toMatchObject({ status: 404, body: { message: '404 File Not Found' } });
    expect(
      await gl(
        'POST',
        `${P}/repository/commits`,
        { branch: 'main', commit_message: 'x', actions: [{ action: 'create', file_path: 'f', content: '' }] },
        'glpat-ro0123456789',
      ),
    ).toMatchObject({ status: 403 });
    expect(
      await gl('POST', `${P}/repository/commits`, {
        branch: 'locked',
        start_sha: main,
        commit_message: 'x',
        actions: [{ action: 'create', file_path: 'f', content: '' }],
      }),
    ).toMatchObject({
      status: 403,
      body: { message: 'You are not allowed to push into this branch' },
    });
    expect(
      await gl('POST', `${P}/repository/commits`, {
        branch: 'main',
        start_sha: main,
        commit_message: 'x',
        actions: [{ action: 'create', file_path: 'f', content: '' }],
      }),
    ).toMatchObject({
      status: 400,
      body: { message: "A branch called 'main' already exists. Switch to that branch in order to make changes" },
    });
    expect(
      await gl('POST', `${P}/repository/commits`, {
        branch: 'main',
        commit_message: 'x',
        actions: [{ action: 'update', file_path: 'app/values.yaml', content: 'x', last_commit_id: 'f'.repeat(40) }],
      }),
    ).toMatchObject({
      status: 400,
      body: { message: 'The file has changed since you started editing it: app/values.yaml' },
    });
    expect(
      await gl('POST', `${P}/repository/commits`, { branch: 'main', commit_message: 'x', actions: [{ action: 'update', file_path: 'nope', content: 'x' }] }),
    ).toMatchObject({
      status: 400,
      body: { message: "A file with this name doesn't exist" },
    });
    expect(
      await gl('POST', `${P}/repository/commits`, {
        branch: 'main',
        commit_message: 'x',
        actions: [{ action: 'create', file_path: 'app/values.yaml', content: 'x' }],
      }),
    ).toMatchObject({
      status: 400,
      body: { message: 'A file with this name already exists' },
    });
    expect(await refSha(bare, 'main')).toBe(main);
  });

  it('is the same repository over git and over the API', async () => {
    const dir = await tempDir('gl-clone-');
    const env = {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    };
    const url = `${forge.url.replace('http://', `http://oauth2:${TOKEN}@`)}/acme/platform/env.git`;
    await run('git', ['clone', '--quiet', url, dir], { env });
    expect((await run('git', ['-C', dir, 'log', '-1', '--format=%s'])).stdout.trim()).toBe('api commit');
    await run('git', ['-C', dir, 'commit', '--quiet', '--allow-empty', '-m', 'pushed over git'], { env });
    await run('git', ['-C', dir, 'push', '--quiet', 'origin', 'HEAD:main'], { env });
    const b = await gl('GET', `${P}/repository/branches/main`);
    expect((b.body as BranchSchema).commit.title).toBe('pushed over git');
    expect(await showFile(bare, 'main', 'new/deep/file.txt')).toBe('x');
    await rm(dir, { recursive: true, force: true });
  });
});
