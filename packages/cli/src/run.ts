/**
 * Running one verb from the command line: results on stdout (`--json`: one JSON object),
 * outputs optionally as a dotenv file (GitLab `artifacts:reports:dotenv`), logs on stderr,
 * and the contract's exit codes: 0 ok, 1 operation failed, 2 invalid input.
 */
import { writeFileSync } from 'node:fs';
import { exitCodeOf, messageOf } from '@gitops-actions/core';
import { assertWritable } from './output-file.js';
import { CliReporter } from './reporter.js';

export interface CommonFlags {
  json?: boolean;
  dotenv?: string;
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

export async function runVerb(flags: CommonFlags, fn: (reporter: CliReporter) => Promise<VerbOutcome>): Promise<void> {
  const reporter = new CliReporter();
  try {
    // Local checks come before the verb: a change that lands is then reported as landed.
    if (flags.dotenv !== undefined) assertWritable(flags.dotenv, '--dotenv');
    const outcome = await fn(reporter);
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
    await reporter.flushSummary();
    const code = exitCodeOf(err);
    process.stderr.write(`error: ${reporter.redactor.redact(messageOf(err).split('\n')[0] ?? '')}\n`);
    if (reporter.redactor && process.env.GITOPS_DEBUG && err instanceof Error && err.stack) {
      process.stderr.write(`${reporter.redactor.redact(err.stack)}\n`);
    }
    if (flags.json) process.stdout.write(`${JSON.stringify({ error: reporter.redactor.redact(messageOf(err)), exitCode: code })}\n`);
    process.exitCode = code;
  }
}
