/** `gitops-actions rollback`: put the last verified tag back (commit or PR/MR). */
import { LIMITS, ciLinks, rollback, rollbackOutputs, promoteSummary } from '@gitops-actions/core';
import { Command, Option } from 'commander';
import { deadlineOption, envRepoOptions, list, outputOptions, intInRange, withEnvRepo } from '../options.js';
import { runVerb } from '../run.js';

interface Flags {
  envRepo: string;
  forge?: string;
  apiUrl?: string;
  app: string;
  env: string;
  to?: string;
  file?: string;
  key?: string;
  mode?: 'push' | 'pull-request';
  branch?: string;
  editAnchor?: boolean;
  dryRun?: boolean;
  depth?: string;
  labels?: string;
  reviewers?: string;
  json?: boolean;
  dotenv?: string;
  deadline?: string;
}

export function rollbackCommand(): Command {
  const cmd = new Command('rollback').description('put the last verified tag of an environment back');
  envRepoOptions(cmd)
    .requiredOption('--app <app>', 'app name')
    .requiredOption('--env <env>', 'environment to roll back')
    .option('--to <tag>', 'roll back to this tag (default: the last verified one)')
    .option('--file <path>', 'file in the env repo holding the tag (default: from gitops.yaml)')
    .option('--key <yaml-path>', 'YAML path of the tag')
    .addOption(new Option('--mode <mode>', 'push a commit, or open a pull/merge request').choices(['push', 'pull-request']))
    .option('--branch <branch>', 'branch the environment tracks (default main)')
    .option('--edit-anchor', 'edit a tag shared through a YAML anchor, alias or merge key (changes it for every user)')
    .option('--depth <n>', `commits of history to search for a verified tag (${LIMITS.depth.min}…${LIMITS.depth.max})`, '30')
    .option('--labels <list>', 'PR labels, comma-separated')
    .option('--reviewers <list>', 'PR reviewers, comma-separated')
    .option('--dry-run', 'print the diff, write nothing');
  outputOptions(cmd);
  deadlineOption(cmd, '15m');
  return cmd.action((flags: Flags) =>
    runVerb(flags, async (reporter) => {
      const depth = intInRange(flags.depth, '--depth', LIMITS.depth);
      return withEnvRepo(flags, async (repo) => {
        const r = await rollback({
          repo,
          app: flags.app,
          env: flags.env,
          to: flags.to,
          depth,
          overrides: { file: flags.file, key: flags.key, mode: flags.mode, branch: flags.branch },
          dryRun: flags.dryRun,
          editAnchor: flags.editAnchor,
          pullRequest: { labels: list(flags.labels), reviewers: list(flags.reviewers) },
          links: ciLinks(process.env),
          reporter,
        });
        if (flags.dryRun) reporter.info(r.diff || '(no change)');
        reporter.summary(promoteSummary(r));
        const { diff: _d, ...json } = r;
        const what = r.pullRequest ? r.pullRequest.url : (r.commit ?? r.operation);
        return { json, human: `rollback ${r.env}(${r.app}): ${r.from} → ${r.rolledBackTo}: ${what}`, outputs: rollbackOutputs(r) };
      });
    }, { what: 'rollback' }),
  );
}
