/**
 * A commander subcommand built from a verb's interface spec: one option per CLI input, each also
 * read from GITOPS_<NAME>. Commander only collects strings; types, ranges and required inputs are
 * checked by the core's parseInputs, so every face validates alike and messages name the flag
 * (or the variable) the value came from.
 */
import { camelName, envName, faceInputs, parseInputs, type InputSpec, type InputValue, type RawInput, type VerbSpec } from '@gitops-actions/core/interface';
import { Command, Option } from 'commander';

function describe(input: InputSpec): string {
  const extra: string[] = [];
  if (input.type === 'enum') extra.push(input.options!.join('|'));
  if (input.default !== undefined && input.type !== 'boolean') extra.push(`default ${input.default}`);
  extra.push(`env ${envName(input.name)}`);
  return `${input.description} (${extra.join('; ')})`;
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
    const names = [input.name, ...(input.aliases ?? [])];
    const given = names.map((n) => flags[camelName(n)]).find((g) => g !== undefined);
    if (given !== undefined) {
      raw[input.name] = { value: typeof given === 'string' ? given : given === true ? 'true' : 'false', from: 'cli' };
      continue;
    }
    const fromEnv = names.map((n) => env[envName(n)]).find((e) => e !== undefined && e !== '');
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
    // Not commander's envVar: it would set a boolean flag from any value ("False" too). rawInputs reads the environment.
    cmd.addOption(option(input));
    for (const alias of input.aliases ?? []) cmd.addOption(option({ ...input, name: alias, aliases: [] }).hideHelp());
  }
  return cmd.action(async (flags: Record<string, unknown>) => {
    // --no-x sets x=true by default in commander; only an explicit --no-x counts as given.
    for (const input of inputs) {
      if (input.type === 'boolean' && input.default === 'true' && flags[camelName(input.name)] === true) delete flags[camelName(input.name)];
    }
    await run(parseInputs(inputs, rawInputs(inputs, flags, env), 'cli'));
  });
}
