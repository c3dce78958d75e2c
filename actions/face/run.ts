/**
 * Running a verb as a GitHub Action, from its face spec: inputs in (validated by the core's one
 * parser), outputs out, secrets masked first, one plain failure line (`core.setFailed`) instead of
 * a stack trace. A cancelled job (SIGINT/SIGTERM) kills git and removes temporary repos; the run
 * has a deadline; every output is cut to MAX_OUTPUT_FIELD.
 */
import * as core from '@actions/core';
import {
  ACTIONS,
  DEFAULT_DEADLINE_MS,
  DeadlineError,
  MAX_OUTPUT_FIELD,
  RUNNERS,
  Redactor,
  capOutputs,
  cleanUp,
  faceInputs,
  installSignalHandlers,
  messageOf,
  parseInputs,
  truncate,
  withDeadline,
  type ActionFace,
  type InputSpec,
  type RawInput,
} from '@gitops-actions/core/interface';
import { ActionsReporter } from './reporter.js';

/** Environment variables that hold secrets; their values are masked before anything runs. */
const SECRET_ENV = ['GITHUB_TOKEN', 'GH_TOKEN', 'GITLAB_TOKEN', 'CI_JOB_TOKEN', 'ARGOCD_AUTH_TOKEN', 'REGISTRY_PASSWORD'];

/** Secret inputs the core reads from the environment, as the ecosystem's own tools do. */
function secretEnv(name: string, forge: string | undefined): string | undefined {
  if (name === 'token') return forge === 'gitlab' ? 'GITLAB_TOKEN' : 'GITHUB_TOKEN';
  return { 'argocd-token': 'ARGOCD_AUTH_TOKEN', 'registry-password': 'REGISTRY_PASSWORD', 'registry-username': 'REGISTRY_USERNAME' }[name];
}

/** `with:` values as the runner passes them (INPUT_<NAME>); an empty one is not given. Aliases too. */
function rawInputs(inputs: readonly InputSpec[], preset: Readonly<Record<string, string>>): Record<string, RawInput> {
  const raw: Record<string, RawInput> = {};
  for (const [name, value] of Object.entries(preset)) raw[name] = { value, from: 'action' };
  for (const input of inputs) {
    const value = [input.name, ...(input.aliases ?? [])].map((n) => core.getInput(n)).find((v) => v !== '');
    if (value !== undefined) raw[input.name] = { value, from: 'action' };
  }
  return raw;
}

export async function runActionFace(name: string): Promise<void> {
  installSignalHandlers((signal) => core.setFailed(`interrupted by ${signal}; stopping git and removing temporary files`));
  const face: ActionFace = ACTIONS.find((a) => a.name === name)!;
  const reporter = new ActionsReporter();
  const redactor = new Redactor();
  const inputs = faceInputs(face, 'action');
  try {
    const raw = rawInputs(inputs, face.preset ?? {});
    // Secrets first: masked before any line is printed, then handed to the core through the environment.
    for (const input of inputs.filter((i) => i.secret || secretEnv(i.name, raw.forge?.value))) {
      const value = raw[input.name]?.value;
      const variable = secretEnv(input.name, raw.forge?.value);
      if (value && variable) process.env[variable] = value;
      delete raw[input.name];
    }
    for (const variable of SECRET_ENV) {
      const v = process.env[variable];
      if (v) {
        core.setSecret(v);
        redactor.add(v);
      }
    }
    const values = parseInputs(
      inputs.filter((i) => !i.secret && !secretEnv(i.name, undefined)),
      raw,
      'action',
    );
    const runner = await RUNNERS[face.verb.command]();
    core.debug(`running ${face.verb.command}`); // the first line of work (bench/startup.bench.ts times it)
    const deadlineMs = (values.deadline as number | undefined) ?? runner.deadlineMs?.(values) ?? DEFAULT_DEADLINE_MS;
    const outcome = await withDeadline(deadlineMs, name, () => runner.run(values, { env: process.env, reporter, face: 'action' }));
    const redact = (t: string) => redactor.redact(t);
    for (const [k, v] of Object.entries(capOutputs(outcome.outputs, redact))) core.setOutput(k, v);
    await reporter.flush();
    if (outcome.failure) core.setFailed(truncate(redactor.redact(outcome.failure), MAX_OUTPUT_FIELD));
  } catch (err) {
    await reporter.flush().catch(() => {});
    core.setFailed(truncate(redactor.redact(actionWording(messageOf(err), inputs)), MAX_OUTPUT_FIELD));
    if (err instanceof DeadlineError) {
      // The verb is still running (a request, a git child): stop it, clean up, and leave.
      await cleanUp();
      process.exit(1);
    }
  }
}

/** The core words messages for the command line (`--tag`); an action's user knows the input `tag`. */
export function actionWording(message: string, inputs: readonly InputSpec[]): string {
  const names = new Set(inputs.map((i) => i.name));
  return message.replace(/(?<![\w-])--([a-z][a-z0-9-]*)/g, (flag, n: string) => (names.has(n) ? `input ${n}` : flag));
}
