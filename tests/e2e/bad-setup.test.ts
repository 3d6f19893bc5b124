// Bad setups end in one clear message, not a crash inside the plugin: rules without type information, invalid
// rule options, and a file with a syntax error (ESLint's parse error for that file; the other files still linted).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  expectedFindings,
  findingKeys,
  lintJson,
  requireBuild,
  runEslint,
  scratchCopy,
  sortedKeys,
  type EslintVersion,
} from './helpers.js';

requireBuild();
// Each step spawns typed ESLint runs (seconds each, much more on a busy machine): time out on hangs only.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const target = 'src/services/data-owner.service.ts';
const cleanUps: (() => void)[] = [];
afterAll(() => {
  for (const cleanUp of cleanUps) cleanUp();
});

/** A scratch copy of examples/typeorm, with its eslint.config.mjs replaced by `config` if given. */
function copyWithConfig(label: string, config?: string): string {
  const copy = scratchCopy('typeorm', label);
  cleanUps.push(copy.remove);
  if (config !== undefined) writeFileSync(path.join(copy.dir, 'eslint.config.mjs'), config);
  return copy.dir;
}

const header = `import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import orm from 'eslint-plugin-orm-hygiene';
`;

/** The output of a failed run, checked for one message and no stack frame from the plugin itself. */
function expectOneClearError(output: string, message: RegExp): void {
  expect(output).toMatch(message);
  expect(output.match(new RegExp(message.source, `${message.flags.replace('g', '')}g`))).toHaveLength(1);
  // ESLint prints a stack under its "Oops!" banner; it must not show a crash inside our code (a TypeError etc.).
  expect(output).not.toMatch(/^(TypeError|ReferenceError|RangeError|SyntaxError)\b/mu);
}

describe('rules enabled without type information on a .ts file', () => {
  const dir = copyWithConfig(
    'bad-notypes',
    `${header}
export default defineConfig({
  files: ['**/*.ts'],
  extends: [orm.configs.recommended],
  languageOptions: { parser: tseslint.parser }, // no parserOptions.projectService
});
`,
  );

  it.each<EslintVersion>([10, 9])('ESLint %i stops with one message that says to set parserOptions.projectService', async version => {
    const run = await runEslint(version, dir, [target]);
    expect(run.status).toBe(2);
    const output = run.stdout + run.stderr;
    expectOneClearError(output, /The rule 'orm-hygiene\/[a-z-]+' requires type information, but \S+ was linted without it/u);
    expect(output).toContain('Set `languageOptions.parserOptions.projectService: true`');
    expect(output).toMatch(/Error while loading rule 'orm-hygiene\/[a-z-]+'/u);
    expect(output).toContain('https://tseslint.com/typed-linting');
    expect(output).toContain(`Occurred while linting ${path.join(dir, target)}`);
  });
});

describe('invalid rule options', () => {
  const dir = copyWithConfig(
    'bad-options',
    `${header}
export default defineConfig({
  files: ['**/*.ts'],
  extends: [orm.configs.recommended],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
  },
  rules: { 'orm-hygiene/require-audit-fields': ['error', { actorExpresions: ['userId'] }] },
});
`,
  );

  it('ESLint reports the schema violation for the rule and the misspelt option', async () => {
    const run = await runEslint(10, dir, [target]);
    expect(run.status).toBe(2);
    const output = run.stdout + run.stderr;
    expectOneClearError(output, /Key "orm-hygiene\/require-audit-fields":\s+Value .*actorExpresions.* should NOT have additional properties/u);
  });
});

describe('a syntax error in one linted file', () => {
  const dir = copyWithConfig('bad-syntax');
  const queues = path.join(dir, 'src/queues.ts');
  const source = readFileSync(queues, 'utf8');
  if (!source.includes("{ connection }")) throw new Error('examples/typeorm/src/queues.ts changed: update this test');
  writeFileSync(queues, source.replace('{ connection }', '{ connection: }'));

  it('is ESLint\'s parse error for that file, and the other files are still linted', async () => {
    const { results } = await lintJson(10, dir);
    const broken = results.find(r => r.filePath === queues);
    expect(broken?.messages).toMatchObject([{ ruleId: null, fatal: true, line: 6, message: 'Parsing error: Expression expected.' }]);
    const others = results.filter(r => r !== broken);
    expect(findingKeys(others, dir)).toEqual(sortedKeys(expectedFindings('typeorm').findings));
  });
});
