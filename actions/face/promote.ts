/** promote-dev and open-promotion-pr share one face: the mode is what differs. */
import * as core from '@actions/core';
import { ciLinks, promote, promoteOutputs, promoteSummary, type PromoteInput } from '@gitops-actions/core';
import { tokenEnvName, withEnvRepo } from './env-repo.js';
import { boolInput, input, requiredInput, runAction } from './run.js';

/** Inputs only one of the two actions has (the pull request's) come in as `extra`. */
export function runPromote(mode: 'push' | 'pull-request', extra: () => Partial<PromoteInput> = () => ({})): Promise<void> {
  return runAction(
    (reporter) =>
      withEnvRepo(requiredInput('env-repo'), async (repo) => {
      const result = await promote({
        repo,
        app: requiredInput('app'),
        env: requiredInput('env'),
        tag: requiredInput('tag'),
        overrides: { file: input('file'), key: input('key'), branch: input('branch'), mode },
        tagPattern: input('tag-pattern'),
        allowDowngrade: boolInput('allow-downgrade'),
        editAnchor: boolInput('edit-anchor'),
        dryRun: boolInput('dry-run'),
        templates: { commitMessage: input('commit-message') },
        links: ciLinks(process.env),
        reporter,
        ...extra(),
      });
      if (result.operation === 'dry-run') core.info(result.diff || '(no change)');
      reporter.summary(promoteSummary(result));
      return { outputs: promoteOutputs(result) };
      }),
    tokenEnvName(),
    { what: 'promote' },
  );
}
