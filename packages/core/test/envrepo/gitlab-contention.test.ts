/**
 * GitLab under contention: the sandbox's RateLimit-* headers (counted per token, as GitLab counts
 * per user), the meter reading them, and the adapter holding its first write while other clients
 * are at work on the same credential — and writing at once where GitLab sends no such header.
 */
import { rm } from 'node:fs/promises';
import { createBareRepo, refSha, setGitlabRateLimitHeaders, startForge, tempDir, type ForgeServer } from '@gitops-actions/sandbox';
import { BranchMovedError, ContentionMeter, SPREAD, WriteTurn } from '../../src/envrepo/contention.js';
import { openGitLabRepo } from '../../src/envrepo/gitlab.js';

const TOKEN = 'glpat-contention0123456789';
const OTHER = 'glpat-otherUser0123456789';
const FILE = 'dev/a/values.yaml';

describe('GitLab rate-limit headers and the first write', () => {
  let root: string;
  let bare: string;
  let forge: ForgeServer;
  const open = () => openGitLabRepo({ project: 'acme/gl-busy', token: TOKEN, apiUrl: `${forge.url}/api/v4`, retryBaseMs: 1 });
  const project = () => `${forge.url}/api/v4/projects/${encodeURIComponent('acme/gl-busy')}`;
  const writes = () => forge.requests.filter((r) => r.startsWith('POST ')).length;

  beforeAll(async () => {
    root = await tempDir('gl-contention-');
    bare = await createBareRepo(root, 'acme/gl-busy', { [FILE]: 'image:\n  tag: v1\n', 'dev/b/values.yaml': 'image:\n  tag: v1\n' });
    forge = await startForge({ root, tokens: [TOKEN, OTHER] });
  });
  afterAll(async () => {
    await forge.stop();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => setGitlabRateLimitHeaders(forge.forge, true));

  it('the sandbox counts requests per token in a window, as GitLab answers them', async () => {
    const get = (token: string) => fetch(`${project()}/repository/branches/main`, { headers: { 'PRIVATE-TOKEN': token } });
    const a1 = await get(TOKEN);
    const a2 = await get(TOKEN);
    const b1 = await get(OTHER);
    const observed = (r: Response) => Number(r.headers.get('ratelimit-observed'));
    expect(observed(a2)).toBe(observed(a1) + 1);
    expect(observed(b1)).toBeLessThan(observed(a2));
    expect(a2.headers.get('ratelimit-name')).toBe('throttle_authenticated_api');
    expect(Number(a2.headers.get('ratelimit-remaining'))).toBe(Number(a2.headers.get('ratelimit-limit')) - observed(a2));
    const reset = Number(a2.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 60);
    expect(new Date(a2.headers.get('ratelimit-resettime')!).getTime()).toBe(reset * 1000);
    // Errors carry them too.
    const missing = await fetch(`${project()}/repository/branches/nope`, { headers: { 'PRIVATE-TOKEN': TOKEN } });
    expect(missing.status).toBe(404);
    expect(observed(missing)).toBe(observed(a2) + 1);
    setGitlabRateLimitHeaders(forge.forge, false);
    expect((await get(TOKEN)).headers.get('ratelimit-observed')).toBeNull();
  });

  /** Plan a promotion of `file` (head, then read, as the verb does) while another client makes `others` requests on the same token. */
  async function planWhileOthersWork(file: string, others: number) {
    const repo = open();
    const head = (await repo.head('main'))!;
    const other = open();
    for (let i = 0; i < others; i++) await other.head('main');
    // Our next answer carries the count with the other client's requests in it.
    const text = (await repo.readFile(file, head))!;
    const req = { branch: 'main', parent: head, files: [{ path: file, content: text.replace('v1', `v${Date.now()}`) }], message: `bump ${file}` };
    return { repo, req };
  }

  it('holds the first write while others work on the credential (plan kept, nothing written), then writes', async () => {
    const { repo, req } = await planWhileOthersWork(FILE, 6);
    const before = writes();
    const held = await repo.commit(req).catch((e: unknown) => e);
    expect(held).toBeInstanceOf(BranchMovedError);
    const e = held as BranchMovedError;
    expect(e.keepPlan).toBe(true);
    expect(e.seen.lost).toBe(false);
    // Two requests of ours, six of the other client's: about four clients at work.
    expect(e.seen.writers).toBeCloseTo(4, 0);
    expect(e.seen.cycleMs).toBeGreaterThan(0);
    expect(e.seen.waitMs).toBeGreaterThanOrEqual(0);
    expect(writes()).toBe(before);
    // The verb waits as told, then calls again with the same plan: each call reads the branch once
    // (timing the forge now) and writes when our place in the queue has come up — once.
    let wait = e.seen.waitMs!;
    for (let i = 0; ; i++) {
      await new Promise((r) => setTimeout(r, wait));
      const reads = forge.requests.length;
      const r = await repo.commit(req).catch((x: unknown) => x);
      expect(forge.requests.slice(reads)[0]).toMatch(/^GET .*\/repository\/branches\/main$/);
      if (!(r instanceof BranchMovedError)) {
        expect(await refSha(bare, 'main')).toBe((r as { sha: string }).sha);
        break;
      }
      expect(writes()).toBe(before);
      expect(i).toBeLessThan(20);
      wait = r.seen.waitMs!;
    }
    expect(writes()).toBe(before + 1);
  });

  it('writes at once where GitLab sends no RateLimit-Observed (self-managed without the throttle): as before', async () => {
    setGitlabRateLimitHeaders(forge.forge, false);
    const { repo, req } = await planWhileOthersWork('dev/b/values.yaml', 6);
    const done = await repo.commit(req);
    expect(await refSha(bare, 'main')).toBe(done.sha);
    expect(repo.requestCount).toBe(3);
  });
});

describe('ContentionMeter', () => {
  const gl = (observed: number, reset: number) => new Headers({ 'ratelimit-observed': String(observed), 'ratelimit-reset': String(reset) });

  it('counts others across a GitLab window that starts again, and takes a late lower count for no new window', () => {
    const m = new ContentionMeter();
    m.observe(gl(10, 1000), 5, false); // ours: the count before was 9
    m.observe(gl(30, 1000), 5, false); // ours; 19 others meanwhile
    m.observe(gl(25, 1000), 5, false); // ours, answered late: no new window, nobody new
    expect(m.foreign()).toBe(18);
    m.observe(gl(4, 1060), 5, false); // a new window: 3 others in it before ours
    expect(m.foreign()).toBe(21);
    expect(m.ownRequests()).toBe(4);
    expect(m.writersWhilePlanning()).toBeCloseTo(1 + 21 / 4);
    // A window of 60 s whose count ended low: a later reset alone says a new window began.
    const n = new ContentionMeter();
    n.observe(gl(2, 2000), 5, false);
    n.observe(gl(7, 2060), 5, false); // 6 others in the new window before ours
    n.observe(gl(3, 2000), 5, false); // a late answer from the first window: no count
    expect(n.foreign()).toBe(6);
  });

  it("reads GitHub's core count and ignores other resources, web throttles, and answers without a count", () => {
    const m = new ContentionMeter();
    m.observe({ 'x-ratelimit-used': 100, 'x-ratelimit-resource': 'core' }, 5, false);
    m.observe({ 'x-ratelimit-used': 900, 'x-ratelimit-resource': 'graphql' }, 5, false);
    m.observe(new Headers({ 'ratelimit-observed': '5000', 'ratelimit-name': 'throttle_authenticated_web' }), 5, false);
    m.observe(undefined, 5, true);
    m.observe({ 'x-ratelimit-used': 110, 'x-ratelimit-resource': 'core' }, 5, false);
    expect(m.foreign()).toBe(9);
    const none = new ContentionMeter();
    none.observe(new Headers(), 5, false);
    expect(none.counting).toBe(false);
    expect(none.writersWhilePlanning()).toBe(1);
  });
});

describe('WriteTurn', () => {
  const at = (place: number, spread?: number) => new WriteTurn(() => place, spread);

  it('is due at place × SPREAD × writers × cycle; it first looks again at a quarter of the crowd’s cycle shared among the writers', () => {
    const first = at(0.5);
    // 10 writers, a cycle of 1000 ms while all planned: a floor of 100 ms a writer; look again at
    // half of 3 × 10 × 25 ms.
    expect(first.begin(10, 1000, 0)).toBe(375);
    expect(first.waiting).toBe(true);
    // The first in line writes at once.
    const front = at(0);
    expect(front.begin(10, 1000, 0)).toBe(0);
    expect(front.waiting).toBe(false);
    // GitLab spaces writes half as far (SPREAD / 2).
    expect(at(0.5, SPREAD / 2).begin(10, 1000, 0)).toBe(188);
  });

  it('a calm look times the write; a slow one is not remembered, and alone moves it at most halfway out', () => {
    const t = at(0.5);
    t.begin(10, 1000, 0);
    // Calm (≤ 4 × the 100 ms floor): due at 0.5 × 3 × 10 × 200 = 3000 ms.
    expect(t.next(200, 1000)).toBe(2000);
    // Busy (2000 ms, 20 × the floor): the calm cycle still rules.
    expect(t.next(2000, 1500)).toBe(1500);
    // Due within one cycle: write now, and the turn is done.
    expect(t.next(200, 2900)).toBe(0);
    expect(t.waiting).toBe(false);
    const busy = at(0.5);
    busy.begin(10, 1000, 0);
    // No calm look yet: a busy one (due at 0.5 × 3 × 10 × 1000 = 15 s) waits halfway at most, and
    // no later than the write would be due at a calm pace (4 × the floor: due at 6 s).
    expect(busy.next(1000, 1000)).toBe(5000);
    expect(busy.next(150, 6000)).toBe(0);
  });

  it('where the crowd does not slow the forge, a second look at the same pace times the write in full', () => {
    // github.com: a cycle takes 1000 ms whether 10 clients plan or none.
    const t = at(0.5);
    expect(t.begin(10, 1000, 0)).toBe(375);
    // Far above the 100 ms floor, and nothing to compare with: looks again when a calm pace would be due (6 s).
    expect(t.next(1000, 1500)).toBe(4500);
    // The same pace again: trusted, wait it out (due at 15 s).
    expect(t.next(1100, 6000)).toBe(9000);
    expect(t.next(1000, 15000)).toBe(0);
  });

  it('a lost write takes a new place among the writers left, at the fastest look’s cycle, doubling after that', () => {
    // Never queued (no crowd seen): the verb's own backoff decides.
    expect(at(0.5).lostWait(5, () => 0.5)).toBeUndefined();
    const t = at(0.5);
    t.begin(10, 1000, 0);
    t.next(200, 100);
    // 0.5 × 3 × 4 writers × 200 ms; a lost write's own (slow) latency plays no part.
    expect(t.lostWait(4, () => 0.5)).toBe(1200);
    expect(t.lostWait(4, () => 0.5)).toBe(2400);
  });

  it('with confirm (GitLab), no single look is trusted: a calm one moves the write at most halfway out, a second like it decides', () => {
    const at2 = (place: number) => new WriteTurn(() => place, SPREAD, true);
    const t = at2(0.5);
    t.begin(10, 1000, 0);
    // Calm (200 ms ≤ 4 × the 100 ms floor), but alone: due at 3000 ms, so halfway (1000 of 2000).
    expect(t.next(200, 1000)).toBe(1000);
    // A second look at that pace: trusted, wait it out.
    expect(t.next(210, 2000)).toBe(1000);
    // Without confirm the first calm look decides at once (as above).
    const u = at(0.5);
    u.begin(10, 1000, 0);
    expect(u.next(200, 1000)).toBe(2000);
  });
});
