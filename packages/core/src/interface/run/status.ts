/** status from its inputs: every app × environment (or one app), as a table, Markdown or JSON; Markdown is the job summary. */
import { status } from '../../verbs/status.js';
import { statusJson, statusMarkdown, statusOutputs, statusTable } from '../../verbs/status-report.js';
import { num, str, type VerbRunner } from '../outcome.js';
import { withEnvRepo } from './env-repo.js';
import { outputsFor } from './report-outputs.js';

export const statusRunner: VerbRunner = {
  run: (v, ctx) =>
    withEnvRepo(v, ctx, async (repo) => {
      const r = await status({ repo, app: str(v, 'app'), branch: str(v, 'branch'), depth: num(v, 'depth'), reporter: ctx.reporter });
      const markdown = statusMarkdown(r);
      ctx.reporter.summary(markdown);
      return { json: statusJson(r), human: str(v, 'format') === 'markdown' ? markdown : statusTable(r), outputs: outputsFor(ctx.face, statusOutputs(r)) };
    }),
};
