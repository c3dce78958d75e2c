/** The GitHub Actions Reporter: workflow commands through @actions/core. */
import * as core from '@actions/core';
import type { Reporter } from '@gitops-actions/core/interface';

export class ActionsReporter implements Reporter {
  private readonly summaries: string[] = [];
  info(message: string): void {
    core.info(message);
  }
  warn(message: string): void {
    core.warning(message);
  }
  debug(message: string): void {
    core.debug(message);
  }
  group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    return core.group(title, fn);
  }
  summary(markdown: string): void {
    this.summaries.push(markdown);
  }
  mask(secret: string): void {
    if (secret) core.setSecret(secret);
  }
  /** Write the job summary (GITHUB_STEP_SUMMARY) once at the end. */
  async flush(): Promise<void> {
    if (this.summaries.length === 0 || !process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(this.summaries.join('\n\n'), true).write();
    this.summaries.length = 0;
  }
}
