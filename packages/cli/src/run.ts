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
  capJson,
  capOutputs,
  cleanUp,
  exitCodeOf,
  interruptedBy,
  messageOf,
  parseDuration,
  truncate,
  withDeadline,
} from '@gitops-actions/core';
import { assertWritable } from './output-file.js';
import { CliReporter } from './reporter.js';

export interface CommonFlags {
  json?: boolean;
  dotenv?: string;
  /** --deadline: the whole command gives up after this long. */
  deadline?: string;
}

/** What the deadline message calls the command, and its default deadline (may depend on other flags). */
export interface DeadlineSpec {
  what: string;
  defaultMs?: () => number;
}

export interface VerbOutcome {
  /** The JSON result (camelCase keys, DESIGN.md contract). */
  json: object;
  /** One line for people, printed on stdout without --json. */
  human: string;
  /** kebab-case outputs, the same names the GitHub action sets. */
  outputs: Record<string, string>;
  /** Exit code 1 with this message even though the verb returned (e.g. unhealthy). */
  failure?: string;
}

/** `commit-sha` → `GITOPS_COMMIT_SHA` */
export function dotenvName(output: string): string {
  return `GITOPS_${output.replace(/-/g, '_').toUpperCase()}`;
}

export function toDotenv(outputs: Record<string, string>): string {
  return Object.entries(outputs)
    .map(([k, v]) => `${dotenvName(k)}=${v.replace(/\r?\n/g, ' ')}\n`)
    .join('');
}

export async function runVerb(
  flags: CommonFlags,
  fn: (reporter: CliReporter) => Promise<VerbOutcome>,
  deadline: DeadlineSpec = { what: 'the command' },
): Promise<void> {
  const reporter = new CliReporter();
  try {
    const deadlineMs = flags.deadline !== undefined ? parseDuration(flags.deadline, '--deadline') : (deadline.defaultMs?.() ?? DEFAULT_DEADLINE_MS);
    // Local checks come before the verb: a change that lands is then reported as landed.
    if (flags.dotenv !== undefined) assertWritable(flags.dotenv, '--dotenv');
    const outcome = capOutcome(await withDeadline(deadlineMs, deadline.what, () => fn(reporter)), (t) => reporter.redactor.redact(t));
    await reporter.flushSummary();
    const r = reporter.redactor;
    if (flags.dotenv) {
      try {
        writeFileSync(flags.dotenv, r.redact(toDotenv(outcome.outputs)));
      } catch (err) {
        reporter.warn(`could not write --dotenv ${flags.dotenv} (${messageOf(err)}); the result is on stdout`);
      }
    }
    process.stdout.write(r.redact(flags.json ? `${JSON.stringify(outcome.json)}\n` : `${outcome.human}\n`));
    if (outcome.failure) {
      process.stderr.write(`error: ${r.redact(outcome.failure)}\n`);
      process.exitCode = 1;
    }
  } catch (err) {
    // Interrupted: the failure is ours (git was killed); the signal handler reports and exits.
    if (interruptedBy()) return;
    await reporter.flushSummary();
    const code = exitCodeOf(err);
    process.stderr.write(`error: ${truncate(reporter.redactor.redact(messageOf(err).split('\n')[0] ?? ''), MAX_OUTPUT_FIELD)}\n`);
    if (reporter.redactor && process.env.GITOPS_DEBUG && err instanceof Error && err.stack) {
      process.stderr.write(`${reporter.redactor.redact(err.stack)}\n`);
    }
    if (flags.json) process.stdout.write(`${JSON.stringify({ error: truncate(reporter.redactor.redact(messageOf(err)), MAX_OUTPUT_FIELD), exitCode: code })}\n`);
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
