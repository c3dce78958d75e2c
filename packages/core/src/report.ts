/**
 * Reporter port: how a verb talks to the person watching the job. Each face implements it
 * (GitHub: @actions/core; GitLab/CLI: stderr with collapsible sections). Verbs never print.
 */
export interface Reporter {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** Run fn inside a collapsible section (GitHub `::group::`, GitLab `section_start`). */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Markdown for the job summary (GitHub step summary; CLI prints nothing for it). */
  summary(markdown: string): void;
  /** Register a secret so it never appears in output. */
  mask(secret: string): void;
}

/** A reporter that drops everything; for library use and tests that do not look at logs. */
export const silentReporter: Reporter = {
  info() {},
  warn() {},
  debug() {},
  group: (_title, fn) => fn(),
  summary() {},
  mask() {},
};

/** Replaces every registered secret in a string. Shared by the faces' reporters (redaction.ts). */
export { Redactor } from './redaction.js';
