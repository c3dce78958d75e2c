/** promote from its inputs: the CLI verb, promote-dev and open-promotion-pr (a preset mode). */
import { ciLinks } from '../../ci-context.js';
import { promote, promoteHeadline, promoteJson, promoteOutputs, promoteSummary } from '../../verbs/promote.js';
import { parseTagOrder } from '../../version/tag-order.js';
import { bool, str, strs, type VerbRunner } from '../outcome.js';
import { targetOverrides, withEnvRepo } from './env-repo.js';

export const promoteRunner: VerbRunner = {
  run: (v, ctx) =>
    withEnvRepo(v, ctx, async (repo) => {
      const result = await promote({
        repo,
        app: str(v, 'app')!,
        env: str(v, 'env')!,
        tag: str(v, 'tag')!,
        digest: str(v, 'digest'),
        digestKey: str(v, 'digestKey'),
        overrides: targetOverrides(v),
        tagPattern: str(v, 'tagPattern'),
        allowDowngrade: bool(v, 'allowDowngrade'),
        tagOrder: parseTagOrder(str(v, 'tagOrder'), str(v, 'tagOrderExtract')),
        skipPrecondition: bool(v, 'skipPrecondition'),
        force: bool(v, 'force'),
        editAnchor: bool(v, 'editAnchor'),
        dryRun: bool(v, 'dryRun'),
        templates: { commitMessage: str(v, 'commitMessage'), prBranch: str(v, 'branchName'), prTitle: str(v, 'title') },
        pullRequest: {
          labels: strs(v, 'labels'),
          reviewers: strs(v, 'reviewers'),
          assignees: strs(v, 'assignees'),
          draft: bool(v, 'draft'),
          autoMerge: bool(v, 'autoMerge'),
        },
        links: ciLinks(ctx.env),
        reporter: ctx.reporter,
      });
      if (result.operation === 'dry-run') ctx.reporter.info(result.diff || '(no change)');
      ctx.reporter.summary(promoteSummary(result));
      return { json: promoteJson(result), human: promoteHeadline(result), outputs: promoteOutputs(result) };
    }),
};
