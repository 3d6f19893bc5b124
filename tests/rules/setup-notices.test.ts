// The once-per-program setup notices (src/orm/setup-notices.ts) as each rule reports them. Each case is a program of
// its own (tests/fixtures/opaque, nothing else in it). That the notice is told once per program across files and
// rules, on ESLint 9 and 10, is tests/e2e/setup-notices.test.ts.
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import asyncRule from '../../src/rules/no-entity-across-async-boundary.js';
import unimportedRule from '../../src/rules/no-unimported-models.js';
import auditRule from '../../src/rules/require-audit-fields.js';
import { createTypedRuleTester } from '../rule-tester.js';

const ruleTester = createTypedRuleTester();
const OPAQUE = 'opaque/file.ts';

/** Entities declared through a decorator the type checker cannot follow (`any`): nothing is recognised. */
const opaque = `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

const registry: Record<string, (...args: unknown[]) => any> = { Entity, Column, PrimaryGeneratedColumn };

@registry.Entity!()
export class Ledger {
  @registry.PrimaryGeneratedColumn!()
  id: number;

  @registry.Column!()
  updatedAt: Date;
}

export function touch(ledger: Ledger): void {
  ledger.updatedAt = new Date();
}
`;

const notice = {
  messageId: 'noEntitiesRecognised' as const,
  data: { names: '`Entity`', pkg: 'typeorm' },
  line: 2,
  column: 1,
  endLine: 2,
  endColumn: 66,
};

const valid: ValidTestCase<[]>[] = [
  {
    name: 'entities declared with the ORM decorators: recognised, nothing to tell',
    filename: OPAQUE,
    code: `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class Ledger {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  balance: number;
}
`,
  },
  {
    name: 'a program that imports the ORM only to use it (no entity-declaring import): nothing to tell',
    filename: OPAQUE,
    code: `
import { In, type DataSource } from 'typeorm';

export const ids = (source: DataSource) => source.query('select 1', [In([1])]);
`,
  },
  {
    name: 'entityTypes is set: the user has said what the entities are',
    filename: OPAQUE,
    settings: { 'orm-hygiene': { entityTypes: [{ from: 'file', name: 'Ledger' }] } },
    code: opaque,
  },
];

ruleTester.run('require-audit-fields: setup notices', auditRule, {
  valid: valid as ValidTestCase<never>[],
  invalid: [{ name: 'nothing recognised: told at the entity-declaring import', filename: OPAQUE, code: opaque, errors: [notice] }] as InvalidTestCase<
    'noEntitiesRecognised',
    never
  >[],
});

ruleTester.run('no-entity-across-async-boundary: setup notices', asyncRule, {
  valid: valid as ValidTestCase<never>[],
  invalid: [{ name: 'nothing recognised', filename: OPAQUE, code: `${opaque}\n// async`, errors: [notice] }] as InvalidTestCase<
    'noEntitiesRecognised',
    never
  >[],
});

ruleTester.run('no-unimported-models: setup notices', unimportedRule, {
  valid: [
    ...(valid as ValidTestCase<never>[]),
    {
      name: 'a modelModules entry that does not resolve, in a program that imports no ORM: silent',
      filename: OPAQUE,
      settings: { 'orm-hygiene': { modelModules: ['@/models'] } },
      code: `
export const sum = (a: number, b: number): number => a + b;
`,
    },
  ],
  invalid: [
    {
      name: 'nothing recognised',
      filename: OPAQUE,
      code: `${opaque}\n// unimported`,
      errors: [notice],
    },
    {
      name: 'a modelModules entry that resolves from no file: told at the ORM import',
      filename: OPAQUE,
      settings: { 'orm-hygiene': { modelModules: ['@/models'] } },
      code: `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class Ledger {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  balance: number;
}
`,
      errors: [{ ...notice, messageId: 'unresolvedModelModule', data: { specifier: '@/models' } }],
    },
  ] as InvalidTestCase<'noEntitiesRecognised' | 'unresolvedModelModule', never>[],
});
