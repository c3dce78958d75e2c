/**
 * Names the verbs make: commit messages, PR branches and titles. Placeholders `{app}`,
 * `{env}`, `{tag}`, `{from}` keep the seeds' conventions as defaults and let teams change them.
 */
import { InputError } from './errors.js';

export const DEFAULT_TEMPLATES = {
  commitMessage: '{env}({app}): {tag}',
  prBranch: 'promote-{app}-{tag}-{env}',
  prTitle: '{env}({app}): {tag}',
  rollbackMessage: 'rollback({env} {app}) to {tag}',
  rollbackBranch: 'rollback-{app}-{tag}-{env}',
  rollbackTitle: 'rollback {env}({app}) to {tag}',
} as const;

export interface TemplateValues {
  app: string;
  env: string;
  tag: string;
  from?: string | null;
}

const KNOWN = new Set(['app', 'env', 'tag', 'from']);

/** The flag each template comes from, so errors name what the user typed. */
export const TEMPLATE_FLAGS = {
  commitMessage: '--commit-message',
  prBranch: '--branch-name',
  prTitle: '--title',
} as const;

/** Check user templates before anything is read or written: known placeholders, not blank. */
export function assertTemplates(templates: Partial<Record<keyof typeof TEMPLATE_FLAGS, string>> = {}): void {
  for (const [key, flag] of Object.entries(TEMPLATE_FLAGS) as [keyof typeof TEMPLATE_FLAGS, string][]) {
    const tpl = templates[key];
    if (tpl === undefined) continue;
    if (tpl.trim() === '') throw new InputError(`${flag} is empty`, 'give a template using {app}, {env}, {tag} or {from}, or leave the flag out');
    const sample = render(tpl, { app: 'app', env: 'env', tag: 'v1.0.0', from: 'v0.9.0' }, flag);
    if (key === 'prBranch' && !isBranchName(sample)) {
      throw new InputError(
        `${flag} ${JSON.stringify(tpl)} does not make a valid branch name (${JSON.stringify(sample)})`,
        'use letters, digits, / . _ - and placeholders',
      );
    }
  }
}

/** git check-ref-format's rules for a branch name, kept to what a template can get wrong. */
export function isBranchName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    // eslint-disable-next-line no-control-regex -- git's ref-name rules forbid control characters
    !/[\x00-\x20\x7f~^:?*[\\]|\.\.|@\{|\/\/|^\/|\/$|\.$|\.lock(\/|$)|(^|\/)\./.test(name) &&
    name !== '@'
  );
}

export function render(template: string, values: TemplateValues, input = 'template'): string {
  return template.replace(/\{([^{}]*)\}/g, (_m, name: string) => {
    if (!KNOWN.has(name)) {
      throw new InputError(`${input} uses unknown placeholder {${name}}`, 'use {app}, {env}, {tag} or {from}');
    }
    return String(values[name as keyof TemplateValues] ?? '');
  });
}

/** A regex matching every branch the template makes for this app+env, whatever the tag. */
export function branchPattern(template: string, values: Omit<TemplateValues, 'tag'>): RegExp {
  const parts = template.split(/(\{[^{}]*\})/).map((part) => {
    const m = /^\{([^{}]*)\}$/.exec(part);
    if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (m[1] === 'tag' || m[1] === 'from') return '[A-Za-z0-9_][A-Za-z0-9._-]*';
    return String(values[m[1] as 'app' | 'env'] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${parts.join('')}$`);
}

/**
 * Git trailers recording what a promotion did; parsed back by rollback and audits. A rollback
 * also says which tag it rolled away from (`Gitops-Rollback-Of`), so the next rollback never
 * puts that tag back by accident (DESIGN.md principle 9).
 */
export function trailers(values: TemplateValues, purpose: 'promote' | 'rollback' = 'promote', earlier?: readonly string[]): string {
  return [
    `Gitops-App: ${values.app}`,
    `Gitops-Env: ${values.env}`,
    ...(values.from ? [`Gitops-From: ${values.from}`] : []),
    `Gitops-To: ${values.tag}`,
    ...(purpose === 'rollback' && values.from ? [`${ROLLBACK_OF}: ${values.from}`] : []),
    ...(earlier ? [`${EARLIER_TAGS}: ${earlier.length > 0 ? earlier.join(' ') : NO_EARLIER_TAGS}`] : []),
  ].join('\n');
}

export const ROLLBACK_OF = 'Gitops-Rollback-Of';
/**
 * The tags our earlier commits of the same file named (verdicts.ts ledgerFor): the blocked-tag
 * check of a tag not listed stops at this commit instead of walking the file's older history.
 */
export const EARLIER_TAGS = 'Gitops-Earlier-Tags';
/** Its value when no earlier commit of ours named a tag (an absent trailer means "not known"). */
export const NO_EARLIER_TAGS = '(none)';

/** The trailers of a commit message (`Key: value` lines of its last paragraph), keys as written. */
export function parseTrailers(message: string): Map<string, string> {
  const out = new Map<string, string>();
  const paragraphs = message.trim().split(/\n\s*\n/);
  if (paragraphs.length < 2) return out; // a subject alone has no trailers
  const last = paragraphs[paragraphs.length - 1];
  for (const line of last.split('\n')) {
    const m = /^([A-Za-z0-9-]+):\s*(.*?)\s*$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}
