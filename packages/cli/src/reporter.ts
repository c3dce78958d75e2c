/**
 * The CLI's Reporter: logs go to stderr (stdout is for results), every line redacted.
 * Under GitLab CI groups become collapsible sections.
 */
import { Redactor, type Reporter } from '@gitops-actions/core/interface';

/** Environment variables that hold secrets; their values never reach output. */
export const SECRET_ENV = ['GITHUB_TOKEN', 'GH_TOKEN', 'GITLAB_TOKEN', 'CI_JOB_TOKEN', 'ARGOCD_AUTH_TOKEN', 'REGISTRY_PASSWORD'];

export class CliReporter implements Reporter {
  readonly redactor = new Redactor();
  private readonly summaries: string[] = [];
  private sections = 0;

  constructor(
    private readonly env: Record<string, string | undefined> = process.env,
    private readonly write: (text: string) => void = (t) => process.stderr.write(t),
  ) {
    for (const name of SECRET_ENV) this.redactor.add(env[name]);
  }

  private line(text: string): void {
    this.write(`${this.redactor.redact(text)}\n`);
  }

  info(message: string): void {
    this.line(message);
  }
  warn(message: string): void {
    this.line(`warning: ${message}`);
  }
  debug(message: string): void {
    if (this.env.GITOPS_DEBUG || this.env.RUNNER_DEBUG === '1' || this.env.CI_DEBUG_TRACE === 'true') this.line(`debug: ${message}`);
  }
  mask(secret: string): void {
    this.redactor.add(secret);
  }
  summary(markdown: string): void {
    this.summaries.push(markdown);
  }

  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    const gitlab = this.env.GITLAB_CI === 'true';
    const name = `gitops_${++this.sections}`;
    const now = () => Math.floor(Date.now() / 1000);
    if (gitlab) this.write(`\x1b[0Ksection_start:${now()}:${name}[collapsed=true]\r\x1b[0K${this.redactor.redact(title)}\n`);
    else this.line(`── ${title}`);
    try {
      return await fn();
    } finally {
      if (gitlab) this.write(`\x1b[0Ksection_end:${now()}:${name}\r\x1b[0K\n`);
    }
  }

  /** Print the collected job summary at the end (a collapsible section on GitLab). */
  async flushSummary(): Promise<void> {
    if (this.summaries.length === 0) return;
    const text = this.summaries.join('\n\n');
    this.summaries.length = 0;
    await this.group('summary', () => Promise.resolve(this.line(text)));
  }
}
