/**
 * promote: set one environment of one app to one image tag.
 *   mode push          commit straight to the branch the environment tracks (dev)
 *   mode pull-request  open, or update, the one PR/MR for this app+env (staging, prod)
 * Every write is compare-and-swap; on a lost race we re-read the branch and re-apply the
 * key-level edit (never a textual rebase), with bounded jittered retries.
 */
import pRetry from 'p-retry';
import type { TargetOverrides } from '../config/index.js';
import { resolveTarget } from '../config/index.js';
import type { ChangeRequest, EnvRepo, HistoryEntry } from '../envrepo/port.js';
import { AdaptiveBackoff, BranchMovedError } from '../envrepo/contention.js';
import { ConflictError, InputError, OperationError, messageOf } from '../errors.js';
import { diffManifest } from '../manifest/index.js';
import { silentReporter, type Reporter } from '../report.js';
import { DEFAULT_TEMPLATES, assertTemplates, branchPattern, render, trailers } from '../naming.js';
import { isDigest } from '../registry/reference.js';
import { assertTag } from '../version/tag.js';
import { compareTagsBy, DEFAULT_TAG_ORDER, type TagOrderPolicy } from '../version/tag-order.js';
import { assertName, assertNotNullWord, planEdit, readTag, requireHead, showTag, type EditPlan } from './plan.js';
import { blockedTags, describeBlocked, ledgerFor, readVerdictHistories, verdictHistory } from './verdicts.js';

export interface RetryPolicy {
  retries: number;
  minTimeout: number;
  maxTimeout: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 40, minTimeout: 200, maxTimeout: 30_000 };

export interface PullRequestOptions {
  labels?: string[];
  reviewers?: string[];
  assignees?: string[];
  draft?: boolean;
  autoMerge?: boolean;
}

export interface PromoteInput {
  repo: EnvRepo;
  app: string;
  env: string;
  tag: string;
  /** --file, --key, --mode, --branch: win over gitops.yaml. */
  overrides?: TargetOverrides;
  tagPattern?: string;
  allowDowngrade?: boolean;
  /** How tags order for the downgrade guard (--tag-order; default semver). */
  tagOrder?: TagOrderPolicy;
  dryRun?: boolean;
  /** Promote even when the `from` environment does not run the tag (the precondition; not the health gate). */
  skipPrecondition?: boolean;
  /** Promote a tag even though it failed verification or was rolled back here (or in `from`). */
  force?: boolean;
  /** Edit a tag shared through a YAML anchor/alias/merge key, changing it for every user (--edit-anchor). */
  editAnchor?: boolean;
  /** More scalars of the same file, set in the same commit: the image digest beside the tag (release). */
  also?: { key: string; value: string }[];
  /**
   * The image digest (--digest): of an image reference at the key, or at `digestKey` beside a
   * bare tag (default images[…].digest / image.digest). null: drop a reference's digest (rollback).
   */
  digest?: string | null;
  digestKey?: string;
  templates?: Partial<{ commitMessage: string; prBranch: string; prTitle: string }>;
  pullRequest?: PullRequestOptions;
  /** Links shown in the PR body (source commit, CI run). */
  links?: { source?: string; run?: string };
  reporter?: Reporter;
  retry?: RetryPolicy;
  /** Rollback reuses promote with its own wording. */
  purpose?: 'promote' | 'rollback';
  /** Refuse (exit 1) when the environment does not run this tag any more (a rollback planned earlier). */
  expectCurrent?: string | null;
  /** With expectCurrent: do nothing (changed: false) instead of refusing (rollback --failed-tag). */
  skipIfNotCurrent?: boolean;
}

export type PromoteOperation = 'pushed' | 'created' | 'updated' | 'unchanged' | 'dry-run';

export interface PromoteResult {
  app: string;
  env: string;
  tag: string;
  /** What the environment ran before; null when the value was YAML null or empty (no tag). */
  previousTag: string | null;
  file: string;
  key: string;
  mode: 'push' | 'pull-request';
  changed: boolean;
  operation: PromoteOperation;
  /** The commit made (push: on the branch; pull-request: on the PR branch), else null. */
  commit: string | null;
  /** Web URL of the commit or of the PR/MR. */
  url?: string;
  diff: string;
  pullRequest?: { number: number; url: string; branch: string; autoMerge?: 'enabled' | 'merged' | 'unsupported' };
  /** Compare-and-swap attempts it took. */
  attempts: number;
}

export async function promote(input: PromoteInput): Promise<PromoteResult> {
  // Validate everything that needs no remote first: nothing is written on exit 2.
  assertName(input.app, '--app');
  assertName(input.env, '--env');
  assertNotNullWord(input.tag, '--tag');
  assertTag(input.tag, '--tag', input.tagPattern);
  assertTemplates(input.templates);
  assertDigest(input);
  const ctx = new PromoteContext(input);
  const first = await ctx.plan();
  if (input.expectCurrent !== undefined && first.current !== input.expectCurrent) {
    if (input.skipIfNotCurrent) {
      input.reporter?.info(`${input.env}(${input.app}) runs ${showTag(first.current)} now, not ${showTag(input.expectCurrent)}; nothing to roll back`);
      return ctx.result(first, 'unchanged');
    }
    throw new OperationError(
      `${input.env} runs ${showTag(first.current)} now, not ${showTag(input.expectCurrent)} as planned; leaving it as it is`,
      'check who changed it, then roll back with --to if still needed',
    );
  }
  const mode = first.target.mode;
  const checkTarget = first.current !== input.tag && input.purpose !== 'rollback' && !input.force;
  // The precondition reads the `from` environment's file and (unless forced) checks its verdict:
  // read those with the target's history, in one request where the forge can.
  const from = mode === 'pull-request' && input.purpose !== 'rollback' && !input.skipPrecondition && input.repo.changeRequests ? first.target.from : undefined;
  const fromFile = from && !input.force ? resolveTarget(first.config, input.app, from, {}).file : undefined;
  if (checkTarget || fromFile) {
    ctx.histories = await readVerdictHistories(
      input.repo,
      first.head,
      [...(checkTarget ? [first.target.file] : []), ...(fromFile ? [fromFile] : [])],
      fromFile ? [fromFile] : [],
    );
  }
  if (checkTarget) ctx.keepHistory(first, await refuseBlocked(input, first, input.env, ctx.histories.get(first.target.file)));
  if (mode === 'pull-request' && !input.repo.changeRequests) {
    throw new InputError(
      `--mode pull-request needs a forge API, but ${input.repo.display} is a plain git remote`,
      'pass --forge github or --forge gitlab (with --api-url for self-hosted)',
    );
  }
  return mode === 'push' ? ctx.push(first) : ctx.pullRequest(first);
}

class PromoteContext {
  private readonly reporter: Reporter;
  private readonly retry: RetryPolicy;
  private firstSeen?: string | null;
  attempts = 0;
  /** Histories the blocked-tag checks need, read together (readVerdictHistories); by file. */
  histories = new Map<string, HistoryEntry[]>();
  /** The target file's history last read at a head (the check's): what its ledger is built from. */
  private known?: { head: string; file: string; entries: readonly HistoryEntry[] };

  constructor(private readonly input: PromoteInput) {
    this.reporter = input.reporter ?? silentReporter;
    this.retry = input.retry ?? DEFAULT_RETRY;
  }

  private get branch(): string {
    return this.input.overrides?.branch ?? 'main';
  }

  async plan(head?: string): Promise<EditPlan> {
    const { repo, app, env, tag } = this.input;
    const overrides = this.input.overrides ?? {};
    const edit = { editAnchor: this.input.editAnchor === true, also: this.input.also, digest: this.input.digest, digestKey: this.input.digestKey };
    let plan = await planEdit(repo, head ?? (await requireHead(repo, this.branch)), app, env, tag, overrides, edit);
    // gitops.yaml may say the environment tracks another branch: plan again there.
    if (!head && plan.target.branch !== this.branch) {
      plan = await planEdit(repo, await requireHead(repo, plan.target.branch), app, env, tag, overrides, edit);
    }
    this.firstSeen ??= plan.current;
    return plan;
  }

  /** Never move an environment backwards, nor over a value someone else just set, unless asked. */
  private guard(plan: EditPlan): void {
    const { tag, env, allowDowngrade } = this.input;
    if (allowDowngrade || plan.current === tag || plan.current === null) return;
    const cmp = compareTagsBy(this.input.tagOrder ?? DEFAULT_TAG_ORDER, tag, plan.current);
    const where = `${plan.target.file} ${plan.target.key}`;
    if (cmp !== null && cmp < 0) {
      throw new OperationError(
        `${env} runs ${plan.current}, which is newer than ${tag} (${where}); refusing to downgrade`,
        'pass --allow-downgrade, or use rollback',
      );
    }
    if (plan.current !== this.firstSeen && cmp === null) {
      throw new OperationError(
        `${where} changed from ${showTag(this.firstSeen ?? null)} to ${plan.current} while promoting ${tag}; refusing to overwrite it`,
        'check who promoted it, then re-run (or pass --allow-downgrade)',
      );
    }
  }

  result(plan: EditPlan, operation: PromoteOperation, extra: Partial<PromoteResult> = {}): PromoteResult {
    const changed = operation === 'pushed' || operation === 'created' || operation === 'updated';
    return {
      app: this.input.app,
      env: this.input.env,
      tag: this.input.tag,
      previousTag: plan.current,
      file: plan.target.file,
      key: plan.target.key,
      mode: plan.target.mode,
      changed,
      operation,
      commit: null,
      diff: diffManifest(plan.oldText, plan.newText, plan.target.file),
      attempts: this.attempts,
      ...extra,
    };
  }

  keepHistory(plan: EditPlan, entries: readonly HistoryEntry[]): void {
    this.known = { head: plan.head, file: plan.target.file, entries };
  }

  /**
   * The commit message: the template, then our trailers, with the file's ledger (verdicts.ts
   * ledgerFor) when the check read the file's history at this head. Without that read (--force,
   * a rollback, a re-plan on a moved file) no ledger: never a request for it, and a reader's
   * walk passes this commit to the next ledger below.
   */
  private message(plan: EditPlan): string {
    const values = { app: this.input.app, env: this.input.env, tag: this.input.tag, from: plan.current };
    const rollback = this.input.purpose === 'rollback';
    const tpl = this.input.templates?.commitMessage ?? (rollback ? DEFAULT_TEMPLATES.rollbackMessage : DEFAULT_TEMPLATES.commitMessage);
    const known = this.known?.head === plan.head && this.known.file === plan.target.file ? this.known.entries : undefined;
    return `${render(tpl, values, '--commit-message')}\n\n${trailers(values, this.input.purpose, known && ledgerFor(known))}\n`;
  }

  /**
   * Run `attempt` until it stops losing compare-and-swap races. After a lost race we re-plan; when
   * the adapter found the branch moved without touching our file (BranchMovedError, no write
   * made), the plan still holds and we only look again. The wait between is adaptive
   * (contention.ts): scaled to how long an attempt takes here and to the contention seen.
   */
  private withRetries<T>(attempt: (plan: EditPlan) => Promise<T>, first: EditPlan): Promise<T> {
    let plan: EditPlan | undefined = first;
    let last = first;
    let started = 0;
    const backoff = new AdaptiveBackoff(this.retry);
    return pRetry(
      async () => {
        this.attempts++;
        started = performance.now();
        const current = plan ?? (await this.plan(await requireHead(this.input.repo, first.target.branch)));
        plan = undefined;
        last = current;
        return attempt(current);
      },
      {
        retries: this.retry.retries,
        // Backoff is ours (below), not p-retry's fixed exponential one.
        minTimeout: 0,
        maxTimeout: 0,
        shouldRetry: ({ error }) => error instanceof ConflictError,
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          if (!(error instanceof ConflictError) || retriesLeft === 0) return;
          backoff.observe(performance.now() - started);
          const keep = error instanceof BranchMovedError && error.keepPlan;
          if (keep) plan = last;
          this.reporter.info(
            keep
              ? `${first.target.branch} is busy (attempt ${attemptNumber}); our file is untouched, looking again shortly`
              : `${first.target.branch} moved under us (attempt ${attemptNumber}); re-reading and re-applying`,
          );
          const wait = backoff.next(error instanceof BranchMovedError ? error.seen : undefined);
          await new Promise((r) => setTimeout(r, wait));
        },
      },
    ).catch((err: unknown) => {
      if (err instanceof ConflictError) {
        throw new ConflictError(`gave up after ${this.attempts} attempts: ${first.target.branch} of ${this.input.repo.display} kept moving`, 're-run the job');
      }
      throw err;
    });
  }

  async push(first: EditPlan): Promise<PromoteResult> {
    return this.withRetries(async (plan) => {
      if (plan.newText === plan.oldText) {
        this.reporter.info(`${this.input.env} already runs ${this.input.tag}; nothing to do`);
        return this.result(plan, 'unchanged');
      }
      this.guard(plan);
      if (this.input.dryRun) return this.result(plan, 'dry-run');
      const { sha, url } = await this.input.repo.commit({
        branch: plan.target.branch,
        parent: plan.head,
        files: [{ path: plan.target.file, content: plan.newText }],
        message: this.message(plan),
      });
      this.reporter.info(`${this.input.env}(${this.input.app}): ${plan.current} → ${this.input.tag} in ${sha.slice(0, 7)}`);
      return this.result(plan, 'pushed', { commit: sha, url: url ?? this.input.repo.commitUrl?.(sha) });
    }, first);
  }

  /** Refuse to promote to an environment whose `from` environment does not run the tag. */
  private async checkPrecondition(plan: EditPlan): Promise<void> {
    const from = plan.target.from;
    if (!from || this.input.skipPrecondition) return;
    const fromTarget = resolveTarget(plan.config, this.input.app, from, {});
    const { tag: fromTag } = await readTag(this.input.repo, plan.head, fromTarget);
    if (fromTag !== this.input.tag) {
      throw new OperationError(
        `refusing to promote ${this.input.app} to ${this.input.env}: ${from} runs ${showTag(fromTag)}, not ${this.input.tag}`,
        `promote ${this.input.tag} to ${from} first, or pass --skip-precondition`,
      );
    }
    // Running it is not enough: it must not have failed there (even if set again by hand since).
    if (!this.input.force) await refuseBlocked(this.input, { ...plan, target: fromTarget }, from, this.histories.get(fromTarget.file));
  }

  async pullRequest(first: EditPlan): Promise<PromoteResult> {
    const { repo, app, env, tag } = this.input;
    const crs = repo.changeRequests!;
    const rollback = this.input.purpose === 'rollback';
    const branchTpl = this.input.templates?.prBranch ?? (rollback ? DEFAULT_TEMPLATES.rollbackBranch : DEFAULT_TEMPLATES.prBranch);
    const titleTpl = this.input.templates?.prTitle ?? (rollback ? DEFAULT_TEMPLATES.rollbackTitle : DEFAULT_TEMPLATES.prTitle);
    if (!rollback) await this.checkPrecondition(first);

    return this.withRetries(async (plan) => {
      const values = { app, env, tag, from: plan.current };
      const title = render(titleTpl, values, '--title');
      if (plan.newText === plan.oldText) {
        this.reporter.info(`${env} already runs ${tag} on ${plan.target.branch}; no pull request needed`);
        return this.result(plan, 'unchanged');
      }
      this.guard(plan);
      if (this.input.dryRun) return this.result(plan, 'dry-run');

      const existing = await this.findOpen(crs, branchTpl, plan.target.branch);
      const body = promotionBody(plan, this.input, diffManifest(plan.oldText, plan.newText, plan.target.file));
      const files = [{ path: plan.target.file, content: plan.newText }];
      const message = this.message(plan);

      if (existing) {
        const prHead = await repo.head(existing.sourceBranch);
        const prText = prHead ? await repo.readFile(plan.target.file, prHead) : null;
        if (prText === plan.newText && existing.title === title) {
          this.reporter.info(`#${existing.number} already proposes ${tag}; nothing to do`);
          return this.result(plan, 'unchanged', {
            pullRequest: { number: existing.number, url: existing.url, branch: existing.sourceBranch },
            url: existing.url,
            commit: prHead,
          });
        }
        // Move the branch we own to the new tag, rebuilt on the current base.
        const c = await repo.commit({ branch: existing.sourceBranch, parent: plan.head, force: true, files, message });
        const updated = await crs.update(existing.number, { title, body });
        this.reporter.info(`updated #${updated.number}: ${title}`);
        return this.finish(plan, 'updated', c.sha, updated);
      }

      const branch = render(branchTpl, values, '--branch-name');
      const stale = await repo.head(branch);
      const c = await repo.commit({ branch, parent: plan.head, files, message, ...(stale ? { force: true } : { createBranch: true }) });
      const pr = this.input.pullRequest ?? {};
      const created = await crs.create({
        sourceBranch: branch,
        targetBranch: plan.target.branch,
        title,
        body,
        draft: pr.draft,
        labels: pr.labels,
        reviewers: pr.reviewers,
        assignees: pr.assignees,
      });
      if (created.adopted && (created.title !== title || created.body !== body)) await crs.update(created.number, { title, body });
      this.reporter.info(`${created.adopted ? 'adopted' : 'opened'} #${created.number}: ${title}`);
      return this.finish(plan, created.adopted ? 'updated' : 'created', c.sha, created);
    }, first);
  }

  private async finish(plan: EditPlan, operation: PromoteOperation, sha: string, cr: ChangeRequest): Promise<PromoteResult> {
    let autoMerge: 'enabled' | 'merged' | 'unsupported' | undefined;
    if (this.input.pullRequest?.autoMerge) {
      // The request is open already: a failure here is reported with it, not as a failed promotion.
      try {
        autoMerge = await this.input.repo.changeRequests!.enableAutoMerge(cr.number);
        this.reporter.info(`auto-merge for #${cr.number}: ${autoMerge}`);
      } catch (err) {
        this.reporter.warn(`#${cr.number} is ${operation}, but enabling auto-merge failed: ${messageOf(err)}`);
      }
    }
    return this.result(plan, operation, {
      commit: sha,
      url: cr.url,
      pullRequest: { number: cr.number, url: cr.url, branch: cr.sourceBranch, ...(autoMerge ? { autoMerge } : {}) },
    });
  }

  /** The one open PR/MR for this app+env into the branch: by our marker or by branch name. */
  private async findOpen(crs: NonNullable<EnvRepo['changeRequests']>, branchTpl: string, target: string) {
    const { app, env } = this.input;
    const pattern = branchPattern(branchTpl, { app, env });
    const mark = marker(app, env, this.input.purpose);
    const mine = (await crs.listOpen(target)).filter((cr) => cr.body.includes(mark) || pattern.test(cr.sourceBranch)).sort((a, b) => a.number - b.number);
    if (mine.length > 1) {
      this.reporter.warn(`several open requests for ${app}/${env}: ${mine.map((c) => `#${c.number}`).join(', ')}; updating #${mine[0].number}`);
    }
    return mine[0];
  }
}

/** --digest is a sha256 digest; --digest-key comes with it. */
function assertDigest(input: PromoteInput): void {
  const { digest, digestKey } = input;
  if (typeof digest === 'string' && !isDigest(digest)) {
    const shown = JSON.stringify(digest.length > 80 ? `${digest.slice(0, 80)}…` : digest);
    throw new InputError(`--digest ${shown} is not an image digest`, 'pass sha256: and its 64 lowercase hex digits, as the registry reports it');
  }
  if (digestKey !== undefined && typeof digest !== 'string')
    throw new InputError('--digest-key means nothing without --digest', 'pass --digest sha256:…, or drop --digest-key');
}

/**
 * Refuse a tag that failed verification or was rolled back in `env` (exit 1): the next pipeline
 * must not put a bad release straight back. One history read of the file (plus the record of a
 * commit that set the tag when no rollback decided it), unless `history` came with its records.
 */
async function refuseBlocked(
  input: PromoteInput,
  plan: Pick<EditPlan, 'head' | 'target'>,
  env: string,
  given?: HistoryEntry[],
): Promise<readonly HistoryEntry[]> {
  const t = plan.target;
  const history = given ?? (await verdictHistory(input.repo, t.file, plan.head, input.tag));
  const [blocked] = await blockedTags(input.repo, { app: input.app, env, file: t.file, key: t.key, branch: t.branch }, plan.head, {
    tag: input.tag,
    history,
  });
  if (!blocked) return history;
  const into = env === input.env ? '' : ` (the precondition: ${env} must run it and not have failed it)`;
  throw new OperationError(
    `refusing to promote ${input.app} ${input.tag} to ${input.env}${into}: ${describeBlocked(blocked, input.app, env)}`,
    'promote a fixed tag, or pass --force to promote it anyway',
  );
}

function marker(app: string, env: string, purpose: PromoteInput['purpose'] = 'promote'): string {
  return `<!-- gitops-actions:${purpose} app=${app} env=${env} -->`;
}

function promotionBody(plan: EditPlan, input: PromoteInput, diff: string): string {
  const rows = [
    ['app', input.app],
    ['environment', input.env],
    ['from', `\`${showTag(plan.current)}\``],
    ['to', `\`${input.tag}\``],
    ['file', `\`${plan.target.file}\` (\`${plan.target.key}\`)`],
    ...(input.also ?? []).map((a) => [`\`${a.key}\``, `\`${a.value}\``]),
    ...(typeof input.digest === 'string' ? [['digest', `\`${input.digest}\``]] : []),
    ...(input.links?.source ? [['source', input.links.source]] : []),
    ...(input.links?.run ? [['CI run', input.links.run]] : []),
  ];
  const verb = input.purpose === 'rollback' ? 'Rolls back' : 'Promotes';
  return [
    `${verb} **${input.app}** in **${input.env}**: \`${showTag(plan.current)}\` → \`${input.tag}\``,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '```diff',
    diff.trimEnd(),
    '```',
    '',
    marker(input.app, input.env, input.purpose),
  ].join('\n');
}

/** The verb's outputs under the shared kebab-case names (action outputs, GitLab dotenv). */
export function promoteOutputs(r: PromoteResult): Record<string, string> {
  return {
    changed: String(r.changed),
    operation: r.operation,
    'commit-sha': r.commit ?? '',
    'previous-tag': r.previousTag ?? '',
    tag: r.tag,
    file: r.file,
    url: r.url ?? '',
    'pr-number': r.pullRequest ? String(r.pullRequest.number) : '',
    'pr-url': r.pullRequest?.url ?? '',
    branch: r.pullRequest?.branch ?? '',
  };
}

/** The DESIGN.md JSON result: {changed, commit, previousTag, tag, file, url?} and details. */
export function promoteJson(r: PromoteResult): object {
  const { diff: _diff, ...rest } = r;
  return rest;
}

export function promoteSummary(r: Omit<PromoteResult, 'tag' | 'previousTag'> & { tag: string | null; previousTag: string | null }): string {
  const link = r.pullRequest
    ? `[#${r.pullRequest.number}](${r.pullRequest.url})`
    : r.commit
      ? r.url
        ? `[${r.commit.slice(0, 7)}](${r.url})`
        : r.commit.slice(0, 7)
      : '—';
  return [
    `### ${r.env}(${r.app}): ${showTag(r.previousTag)} → ${showTag(r.tag)}`,
    '',
    '| app | env | from | to | result | commit / PR |',
    '|---|---|---|---|---|---|',
    `| ${r.app} | ${r.env} | \`${showTag(r.previousTag)}\` | \`${showTag(r.tag)}\` | ${r.operation} | ${link} |`,
  ].join('\n');
}

export function promoteHeadline(r: PromoteResult): string {
  const what = r.pullRequest ? `${r.operation} ${r.pullRequest.url}` : r.commit ? `${r.operation} ${r.commit}` : r.operation;
  return `${r.env}(${r.app}): ${showTag(r.previousTag)} → ${r.tag}: ${what}`;
}
