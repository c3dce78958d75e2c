/** The rollback action's face; also used by wait-healthy's rollback-on-failure. */
import { ciLinks, openEnvRepo, rollback, rollbackOutputs, promoteSummary, type ForgeKind, type Reporter, type RollbackResult } from '@gitops-actions/core';
import { boolInput, input, listInput, requiredInput } from './run.js';

export async function rollbackFromInputs(reporter: Reporter): Promise<RollbackResult> {
  const repo = await openEnvRepo({
    envRepo: requiredInput('env-repo'),
    forge: (input('forge') ?? 'github') as ForgeKind,
    apiUrl: input('api-url') ?? process.env.GITHUB_API_URL,
    branch: input('branch'),
    env: process.env,
  });
  try {
    const mode = input('mode') as 'push' | 'pull-request' | undefined;
    const r = await rollback({
      repo,
      app: requiredInput('app'),
      env: requiredInput('env'),
      to: input('to'),
      overrides: { file: input('file'), key: input('key'), branch: input('branch'), mode },
      dryRun: boolInput('dry-run'),
      pullRequest: { labels: listInput('labels'), reviewers: listInput('reviewers') },
      links: ciLinks(process.env),
      reporter,
    });
    reporter.summary(promoteSummary(r));
    return r;
  } finally {
    await repo.close();
  }
}

export { rollbackOutputs };
