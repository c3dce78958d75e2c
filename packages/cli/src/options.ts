/** Flag groups and parsers shared by several commands, so one name means one thing. */
import { InputError, type ForgeKind } from '@gitops-actions/core';
import { Option, type Command } from 'commander';

export function envRepoOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--env-repo <url|path>', 'env repo: git URL, local path, or OWNER/NAME with --forge')
    .addOption(new Option('--forge <forge>', 'git (clone), github or gitlab (REST, no clone); inferred from the URL').choices(['git', 'github', 'gitlab']))
    .option('--api-url <url>', 'forge REST base: https://HOST/api/v3 (GitHub Enterprise) or https://HOST/api/v4 (GitLab)');
}

export function outputOptions(cmd: Command): Command {
  return cmd.option('--json', 'print one JSON object on stdout').option('--dotenv <file>', 'also write outputs as a dotenv file (GitLab reports:dotenv)');
}

/** Comma- or newline-separated list; empty items dropped. */
export function list(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const items = value.split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

export function forgeOf(value: string | undefined): ForgeKind | undefined {
  return value as ForgeKind | undefined;
}

/** Parse `90s`, `10m`, `1h30m`, `500ms` or plain seconds into milliseconds. */
export function duration(value: string, flag: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)?/gy;
  let total = 0;
  let matched = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null && m[0] !== '') {
    const n = parseFloat(m[1]!);
    total += n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']!;
    matched += m[0];
  }
  if (!value || matched !== value) throw new InputError(`${flag} ${JSON.stringify(value)} is not a duration`, 'use e.g. 90s, 10m or 1h');
  return total;
}

export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InputError(`${flag} ${JSON.stringify(value)} is not a positive whole number`);
  return n;
}
