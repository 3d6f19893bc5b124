// The shared fixers write code that parses where it is put: receivers parenthesised by precedence, the file's line
// break and indentation, and option texts validated as one expression when the rule is created.
import type { InvalidTestCase } from '@typescript-eslint/rule-tester';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import auditFields, { type MessageIds, type Options } from '../../src/rules/require-audit-fields.js';
import unimportedModels from '../../src/rules/no-unimported-models.js';
import { createTypedRuleTester, createUntypedRuleTester, fixturesDir } from '../rule-tester.js';

const defaults: Options[0] = {
  actorExpressions: ['userId', 'user.id', 'currentUser.id', 'actorId', 'actor.id', 'ctx.user.id'],
  timestampValue: null,
  auditHelpers: [],
  ignoreProperties: [],
  checkWriteCalls: true,
  requireActor: 'when-available',
};
const header = "import { TestCycle, WorkflowPhase } from './models/typeorm';\n\n";
const error = (line: number, column: number, endColumn: number, name: string, fields = '`updatedBy`', entity = 'WorkflowPhase') => ({
  messageId: 'missingAuditFields' as const,
  data: { entity, name, fields },
  line,
  column,
  endLine: line,
  endColumn,
});

/** `l` written through a type wrapper: the inserted statement keeps the parentheses the receiver needs. */
const wrapped = (receiver: string, name: string): InvalidTestCase<MessageIds, Options> => ({
  name: `receiver ${receiver}`,
  code: `${header}export function f(l: unknown, userId: string): void {\n  ${receiver}.state = 'x';\n}\n`,
  output: `${header}export function f(l: unknown, userId: string): void {\n  ${receiver}.state = 'x';\n  ${receiver}.updatedBy = userId;\n}\n`,
  errors: [error(4, 3, 15 + receiver.length, name)],
});

createTypedRuleTester().run('require-audit-fields: inserted code', auditFields, {
  valid: [],
  invalid: [
    wrapped('(l as WorkflowPhase)', 'l'),
    wrapped('(<WorkflowPhase>l)', 'l'),
    wrapped('(l satisfies unknown as WorkflowPhase)', 'l'),
    {
      name: 'receiver `l!` needs no parentheses',
      code: `${header}export function f(l: WorkflowPhase | undefined, userId: string): void {\n  l!.state = 'x';\n}\n`,
      output: `${header}export function f(l: WorkflowPhase | undefined, userId: string): void {\n  l!.state = 'x';\n  l!.updatedBy = userId;\n}\n`,
      errors: [error(4, 3, 17, 'l')],
    },
    {
      name: 'a CRLF file gets CRLF line breaks',
      code: `${header}export function f(phase: WorkflowPhase, userId: string): void {\n  phase.state = 'x';\n}\n`.replaceAll('\n', '\r\n'),
      output: `${header}export function f(phase: WorkflowPhase, userId: string): void {\n  phase.state = 'x';\n  phase.updatedBy = userId;\n}\n`.replaceAll('\n', '\r\n'),
      errors: [error(4, 3, 20, 'phase')],
    },
    {
      name: 'tab indentation, and a multi-line empty object gets one more tab',
      code: `${header}export async function f(phase: WorkflowPhase, userId: string): Promise<void> {\n\tif (userId) {\n\t\tphase.state = 'x';\n\t}\n\tawait WorkflowPhase.getRepository;\n}\n`,
      output: `${header}export async function f(phase: WorkflowPhase, userId: string): Promise<void> {\n\tif (userId) {\n\t\tphase.state = 'x';\n\t\tphase.updatedBy = userId;\n\t}\n\tawait WorkflowPhase.getRepository;\n}\n`,
      errors: [error(5, 3, 20, 'phase')],
    },
    {
      name: 'timestampValue: a comma expression is inserted parenthesised',
      options: [{ ...defaults, timestampValue: 'log(), new Date()' }],
      code: `${header}declare function log(): void;\nexport function f(cycle: TestCycle): void {\n  cycle.name = 'x';\n}\n`,
      output: `${header}declare function log(): void;\nexport function f(cycle: TestCycle): void {\n  cycle.name = 'x';\n  cycle.updatedAt = (log(), new Date());\n}\n`,
      errors: [error(5, 3, 19, 'cycle', '`updatedAt`', 'TestCycle')],
    },
  ],
});

describe('require-audit-fields: timestampValue must be one expression', () => {
  const config = (timestampValue: string): Linter.Config[] => [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir: fixturesDir } },
      plugins: { 'orm-hygiene': { rules: { 'require-audit-fields': auditFields as never } } },
      rules: { 'orm-hygiene/require-audit-fields': ['error', { timestampValue }] },
    },
  ];
  const lint = (timestampValue: string) => () =>
    new Linter().verify('export {};\n', config(timestampValue), path.join(fixturesDir, 'file.ts'));

  it.each([
    ['', '"" is empty'],
    ['   ', '"   " is empty'],
    [')))', '")))" does not parse ('],
    ['clock.now(); x', '"clock.now(); x" does not parse ('],
    ['a) + (b', '"a) + (b" is not one expression'],
  ])('%j is rejected with a message naming the option', (value, problem) => {
    expect(lint(value)).toThrow(
      `eslint-plugin-orm-hygiene: the option \`timestampValue\` of 'orm-hygiene/require-audit-fields' must be the source text of one expression, such as \`clock.now()\`; ${problem}`,
    );
  });

  it.each(['clock.now()', 'new Date() // now', '{ at: Date.now() }.at'])('%j is accepted', value => {
    expect(lint(value)).not.toThrow();
  });
});

createUntypedRuleTester().run('no-unimported-models: inserted imports in a CRLF file', unimportedModels, {
  valid: [],
  invalid: [
    {
      name: 'a new import statement',
      filename: path.join(fixturesDir, 'unimported/js/file.js'),
      settings: { 'orm-hygiene': { modelModules: ['./models'] } },
      code: 'export const reports = () => Report.findAll();\r\n',
      output: "import { Report } from './models';\r\n\r\nexport const reports = () => Report.findAll();\r\n",
      errors: [{ messageId: 'unresolvedModel', line: 1, column: 30 }],
    },
    {
      name: 'merged into a multi-line import list',
      filename: path.join(fixturesDir, 'unimported/js/file.js'),
      settings: { 'orm-hygiene': { modelModules: ['./models'] } },
      code: "import {\r\n  Customer,\r\n} from './models';\r\nexport const all = () => [Customer, Report];\r\n",
      output: "import {\r\n  Customer,\r\n  Report,\r\n} from './models';\r\nexport const all = () => [Customer, Report];\r\n",
      errors: [{ messageId: 'unresolvedModel', line: 4, column: 37 }],
    },
  ],
});
