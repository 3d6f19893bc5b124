// Shared by the end-to-end tests: run the real ESLint CLIs (10 and 9) and tsc on scratch copies of examples/.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const examplesDir = path.join(root, 'examples');

/** The CLIs by path: node_modules/.bin/eslint may point at either version (both packages declare the `eslint` bin). */
export const eslintCli = {
  10: path.join(root, 'node_modules/eslint/bin/eslint.js'),
  9: path.join(root, 'node_modules/eslint9/bin/eslint.js'),
} as const;
export type EslintVersion = keyof typeof eslintCli;

const tscCli = path.join(root, 'node_modules/typescript/bin/tsc');

/** The tests lint the way users do: through the package's `exports`, i.e. the built dist/. */
export function requireBuild(): void {
  if (!existsSync(path.join(root, 'dist/index.js'))) {
    throw new Error('tests/e2e lint with the built plugin, and dist/ is missing: run `npm run build` first (`npm test` does).');
  }
}

export type ExampleName = 'typeorm' | 'mikro-orm';

export interface Expected {
  /** `file:line rule` keys `eslint .` reports in the example. */
  findings: string[];
  /** What a second lint reports after `eslint --fix` (only findings without an autofix, at their new lines). */
  afterFix: string[];
}

/** examples/expected-findings.json, the single list `npm run example` and these tests check. */
export function expectedFindings(example: ExampleName): Expected {
  const all = JSON.parse(readFileSync(path.join(examplesDir, 'expected-findings.json'), 'utf8')) as Record<string, Expected>;
  const expected = all[example];
  if (!expected) throw new Error(`examples/expected-findings.json has no entry for ${example}`);
  return expected;
}

/**
 * Copies examples/<example> to examples/.e2e-<label>-<example>-<pid>/<example> (git-ignored). The copy must stay inside the
 * repo: its eslint.config.mjs imports `eslint-plugin-orm-hygiene` through the root package.json self-reference and
 * `typescript-eslint`/the ORMs from the root node_modules.
 */
export function scratchCopy(example: ExampleName, label: string): { dir: string; remove: () => void } {
  const base = path.join(examplesDir, `.e2e-${label}-${example}-${String(process.pid)}`);
  const dir = path.join(base, example);
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  cpSync(path.join(examplesDir, example), dir, { recursive: true });
  return { dir, remove: () => { rmSync(base, { recursive: true, force: true }); } };
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a node script asynchronously (so a test file can run two CLIs at once on two cores). */
export function runNode(script: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', status => {
      resolve({ status, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

export function runEslint(version: EslintVersion, cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<RunResult> {
  return runNode(eslintCli[version], args, cwd, env);
}

export function runTsc(cwd: string): Promise<RunResult> {
  return runNode(tscCli, ['--noEmit', '-p', 'tsconfig.json'], cwd);
}

/** The parts of ESLint's JSON formatter output the tests read. */
export interface LintMessage {
  ruleId: string | null;
  messageId?: string;
  message: string;
  line: number;
  column: number;
  fatal?: boolean;
  fix?: unknown;
  suggestions?: { desc: string; messageId?: string }[];
}
export interface LintResult {
  filePath: string;
  messages: LintMessage[];
}

/** `eslint --format json` in `cwd`; exit codes 0/1 are results, anything else fails with ESLint's output. */
export async function lintJson(
  version: EslintVersion,
  cwd: string,
  args: readonly string[] = ['.'],
): Promise<{ results: LintResult[]; ms: number }> {
  const run = await runEslint(version, cwd, ['--format', 'json', ...args]);
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`ESLint ${version} exited with ${String(run.status)} in ${cwd}:\n${run.stderr}${run.stdout}`);
  }
  return { results: JSON.parse(run.stdout) as LintResult[], ms: run.ms };
}

/** `file:line rule` keys (file relative to `base`, `/`-separated), sorted, the form examples/expected-findings.json uses. */
export function findingKeys(results: readonly LintResult[], base: string): string[] {
  return results
    .flatMap(result =>
      result.messages.map(m => {
        const file = path.relative(base, result.filePath).split(path.sep).join('/');
        return `${file}:${String(m.line)} ${m.ruleId ?? '(fatal)'}`;
      }),
    )
    .sort(compareKeys);
}

/** Sorts `file:line rule` keys by file, then numerically by line. */
export function compareKeys(a: string, b: string): number {
  const [fileA = '', restA = ''] = a.split(':');
  const [fileB = '', restB = ''] = b.split(':');
  return fileA === fileB ? Number.parseInt(restA, 10) - Number.parseInt(restB, 10) || a.localeCompare(b) : fileA.localeCompare(fileB);
}

export function sortedKeys(keys: readonly string[]): string[] {
  return [...keys].sort(compareKeys);
}

/** Every finding with its position and text, for comparing two runs exactly. */
export function findingDetails(results: readonly LintResult[], base: string): string[] {
  return results.flatMap(result =>
    result.messages.map(m => {
      const file = path.relative(base, result.filePath).split(path.sep).join('/');
      return `${file}:${String(m.line)}:${String(m.column)} ${m.ruleId ?? '(fatal)'} ${m.message}`;
    }),
  );
}

/** The example's TypeScript sources by relative path. */
export function readSources(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), readFileSync(full, 'utf8'));
  }
  return files;
}
