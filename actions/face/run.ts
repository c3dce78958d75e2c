/**
 * Running a verb as a GitHub Action: inputs in, outputs out, secrets masked first, and
 * one plain failure line (`core.setFailed`) instead of a stack trace.
 */
import * as core from '@actions/core';
import { Redactor, messageOf, parseBoolean } from '@gitops-actions/core';
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

/**
 * `token` input (if any) becomes the env var the core reads (e.g. GITHUB_TOKEN), masked.
 */
export async function runAction(fn: (reporter: ActionsReporter) => Promise<ActionOutcome>, tokenEnv?: string): Promise<void> {
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
    const outcome = await fn(reporter);
    for (const [k, v] of Object.entries(outcome.outputs)) core.setOutput(k, v);
    await reporter.flush();
    if (outcome.failure) core.setFailed(redactor.redact(outcome.failure));
  } catch (err) {
    await reporter.flush().catch(() => {});
    core.setFailed(redactor.redact(messageOf(err)));
  }
}
