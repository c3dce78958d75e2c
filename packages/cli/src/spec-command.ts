/**
 * A commander subcommand built from a verb's interface spec: one option per CLI input, each also
 * read from GITOPS_<NAME>. Commander only collects strings; types, ranges and required inputs are
 * checked by the core's parseInputs, so every face validates alike and messages name the flag
 * (or the variable) the value came from.
 */
import { camelName, envName, faceInputs, parseInputs, type InputSpec, type InputValue, type RawInput, type VerbSpec } from '@gitops-actions/core';
import { Command, Option } from 'commander';

function describe(input: InputSpec): string {
  const extra: string[] = [];
  if (input.type === 'enum') extra.push(input.options!.join('|'));
  if (input.default !== undefined && input.type !== 'boolean') extra.push(`default ${input.default}`);
  return extra.length ? `${input.description} (${extra.join('; ')})` : input.description;
}

function option(input: InputSpec): Option {
  if (input.type === 'boolean') {
    // A boolean that defaults to true is switched off with --no-<name>.
    const flags = input.default === 'true' ? `--no-${input.name}` : `--${input.name}`;
    return new Option(flags, describe(input));
  }
  return new Option(`--${input.name} ${input.placeholder ?? `<${input.type === 'list' ? 'list' : input.name}>`}`, describe(input));
}

/** Raw values: the command line first, then GITOPS_<NAME>; empty environment values count as not given. */
export function rawInputs(inputs: readonly InputSpec[], flags: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, RawInput> {
  const raw: Record<string, RawInput> = {};
  for (const input of inputs) {
    const given = flags[camelName(input.name)];
    if (given !== undefined) {
      raw[input.name] = { value: typeof given === 'boolean' ? String(given) : String(given as string), from: 'cli' };
      continue;
    }
    const fromEnv = env[envName(input.name)];
    if (fromEnv !== undefined && fromEnv !== '') raw[input.name] = { value: fromEnv, from: 'env' };
  }
  return raw;
}

export type SpecAction = (values: Record<string, InputValue>) => Promise<void>;

/** `gitops-actions <verb>` with the spec's CLI inputs; `run` gets the parsed, validated values. */
export function specCommand(spec: VerbSpec, run: SpecAction, env: NodeJS.ProcessEnv = process.env): Command {
  const cmd = new Command(spec.command).description(spec.summary);
  const inputs = faceInputs(spec, 'cli');
  for (const input of inputs) {
    const opt = option(input);
    opt.envVar = envName(input.name); // shown in --help; read by rawInputs
    cmd.addOption(opt);
  }
  return cmd.action(async (flags: Record<string, unknown>) => {
    // --no-x sets x=true by default in commander; only an explicit --no-x counts as given.
    for (const input of inputs) {
      if (input.type === 'boolean' && input.default === 'true' && flags[camelName(input.name)] === true) delete flags[camelName(input.name)];
    }
    await run(parseInputs(inputs, rawInputs(inputs, flags, env), 'cli'));
  });
}
