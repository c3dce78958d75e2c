/** The rollback action's face. */
import { ciLinks, rollback, rollbackOutputs, promoteSummary, type Reporter, type RollbackResult } from '@gitops-actions/core';
import { withEnvRepo } from './env-repo.js';
import { boolInput, input, listInput, requiredInput } from './run.js';

export function rollbackFromInputs(reporter: Reporter): Promise<RollbackResult> {
  return withEnvRepo(requiredInput('env-repo'), async (repo) => {
    const mode = input('mode') as 'push' | 'pull-request' | undefined;
    const r = await rollback({
      repo,
      app: requiredInput('app'),
      env: requiredInput('env'),
      to: input('to'),
      overrides: { file: input('file'), key: input('key'), branch: input('branch'), mode },
      dryRun: boolInput('dry-run'),
      editAnchor: boolInput('edit-anchor'),
      pullRequest: { labels: listInput('labels'), reviewers: listInput('reviewers') },
      links: ciLinks(process.env),
      reporter,
    });
    reporter.summary(promoteSummary(r));
    return r;
  });
}

export { rollbackOutputs };
