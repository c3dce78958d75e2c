/**
 * Run a reusable workflow (`on: workflow_call`) the way the GitHub runner would, far enough to test
 * it against the sandbox: GitHub's own parser (@actions/workflow-parser) reads and validates the
 * file, GitHub's own evaluator (@actions/expressions) evaluates every `if:`, `with:`, `env:`,
 * `outputs:`, `concurrency:` and `environment:` expression against the contexts (inputs, secrets,
 * github, env, needs, steps, jobs). Jobs run in `needs` order; a step that uses one of this
 * repository's actions (`./actions/X` or `<owner>/gitops-actions/actions/X@ref`) runs the bundle
 * (runAction), with action.yml's defaults for inputs the step leaves out; a `run:` step runs in
 * bash with GITHUB_OUTPUT; any other `uses:` (actions/checkout, …) is skipped with a note.
 * Not modelled: matrices, services, containers, job `continue-on-error`, cancellation.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { truthy } from '@actions/expressions/result';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import {
  NoOperationTraceWriter,
  convertWorkflowTemplate,
  isBasicExpression,
  isBoolean,
  isMapping,
  isNumber,
  isSequence,
  isString,
  parseWorkflow,
} from '@actions/workflow-parser';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { Job, Step } from '@actions/workflow-parser/model/workflow-template';
import { ROOT, parseGithubOutput, runAction } from './faces.js';

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Result = 'success' | 'failure' | 'skipped';

export interface StepRun {
  id: string;
  uses?: string;
  /** The evaluated `with:` (run actions) or `env:` (run steps). */
  inputs: Record<string, string>;
  outcome: Result;
  outputs: Record<string, string>;
  /** Why a step was skipped, or the tail of a failed step's output. */
  note?: string;
  log: string;
}

export interface JobRun {
  id: string;
  result: Result;
  outputs: Record<string, string>;
  environment?: { name: string; url: string };
  concurrency?: { group: string; cancelInProgress: boolean };
  permissions?: Json;
  steps: StepRun[];
}

export interface WorkflowRun {
  result: Result;
  /** Jobs in the order they ran. */
  jobs: JobRun[];
  /** on.workflow_call.outputs, evaluated. */
  outputs: Record<string, string>;
}

export interface WorkflowCall {
  inputs?: Record<string, string | boolean | number>;
  secrets?: Record<string, string>;
  /** The github context (repository, sha, ref, token, …); `token` is also GITHUB_TOKEN. */
  github?: Record<string, string>;
  /** Working directory of the jobs (GITHUB_WORKSPACE). */
  workspace?: string;
  /** Extra environment for every action (e.g. GITOPS_WRITE_INTERVAL_MS). */
  env?: Record<string, string>;
}

const CONTEXTS = ['github', 'inputs', 'secrets', 'env', 'needs', 'steps', 'jobs', 'job', 'runner', 'vars', 'matrix', 'strategy'];
const THIS_REPO_ACTION = /^(?:\.\/|[\w.-]+\/gitops-actions\/)actions\/([a-z0-9-]+)(?:@[\w./-]+)?$/;

/** The runner's status functions, for the job or step being decided. */
function statusFunctions(failed: boolean): Map<string, FunctionDefinition> {
  const fn = (name: string, value: boolean): [string, FunctionDefinition] => [name, { name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value) }];
  return new Map([fn('success', !failed), fn('failure', failed), fn('always', true), fn('cancelled', false)]);
}

function toData(value: Json): data.ExpressionData {
  return JSON.parse(JSON.stringify(value), data.reviver) as data.ExpressionData;
}

/** Evaluate one expression (no `${{ }}`) with GitHub's evaluator. */
export function evaluate(expression: string, context: Record<string, Json>, failed = false): data.ExpressionData {
  const functions = statusFunctions(failed);
  const parsed = new Parser(new Lexer(expression).lex().tokens, CONTEXTS, [...functions.values()]).parse();
  return new Evaluator(parsed, toData(context) as data.Dictionary, functions).evaluate();
}

/** A template token's value as a string, the way inputs and env values reach a step. */
function tokenString(token: TemplateToken, context: Record<string, Json>): string {
  if (isBasicExpression(token)) {
    const v = evaluate(token.expression, context);
    return v.kind === data.Kind.Dictionary || v.kind === data.Kind.Array ? JSON.stringify(v, data.replacer) : v.coerceString();
  }
  if (isString(token)) return token.value;
  if (isBoolean(token)) return String(token.value);
  if (isNumber(token)) return String(token.value);
  return '';
}

function keyName(key: TemplateToken): string {
  if (!isString(key)) throw new Error(`a mapping key is not a plain string (line ${key.line ?? '?'})`);
  return key.value;
}

/** A token without expressions (e.g. permissions:) as plain JSON. */
function tokenJson(token: TemplateToken): Json {
  if (isMapping(token)) {
    const out: Record<string, Json> = {};
    for (const pair of token) out[keyName(pair.key)] = tokenJson(pair.value);
    return out;
  }
  if (isSequence(token)) return [...Array(token.count).keys()].map((i) => tokenJson(token.get(i)));
  if (isString(token) || isBoolean(token) || isNumber(token)) return token.value;
  return null;
}

function tokenMap(token: TemplateToken | undefined, context: Record<string, Json>): Record<string, string> {
  const out: Record<string, string> = {};
  if (!token || !isMapping(token)) return out;
  for (const pair of token) out[keyName(pair.key)] = tokenString(pair.value, context);
  return out;
}

function condition(token: { expression: string } | undefined, context: Record<string, Json>, failed: boolean): boolean {
  return truthy(evaluate(token?.expression ?? 'success()', context, failed));
}

function child(map: MappingToken, key: string): TemplateToken | undefined {
  return map.find(key);
}

function runBash(script: string, env: NodeJS.ProcessEnv, cwd: string | undefined): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60_000);
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out });
    });
  });
}

/** Inputs the step left out get action.yml's default, evaluated (e.g. `${{ github.token }}`), as the runner does. */
async function actionDefaults(name: string, given: Record<string, string>, context: Record<string, Json>): Promise<Record<string, string>> {
  const meta = parseYaml(await readFile(join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as { inputs?: Record<string, { default?: string }> };
  const out: Record<string, string> = {};
  for (const [input, def] of Object.entries(meta.inputs ?? {})) {
    if (input in given || def.default === undefined) continue;
    const m = /^\$\{\{(.*)\}\}$/s.exec(def.default);
    out[input] = m ? evaluate(m[1], context).coerceString() : def.default;
  }
  return out;
}

async function runStep(
  step: Step,
  withToken: TemplateToken | undefined,
  context: Record<string, Json>,
  call: WorkflowCall,
  jobEnv: Record<string, string>,
): Promise<StepRun> {
  const id = step.id;
  const env = { ...jobEnv, ...tokenMap('env' in step ? step.env : undefined, context) };
  const stepContext = { ...context, env };
  if ('uses' in step) {
    const uses = step.uses.value;
    const inputs = tokenMap(withToken, stepContext);
    const name = THIS_REPO_ACTION.exec(uses)?.[1];
    if (!name) return { id, uses, inputs, outcome: 'success', outputs: {}, note: `skipped: ${uses} is not one of this repository's actions`, log: '' };
    const all = { ...(await actionDefaults(name, inputs, stepContext)), ...inputs };
    const gh = call.github ?? {};
    const r = await runAction(
      name,
      all,
      {
        ...call.env,
        ...env,
        GITHUB_REPOSITORY: gh.repository,
        GITHUB_SHA: gh.sha,
        GITHUB_REF: gh.ref,
        GITHUB_REF_NAME: gh.ref_name,
        GITHUB_WORKSPACE: call.workspace,
      },
      { cwd: call.workspace },
    );
    return {
      id,
      uses,
      inputs: all,
      outcome: r.code === 0 ? 'success' : 'failure',
      outputs: r.outputs,
      note: r.code ? (r.stdout + r.stderr).slice(-2000) : undefined,
      log: r.stdout + r.stderr,
    };
  }
  if ('run' in step) {
    // The workflows keep `${{ }}` out of run: (values come through env:); a run: that holds one is refused here.
    if (!isString(step.run)) throw new Error(`step ${id}: run: holds an expression; pass the value through env:`);
    const dir = await mkdtemp(join(tmpdir(), 'wf-run-'));
    try {
      const output = join(dir, 'output');
      await writeFile(output, '');
      const r = await runBash(step.run.value, { PATH: process.env.PATH, HOME: process.env.HOME, ...env, GITHUB_OUTPUT: output }, call.workspace);
      return {
        id,
        inputs: env,
        outcome: r.code === 0 ? 'success' : 'failure',
        outputs: parseGithubOutput(await readFile(output, 'utf8')),
        note: r.code ? r.out.slice(-2000) : undefined,
        log: r.out,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  throw new Error(`step ${id}: only uses: and run: steps are supported`);
}

/** Parse, validate and run `file` (relative to the repository root). */
export async function runWorkflow(file: string, call: WorkflowCall): Promise<WorkflowRun> {
  const content = await readFile(join(ROOT, file), 'utf8');
  const parsed = parseWorkflow({ name: file, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !parsed.value) throw new Error(`${file}: ${errors.join('; ')}`);
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  if (template.errors?.length) throw new Error(`${file}: ${template.errors.map((e) => e.Message).join('; ')}`);
  const root = parsed.value as MappingToken;
  const rawJobs = child(root, 'jobs') as MappingToken;

  // inputs: what the caller gave, else the declared default, typed as declared.
  const declared = template.events.workflow_call?.inputs ?? {};
  const inputs: Record<string, Json> = {};
  for (const [name, def] of Object.entries(declared)) {
    const given = call.inputs?.[name];
    if (given === undefined && def.required) throw new Error(`${file}: input ${name} is required`);
    const type = String(def.type);
    const fallback = def.default === undefined ? undefined : typeof def.default === 'object' ? tokenString(def.default, {}) : def.default;
    const raw = given ?? fallback ?? (type === 'boolean' ? false : type === 'number' ? 0 : '');
    inputs[name] = type === 'boolean' ? raw === true || raw === 'true' : type === 'number' ? Number(raw) : String(raw);
  }
  for (const name of Object.keys(call.inputs ?? {})) if (!(name in declared)) throw new Error(`${file}: no input ${name}`);
  const secretDefs = template.events.workflow_call?.secrets ?? {};
  for (const [name, def] of Object.entries(secretDefs)) if (def.required && !call.secrets?.[name]) throw new Error(`${file}: secret ${name} is required`);
  for (const name of Object.keys(call.secrets ?? {})) if (!(name in secretDefs)) throw new Error(`${file}: no secret ${name}`);

  const base: Record<string, Json> = { inputs, secrets: call.secrets ?? {}, github: call.github ?? {}, vars: {}, runner: { os: 'Linux', temp: tmpdir() } };
  const workflowEnv = tokenMap(template.env, base);
  const done = new Map<string, JobRun>();
  const order: JobRun[] = [];
  const jobs = template.jobs.filter((j): j is Job => j.type === 'job');
  if (jobs.length !== template.jobs.length) throw new Error(`${file}: jobs calling other workflows are not supported`);
  while (done.size < jobs.length) {
    const ready = jobs.find((j) => !done.has(j.id.value) && (j.needs ?? []).every((n) => done.has(n.value)));
    if (!ready) throw new Error(`${file}: a cycle in needs`);
    const needsCtx: Record<string, Json> = {};
    for (const n of ready.needs ?? []) needsCtx[n.value] = { result: done.get(n.value)!.result, outputs: done.get(n.value)!.outputs };
    const needsFailed = (ready.needs ?? []).some((n) => done.get(n.value)!.result !== 'success');
    const jobCtx: Record<string, Json> = { ...base, needs: needsCtx, env: workflowEnv };
    const run: JobRun = { id: ready.id.value, result: 'skipped', outputs: {}, steps: [] };
    done.set(run.id, run);
    order.push(run);
    if (!condition(ready.if, jobCtx, needsFailed)) continue;

    const rawJob = child(rawJobs, run.id) as MappingToken;
    const permissions = child(rawJob, 'permissions') ?? child(root, 'permissions');
    if (permissions) run.permissions = tokenJson(permissions);
    if (ready.environment) {
      const e = ready.environment;
      run.environment = isMapping(e)
        ? { name: tokenString(child(e, 'name')!, jobCtx), url: child(e, 'url') ? tokenString(child(e, 'url')!, jobCtx) : '' }
        : { name: tokenString(e, jobCtx), url: '' };
    }
    if (ready.concurrency) {
      const c = ready.concurrency;
      run.concurrency = isMapping(c)
        ? {
            group: tokenString(child(c, 'group')!, jobCtx),
            cancelInProgress: child(c, 'cancel-in-progress') ? tokenString(child(c, 'cancel-in-progress')!, jobCtx) === 'true' : false,
          }
        : { group: tokenString(c, jobCtx), cancelInProgress: false };
    }
    const jobEnv = { ...workflowEnv, ...tokenMap(ready.env, jobCtx) };
    const rawSteps = child(rawJob, 'steps');
    const stepsCtx: Record<string, Json> = {};
    let failed = false;
    for (const [i, step] of ready.steps.entries()) {
      const ctx = { ...jobCtx, env: jobEnv, steps: stepsCtx };
      const raw = rawSteps && isSequence(rawSteps) ? (rawSteps.get(i) as MappingToken) : undefined;
      let result: StepRun;
      if (!condition('if' in step ? step.if : undefined, ctx, failed)) {
        result = {
          id: step.id,
          uses: 'uses' in step ? step.uses.value : undefined,
          inputs: {},
          outcome: 'skipped',
          outputs: {},
          note: 'skipped: if: was false',
          log: '',
        };
      } else {
        result = await runStep(step, raw ? child(raw, 'with') : undefined, ctx, call, jobEnv);
      }
      run.steps.push(result);
      stepsCtx[step.id] = { outputs: result.outputs, outcome: result.outcome, conclusion: result.outcome };
      if (result.outcome === 'failure') failed = true;
    }
    run.result = failed ? 'failure' : 'success';
    run.outputs = tokenMap(ready.outputs, { ...jobCtx, env: jobEnv, steps: stepsCtx });
  }

  const jobsCtx: Record<string, Json> = {};
  for (const j of order) jobsCtx[j.id] = { result: j.result, outputs: j.outputs };
  const on = child(root, 'on') as MappingToken;
  const wfCall = child(on, 'workflow_call');
  const outputDefs = wfCall && isMapping(wfCall) ? child(wfCall, 'outputs') : undefined;
  const outputs: Record<string, string> = {};
  if (outputDefs && isMapping(outputDefs)) {
    for (const pair of outputDefs) {
      const value = isMapping(pair.value) ? child(pair.value, 'value') : undefined;
      if (value) outputs[keyName(pair.key)] = tokenString(value, { ...base, jobs: jobsCtx });
    }
  }
  return { result: order.some((j) => j.result === 'failure') ? 'failure' : 'success', jobs: order, outputs };
}
