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

/** Git trailers recording what a promotion did; parsed back by rollback and audits. */
export function trailers(values: TemplateValues): string {
  return [
    `Gitops-App: ${values.app}`,
    `Gitops-Env: ${values.env}`,
    ...(values.from ? [`Gitops-From: ${values.from}`] : []),
    `Gitops-To: ${values.tag}`,
  ].join('\n');
}
