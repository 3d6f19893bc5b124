import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import path from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import rule, { type MessageIds, type Options } from '../../src/rules/no-unimported-models.js';
import { getEntityModel, type DiscoveredModel } from '../../src/orm/entity-model.js';
import { fileSystemReader } from '../../src/orm/models.js';
import { parseSettings } from '../../src/util/settings.js';
import { relativeSpecifier } from '../../src/util/imports.js';
import { parseFixture } from '../typed-program.js';
import { createTypedRuleTester, createUntypedRuleTester, fixturesDir } from '../rule-tester.js';
import { typecheckOutput } from '../typecheck-output.js';

const ruleTester = createTypedRuleTester();
const untypedRuleTester = createUntypedRuleTester();

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

// Sub-projects of tests/fixtures/unimported, each with its own tsconfig (see the README there).
const MAIN = 'unimported/main/services/file.ts';
const DOM = 'unimported/dom/file.ts';
const NODENEXT = 'unimported/nodenext/services/file.ts';
const JS = path.join(fixturesDir, 'unimported/js/file.js');
const CJS = path.join(fixturesDir, 'unimported/js/file.cjs');

const barrel = { 'orm-hygiene': { modelModules: ['@/models'] } };
const relativeBarrel = { 'orm-hygiene': { modelModules: ['../models'] } };
const prisma = { 'orm-hygiene': { modelModules: ['@prisma/client'] } };
const domBarrel = { 'orm-hygiene': { modelModules: ['./models'] } };
const jsBarrel = { 'orm-hygiene': { modelModules: ['./models'] } };
// ESLint's `languageOptions.sourceType` (what `.cjs` files get), which the tester's option type does not declare.
const commonJs = { sourceType: 'commonjs', globals: { module: 'readonly', exports: 'writable' } } as const;

// --- typed: a project with a models barrel (TypeORM, MikroORM, sequelize-typescript) and Prisma ------------------
const mainValid: Valid[] = [
  {
    name: 'a relative modelModules entry that resolves from another directory of the program is no setup problem',
    filename: MAIN,
    settings: { 'orm-hygiene': { modelModules: ['./workflow-phase'] } },
    code: `
import { Report } from '@/models';
export const models = [Report];
`,
  },
  {
    name: 'imported models',
    filename: MAIN,
    settings: barrel,
    code: `
import { LineOfBusiness, Report } from '@/models';
import type { EntityManager } from 'typeorm';
export const load = (em: EntityManager) => Promise.all([em.find(LineOfBusiness, {}), Report.findAll()]);
`,
  },
  {
    name: 'a local class named like a model is the author\'s choice',
    filename: MAIN,
    settings: barrel,
    code: `
class Report {
  constructor(readonly title: string) {}
}
export const report = new Report('x');
`,
  },
  {
    name: 'a same-named type imported from elsewhere is the author\'s choice',
    filename: MAIN,
    settings: barrel,
    code: `
import type { Report } from '../dto/report';
export const title = (report: Report): string => report.title;
`,
  },
  {
    name: 'a parameter named like a model',
    filename: MAIN,
    settings: barrel,
    code: `
export function make(Sample: new () => object) {
  return new Sample();
}
`,
  },
  {
    name: 'type-only imports used as types and in typeof',
    filename: MAIN,
    settings: barrel,
    code: `
import type { Sample, TestCycle } from '@/models';
export type SampleClass = typeof Sample;
export const first = (cycles: TestCycle[]): TestCycle | undefined => cycles[0];
`,
  },
  {
    name: 'ORM-like method names and member names are not model references',
    filename: MAIN,
    settings: barrel,
    code: `
const cache = new Map<string, number>();
cache.delete('Report');
export const found = [1, 2].find(n => n > 1);
export const labels = { Report: 'report', LineOfBusiness: 'lob' };
export const pick = (o: { UserLOB: number }) => o.UserLOB;
`,
  },
  {
    name: 'unresolved names that are not models are left to the compiler',
    filename: MAIN,
    settings: barrel,
    code: `
declare const report: unknown;
export const a = report;
`,
  },
  {
    name: 'ignore option',
    filename: MAIN,
    settings: barrel,
    options: [{ models: [], checkGlobalShadowing: true, ignore: ['LineOfBusiness'] }],
    code: `
// @ts-expect-error: deliberately unresolved, ignored by the rule's option
export const lob = LineOfBusiness;
`,
  },
  {
    name: 'a global named like a model in a file that uses no models (the Node `Event`)',
    filename: MAIN,
    settings: barrel,
    code: `
export const ready = new Event('ready');
`,
  },
  {
    name: 'checkGlobalShadowing: false',
    filename: MAIN,
    settings: barrel,
    options: [{ models: [], checkGlobalShadowing: false, ignore: [] }],
    code: `
import { Sample } from '@/models';
export const kinds = [Sample, new Event('ready')];
`,
  },
  {
    name: 'declaration files are not checked',
    filename: 'unimported/main/dto/globals.d.ts',
    settings: barrel,
    code: `
declare const lastReport: Report;
`,
  },
  {
    name: 'discovered models are known without modelModules: imported ones are fine',
    filename: MAIN,
    code: `
import { AuditLog } from '../audit/audit-log';
export const log = new AuditLog();
`,
  },
];

const issueExample = `
import { WorkflowPhase, TestCycle, Report, DataOwnerAssignment } from '../models';
import { In, type EntityManager } from 'typeorm';

export async function load(em: EntityManager, ids: number[], userId: string) {
  const lobs = await em.find(LineOfBusiness, { where: { id: In(ids) } });
  const links = await em.find(UserLOB, { where: { userId } });
  return { lobs, links, models: [WorkflowPhase, TestCycle, Report, DataOwnerAssignment] };
}
`;

const mainInvalid: Invalid[] = [
  {
    name: 'the issue example: unsorted list, names appended in two fix passes',
    filename: MAIN,
    settings: relativeBarrel,
    code: issueExample,
    output: [
      issueExample.replace('DataOwnerAssignment }', 'DataOwnerAssignment, LineOfBusiness }'),
      issueExample.replace('DataOwnerAssignment }', 'DataOwnerAssignment, LineOfBusiness, UserLOB }'),
    ],
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'LineOfBusiness', source: "from '../models'" },
        line: 6,
        column: 30,
        endLine: 6,
        endColumn: 44,
      },
      {
        messageId: 'unresolvedModel',
        data: { name: 'UserLOB', source: "from '../models'" },
        line: 7,
        column: 31,
        endLine: 7,
        endColumn: 38,
      },
    ],
  },
  {
    name: 'sorted list: names go to their sorted positions',
    filename: MAIN,
    settings: barrel,
    code: `
import { DataOwnerAssignment, Report, TestCycle } from '@/models';

export const models = [DataOwnerAssignment, Report, TestCycle, LineOfBusiness, WorkflowPhase];
`,
    output: `
import { DataOwnerAssignment, LineOfBusiness, Report, TestCycle, WorkflowPhase } from '@/models';

export const models = [DataOwnerAssignment, Report, TestCycle, LineOfBusiness, WorkflowPhase];
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'LineOfBusiness', source: "from '@/models'" },
        line: 4,
        column: 64,
        endLine: 4,
        endColumn: 78,
      },
      {
        messageId: 'unresolvedModel',
        data: { name: 'WorkflowPhase', source: "from '@/models'" },
        line: 4,
        column: 80,
        endLine: 4,
        endColumn: 93,
      },
    ],
  },
  {
    name: 'multi-line sorted list with a trailing comma',
    filename: MAIN,
    settings: barrel,
    code: `
import {
  DataOwnerAssignment,
  Report,
} from '@/models';
import { MikroORM } from '@mikro-orm/core';

export const find = (orm: MikroORM) => orm.em.find(Sample, { status: 'open' });
export const models = [DataOwnerAssignment, Report];
`,
    output: `
import {
  DataOwnerAssignment,
  Report,
  Sample,
} from '@/models';
import { MikroORM } from '@mikro-orm/core';

export const find = (orm: MikroORM) => orm.em.find(Sample, { status: 'open' });
export const models = [DataOwnerAssignment, Report];
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'Sample', source: "from '@/models'" },
        line: 8,
        column: 52,
        endLine: 8,
        endColumn: 58,
      },
    ],
  },
  {
    name: 'no import from the model module yet: a new import after the last import',
    filename: MAIN,
    settings: barrel,
    code: `
import { Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class Assignment {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => LineOfBusiness)
  lob: LineOfBusiness;
}
`,
    output: `
import { Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LineOfBusiness } from '@/models';

@Entity()
export class Assignment {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => LineOfBusiness)
  lob: LineOfBusiness;
}
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'LineOfBusiness', source: "from '@/models'" },
        line: 9,
        column: 20,
        endLine: 9,
        endColumn: 34,
      },
      {
        messageId: 'unresolvedModel',
        data: { name: 'LineOfBusiness', source: "from '@/models'" },
        line: 10,
        column: 8,
        endLine: 10,
        endColumn: 22,
      },
    ],
  },
  {
    name: 'no imports at all: the import goes first; static calls, instanceof and a MikroORM schema value',
    filename: MAIN,
    settings: barrel,
    code: `
export async function reports(row: unknown) {
  const all = await Report.findAll();
  return { all, isReport: row instanceof Report, schema: Batch };
}
`,
    output: [
      `
import { Report } from '@/models';

export async function reports(row: unknown) {
  const all = await Report.findAll();
  return { all, isReport: row instanceof Report, schema: Batch };
}
`,
      `
import { Batch, Report } from '@/models';

export async function reports(row: unknown) {
  const all = await Report.findAll();
  return { all, isReport: row instanceof Report, schema: Batch };
}
`,
    ],
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'Report', source: "from '@/models'" },
        line: 3,
        column: 21,
        endLine: 3,
        endColumn: 27,
      },
      {
        messageId: 'unresolvedModel',
        data: { name: 'Report', source: "from '@/models'" },
        line: 4,
        column: 42,
        endLine: 4,
        endColumn: 48,
      },
      {
        messageId: 'unresolvedModel',
        data: { name: 'Batch', source: "from '@/models'" },
        line: 4,
        column: 58,
        endLine: 4,
        endColumn: 63,
      },
    ],
  },
  {
    name: 'an import of the same module under another specifier is merged into',
    filename: MAIN,
    settings: barrel,
    code: `
import { Report } from '../models';

export const models = [Report, TestCycle];
`,
    output: `
import { Report, TestCycle } from '../models';

export const models = [Report, TestCycle];
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'TestCycle', source: "from '@/models'" },
        line: 4,
        column: 32,
        endLine: 4,
        endColumn: 41,
      },
    ],
  },
  {
    name: 'a discovered model the barrel does not export: relative path, extensionless like the file',
    filename: MAIN,
    settings: barrel,
    code: `
import { byName } from '../dto/helpers';
import type { EntityManager } from '@mikro-orm/core';

export const logs = (em: EntityManager) => em.find(AuditLog, byName('create'));
`,
    output: `
import { byName } from '../dto/helpers';
import type { EntityManager } from '@mikro-orm/core';
import { AuditLog } from '../audit/audit-log';

export const logs = (em: EntityManager) => em.find(AuditLog, byName('create'));
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'AuditLog', source: "from '../audit/audit-log'" },
        line: 5,
        column: 52,
        endLine: 5,
        endColumn: 60,
      },
    ],
  },
  {
    name: 'a file that imports relative paths with `.ts` (allowImportingTsExtensions): same style',
    filename: MAIN,
    settings: barrel,
    code: `
import { byName } from '../dto/helpers.ts';

export const created = [AuditLog, byName('create')];
`,
    output: `
import { byName } from '../dto/helpers.ts';
import { AuditLog } from '../audit/audit-log.ts';

export const created = [AuditLog, byName('create')];
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'AuditLog', source: "from '../audit/audit-log.ts'" },
        line: 4,
        column: 25,
        endLine: 4,
        endColumn: 33,
      },
    ],
  },
  {
    name: 'multi-line unsorted list without a trailing comma: appended on new lines',
    filename: MAIN,
    settings: barrel,
    code: `
import {
  WorkflowPhase,
  DataOwnerAssignment
} from '@/models';

export const models = [WorkflowPhase, DataOwnerAssignment, UserLOB, TestCycle];
`,
    output: [
      `
import {
  WorkflowPhase,
  DataOwnerAssignment,
  UserLOB
} from '@/models';

export const models = [WorkflowPhase, DataOwnerAssignment, UserLOB, TestCycle];
`,
      `
import {
  WorkflowPhase,
  DataOwnerAssignment,
  UserLOB,
  TestCycle
} from '@/models';

export const models = [WorkflowPhase, DataOwnerAssignment, UserLOB, TestCycle];
`,
    ],
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'UserLOB', source: "from '@/models'" },
        line: 7,
        column: 60,
        endLine: 7,
        endColumn: 67,
      },
      {
        messageId: 'unresolvedModel',
        data: { name: 'TestCycle', source: "from '@/models'" },
        line: 7,
        column: 69,
        endLine: 7,
        endColumn: 78,
      },
    ],
  },
  {
    name: 'a default-only import of the model module gets named braces',
    filename: MAIN,
    settings: barrel,
    code: `
import entities from '@/models';

export const all = [...entities, LineOfBusiness];
`,
    output: `
import entities, { LineOfBusiness } from '@/models';

export const all = [...entities, LineOfBusiness];
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'LineOfBusiness', source: "from '@/models'" },
        line: 4,
        column: 34,
        endLine: 4,
        endColumn: 48,
      },
    ],
  },
  {
    name: 'discovery without modelModules',
    filename: MAIN,
    code: `
export const models = [WorkflowPhase];
`,
    output: `
import { WorkflowPhase } from '../models/workflow-phase';

export const models = [WorkflowPhase];
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'WorkflowPhase', source: "from '../models/workflow-phase'" },
        line: 2,
        column: 24,
        endLine: 2,
        endColumn: 37,
      },
    ],
  },
  {
    name: 'inside the barrel\'s own members: imported from the declaring file, not the barrel (no import cycle)',
    filename: 'unimported/main/models/user-lob.ts',
    settings: barrel,
    code: `
import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class UserLOB {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  userId: string;

  @ManyToOne(() => LineOfBusiness)
  lob: LineOfBusiness;
}
`,
    output: `
import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LineOfBusiness } from './line-of-business';

@Entity()
export class UserLOB {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  userId: string;

  @ManyToOne(() => LineOfBusiness)
  lob: LineOfBusiness;
}
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'LineOfBusiness', source: "from './line-of-business'" },
        line: 12,
        column: 20,
        endLine: 12,
        endColumn: 34,
      },
      {
        messageId: 'unresolvedModel',
        data: { name: 'LineOfBusiness', source: "from './line-of-business'" },
        line: 13,
        column: 8,
        endLine: 13,
        endColumn: 22,
      },
    ],
  },
  {
    name: 'ambiguous name: one suggestion per candidate, no autofix',
    filename: MAIN,
    settings: barrel,
    code: `
export const invoiceModel = Invoice;
`,
    output: null,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'Invoice', source: "from one of '../billing/invoice', '../legacy/invoice'" },
        line: 2,
        column: 29,
        endLine: 2,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'importFrom',
            data: { name: 'Invoice', specifier: '../billing/invoice' },
            output: `
import { Invoice } from '../billing/invoice';

export const invoiceModel = Invoice;
`,
          },
          {
            messageId: 'importFrom',
            data: { name: 'Invoice', specifier: '../legacy/invoice' },
            output: `
import { Invoice } from '../legacy/invoice';

export const invoiceModel = Invoice;
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a model that is not exported anywhere: reported, nothing to import',
    filename: MAIN,
    settings: barrel,
    code: `
export const archive = AuditArchive;
`,
    output: null,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'AuditArchive', source: 'from the module that declares it' },
        line: 2,
        column: 24,
        endLine: 2,
        endColumn: 36,
      },
    ],
  },
  {
    name: 'models option: a name known only by configuration',
    filename: MAIN,
    options: [{ models: ['LegacyLedger'], checkGlobalShadowing: true, ignore: [] }],
    code: `
export const ledger = LegacyLedger;
`,
    output: null,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'LegacyLedger', source: 'from the module that declares it' },
        line: 2,
        column: 23,
        endLine: 2,
        endColumn: 35,
      },
    ],
  },
  {
    name: 'a model named like a @types/node global (`Event`) in a file that uses models',
    filename: MAIN,
    settings: barrel,
    code: `
import { Sample } from '@/models';
import type { EntityManager } from 'typeorm';

export const events = (em: EntityManager) => em.find(Event, { where: { kind: Sample.name } });
`,
    output: null,
    errors: [
      {
        messageId: 'globalShadowsModel',
        data: { name: 'Event', origin: '@types/node', source: "from '@/models'" },
        line: 5,
        column: 54,
        endLine: 5,
        endColumn: 59,
        suggestions: [
          {
            messageId: 'importFrom',
            data: { name: 'Event', specifier: '@/models' },
            output: `
import { Event, Sample } from '@/models';
import type { EntityManager } from 'typeorm';

export const events = (em: EntityManager) => em.find(Event, { where: { kind: Sample.name } });
`,
          },
        ],
      },
    ],
  },
  {
    name: '`import type` used as a value: the only binding',
    filename: MAIN,
    settings: barrel,
    code: `
import type { Sample } from '@/models';
import type { MikroORM } from '@mikro-orm/core';

export const open = (orm: MikroORM) => orm.em.find(Sample, { status: 'open' });
`,
    output: `
import { Sample } from '@/models';
import type { MikroORM } from '@mikro-orm/core';

export const open = (orm: MikroORM) => orm.em.find(Sample, { status: 'open' });
`,
    errors: [
      {
        messageId: 'typeOnlyModelImport',
        data: { name: 'Sample' },
        line: 5,
        column: 52,
        endLine: 5,
        endColumn: 58,
      },
    ],
  },
  {
    name: '`import { type X }` used as a value',
    filename: MAIN,
    settings: barrel,
    code: `
import { Report, type TestCycle } from '@/models';

export const models = [Report, TestCycle];
`,
    output: `
import { Report, TestCycle } from '@/models';

export const models = [Report, TestCycle];
`,
    errors: [
      {
        messageId: 'typeOnlyModelImport',
        data: { name: 'TestCycle' },
        line: 4,
        column: 32,
        endLine: 4,
        endColumn: 41,
      },
    ],
  },
  {
    name: '`import type` with other bindings, merged into the value import of the same module',
    filename: MAIN,
    settings: barrel,
    code: `
import { Report } from '@/models';
import type { Sample, TestCycle } from '@/models';

export const models = [Report, Sample];
export type Cycles = TestCycle[];
`,
    output: `
import { Report, Sample } from '@/models';
import type { TestCycle } from '@/models';

export const models = [Report, Sample];
export type Cycles = TestCycle[];
`,
    errors: [
      {
        messageId: 'typeOnlyModelImport',
        data: { name: 'Sample' },
        line: 5,
        column: 32,
        endLine: 5,
        endColumn: 38,
      },
    ],
  },
  {
    name: '`import type` with other bindings and no value import: they stay types inline',
    filename: MAIN,
    settings: barrel,
    code: `
import type { Sample, TestCycle } from '@/models';

export const models = [Sample];
export type Cycles = TestCycle[];
`,
    output: `
import { Sample, type TestCycle } from '@/models';

export const models = [Sample];
export type Cycles = TestCycle[];
`,
    errors: [
      {
        messageId: 'typeOnlyModelImport',
        data: { name: 'Sample' },
        line: 4,
        column: 24,
        endLine: 4,
        endColumn: 30,
      },
    ],
  },
  {
    name: 'Prisma: a model type from @prisma/client is imported as a type',
    filename: MAIN,
    settings: prisma,
    code: `
import { PrismaClient } from '@prisma/client';

export const phases = (db: PrismaClient): Promise<Phase[]> => db.phase.findMany();
`,
    output: `
import { type Phase, PrismaClient } from '@prisma/client';

export const phases = (db: PrismaClient): Promise<Phase[]> => db.phase.findMany();
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'Phase', source: "from '@prisma/client'" },
        line: 4,
        column: 51,
        endLine: 4,
        endColumn: 56,
      },
    ],
  },
  {
    name: 'Prisma: the client value and a model type, in a file without imports',
    filename: MAIN,
    settings: prisma,
    code: `
export const db = new PrismaClient();
export const first = (): Promise<Cycle | null> => db.cycle.findFirst();
`,
    output: [
      `
import { PrismaClient } from '@prisma/client';

export const db = new PrismaClient();
export const first = (): Promise<Cycle | null> => db.cycle.findFirst();
`,
      `
import { type Cycle, PrismaClient } from '@prisma/client';

export const db = new PrismaClient();
export const first = (): Promise<Cycle | null> => db.cycle.findFirst();
`,
    ],
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'PrismaClient', source: "from '@prisma/client'" },
        line: 2,
        column: 23,
        endLine: 2,
        endColumn: 35,
      },
      {
        messageId: 'unresolvedModel',
        data: { name: 'Cycle', source: "from '@prisma/client'" },
        line: 3,
        column: 34,
        endLine: 3,
        endColumn: 39,
      },
    ],
  },
  {
    name: 'a modelModules entry that resolves from no file of the program: one message, at 1:1 without an ORM import',
    filename: MAIN,
    settings: { 'orm-hygiene': { modelModules: ['@/models', '@/missing-models'] } },
    code: `
import { Report } from '@/models';
export const models = [Report];
`,
    errors: [
      {
        messageId: 'unresolvedModelModule',
        data: { specifier: '@/missing-models' },
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 1,
      },
    ],
  },
];

// --- typed: `lib: ["DOM"]`, where models named like DOM globals type-check silently ---------------------------------
const domValid: Valid[] = [
  {
    name: 'frontend code that uses the DOM globals and no models',
    filename: DOM,
    settings: domBarrel,
    code: `
export const notify = () => new Notification('saved');
export const marker = document.createComment('x') instanceof Comment;
`,
  },
  {
    name: 'imported models shadow the DOM globals',
    filename: DOM,
    settings: domBarrel,
    code: `
import { Comment, Report } from './models';
export const models = [Comment, Report];
`,
  },
];

const domShadowed = `
import type { MikroORM } from '@mikro-orm/core';
import { DataSource } from 'typeorm';

export async function load(orm: MikroORM, source: DataSource, report: Report) {
  const comments = await orm.em.find(Comment, {});
  const notifications = await source.getRepository(Notification).find();
  return { comments, notifications, title: report.title };
}
`;
/** The DOM case with one suggestion applied: the model imported from the barrel. */
const withDomImport = (name: string): string =>
  domShadowed.replace("import { DataSource } from 'typeorm';\n", `import { DataSource } from 'typeorm';\nimport { ${name} } from './models';\n`);

const domInvalid: Invalid[] = [
  {
    name: 'MikroORM `Comment`, sequelize-typescript `Report` and TypeORM `Notification` resolve to lib.dom.d.ts',
    filename: DOM,
    settings: domBarrel,
    code: domShadowed,
    output: null,
    errors: [
      {
        messageId: 'globalShadowsModel',
        data: { name: 'Report', origin: 'lib.dom.d.ts', source: "from './models'" },
        line: 5,
        column: 71,
        endLine: 5,
        endColumn: 77,
        suggestions: [{ messageId: 'importFrom', data: { name: 'Report', specifier: './models' }, output: withDomImport('Report') }],
      },
      {
        messageId: 'globalShadowsModel',
        data: { name: 'Comment', origin: 'lib.dom.d.ts', source: "from './models'" },
        line: 6,
        column: 38,
        endLine: 6,
        endColumn: 45,
        suggestions: [{ messageId: 'importFrom', data: { name: 'Comment', specifier: './models' }, output: withDomImport('Comment') }],
      },
      {
        messageId: 'globalShadowsModel',
        data: { name: 'Notification', origin: 'lib.dom.d.ts', source: "from './models'" },
        line: 7,
        column: 52,
        endLine: 7,
        endColumn: 64,
        suggestions: [
          { messageId: 'importFrom', data: { name: 'Notification', specifier: './models' }, output: withDomImport('Notification') },
        ],
      },
    ],
  },
];

// --- typed: NodeNext, relative imports end in `.js` -----------------------------------------------------------------
const nodeNextInvalid: Invalid[] = [
  {
    name: 'NodeNext: `.js` like the file\'s other relative imports',
    filename: NODENEXT,
    code: `
import { byId } from './helpers.js';
import type { EntityManager } from 'typeorm';

export const load = async (em: EntityManager, id: number) => byId(await em.find(Shipment), id);
`,
    output: `
import { byId } from './helpers.js';
import type { EntityManager } from 'typeorm';
import { Shipment } from '../models/shipment.js';

export const load = async (em: EntityManager, id: number) => byId(await em.find(Shipment), id);
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'Shipment', source: "from '../models/shipment.js'" },
        line: 5,
        column: 81,
        endLine: 5,
        endColumn: 89,
      },
    ],
  },
  {
    name: 'NodeNext without other relative imports: `.js` from the compiler options',
    filename: NODENEXT,
    code: `
import type { MikroORM } from '@mikro-orm/core';

export const carriers = (orm: MikroORM) => orm.em.find(Carrier, {});
`,
    output: `
import type { MikroORM } from '@mikro-orm/core';
import { Carrier } from '../models/carrier.js';

export const carriers = (orm: MikroORM) => orm.em.find(Carrier, {});
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'Carrier', source: "from '../models/carrier.js'" },
        line: 4,
        column: 56,
        endLine: 4,
        endColumn: 63,
      },
    ],
  },
];

// --- without type information: `.js` files, `models` + `modelModules` only -----------------------------------------
const jsValid: Valid[] = [
  {
    name: 'JS: a modelModules entry that does not resolve, in a file that imports neither an ORM nor the entry: silent',
    filename: JS,
    settings: { 'orm-hygiene': { modelModules: ['./model'] } },
    code: `
export const x = 1;
`,
  },
  {
    name: 'JS: globals named like models, used as themselves (no ORM-only static called on them)',
    filename: JS,
    settings: jsBarrel,
    options: [{ models: ['Error'], checkGlobalShadowing: true, ignore: [] }],
    languageOptions: { globals: { Event: 'readonly' } },
    code: `
import { Customer } from './models';

export const check = (customer) => {
  if (!customer) throw new Error(\`no \${Customer.name}\`);
  return Error.captureStackTrace ? new Event('checked') : undefined;
};
`,
  },
  {
    name: 'JS: imported models',
    filename: JS,
    settings: jsBarrel,
    code: `
import { Customer, Report } from './models/index.js';
export const all = () => Promise.all([Customer.findAll(), Report.findAll()]);
`,
  },
  {
    name: 'JS: a local declaration named like a model',
    filename: JS,
    settings: jsBarrel,
    code: `
class Report {}
export const report = new Report();
`,
  },
  {
    name: 'JS: unresolved names that are not models',
    filename: JS,
    settings: jsBarrel,
    code: `
export const x = somethingElse;
`,
  },
  {
    name: 'JS: a configured global in a file that uses no models',
    filename: JS,
    settings: jsBarrel,
    languageOptions: { globals: { Event: 'readonly' } },
    code: `
export const ready = new Event('ready');
`,
  },
];

const jsInvalid: Invalid[] = [
  {
    name: 'JS: a model from the `modelModules` barrel, no imports yet',
    filename: JS,
    settings: jsBarrel,
    code: `
export const reports = () => Report.findAll();
`,
    output: `
import { Report } from './models';

export const reports = () => Report.findAll();
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'Report', source: "from './models'" },
        line: 2,
        column: 30,
        endLine: 2,
        endColumn: 36,
      },
    ],
  },
  {
    name: 'JS: merged into the existing import of the barrel',
    filename: JS,
    settings: jsBarrel,
    code: `
import { Customer } from './models';

export const all = () => [Customer, Report];
`,
    output: `
import { Customer, Report } from './models';

export const all = () => [Customer, Report];
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'Report', source: "from './models'" },
        line: 4,
        column: 37,
        endLine: 4,
        endColumn: 43,
      },
    ],
  },
  {
    name: 'JS: `models` option names are known without a module to import them from',
    filename: JS,
    options: [{ models: ['Invoice'], checkGlobalShadowing: true, ignore: [] }],
    code: `
export const all = () => [Invoice];
`,
    output: null,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'Invoice', source: 'from the module that declares it' },
        line: 2,
        column: 27,
        endLine: 2,
        endColumn: 34,
      },
    ],
  },
  {
    name: 'JS: a model named like a configured global, in a file that uses models',
    filename: JS,
    settings: jsBarrel,
    languageOptions: { globals: { Event: 'readonly' } },
    code: `
import { Customer } from './models';

export const history = (customer) => Event.findAll({ where: { customerId: customer.id, kind: Customer.name } });
`,
    output: null,
    errors: [
      {
        messageId: 'globalShadowsModel',
        data: { name: 'Event', origin: 'the ESLint globals (`languageOptions.globals` or the parser `lib`)', source: "from './models'" },
        line: 4,
        column: 38,
        endLine: 4,
        endColumn: 43,
        suggestions: [
          {
            messageId: 'importFrom',
            data: { name: 'Event', specifier: './models' },
            output: `
import { Customer, Event } from './models';

export const history = (customer) => Event.findAll({ where: { customerId: customer.id, kind: Customer.name } });
`,
          },
        ],
      },
    ],
  },
  {
    name: 'JS: CommonJS is reported without a fix (an import statement would not run there)',
    filename: CJS,
    settings: jsBarrel,
    languageOptions: commonJs,
    code: `
exports.reports = () => Report.findAll();
`,
    output: null,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'Report', source: "from './models'" },
        line: 2,
        column: 25,
        endLine: 2,
        endColumn: 31,
      },
    ],
  },
  {
    name: 'JS: a modelModules entry that does not resolve, in a file that imports an ORM: told at that import',
    filename: JS,
    settings: { 'orm-hygiene': { modelModules: ['./model'] } },
    code: `
import { Sequelize } from 'sequelize';
export const x = new Sequelize();
`,
    errors: [
      {
        messageId: 'unresolvedModelModule',
        data: { specifier: './model' },
        line: 2,
        column: 1,
        endLine: 2,
        endColumn: 39,
      },
    ],
  },
];

// --- typed: entities named like built-in globals (`Error`, `Record`, `Event`), found by discovery -------------------
// A global is reported only where the code treats the name as a model, and only with a suggestion: the import would
// change what the name means in the whole file.
const BUILTINS = 'unimported/builtins/file.ts';
const BUILTINS_TSX = 'unimported/builtins/web/view.tsx';

const builtinsValid: Valid[] = [
  {
    name: 'builtins: the ES and DOM globals used as themselves in a file that imports an ORM',
    filename: BUILTINS,
    code: `
import { DataSource } from 'typeorm';

export function fail(source: DataSource, counts: Record<string, number>, cause: Error): never {
  const event = new Event('saved');
  const listeners: Record<string, (e: Event) => void> = {};
  if (cause instanceof Error) Error.captureStackTrace(cause);
  console.log(source.isInitialized, counts, event.type, listeners, cause.message);
  throw new Error('nope', { cause });
}
`,
  },
  {
    name: 'builtins: a promise of a Record and an Error-typed callback parameter',
    filename: BUILTINS,
    code: `
import type { EntityManager } from '@mikro-orm/core';

export const load = (em: EntityManager, onError: (error: Error) => void): Promise<Record<string, unknown>> =>
  em.getConnection().execute('select 1').then(rows => ({ rows }), onError);
`,
  },
];

const builtinsInvalid: Invalid[] = [
  {
    name: 'builtins: ORM API arguments, a relation target and a model-only static are suggestions, not fixes',
    filename: BUILTINS,
    code: `
import { DataSource } from 'typeorm';

export async function load(source: DataSource) {
  const errors = await source.getRepository(Error).find();
  const events = await Event.findAll();
  return { errors, events };
}
`,
    output: null,
    errors: [
      {
        messageId: 'globalShadowsModel',
        data: { name: 'Error', origin: 'lib.es5.d.ts', source: "from './models/error.entity'" },
        line: 5,
        column: 45,
        endLine: 5,
        endColumn: 50,
        suggestions: [
          {
            messageId: 'importFrom',
            data: { name: 'Error', specifier: './models/error.entity' },
            output: `
import { DataSource } from 'typeorm';
import { Error } from './models/error.entity';

export async function load(source: DataSource) {
  const errors = await source.getRepository(Error).find();
  const events = await Event.findAll();
  return { errors, events };
}
`,
          },
        ],
      },
      {
        messageId: 'globalShadowsModel',
        data: { name: 'Event', origin: 'lib.dom.d.ts', source: "from './models/event.model'" },
        line: 6,
        column: 24,
        endLine: 6,
        endColumn: 29,
        suggestions: [
          {
            messageId: 'importFrom',
            data: { name: 'Event', specifier: './models/event.model' },
            output: `
import { DataSource } from 'typeorm';
import { Event } from './models/event.model';

export async function load(source: DataSource) {
  const errors = await source.getRepository(Error).find();
  const events = await Event.findAll();
  return { errors, events };
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'builtins: a relation decorator target and the decorated property type',
    filename: BUILTINS,
    code: `
import { Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class Incident {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Error)
  error: Error;
}
`,
    output: null,
    errors: [9, 10].map((line, i) => ({
      messageId: 'globalShadowsModel' as const,
      data: { name: 'Error', origin: 'lib.es5.d.ts', source: "from './models/error.entity'" },
      line,
      column: i === 0 ? 20 : 10,
      endLine: line,
      endColumn: i === 0 ? 25 : 15,
      suggestions: [
        {
          messageId: 'importFrom' as const,
          data: { name: 'Error', specifier: './models/error.entity' },
          output: `
import { Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Error } from './models/error.entity';

@Entity()
export class Incident {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Error)
  error: Error;
}
`,
        },
      ],
    })),
  },
  {
    name: 'builtins: Repository<Error> is a suggestion; Record as a value resolves to nothing (a type only) and is fixed',
    filename: BUILTINS,
    code: `
import type { EntityManager } from '@mikro-orm/core';
import type { Repository } from 'typeorm';

export const load = (em: EntityManager, errors: Repository<Error>) => Promise.all([em.find(Record, {}), errors.count()]);
`,
    output: `
import type { EntityManager } from '@mikro-orm/core';
import type { Repository } from 'typeorm';
import { Record } from './models/record.entity';

export const load = (em: EntityManager, errors: Repository<Error>) => Promise.all([em.find(Record, {}), errors.count()]);
`,
    errors: [
      {
        messageId: 'globalShadowsModel',
        data: { name: 'Error', origin: 'lib.es5.d.ts', source: "from './models/error.entity'" },
        line: 5,
        column: 60,
        endLine: 5,
        endColumn: 65,
        suggestions: [
          {
            messageId: 'importFrom',
            data: { name: 'Error', specifier: './models/error.entity' },
            output: `
import type { EntityManager } from '@mikro-orm/core';
import type { Repository } from 'typeorm';
import { Error } from './models/error.entity';

export const load = (em: EntityManager, errors: Repository<Error>) => Promise.all([em.find(Record, {}), errors.count()]);
`,
          },
        ],
      },
      {
        messageId: 'unresolvedModel',
        data: { name: 'Record', source: "from './models/record.entity'" },
        line: 5,
        column: 92,
        endLine: 5,
        endColumn: 98,
      },
    ],
  },
  {
    name: 'builtins: a shorthand property and an export list are references like any other',
    filename: BUILTINS,
    code: `
import { DataSource } from 'typeorm';

export const source = new DataSource({ type: 'postgres', entities: { Ledger } });
export { Ledger };
`,
    output: `
import { DataSource } from 'typeorm';
import { Ledger } from './models/ledger.entity';

export const source = new DataSource({ type: 'postgres', entities: { Ledger } });
export { Ledger };
`,
    errors: [
      { line: 4, column: 70, endColumn: 76 },
      { line: 5, column: 10, endColumn: 16 },
    ].map(position => ({
      messageId: 'unresolvedModel' as const,
      data: { name: 'Ledger', source: "from './models/ledger.entity'" },
      endLine: position.line,
      ...position,
    })),
  },
];

// (Its output does not type-check: an entity class is no JSX component. The case is about the reference only.)
const builtinsJsxInvalid: Invalid[] = [
  {
    name: 'builtins: a JSX element name is a reference like any other',
    filename: BUILTINS_TSX,
    code: `
import type { DataSource } from 'typeorm';

export const View = (props: { source: DataSource }) => <Ledger source={props.source} />;
`,
    output: `
import type { DataSource } from 'typeorm';
import { Ledger } from '../models/ledger.entity';

export const View = (props: { source: DataSource }) => <Ledger source={props.source} />;
`,
    errors: [
      {
        messageId: 'unresolvedModel',
        data: { name: 'Ledger', source: "from '../models/ledger.entity'" },
        line: 4,
        column: 57,
        endLine: 4,
        endColumn: 63,
      },
    ],
  },
];

ruleTester.run('no-unimported-models', rule, {
  valid: [...mainValid, ...domValid, ...builtinsValid],
  invalid: [...mainInvalid, ...domInvalid, ...nodeNextInvalid, ...builtinsInvalid, ...builtinsJsxInvalid],
});

untypedRuleTester.run('no-unimported-models (without type information)', rule, {
  valid: jsValid,
  invalid: jsInvalid,
});

// --- fixed outputs: they type-check, and a second lint is clean -----------------------------------------------------
interface FixedOutput {
  readonly name: string;
  readonly filename: string;
  readonly output: string;
  readonly source: Invalid;
}

function fixedOutputs(cases: readonly Invalid[]): FixedOutput[] {
  const outputs: FixedOutput[] = [];
  for (const item of cases) {
    const filename = item.filename ?? '';
    const final = Array.isArray(item.output) ? item.output.at(-1) : item.output;
    if (typeof final === 'string') outputs.push({ name: `${item.name ?? ''} (output)`, filename, output: final, source: item });
    // A suggestion imports one name; with several names reported, the others still fail to type-check after it.
    if (new Set(item.errors.map(error => error.data?.name)).size > 1) continue;
    item.errors.forEach((error, e) => {
      (error.suggestions ?? []).forEach((suggestion, s) => {
        outputs.push({ name: `${item.name ?? ''} (error ${e} suggestion ${s})`, filename, output: suggestion.output, source: item });
      });
    });
  }
  return outputs;
}

function tsconfigOf(filename: string): string {
  const absolute = path.resolve(fixturesDir, filename);
  const config = ts.findConfigFile(path.dirname(absolute), file => ts.sys.fileExists(file));
  if (!config) throw new Error(`no tsconfig for ${filename}`);
  return config;
}

const typedOutputs = fixedOutputs([...mainInvalid, ...domInvalid, ...nodeNextInvalid, ...builtinsInvalid]);
const jsOutputs = fixedOutputs(jsInvalid.filter(c => c.filename === JS));
const jsCheckOptions: ts.CompilerOptions = {
  allowJs: true,
  checkJs: true,
  noEmit: true,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  target: ts.ScriptTarget.ES2022,
  types: [],
  strict: false,
  skipLibCheck: true,
};

describe('no-unimported-models fixed outputs', () => {
  it.each(typedOutputs.map(o => [o.name, o] as const))('type-checks: %s', (_name, fixed) => {
    const filename = path.resolve(fixturesDir, fixed.filename);
    expect(typecheckOutput(tsconfigOf(fixed.filename), filename, fixed.output)).toEqual([]);
  });

  it.each(jsOutputs.map(o => [o.name, o] as const))('type-checks (checkJs): %s', (_name, fixed) => {
    expect(typecheckOutput('<js>', JS, fixed.output, jsCheckOptions)).toEqual([]);
  });

  it('the helper sees the bug: the code before the fix does not type-check', () => {
    const before = mainInvalid.find(c => c.code === issueExample)!;
    const diagnostics = typecheckOutput(tsconfigOf(MAIN), path.resolve(fixturesDir, MAIN), before.code);
    expect(diagnostics.join('\n')).toMatch(/Cannot find name 'LineOfBusiness'/u);
  });

  it('the issue example becomes the single merged import', () => {
    const final = typedOutputs.find(o => o.source.code === issueExample)?.output ?? '';
    expect(final).toContain(
      "import { WorkflowPhase, TestCycle, Report, DataOwnerAssignment, LineOfBusiness, UserLOB } from '../models';",
    );
  });
});

// A second lint of every final autofix output reports nothing (suggestions that leave other problems are excluded).
const converged = (cases: readonly Invalid[]): Valid[] =>
  cases.flatMap(item => {
    const final = Array.isArray(item.output) ? item.output.at(-1) : item.output;
    if (typeof final !== 'string' || item.errors.some(e => e.messageId === 'unresolvedModelModule')) return [];
    // A shadowed global is a suggestion only, so it is still reported after the fixes.
    if (item.errors.some(e => e.messageId === 'globalShadowsModel')) return [];
    if (item.errors.some(e => e.suggestions === undefined && e.data?.source === 'from the module that declares it')) return [];
    return [{ ...item, name: `${item.name ?? ''} (second lint)`, code: final, output: undefined, errors: undefined } as Valid];
  });

ruleTester.run('no-unimported-models (fixed outputs converge)', rule, {
  valid: converged([...mainInvalid, ...domInvalid, ...nodeNextInvalid, ...builtinsInvalid]),
  invalid: [],
});

untypedRuleTester.run('no-unimported-models (fixed outputs converge, without type information)', rule, {
  valid: converged(jsInvalid),
  invalid: [],
});

describe('relativeSpecifier', () => {
  it.each([
    ['/p/src/a.ts', '/p/src/models/user.ts', 'none', './models/user'],
    ['/p/src/a.ts', '/p/models/user.ts', 'none', '../models/user'],
    ['/p/src/a.ts', '/p/src/models/index.ts', 'none', './models'],
    ['/p/src/a.ts', '/p/src/models/user.ts', 'js', './models/user.js'],
    ['/p/src/a.ts', '/p/src/models/user.mts', 'none', './models/user.mjs'],
    ['/p/src/a.ts', '/p/src/models/user.ts', 'ts', './models/user.ts'],
    ['/p/src/a.ts', '/p/src/models/user.d.ts', 'ts', './models/user'],
  ] as const)('%s → %s (%s)', (from, to, style, expected) => {
    expect(relativeSpecifier(from, to, style)).toBe(expected);
  });
});

describe('model exports without type information', () => {
  it('reads declarations, re-exports (named, renamed, type-only, export *) and CommonJS assignments', () => {
    const reader = fileSystemReader({});
    const from = path.join(fixturesDir, 'unimported/js/file.js');
    const module = reader.resolve('./models/types', from)!;
    expect(module).toBe(path.join(fixturesDir, 'unimported/js/models/types.ts'));
    const exports = reader.exportsOf(module);
    const summary = Object.fromEntries([...exports].map(([name, e]) => [name, { file: path.basename(e.fileName), typeOnly: e.typeOnly }]));
    expect(summary).toEqual({
      CustomerType: { file: 'customer.js', typeOnly: true },
      Row: { file: 'types.ts', typeOnly: true },
      LegacyReport: { file: 'report.js', typeOnly: false },
      Ledger: { file: 'legacy.cjs', typeOnly: false },
      Account: { file: 'legacy.cjs', typeOnly: false },
      Journal: { file: 'legacy.cjs', typeOnly: false },
    });
    expect(reader.resolve('./models/missing', from)).toBeUndefined();
  });
});

describe('entity model discoverModelsNamed', () => {
  it('finds what discoverModels finds, one name at a time', () => {
    const fixture = parseFixture('entity-model-cases.ts');
    const lazy = getEntityModel(fixture.services, parseSettings({}));
    const eager = getEntityModel(fixture.services, parseSettings({}));
    expect(lazy).not.toBe(eager);
    const facts = (models: readonly DiscoveredModel[]) =>
      models.map(m => ({ name: m.name, fileName: m.fileName, kind: m.kind, exported: m.exported, orm: m.entity?.orm }));
    for (const name of ['WorkflowPhase', 'Report', 'Batch', 'Lot', 'phases', 'PhaseView', 'NoSuchModel']) {
      const named = lazy.discoverModelsNamed(name);
      expect(facts(named), name).toEqual(facts(eager.discoverModels().filter(m => m.name === name)));
    }
    expect(lazy.discoverModelsNamed('WorkflowPhase')).toHaveLength(1);
    expect(lazy.discoverModelsNamed('PhaseView')).toEqual([]);
  });
});
