/** `gitops-actions promote`: flags → promote verb → result. */
import {
  ciLinks,
  promote,
  promoteHeadline,
  promoteJson,
  promoteOutputs,
  promoteSummary,
  parseTagOrder,
} from '@gitops-actions/core';
import { Command, Option } from 'commander';
import { deadlineOption, envRepoOptions, list, outputOptions, withEnvRepo } from '../options.js';
import { runVerb } from '../run.js';

interface Flags {
  envRepo: string;
  forge?: string;
  apiUrl?: string;
  app: string;
  env: string;
  tag: string;
  file?: string;
  key?: string;
  mode?: 'push' | 'pull-request';
  branch?: string;
  tagPattern?: string;
  allowDowngrade?: boolean;
  tagOrder?: string;
  tagOrderExtract?: string;
  skipGate?: boolean;
  editAnchor?: boolean;
  dryRun?: boolean;
  commitMessage?: string;
  branchName?: string;
  title?: string;
  labels?: string;
  reviewers?: string;
  assignees?: string;
  draft?: boolean;
  autoMerge?: boolean;
  json?: boolean;
  dotenv?: string;
  deadline?: string;
}

export function promoteCommand(): Command {
  const cmd = new Command('promote').description('set one environment of one app to an image tag (commit or PR/MR)');
  envRepoOptions(cmd)
    .requiredOption('--app <app>', 'app name (gitops.yaml apps.<app>)')
    .requiredOption('--env <env>', 'environment (gitops.yaml apps.<app>.environments.<env>)')
    .requiredOption('--tag <tag>', 'image tag to deploy')
    .option('--file <path>', 'file in the env repo holding the tag (default: from gitops.yaml)')
    .option('--key <yaml-path>', 'YAML path of the tag, e.g. image.tag or images[name=ghcr.io/acme/app].newTag')
    .addOption(new Option('--mode <mode>', 'push a commit, or open a pull/merge request').choices(['push', 'pull-request']))
    .option('--branch <branch>', 'branch the environment tracks (default main)')
    .option('--tag-pattern <regex>', 'refuse tags that do not match')
    .option('--allow-downgrade', 'allow an older semver than the current one')
    .option('--tag-order <order>', 'how tags order for the downgrade guard: semver (default), numerical, alphabetical, none')
    .option('--tag-order-extract <regex>', 'numerical: a regex whose named group is the number to compare')
    .option('--skip-gate', 'promote even when the `from` environment does not run the tag')
    .option('--edit-anchor', 'edit a tag shared through a YAML anchor, alias or merge key (changes it for every user)')
    .option('--dry-run', 'print the diff, write nothing')
    .option('--commit-message <template>', 'commit message template ({app} {env} {tag} {from})')
    .option('--branch-name <template>', 'PR branch template (default promote-{app}-{tag}-{env})')
    .option('--title <template>', 'PR title template (default {env}({app}): {tag})')
    .option('--labels <list>', 'PR labels, comma-separated')
    .option('--reviewers <list>', 'PR reviewers, comma-separated')
    .option('--assignees <list>', 'PR assignees, comma-separated')
    .option('--draft', 'open the PR as a draft')
    .option('--auto-merge', 'ask the forge to merge when checks pass');
  outputOptions(cmd);
  deadlineOption(cmd, '15m');
  return cmd.action((flags: Flags) =>
    runVerb(flags, (reporter) =>
      withEnvRepo(flags, async (repo) => {
        const result = await promote({
          repo,
          app: flags.app,
          env: flags.env,
          tag: flags.tag,
          overrides: { file: flags.file, key: flags.key, mode: flags.mode, branch: flags.branch },
          tagPattern: flags.tagPattern,
          allowDowngrade: flags.allowDowngrade,
          tagOrder: parseTagOrder(flags.tagOrder, flags.tagOrderExtract),
          skipGate: flags.skipGate,
          editAnchor: flags.editAnchor,
          dryRun: flags.dryRun,
          templates: { commitMessage: flags.commitMessage, prBranch: flags.branchName, prTitle: flags.title },
          pullRequest: {
            labels: list(flags.labels),
            reviewers: list(flags.reviewers),
            assignees: list(flags.assignees),
            draft: flags.draft,
            autoMerge: flags.autoMerge,
          },
          links: ciLinks(process.env),
          reporter,
        });
        if (flags.dryRun) reporter.info(result.diff || '(no change)');
        reporter.summary(promoteSummary(result));
        return { json: promoteJson(result), human: promoteHeadline(result), outputs: promoteOutputs(result) };
      }),
      { what: 'promote' },
    ),
  );
}
