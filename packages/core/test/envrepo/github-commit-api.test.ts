/**
 * How the GitHub adapter writes a commit: createCommitOnBranch (GraphQL, one request, signed by
 * the forge) where it can, REST (tree, commit, ref) where it must — against the sandbox forge's
 * real bare repositories.
 */
import { rm } from 'node:fs/promises';
import { commitFiles, createBareRepo, git, refSha, requireSignedCommits, showFile, startForge, tempDir, type ForgeServer } from '@gitops-actions/sandbox';
import { ConflictError, RemoteError, messageOf } from '../../src/errors.js';
import { openGitHubRepo, type GitHubRepoOptions } from '../../src/envrepo/github.js';

const TOKEN = 'ghp_commitApi0123456789';
const FILE = 'overlays/dev/payments/values.yaml';

describe('GitHub adapter: createCommitOnBranch, and REST where GraphQL cannot', () => {
  let root: string;
  let forge: ForgeServer;
  let n = 0;
  beforeAll(async () => {
    root = await tempDir('gh-commit-api-');
    forge = await startForge({ root, tokens: [TOKEN], users: { [TOKEN]: 'release-bot' } });
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => forge.clearFaults());

  async function fresh(o: Partial<GitHubRepoOptions> = {}) {
    const name = `acme/env${++n}`;
    const bare = await createBareRepo(root, name, { [FILE]: 'image:\n  tag: v1.0.0\n', 'README.md': '# env\n' });
    const repo = openGitHubRepo({ repo: name, token: TOKEN, apiUrl: `${forge.url}/api/v3`, writeIntervalMs: 0, retryBaseMs: 1, ...o });
    return { name, bare, repo };
  }
  const writesSince = (from: number) => forge.requests.slice(from).filter((r) => !r.startsWith('GET'));

  it('one write request: authored by the token owner, committed by GitHub, the message kept byte for byte', async () => {
    const { bare, repo } = await fresh();
    const head = (await repo.head('main'))!;
    const from = forge.requests.length;
    const message = 'dev(payments): v1.1.0\n\nGitops-App: payments\nGitops-Env: dev\n';
    const res = await repo.commit({ branch: 'main', parent: head, files: [{ path: FILE, content: 'image:\n  tag: v1.1.0\n' }], message });
    expect(writesSince(from)).toEqual(['POST /api/graphql']);
    expect(await refSha(bare, 'main')).toBe(res.sha);
    expect(res.url).toBe(`${forge.url}/${repo.display}/commit/${res.sha}`);
    expect(await showFile(bare, 'main', FILE)).toBe('image:\n  tag: v1.1.0\n');
    expect(await showFile(bare, 'main', 'README.md')).toBe('# env\n');
    expect(await git(bare, ['log', '-1', '--format=%B', 'main'])).toBe(`${message}\n`);
    const who = (await git(bare, ['log', '-1', '--format=%an <%ae>|%cn <%ce>|%P', 'main'])).trim().split('|');
    expect(who[0]).toBe('release-bot <release-bot@users.noreply.sandbox.invalid>');
    expect(who[1]).toBe('GitHub <noreply@github.com>');
    expect(who[2]).toBe(head);
  });

  it('a branch that requires signed commits takes the GraphQL commit and refuses the REST one', async () => {
    const signed = await fresh();
    const rest = await fresh({ commitApi: 'rest' });
    requireSignedCommits(forge.forge, 'main');
    try {
      const h1 = (await signed.repo.head('main'))!;
      const ok = await signed.repo.commit({ branch: 'main', parent: h1, files: [{ path: FILE, content: 'image:\n  tag: v2\n' }], message: 'signed' });
      expect(await refSha(signed.bare, 'main')).toBe(ok.sha);

      const h2 = (await rest.repo.head('main'))!;
      const err = await rest.repo
        .commit({ branch: 'main', parent: h2, files: [{ path: FILE, content: 'image:\n  tag: v2\n' }], message: 'unsigned' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RemoteError);
      expect(err).not.toBeInstanceOf(ConflictError);
      expect(messageOf(err)).toMatch(/Commits must have verified signatures/);
      expect(await refSha(rest.bare, 'main')).toBe(h2);
    } finally {
      requireSignedCommits(forge.forge, 'main', false);
    }
  });

  it('auto: a GitHub without the GraphQL endpoint gets the REST commit (three writes), and from then on only REST', async () => {
    const { bare, repo } = await fresh();
    forge.inject({ match: /^\/api\/graphql$/, kind: 'status', status: 404, body: { message: 'Not Found' } });
    for (const tag of ['v3', 'v4']) {
      const head = (await repo.head('main'))!;
      const from = forge.requests.length;
      const res = await repo.commit({ branch: 'main', parent: head, files: [{ path: FILE, content: `image:\n  tag: ${tag}\n` }], message: tag });
      expect(await refSha(bare, 'main')).toBe(res.sha);
      expect(writesSince(from).map((r) => r.replace(/\/api\/v3\/repos\/acme\/env\d+/, ''))).toEqual(
        tag === 'v3'
          ? ['POST /api/graphql', 'POST /git/trees', 'POST /git/commits', 'PATCH /git/refs/heads%2Fmain']
          : ['POST /git/trees', 'POST /git/commits', 'PATCH /git/refs/heads%2Fmain'],
      );
    }
    // Told to use GraphQL only, the same answer is an error, not a silent switch.
    const only = await fresh({ commitApi: 'graphql' });
    const head = (await only.repo.head('main'))!;
    await expect(only.repo.commit({ branch: 'main', parent: head, files: [{ path: FILE, content: 'x: 1\n' }], message: 'm' })).rejects.toBeInstanceOf(
      RemoteError,
    );
    expect(await refSha(only.bare, 'main')).toBe(head);
  });

  it('a write lost between the look and the mutation is a ConflictError that keeps the plan (the file is still ours)', async () => {
    const { bare, repo } = await fresh();
    const head = (await repo.head('main'))!;
    await repo.readFile(FILE, head);
    // Another writer lands between our look (the compare of parent...main) and our mutation.
    const repos = repo.octokit.rest.repos;
    const look = repos.compareCommitsWithBasehead;
    let raced = false;
    repos.compareCommitsWithBasehead = (async (params: Parameters<typeof look>[0]) => {
      const answer = await look(params);
      if (!raced) {
        raced = true;
        await commitFiles(bare, 'main', { 'other.txt': 'y\n' }, 'racer');
      }
      return answer;
    }) as typeof look;
    const change = { branch: 'main', parent: head, files: [{ path: FILE, content: 'image:\n  tag: v5\n' }], message: 'v5' };
    const err = await repo.commit(change).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as { keepPlan?: boolean }).keepPlan).toBe(true);
    expect(await showFile(bare, 'main', FILE)).toBe('image:\n  tag: v1.0.0\n');
    // Looking again, the branch moved only elsewhere: the same change lands on the new head.
    const res = await repo.commit(change);
    expect(await refSha(bare, 'main')).toBe(res.sha);
    expect(await showFile(bare, 'main', 'other.txt')).toBe('y\n');
  });
});
