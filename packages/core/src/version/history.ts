/**
 * Reading the app repo's checkout for the tag strategies: commits, tags and messages via git
 * (argument arrays, no shell). CI checkouts are shallow and often tagless (actions/checkout
 * fetch-depth 1, GitLab GIT_DEPTH 20): such a checkout first fetches its tags and the history
 * behind them (`git fetch --tags --unshallow`).
 */
import { InputError } from '../errors.js';
import { type Reporter, silentReporter } from '../report.js';
import { runGit, spawnGit } from '../envrepo/git-process.js';

const GIT_TIMEOUT_MS = 30_000;
const FETCH_TIMEOUT_MS = 5 * 60_000;
/** Commit messages read per range; a bigger range still gets the largest bump seen within it. */
const MAX_COMMITS = 20_000;

export class Checkout {
  constructor(
    readonly dir: string,
    private readonly reporter: Reporter = silentReporter,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private git(args: string[], timeoutMs = GIT_TIMEOUT_MS): Promise<string> {
    return runGit(['-C', this.dir, ...args], { timeoutMs, env: { ...this.env, GIT_TERMINAL_PROMPT: '0' } });
  }

  /** Fail as an input error (exit 2) when dir is not a git work tree. */
  async assertRepo(): Promise<void> {
    const r = await spawnGit(['-C', this.dir, 'rev-parse', '--is-inside-work-tree'], { timeoutMs: GIT_TIMEOUT_MS });
    if (r.code !== 0 || r.stdout.toString().trim() !== 'true') {
      throw new InputError(`--dir ${this.dir} is not a git checkout`, 'run in the app repository checkout, or pass --dir');
    }
  }

  async isShallow(): Promise<boolean> {
    return (await this.git(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  }

  /** Shallow checkout: fetch tags and the full history from its remote, once. */
  async ensureHistory(): Promise<void> {
    if (!(await this.isShallow())) return;
    const remotes = (await this.git(['remote'])).split('\n').filter(Boolean);
    const remote = remotes.includes('origin') ? 'origin' : remotes[0];
    if (!remote) {
      this.reporter.warn(`${this.dir} is a shallow clone without a remote; versions come from the history it has`);
      return;
    }
    await this.reporter.group(`fetching tags and history from ${remote} (shallow clone)`, async () => {
      await this.git(['fetch', '--quiet', '--tags', '--unshallow', '--no-recurse-submodules', remote], FETCH_TIMEOUT_MS);
    });
  }

  /** The full SHA of a commit; an input error naming `input` when it is not one here. */
  async commit(rev: string, input: string): Promise<string> {
    const r = await spawnGit(['-C', this.dir, 'rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { timeoutMs: GIT_TIMEOUT_MS });
    const sha = r.stdout.toString().trim();
    if (r.code !== 0 || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) {
      throw new InputError(`${input} ${rev} is not a commit in ${this.dir}`, 'pass a commit SHA that the checkout contains');
    }
    return sha;
  }

  async tags(): Promise<string[]> {
    return (await this.git(['tag', '--list'])).split('\n').filter(Boolean);
  }

  async tagsAt(sha: string): Promise<string[]> {
    return (await this.git(['tag', '--list', '--points-at', sha])).split('\n').filter(Boolean);
  }

  /** Messages of the commits reachable from `to` and not from tag `from` (all of `to` without one). */
  async messagesSince(from: string | undefined, to: string): Promise<string[]> {
    const range = from ? [`refs/tags/${from}..${to}`] : [to];
    const out = await this.git(['log', `--max-count=${MAX_COMMITS}`, '--format=%B%x00', ...range]);
    return out
      .split('\0')
      .map((m) => m.trim())
      .filter(Boolean);
  }

  async remoteUrl(): Promise<string | undefined> {
    const r = await spawnGit(['-C', this.dir, 'remote', 'get-url', 'origin'], { timeoutMs: GIT_TIMEOUT_MS });
    return r.code === 0 ? r.stdout.toString().trim() || undefined : undefined;
  }
}
