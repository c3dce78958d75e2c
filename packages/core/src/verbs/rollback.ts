/**
 * rollback: put the last verified tag back. "Verified" means a wait-healthy gate passed for
 * this app+env at that commit (commit status / git note `gitops/<app>/<env>` = success).
 * Without any verification record it falls back to the previous distinct tag in the file's
 * history (what the seeds do with `git show HEAD~1`), and says so.
 */
import type { TargetOverrides } from '../config/index.js';
import type { EnvRepo } from '../envrepo/port.js';
import { InputError, OperationError } from '../errors.js';
import { readScalar } from '../manifest/index.js';
import { silentReporter, type Reporter } from '../report.js';
import { assertTag } from '../version/tag.js';
import { assertName, readTag, requireHead, resolveAt } from './plan.js';
import { promote, type PromoteInput, type PromoteResult } from './promote.js';

export interface RollbackInput extends Omit<PromoteInput, 'tag' | 'purpose' | 'allowDowngrade' | 'skipGate'> {
  /** Roll back to this tag instead of looking for the last verified one. */
  to?: string;
  /** How many commits of the file's history to search. */
  depth?: number;
}

export interface RollbackResult extends PromoteResult {
  from: string;
  rolledBackTo: string;
  /** How the tag was chosen. */
  source: 'explicit' | 'verified' | 'history';
}

export function verificationContext(app: string, env: string): string {
  return `gitops/${app}/${env}`;
}

/** The newest tag, other than `current`, whose commit carries a success record. */
export async function findRollbackTag(
  repo: EnvRepo,
  head: string,
  target: { app: string; env: string; file: string; key: string },
  current: string,
  depth: number,
  reporter: Reporter,
): Promise<{ tag: string; source: 'verified' | 'history'; commit: string } | null> {
  const context = verificationContext(target.app, target.env);
  const commits = await repo.history(target.file, head, depth);
  let previous: { tag: string; commit: string } | null = null;
  for (const { sha } of commits) {
    const text = await repo.readFile(target.file, sha);
    if (text === null) continue;
    let tag: string;
    try {
      tag = readScalar(text, target.key, target.file).value;
    } catch {
      continue; // the key did not exist yet, or the file was broken then
    }
    const records = await repo.verifications(sha);
    const verdict = records.find((v) => v.context === context)?.state;
    if (tag === current) continue;
    if (verdict === 'success') return { tag, source: 'verified', commit: sha };
    if (verdict === 'failure') continue;
    previous ??= { tag, commit: sha };
  }
  if (previous) {
    reporter.warn(`no verified tag in the last ${commits.length} commits of ${target.file}; using the previous tag ${previous.tag}`);
    return { ...previous, source: 'history' };
  }
  return null;
}

export async function rollback(input: RollbackInput): Promise<RollbackResult> {
  const reporter = input.reporter ?? silentReporter;
  assertName(input.app, '--app');
  assertName(input.env, '--env');
  if (input.to !== undefined) assertTag(input.to, '--to');
  const overrides: TargetOverrides = input.overrides ?? {};
  const head = await requireHead(input.repo, overrides.branch ?? 'main');
  const { target } = await resolveAt(input.repo, head, input.app, input.env, overrides);
  const { tag: current } = await readTag(input.repo, head, target);

  let to = input.to;
  let source: RollbackResult['source'] = 'explicit';
  if (to === undefined) {
    const found = await findRollbackTag(input.repo, head, { ...target, app: input.app, env: input.env }, current, input.depth ?? 30, reporter);
    if (!found) {
      throw new OperationError(
        `no earlier tag of ${input.app} in ${input.env} to roll back to (${target.file} ${target.key} has only ever been ${current})`,
        'pass --to <tag>',
      );
    }
    ({ tag: to, source } = found);
    reporter.info(`rolling ${input.env}(${input.app}) back from ${current} to ${to} (${source === 'verified' ? 'last verified' : 'previous in history'} at ${found.commit.slice(0, 7)})`);
  }
  if (!to) throw new InputError('--to must not be empty');

  const result = await promote({ ...input, tag: to, purpose: 'rollback', allowDowngrade: true, skipGate: true });
  return { ...result, from: current, rolledBackTo: to, source };
}

export function rollbackOutputs(r: RollbackResult): Record<string, string> {
  return {
    changed: String(r.changed),
    operation: r.operation,
    'commit-sha': r.commit ?? '',
    from: r.from,
    'rolled-back-to': r.rolledBackTo,
    source: r.source,
    'pr-number': r.pullRequest ? String(r.pullRequest.number) : '',
    'pr-url': r.pullRequest?.url ?? '',
  };
}
