/**
 * Running one verb from the command line: results on stdout (`--json`: one JSON object),
 * outputs optionally as a dotenv file (GitLab `artifacts:reports:dotenv`), logs on stderr,
 * and the contract's exit codes: 0 ok, 1 operation failed, 2 invalid input.
 */
import { writeFileSync } from 'node:fs';
import {
  DEFAULT_DEADLINE_MS,
  DeadlineError,
  MAX_OUTPUT_FIELD,
  RUNNERS,
  capJson,
  capOutputs,
  cleanUp,
  exitCodeOf,
  interruptedBy,
  messageOf,
  outputEnvName,
  truncate,
  withDeadline,
  type Values,
  type VerbOutcome,
  type VerbSpec,
} from '@gitops-actions/core/interface';
import { assertWritable } from './output-file.js';
import { CliReporter } from './reporter.js';

/** `commit-sha` → `GITOPS_OUT_COMMIT_SHA`: never an input's GITOPS_<NAME> (dotenv outranks job variables in GitLab). */
export const dotenvName = outputEnvName;

export function toDotenv(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([k, v]) => `${dotenvName(k)}=${v.replace(/\r?\n/g, ' ')}\n`)
    .join('');
}

export async function runCommand(spec: VerbSpec, values: Values, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const reporter = new CliReporter(env);
  const json = values.json === true;
  const dotenv = values.dotenv as string | undefined;
  try {
    // Local checks come before the verb: a change that lands is then reported as landed.
    if (dotenv !== undefined) assertWritable(dotenv, '--dotenv');
    const runner = await RUNNERS[spec.command]();
    const deadlineMs = (values.deadline as number | undefined) ?? runner.deadlineMs?.(values) ?? DEFAULT_DEADLINE_MS;
    const outcome = capOutcome(await withDeadline(deadlineMs, spec.command, () => runner.run(values, { env, reporter, face: 'cli' })), (t) =>
      reporter.redactor.redact(t),
    );
    await reporter.flushSummary();
    const r = reporter.redactor;
    if (dotenv) {
      try {
        writeFileSync(dotenv, r.redact(toDotenv(outcome.outputs)));
      } catch (err) {
        reporter.warn(`could not write --dotenv ${dotenv} (${messageOf(err)}); the result is on stdout`);
      }
    }
    process.stdout.write(r.redact(json ? `${JSON.stringify(outcome.json)}\n` : `${outcome.human}\n`));
    if (outcome.failure) {
      process.stderr.write(`error: ${r.redact(outcome.failure)}\n`);
      process.exitCode = 1;
    }
  } catch (err) {
    // Interrupted: the failure is ours (git was killed); the signal handler reports and exits.
    if (interruptedBy()) return;
    await reporter.flushSummary();
    const code = exitCodeOf(err);
    const message = truncate(reporter.redactor.redact(messageOf(err)), MAX_OUTPUT_FIELD);
    process.stderr.write(`error: ${message.split('\n')[0] ?? ''}\n`);
    if (env.GITOPS_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${reporter.redactor.redact(err.stack)}\n`);
    if (json) process.stdout.write(`${JSON.stringify({ error: message, exitCode: code })}\n`);
    process.exitCode = code;
    if (err instanceof DeadlineError) {
      // The verb is still running (a request, a git child): stop it here, clean up, and leave.
      await cleanUp();
      process.exit(code);
    }
  }
}

/** Every field we echo (stdout, --json, --dotenv) redacted, then cut to MAX_OUTPUT_FIELD with a marker. */
function capOutcome(o: VerbOutcome, redact: (text: string) => string): VerbOutcome {
  return {
    json: capJson(o.json, redact),
    human: truncate(redact(o.human), MAX_OUTPUT_FIELD),
    outputs: capOutputs(o.outputs, redact),
    ...(o.failure !== undefined ? { failure: truncate(redact(o.failure), MAX_OUTPUT_FIELD) } : {}),
  };
}
