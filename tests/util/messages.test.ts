// Messages name the entity class and a short, readable receiver: no compiler-internal names (`__class`,
// `default`), no type syntax (`l!`, `<Ledger>l`), long expressions cut like the async rule's (40 characters, `…`).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import auditFields from '../../src/rules/require-audit-fields.js';
import { receiverName, truncateText } from '../../src/util/messages.js';
import { createTypedRuleTester, fixturesDir } from '../rule-tester.js';
import { parse } from '@typescript-eslint/typescript-estree';
import { AST_NODE_TYPES, type TSESLint } from '@typescript-eslint/utils';

describe('truncateText', () => {
  it('keeps short text, puts long text on one line and cuts it at 40 characters', () => {
    expect(truncateText('phase')).toBe('phase');
    expect(truncateText('a\n    .b')).toBe('a .b');
    const long = 'this.accounting.ledgers.currentLedgerOfTheDay';
    expect(truncateText(long)).toBe(`${long.slice(0, 39)}…`);
    expect(truncateText(long)).toHaveLength(40);
  });
});

describe('receiverName', () => {
  it.each([
    ['l!', 'l'],
    ['(<Ledger>l)', 'l'],
    ['(l as Ledger)', 'l'],
    ['(this.ledger satisfies Ledger)!', 'this.ledger'],
    ['(ctx!.ledger as Ledger).entry', 'ctx.ledger.entry'],
  ])('%s is named %s', (expression, name) => {
    const code = `${expression}.amount = 1;`;
    const statement = parse(code, { range: true }).body[0];
    if (statement?.type !== AST_NODE_TYPES.ExpressionStatement || statement.expression.type !== AST_NODE_TYPES.AssignmentExpression) throw new Error('parse');
    const target = statement.expression.left;
    if (target.type !== AST_NODE_TYPES.MemberExpression) throw new Error('parse');
    const sourceCode = { getText: (node: { range: [number, number] }) => code.slice(...node.range) } as unknown as TSESLint.SourceCode;
    expect(receiverName(sourceCode, target.object)).toBe(name);
  });
});

const header = `import { BaseEntity, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';\n`;
const ledger = `  @PrimaryGeneratedColumn() id: number;
  @Column() amount: number;
  @Column() updatedBy: string;
`;

createTypedRuleTester().run('require-audit-fields: names in messages', auditFields, {
  valid: [],
  invalid: [
    {
      name: 'a class expression is named by its variable, not `__class`',
      code: `${header}
export const Ledger = @Entity() class extends BaseEntity {
${ledger}};

export function f(l: InstanceType<typeof Ledger>, userId: string): void {
  l.amount = 1;
}
`,
      output: `${header}
export const Ledger = @Entity() class extends BaseEntity {
${ledger}};

export function f(l: InstanceType<typeof Ledger>, userId: string): void {
  l.amount = 1;
  l.updatedBy = userId;
}
`,
      errors: [{ messageId: 'missingAuditFields', data: { entity: 'Ledger', name: 'l', fields: '`updatedBy`' }, line: 10, column: 3 }],
    },
    {
      name: 'an anonymous default export is named by its file, not `default`',
      filename: path.join(fixturesDir, 'file.ts'),
      code: `${header}import Ledger from './file';

@Entity()
export default class extends BaseEntity {
${ledger}}

export function f(l: Ledger, userId: string): void {
  l.amount = 1;
}
`,
      output: `${header}import Ledger from './file';

@Entity()
export default class extends BaseEntity {
${ledger}}

export function f(l: Ledger, userId: string): void {
  l.amount = 1;
  l.updatedBy = userId;
}
`,
      errors: [{ messageId: 'missingAuditFields', data: { entity: 'default export of file.ts', name: 'l', fields: '`updatedBy`' }, line: 12, column: 3 }],
    },
    {
      name: 'a long receiver is cut',
      code: `${header}
@Entity()
export class Ledger extends BaseEntity {
${ledger}}

export function f(accounting: { ledgers: { currentLedgerOfTheBranch: Ledger } }, userId: string): void {
  accounting.ledgers.currentLedgerOfTheBranch.amount = 1;
}
`,
      output: `${header}
@Entity()
export class Ledger extends BaseEntity {
${ledger}}

export function f(accounting: { ledgers: { currentLedgerOfTheBranch: Ledger } }, userId: string): void {
  accounting.ledgers.currentLedgerOfTheBranch.amount = 1;
  accounting.ledgers.currentLedgerOfTheBranch.updatedBy = userId;
}
`,
      errors: [
        {
          messageId: 'missingAuditFields',
          data: { entity: 'Ledger', name: 'accounting.ledgers.currentLedgerOfTheBr…', fields: '`updatedBy`' },
          line: 11,
          column: 3,
        },
      ],
    },
  ],
});
