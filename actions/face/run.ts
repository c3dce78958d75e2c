/**
 * Running a verb as a GitHub Action: inputs in, outputs out, secrets masked first, and
 * one plain failure line (`core.setFailed`) instead of a stack trace.
 */
import * as core from '@actions/core';
import {
  DEFAULT_DEADLINE_MS,
  DeadlineError,
  MAX_OUTPUT_FIELD,
  Redactor,
  capOutputs,
  cleanUp,
  installSignalHandlers,
  messageOf,
  parseBoolean,
  truncate,
  withDeadline,
} from '@gitops-actions/core';
import { ActionsReporter } from './reporter.js';

const SECRET_ENV = ['GITHUB_TOKEN', 'GH_TOKEN', 'GITLAB_TOKEN', 'CI_JOB_TOKEN', 'ARGOCD_AUTH_TOKEN', 'REGISTRY_PASSWORD'];

export function input(name: string): string | undefined {
  const v = core.getInput(name).trim();
  return v === '' ? undefined : v;
}

export function requiredInput(name: string): string {
  return core.getInput(name, { required: true }).trim();
}

/** true/false/1/0/yes/no/on/off in any case, as the CLI and GitLab inputs (not only YAML 1.2's true/True/TRUE). */
export function boolInput(name: string): boolean {
  const v = input(name);
  return v === undefined ? false : parseBoolean(v, name);
}

export function listInput(name: string): string[] | undefined {
  const items = core.getMultilineInput(name).flatMap((l) => l.split(',')).map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

export interface ActionOutcome {
  outputs: Record<string, string>;
  /** Fail the step with this message after setting outputs (e.g. unhealthy). */
  failure?: string;
}

/** What the deadline message calls the action, and its deadline (default DEFAULT_DEADLINE_MS). */
export interface ActionDeadline {
  what: string;
  ms?: () => number;
}

/**
 * `token` input (if any) becomes the env var the core reads (e.g. GITHUB_TOKEN), masked.
 * A cancelled job (SIGINT/SIGTERM) kills git and removes temporary repos; the whole run has a
 * deadline; every output is cut to MAX_OUTPUT_FIELD.
 */
export async function runAction(
  fn: (reporter: ActionsReporter) => Promise<ActionOutcome>,
  tokenEnv?: string,
  deadline: ActionDeadline = { what: 'the action' },
): Promise<void> {
  installSignalHandlers((signal) => core.setFailed(`interrupted by ${signal}; stopping git and removing temporary files`));
  const reporter = new ActionsReporter();
  const redactor = new Redactor();
  const token = input('token');
  if (token && tokenEnv) process.env[tokenEnv] = token;
  for (const name of SECRET_ENV) {
    const v = process.env[name];
    if (v) {
      core.setSecret(v);
      redactor.add(v);
    }
  }
  try {
    const ms = deadline.ms?.() ?? DEFAULT_DEADLINE_MS;
    const outcome = await withDeadline(ms, deadline.what, () => fn(reporter));
    const redact = (t: string) => redactor.redact(t);
    for (const [k, v] of Object.entries(capOutputs(outcome.outputs, redact))) core.setOutput(k, v);
    await reporter.flush();
    if (outcome.failure) core.setFailed(truncate(redactor.redact(outcome.failure), MAX_OUTPUT_FIELD));
  } catch (err) {
    await reporter.flush().catch(() => {});
    core.setFailed(truncate(redactor.redact(messageOf(err)), MAX_OUTPUT_FIELD));
    if (err instanceof DeadlineError) {
      // The verb is still running (a request, a git child): stop it, clean up, and leave.
      await cleanUp();
      process.exit(1);
    }
  }
}
