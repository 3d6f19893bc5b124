// The config file in every form users write, loaded by the ESLint 10 and ESLint 9 CLIs. eslint.config.mjs is the
// examples' own form, loaded by both majors in cli.test.ts; here: .js (ESM, since the enclosing package.json says
// "type": "module"), .cjs (`require()` of this ESM-only plugin: require(esm), Node 20.19+) and .ts (both majors load
// it through jiti, a devDependency here; ESLint 9.39 needs no `unstable_ts_config` flag any more).
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  expectedFindings,
  findingKeys,
  lintJson,
  requireBuild,
  scratchCopy,
  sortedKeys,
  type EslintVersion,
  type LintResult,
} from './helpers.js';

requireBuild();
// Each step spawns typed ESLint runs (seconds each, much more on a busy machine): time out on hangs only.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

// Each is the example's eslint.config.mjs, written the way that form is written.
const forms: Record<string, string> = {
  'eslint.config.js': `import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import orm from 'eslint-plugin-orm-hygiene';

export default defineConfig({
  files: ['**/*.ts'],
  extends: [orm.configs.recommended],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
  },
  settings: { 'orm-hygiene': { modelModules: ['@/models'] } },
});
`,
  'eslint.config.cjs': `const { defineConfig } = require('eslint/config');
const tseslint = require('typescript-eslint');
const orm = require('eslint-plugin-orm-hygiene').default;

module.exports = defineConfig({
  files: ['**/*.ts'],
  extends: [orm.configs.recommended],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { projectService: true, tsconfigRootDir: __dirname },
  },
  settings: { 'orm-hygiene': { modelModules: ['@/models'] } },
});
`,
  'eslint.config.ts': `import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import orm from 'eslint-plugin-orm-hygiene';
import type { Linter } from 'eslint';

const config: Linter.Config[] = defineConfig({
  files: ['**/*.ts'],
  extends: [orm.configs.recommended],
  languageOptions: {
    parser: tseslint.parser,
    parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
  },
  settings: { 'orm-hygiene': { modelModules: ['@/models'] } },
});
export default config;
`,
};

// One file is enough to prove the config loaded and the typed rules ran; the CLI tests lint the whole example.
const target = 'src/services/data-owner.service.ts';
const expected = sortedKeys(expectedFindings('typeorm').findings.filter(key => key.startsWith(`${target}:`)));
const cleanUps: (() => void)[] = [];
afterAll(() => {
  for (const cleanUp of cleanUps) cleanUp();
});

describe.each(Object.keys(forms))('%s', configFile => {
  const runs = new Map<EslintVersion, LintResult[]>();
  let dir: string;

  beforeAll(async () => {
    const copy = scratchCopy('typeorm', `config-${configFile.replace(/^eslint\.config\./u, '')}`);
    cleanUps.push(copy.remove);
    dir = copy.dir;
    rmSync(path.join(dir, 'eslint.config.mjs'));
    writeFileSync(path.join(dir, configFile), forms[configFile] ?? '');
    // Both majors at once, one process per core.
    const [run10, run9] = await Promise.all([lintJson(10, dir, [target]), lintJson(9, dir, [target])]);
    runs.set(10, run10.results).set(9, run9.results);
  });

  it.each<EslintVersion>([10, 9])('ESLint %i loads it and reports the expected findings', version => {
    const results = runs.get(version) ?? [];
    expect(results.map(r => path.relative(dir, r.filePath))).toEqual([target]);
    expect(findingKeys(results, dir)).toEqual(expected);
    // The settings of this config reached the rules: the missing models are to be imported from the alias.
    const unimported = results.flatMap(r => r.messages).filter(m => m.ruleId === 'orm-hygiene/no-unimported-models');
    expect(unimported.map(m => m.message.includes("'@/models'"))).toEqual([true, true]);
  });
});
