// Files parsed by ESLint's own parser (espree): no typescript-eslint parser services at all. no-unimported-models runs
// in its untyped mode (ESLint's scope analysis), the typed rules stop with one message that says what to configure.
import { Linter as Linter10 } from 'eslint';
import { Linter as Linter9 } from 'eslint9';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';
import { fixturesDir } from '../rule-tester.js';

/** The part of both majors' `Linter` these tests use (their declared types differ in unrelated overloads). */
interface AnyLinter {
  verify(code: string, config: unknown, options: { filename: string }): Linter10.LintMessage[];
  verifyAndFix(code: string, config: unknown, options: { filename: string }): { output: string; messages: Linter10.LintMessage[] };
}
const linters: Record<10 | 9, new (options: { configType: 'flat'; cwd: string }) => AnyLinter> = {
  10: Linter10,
  9: Linter9,
};
const filename = path.join(fixturesDir, 'unimported/js/file.js');
const code = 'export const reports = () => Report.findAll();\n';
const plugins = { 'orm-hygiene': plugin as never };

describe.each([10, 9] as const)('ESLint %i with espree', version => {
  const linter = new linters[version]({ configType: 'flat', cwd: fixturesDir });

  it('no-unimported-models reports and fixes in its untyped mode', () => {
    const config = [{ files: ['**/*.js'], plugins, rules: { 'orm-hygiene/no-unimported-models': ['error', { models: ['Report'] }] } }];
    const messages = linter.verify(code, config, { filename });
    expect(messages).toMatchObject([
      { ruleId: 'orm-hygiene/no-unimported-models', messageId: 'unresolvedModel', line: 1, column: 30, endColumn: 36 },
    ]);
    expect(messages[0]?.message).toContain('Import it from the module that declares it');
  });

  it('recommended + disable-type-checked lints a .js file (the modelModules barrel gives the fix)', () => {
    const config = [
      plugin.configs.recommended,
      { files: ['**/*.js'], ...plugin.configs['disable-type-checked'] },
      { settings: { 'orm-hygiene': { modelModules: ['./models'] } } },
    ];
    const { output, messages } = linter.verifyAndFix(code, config, { filename });
    expect(messages).toEqual([]);
    expect(output).toBe(`import { Report } from './models';\n\n${code}`);
  });

  it.each(['require-audit-fields', 'no-entity-across-async-boundary'])('%s says to set the parser and projectService', rule => {
    const config = [{ plugins, rules: { [`orm-hygiene/${rule}`]: 'error' } }];
    expect(() => linter.verify(code, config, { filename })).toThrow(
      new RegExp(
        `The rule 'orm-hygiene/${rule}' requires type information, but .*file\\.js was linted without it\\. ` +
          "Set `languageOptions\\.parser: tseslint\\.parser` \\(typescript-eslint's parser; this file was parsed by another one\\) " +
          'and `languageOptions\\.parserOptions\\.projectService: true`',
        'u',
      ),
    );
  });
});
