import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import path from 'node:path';
import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import rule, { type MessageIds, type Options } from '../../src/rules/require-audit-fields.js';
import { createTypedRuleTester, fixturesDir } from '../rule-tester.js';
import { classInvalid, classValid } from './require-audit-fields-classes.js';
import { hooksOffInvalid, hooksOffValid, optionsHooksInvalid, optionsHooksValid, registrationInvalid, registrationValid } from './require-audit-fields-hooks.js';
import { subscriberInvalid, subscriberValid } from './require-audit-fields-subscribers.js';
import { defaults, withOptions } from './require-audit-fields-options.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const valid: Valid[] = [
  {
    name: 'Object.assign into a fresh literal copies the entity, it does not modify it',
    code: `
import { WorkflowPhase } from './models/typeorm';

export function copy(phase: WorkflowPhase): WorkflowPhase {
  const view = Object.assign({}, phase, { state: 'Done' });
  Object.assign([], [phase]);
  return view;
}
`,
  },
  {
    name: 'the same object has the field written anywhere in the function (before the writes)',
    code: `
import { WorkflowPhase } from './models/typeorm';

export function start(phase: WorkflowPhase, userId: string): void {
  phase.updatedBy = userId;
  phase.state = 'In Progress';
}
`,
  },
  {
    name: 'one stamp after an if/else covers both arms',
    code: `
import { WorkflowPhase } from './models/typeorm';

export function decide(phase: WorkflowPhase, ok: boolean, userId: string): void {
  if (ok) {
    phase.state = 'Accepted';
  } else {
    phase.state = 'Rejected';
  }
  phase.updatedBy = userId;
}
`,
  },
  {
    name: 'writing only the audit fields is the stamp itself',
    code: `
import { Sample } from './models/mikro-orm';

export function touch(sample: Sample, userId: string): void {
  sample.updatedBy = userId;
  sample.updatedAt = new Date();
}
`,
  },
  {
    name: 'constructor writes and freshly created entities are inserts',
    code: `
import type { EntityManager as MikroEntityManager } from '@mikro-orm/core';
import type { Repository } from 'typeorm';
import { TestCycle, WorkflowPhase } from './models/typeorm';
import { Sample } from './models/mikro-orm';
import { Report } from './models/sequelize';

export class Draft extends WorkflowPhase {
  constructor() {
    super();
    this.state = 'Draft';
  }
}

export async function create(phases: Repository<WorkflowPhase>, em: MikroEntityManager): Promise<void> {
  const phase = new WorkflowPhase();
  phase.state = 'New';
  const created = phases.create({ state: 'New' });
  created.attempts = 1;
  const cycle = TestCycle.create();
  cycle.name = 'C1';
  const sample = em.create(Sample, { uuid: 'u', status: 'new', updatedAt: new Date() });
  sample.note = 'fresh';
  const report = Report.build({ title: 'Q1' });
  report.title = 'Q2';
  await phases.save([phase, created]);
}
`,
  },
  {
    name: 'writes inside ORM lifecycle hooks run as part of the ORM write',
    code: `
import { BeforeUpdate, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { BeforeUpdate as BeforeSequelizeUpdate, Column as SequelizeColumn, Model, Table } from 'sequelize-typescript';

@Entity()
export class Slugged {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  title: string;

  @Column()
  slug: string;

  @Column()
  updatedBy: string;

  @BeforeUpdate()
  normalise(): void {
    this.slug = this.title.toLowerCase();
  }
}

@Table({ timestamps: false })
export class Note extends Model {
  @SequelizeColumn
  declare text: string;

  @SequelizeColumn
  declare updatedBy: string;

  @BeforeSequelizeUpdate
  static trim(note: Note): void {
    note.text = note.text.trim();
  }
}
`,
  },
  {
    name: 'DTOs and view classes that share field names are not entities',
    code: `
import type { PhaseDto } from './models/dto';
import { PhaseView } from './models/dto';

export function map(dto: PhaseDto, view: PhaseView): void {
  dto.state = 'Done';
  view.state = 'Done';
  view.updatedAt = new Date();
}
`,
  },
  {
    name: 'properties that are not persisted columns',
    code: `
import { WorkflowPhase } from './models/typeorm';
import { Sample } from './models/mikro-orm';

export function annotate(phase: WorkflowPhase, sample: Sample): void {
  phase.transientNote = 'seen';
  sample.scratch = 'tmp';
}
`,
  },
  {
    name: 'plain rows (Prisma, Drizzle, Kysely) change nothing when their properties are written',
    code: `
import type { Phase } from '@prisma/client';
import type { PhaseRow } from './models/drizzle';
import type { KPhase } from './models/kysely';

export function local(phase: Phase, row: PhaseRow, kphase: KPhase): void {
  phase.state = 'Done';
  row.state = 'Done';
  kphase.state = 'Done';
}
`,
  },
  {
    name: 'Map#set, Set#add and unrelated update() / set() / Repository classes are never write calls',
    code: `
import { WorkflowPhase } from './models/typeorm';

class Repository<T> {
  update(id: string, data: Partial<T>): void {
    void id;
    void data;
  }
}

const store = {
  update(id: string, data: { state: string }): void {
    void id;
    void data;
  },
};

export function negatives(phase: WorkflowPhase): void {
  const byId = new Map<string, WorkflowPhase>();
  byId.set(phase.id, phase);
  const seen = new Set<WorkflowPhase>();
  seen.add(phase);
  store.update(phase.id, { state: 'Done' });
  new Repository<WorkflowPhase>().update(phase.id, { state: 'Done' });
  const headers = new Headers();
  headers.set('x-state', 'Done');
}
`,
  },
  {
    name: 'ORM-maintained fields: MikroORM hook + onUpdate (Review), Prisma @updatedAt, Drizzle $onUpdate, Sequelize timestamps',
    code: `
import { PrismaClient } from '@prisma/client';
import { drizzle } from 'drizzle-orm/node-postgres';
import { Review } from './models/mikro-orm';
import { phases } from './models/drizzle';
import { Report } from './models/sequelize';
import { WorkflowPhase } from './models/typeorm';
import type { Repository } from 'typeorm';

declare const db: ReturnType<typeof drizzle>;
const prisma = new PrismaClient();

export async function maintained(review: Review, repo: Repository<WorkflowPhase>, userId: string): Promise<void> {
  review.verdict = 'approved';
  review.assign({ verdict: 'final' });
  await prisma.phase.update({ where: { id: 1 }, data: { state: 'Done', updatedBy: userId } });
  await db.update(phases).set({ state: 'Done', updatedBy: userId });
  await Report.update({ title: 'Q3', updatedBy: userId }, { where: { id: 1 } });
  await repo.update('1', { state: 'Done', updatedBy: userId });
}
`,
  },
  {
    name: 'write calls whose data sets the fields, or spreads a value whose type has them',
    code: `
import type { EntityManager } from '@mikro-orm/core';
import { Sample } from './models/mikro-orm';

export async function stamped(em: EntityManager, audit: { updatedAt: Date; updatedBy: string }): Promise<void> {
  await em.nativeUpdate(Sample, { uuid: 'a' }, { status: 'x', ...audit });
}
`,
  },
  {
    name: 'write calls that cannot be told: data that is not a literal, an entity named by string, only audit fields',
    code: `
import type { EntityManager, Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export async function opaque(repo: Repository<WorkflowPhase>, em: EntityManager, changes: Partial<WorkflowPhase>, userId: string): Promise<void> {
  await repo.update('1', changes);
  await em.update('WorkflowPhase', { id: '1' }, { state: 'Done' });
  await repo.update('1', { updatedBy: userId });
}
`,
  },
  {
    name: 'bulkCreate without updateOnDuplicate only inserts',
    code: `
import { Report } from './models/sequelize';

export async function seed(): Promise<void> {
  await Report.bulkCreate([{ id: 1, title: 'Q1' }]);
}
`,
  },
  {
    name: 'auditHelpers: passing the entity to a helper function or calling a helper method satisfies the rule',
    options: withOptions({ auditHelpers: ['touch', 'stamp'] }),
    code: `
import { WorkflowPhase } from './models/typeorm';

declare function touch(entity: object, by: string): void;
declare const audit: { stamp(entity: object): void };

export function helpers(phase: WorkflowPhase, other: WorkflowPhase, userId: string): void {
  phase.state = 'Done';
  touch(phase, userId);
  other.state = 'Done';
  audit.stamp(other);
}
`,
  },
  {
    name: 'auditHelpers: an entity method that stamps itself',
    options: withOptions({ auditHelpers: ['touch'] }),
    code: `
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class Ticket {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  status: string;

  @Column()
  updatedAt: Date;

  @Column()
  updatedBy: string;

  touch(by: string): void {
    this.updatedAt = new Date();
    this.updatedBy = by;
  }
}

export function close(ticket: Ticket, userId: string): void {
  ticket.status = 'closed';
  ticket.touch(userId);
}
`,
  },
  {
    name: 'ignoreProperties: writes to ignored properties are not modifications',
    options: withOptions({ ignoreProperties: ['attempts'] }),
    code: `
import type { Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export async function count(phase: WorkflowPhase, repo: Repository<WorkflowPhase>): Promise<void> {
  phase.attempts++;
  await repo.update(phase.id, { attempts: phase.attempts });
}
`,
  },
  {
    name: 'checkWriteCalls: false leaves ORM write calls alone',
    options: withOptions({ checkWriteCalls: false }),
    code: `
import type { Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export async function close(repo: Repository<WorkflowPhase>): Promise<void> {
  await repo.update('1', { state: 'Closed' });
}
`,
  },
  {
    name: 'managedFields setting: a field filled by the project (a subscriber) is not required',
    settings: { 'orm-hygiene': { managedFields: ['updatedBy'] } },
    code: `
import { WorkflowPhase } from './models/typeorm';

export function start(phase: WorkflowPhase): void {
  phase.state = 'In Progress';
}
`,
  },
  ...classValid,
  ...subscriberValid,
  ...hooksOffValid,
  ...optionsHooksValid,
  ...registrationValid,
];

/** The declarations the narrowing cases share: a type that is no entity, and a type predicate for one. */
const NARROWING = `
import { WorkflowPhase } from './models/typeorm';

interface Stateful { state: string }
declare function isPhase(value: unknown): value is WorkflowPhase;
`;

const invalid: Invalid[] = [
  {
    // A receiver declared with a type that is no entity is settled from the declaration only where nothing narrows it:
    // `instanceof` makes `item` a WorkflowPhase.
    name: 'a declared non-entity narrowed by instanceof to an entity is still an entity write',
    code: `${NARROWING}
export function advance(item: Stateful, userId: string): void {
  if (item instanceof WorkflowPhase) {
    item.state = 'Done';
  }
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'WorkflowPhase', name: 'item', fields: '`updatedBy`' }, line: 9, column: 5, endLine: 9, endColumn: 24, suggestions: [] }],
    output: `${NARROWING}
export function advance(item: Stateful, userId: string): void {
  if (item instanceof WorkflowPhase) {
    item.state = 'Done';
    item.updatedBy = userId;
  }
}
`,
  },
  {
    name: 'a declared non-entity narrowed by a type predicate to an entity is still an entity write',
    code: `${NARROWING}
export function advance(item: Stateful | undefined, userId: string): void {
  if (item && isPhase(item)) item.state = 'Done';
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'WorkflowPhase', name: 'item', fields: '`updatedBy`' }, line: 8, column: 30, endLine: 8, endColumn: 49, suggestions: [] }],
    // The stamp goes into braces with the write: after the \`if\`, \`item\` is no longer a WorkflowPhase.
    output: `${NARROWING}
export function advance(item: Stateful | undefined, userId: string): void {
  if (item && isPhase(item)) { item.state = 'Done'; item.updatedBy = userId; }
}
`,
  },
  {
    name: 'a write that is a whole loop body: the stamp goes into braces with it (the loop variable is out of scope after it)',
    code: `
import { WorkflowPhase } from './models/typeorm';

export function resetAll(phases: WorkflowPhase[], userId: string): void {
  for (const phase of phases) phase.attempts = 0;
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'WorkflowPhase', name: 'phase', fields: '`updatedBy`' }, line: 5, column: 31, endLine: 5, endColumn: 49, suggestions: [] }],
    output: `
import { WorkflowPhase } from './models/typeorm';

export function resetAll(phases: WorkflowPhase[], userId: string): void {
  for (const phase of phases) { phase.attempts = 0; phase.updatedBy = userId; }
}
`,
  },
  {
    name: 'a condition that reads a property of the receiver does not narrow it: the stamp goes after the if',
    code: `
import { WorkflowPhase } from './models/typeorm';

export function retry(phase: WorkflowPhase, userId: string): void {
  if (phase.attempts > 3) {
    phase.state = 'Failed';
  }
  phase.attempts += 1;
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'WorkflowPhase', name: 'phase', fields: '`updatedBy`' }, line: 6, column: 5, endLine: 6, endColumn: 27, suggestions: [] }],
    output: `
import { WorkflowPhase } from './models/typeorm';

export function retry(phase: WorkflowPhase, userId: string): void {
  if (phase.attempts > 3) {
    phase.state = 'Failed';
  }
  phase.attempts += 1;
  phase.updatedBy = userId;
}
`,
  },
  {
    name: 'writes in two branches of an if that reads a property of the receiver: the stamp goes after the if',
    code: `
import { WorkflowPhase } from './models/typeorm';

export function settle(phase: WorkflowPhase, userId: string): void {
  if (phase.attempts > 3) phase.state = 'Failed';
  else phase.attempts += 1;
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'WorkflowPhase', name: 'phase', fields: '`updatedBy`' }, line: 5, column: 27, endLine: 5, endColumn: 49, suggestions: [] }],
    output: `
import { WorkflowPhase } from './models/typeorm';

export function settle(phase: WorkflowPhase, userId: string): void {
  if (phase.attempts > 3) phase.state = 'Failed';
  else phase.attempts += 1;
  phase.updatedBy = userId;
}
`,
  },
  {
    name: 'a declared non-entity narrowed through an aliased condition (const ok = isPhase(item)) is still an entity write',
    code: `${NARROWING}
export function advance(item: Stateful, userId: string): void {
  const ok = isPhase(item);
  if (ok) {
    item.state = 'Done';
  }
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'WorkflowPhase', name: 'item', fields: '`updatedBy`' }, line: 10, column: 5, endLine: 10, endColumn: 24, suggestions: [] }],
    output: `${NARROWING}
export function advance(item: Stateful, userId: string): void {
  const ok = isPhase(item);
  if (ok) {
    item.state = 'Done';
    item.updatedBy = userId;
  }
}
`,
  },
  {
    name: 'writes in two branches whose tests narrow the receiver get no fix: after them it is not narrowed',
    code: `${NARROWING}
export function decide(item: Stateful, userId: string): void {
  if (item instanceof WorkflowPhase) item.state = 'Accepted';
  else if (isPhase(item)) item.state = 'Rejected';
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'WorkflowPhase', name: 'item', fields: '`updatedBy`' }, line: 8, column: 38, endLine: 8, endColumn: 61, suggestions: [] }],
    output: null,
  },
  {
    name: "typeorm: the issue example (statements after the group, @UpdateDateColumn needs no updatedAt)",
    code: `
import type { Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export class PhaseService {
  constructor(private readonly phases: Repository<WorkflowPhase>) {}

  async start(phase: WorkflowPhase, userId: string): Promise<void> {
    phase.state = 'In Progress';
    phase.actualStartDate = new Date();
    phase.startedBy = userId;
    await this.phases.save(phase);
  }
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"WorkflowPhase","name":"phase","fields":"`updatedBy`"},
        line: 9,
        column: 5,
        endLine: 9,
        endColumn: 32,
        suggestions: [],
      },
    ],
    output: `
import type { Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export class PhaseService {
  constructor(private readonly phases: Repository<WorkflowPhase>) {}

  async start(phase: WorkflowPhase, userId: string): Promise<void> {
    phase.state = 'In Progress';
    phase.actualStartDate = new Date();
    phase.startedBy = userId;
    phase.updatedBy = userId;
    await this.phases.save(phase);
  }
}
`,
  },
  {
    name: "typeorm: compound assignment, ++ and ??= on a tracked entity; actor from user.id",
    code: `
import { WorkflowPhase } from './models/typeorm';

export function retry(phase: WorkflowPhase, user: { id: string }): void {
  phase.attempts += 1;
  phase.attempts++;
  phase.startedBy ??= user.id;
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"WorkflowPhase","name":"phase","fields":"`updatedBy`"},
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 22,
        suggestions: [],
      },
    ],
    output: `
import { WorkflowPhase } from './models/typeorm';

export function retry(phase: WorkflowPhase, user: { id: string }): void {
  phase.attempts += 1;
  phase.attempts++;
  phase.startedBy ??= user.id;
  phase.updatedBy = user.id;
}
`,
  },
  {
    name: "typeorm: @BeforeUpdate fills the actor, so a tracked TestCycle needs only updatedAt",
    code: `
import { TestCycle } from './models/typeorm';

export async function rename(cycle: TestCycle): Promise<void> {
  cycle.name = 'Regression';
  await cycle.save();
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"TestCycle","name":"cycle","fields":"`updatedAt`"},
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 28,
        suggestions: [],
      },
    ],
    output: `
import { TestCycle } from './models/typeorm';

export async function rename(cycle: TestCycle): Promise<void> {
  cycle.name = 'Regression';
  cycle.updatedAt = new Date();
  await cycle.save();
}
`,
  },
  {
    name: "typeorm: repository.update with a one-line literal",
    code: `
import type { Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export async function close(phases: Repository<WorkflowPhase>, id: string, userId: string): Promise<void> {
  await phases.update(id, { state: 'Closed' });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"WorkflowPhase","method":"update","fields":"`updatedBy`"},
        line: 6,
        column: 27,
        endLine: 6,
        endColumn: 46,
        suggestions: [],
      },
    ],
    output: `
import type { Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export async function close(phases: Repository<WorkflowPhase>, id: string, userId: string): Promise<void> {
  await phases.update(id, { state: 'Closed', updatedBy: userId });
}
`,
  },
  {
    name: "typeorm: multi-line literal with a trailing comma, and one without",
    code: `
import type { Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export async function close(phases: Repository<WorkflowPhase>, id: string, userId: string): Promise<void> {
  await phases.update(id, {
    state: 'Closed',
  });
  await phases.update(id, {
    state: 'Reopened' // why
  });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"WorkflowPhase","method":"update","fields":"`updatedBy`"},
        line: 6,
        column: 27,
        endLine: 8,
        endColumn: 4,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"WorkflowPhase","method":"update","fields":"`updatedBy`"},
        line: 9,
        column: 27,
        endLine: 11,
        endColumn: 4,
        suggestions: [],
      },
    ],
    output: `
import type { Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export async function close(phases: Repository<WorkflowPhase>, id: string, userId: string): Promise<void> {
  await phases.update(id, {
    state: 'Closed',
    updatedBy: userId,
  });
  await phases.update(id, {
    state: 'Reopened', // why
    updatedBy: userId
  });
}
`,
  },
  {
    name: "typeorm: entity manager update/upsert and a custom repository subclass",
    code: `
import { EntityManager, Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

class PhaseRepository extends Repository<WorkflowPhase> {}

export async function sync(em: EntityManager, repo: PhaseRepository, actorId: string): Promise<void> {
  await em.update(WorkflowPhase, { id: '1' }, { state: 'Done' });
  await em.upsert(WorkflowPhase, { id: '1', state: 'Done' }, ['id']);
  await repo.upsert([{ id: '1', state: 'A' }, { id: '2', state: 'B', updatedBy: actorId }], ['id']);
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"WorkflowPhase","method":"update","fields":"`updatedBy`"},
        line: 8,
        column: 47,
        endLine: 8,
        endColumn: 64,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"WorkflowPhase","method":"upsert","fields":"`updatedBy`"},
        line: 9,
        column: 34,
        endLine: 9,
        endColumn: 60,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"WorkflowPhase","method":"upsert","fields":"`updatedBy`"},
        line: 10,
        column: 22,
        endLine: 10,
        endColumn: 45,
        suggestions: [],
      },
    ],
    output: `
import { EntityManager, Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

class PhaseRepository extends Repository<WorkflowPhase> {}

export async function sync(em: EntityManager, repo: PhaseRepository, actorId: string): Promise<void> {
  await em.update(WorkflowPhase, { id: '1' }, { state: 'Done', updatedBy: actorId });
  await em.upsert(WorkflowPhase, { id: '1', state: 'Done', updatedBy: actorId }, ['id']);
  await repo.upsert([{ id: '1', state: 'A', updatedBy: actorId }, { id: '2', state: 'B', updatedBy: actorId }], ['id']);
}
`,
  },
  {
    name: "typeorm: query builder update(E).set(), update(E, values) and BaseEntity static update",
    code: `
import type { DataSource } from 'typeorm';
import { TestCycle, WorkflowPhase } from './models/typeorm';

export async function bulk(ds: DataSource, actorId: number, userId: string): Promise<void> {
  await ds.createQueryBuilder().update(WorkflowPhase).set({ state: 'Done' }).where('id = :id', { id: '1' }).execute();
  await ds.createQueryBuilder().update(WorkflowPhase, { state: 'Done' }).execute();
  await TestCycle.update(1, { name: 'Smoke' });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"WorkflowPhase","method":"set","fields":"`updatedBy`"},
        line: 6,
        column: 59,
        endLine: 6,
        endColumn: 76,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"WorkflowPhase","method":"update","fields":"`updatedBy`"},
        line: 7,
        column: 55,
        endLine: 7,
        endColumn: 72,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"TestCycle","method":"update","fields":"`updatedAt`, `updatedById`"},
        line: 8,
        column: 29,
        endLine: 8,
        endColumn: 46,
        suggestions: [],
      },
    ],
    output: `
import type { DataSource } from 'typeorm';
import { TestCycle, WorkflowPhase } from './models/typeorm';

export async function bulk(ds: DataSource, actorId: number, userId: string): Promise<void> {
  await ds.createQueryBuilder().update(WorkflowPhase).set({ state: 'Done', updatedBy: userId }).where('id = :id', { id: '1' }).execute();
  await ds.createQueryBuilder().update(WorkflowPhase, { state: 'Done', updatedBy: userId }).execute();
  await TestCycle.update(1, { name: 'Smoke', updatedAt: new Date(), updatedById: actorId });
}
`,
  },
  {
    name: "typeorm: `this.x = ...` inside an entity method",
    code: `
import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity()
export class Ticket {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  status: string;

  @UpdateDateColumn()
  updatedAt: Date;

  @Column()
  updatedBy: string;

  constructor(status: string) {
    this.status = status;
  }

  close(userId: string): void {
    this.status = 'closed';
  }
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Ticket","name":"this","fields":"`updatedBy`"},
        line: 23,
        column: 5,
        endLine: 23,
        endColumn: 27,
        suggestions: [],
      },
    ],
    output: `
import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity()
export class Ticket {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  status: string;

  @UpdateDateColumn()
  updatedAt: Date;

  @Column()
  updatedBy: string;

  constructor(status: string) {
    this.status = status;
  }

  close(userId: string): void {
    this.status = 'closed';
    this.updatedBy = userId;
  }
}
`,
  },
  {
    name: "typeorm: Object.assign on a loaded entity adds the key to the literal",
    code: `
import { WorkflowPhase } from './models/typeorm';

export function apply(phase: WorkflowPhase, userId: string): WorkflowPhase {
  return Object.assign(phase, { state: 'Done' });
}

export function applyStatement(phase: WorkflowPhase, userId: string): void {
  Object.assign(phase, { state: 'Done' });
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"WorkflowPhase","name":"phase","fields":"`updatedBy`"},
        line: 5,
        column: 10,
        endLine: 5,
        endColumn: 49,
        suggestions: [],
      },
      {
        messageId: 'missingAuditFields',
        data: {"entity":"WorkflowPhase","name":"phase","fields":"`updatedBy`"},
        line: 9,
        column: 3,
        endLine: 9,
        endColumn: 42,
        suggestions: [],
      },
    ],
    output: `
import { WorkflowPhase } from './models/typeorm';

export function apply(phase: WorkflowPhase, userId: string): WorkflowPhase {
  return Object.assign(phase, { state: 'Done', updatedBy: userId });
}

export function applyStatement(phase: WorkflowPhase, userId: string): void {
  Object.assign(phase, { state: 'Done', updatedBy: userId });
}
`,
  },
  {
    name: "several groups in one file are fixed at once",
    code: `
import { TestCycle, WorkflowPhase } from './models/typeorm';
import { Sample } from './models/mikro-orm';

export function work(phase: WorkflowPhase, cycle: TestCycle, sample: Sample, userId: string): void {
  phase.state = 'A';
  phase.attempts = 2;
  cycle.name = 'B';
  sample.status = 'C';
  sample.note = 'D';
}

export function later(phase: WorkflowPhase, actorId: string): void {
  phase.state = 'E';
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"WorkflowPhase","name":"phase","fields":"`updatedBy`"},
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 20,
        suggestions: [],
      },
      {
        messageId: 'missingAuditFields',
        data: {"entity":"TestCycle","name":"cycle","fields":"`updatedAt`"},
        line: 8,
        column: 3,
        endLine: 8,
        endColumn: 19,
        suggestions: [],
      },
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Sample","name":"sample","fields":"`updatedBy`"},
        line: 9,
        column: 3,
        endLine: 9,
        endColumn: 22,
        suggestions: [],
      },
      {
        messageId: 'missingAuditFields',
        data: {"entity":"WorkflowPhase","name":"phase","fields":"`updatedBy`"},
        line: 14,
        column: 3,
        endLine: 14,
        endColumn: 20,
        suggestions: [],
      },
    ],
    output: `
import { TestCycle, WorkflowPhase } from './models/typeorm';
import { Sample } from './models/mikro-orm';

export function work(phase: WorkflowPhase, cycle: TestCycle, sample: Sample, userId: string): void {
  phase.state = 'A';
  phase.attempts = 2;
  phase.updatedBy = userId;
  cycle.name = 'B';
  cycle.updatedAt = new Date();
  sample.status = 'C';
  sample.note = 'D';
  sample.updatedBy = userId;
}

export function later(phase: WorkflowPhase, actorId: string): void {
  phase.state = 'E';
  phase.updatedBy = actorId;
}
`,
  },
  {
    name: "a write that is a whole if branch: the stamp goes into braces with it, so it runs only when the write does",
    code: `
import { WorkflowPhase } from './models/typeorm';

export function maybe(phase: WorkflowPhase, done: boolean, userId: string): void {
  if (done) phase.state = 'Done';
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"WorkflowPhase","name":"phase","fields":"`updatedBy`"},
        line: 5,
        column: 13,
        endLine: 5,
        endColumn: 33,
        suggestions: [],
      },
    ],
    output: `
import { WorkflowPhase } from './models/typeorm';

export function maybe(phase: WorkflowPhase, done: boolean, userId: string): void {
  if (done) { phase.state = 'Done'; phase.updatedBy = userId; }
}
`,
  },
  {
    name: "mikro-orm: onUpdate fills updatedAt on flush; nativeUpdate and upsert need both",
    code: `
import type { EntityManager } from '@mikro-orm/core';
import { Sample } from './models/mikro-orm';

export async function run(em: EntityManager, sample: Sample, userId: string): Promise<void> {
  sample.status = 'done';
  await em.flush();
  await em.nativeUpdate(Sample, { uuid: sample.uuid }, { status: 'archived' });
  await em.upsert(Sample, { uuid: 'x', status: 'new' });
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Sample","name":"sample","fields":"`updatedBy`"},
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 25,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Sample","method":"nativeUpdate","fields":"`updatedAt`, `updatedBy`"},
        line: 8,
        column: 56,
        endLine: 8,
        endColumn: 78,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Sample","method":"upsert","fields":"`updatedAt`, `updatedBy`"},
        line: 9,
        column: 27,
        endLine: 9,
        endColumn: 55,
        suggestions: [],
      },
    ],
    output: `
import type { EntityManager } from '@mikro-orm/core';
import { Sample } from './models/mikro-orm';

export async function run(em: EntityManager, sample: Sample, userId: string): Promise<void> {
  sample.status = 'done';
  sample.updatedBy = userId;
  await em.flush();
  await em.nativeUpdate(Sample, { uuid: sample.uuid }, { status: 'archived', updatedAt: new Date(), updatedBy: userId });
  await em.upsert(Sample, { uuid: 'x', status: 'new', updatedAt: new Date(), updatedBy: userId });
}
`,
  },
  {
    name: "mikro-orm: em.createQueryBuilder(E).update({...}) (@mikro-orm/knex) is a native update",
    code: `
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Sample } from './models/mikro-orm';

export async function archive(em: SqlEntityManager, sample: Sample, userId: string): Promise<void> {
  await em.createQueryBuilder(Sample).update({ status: 'archived' }).where({ uuid: sample.uuid }).execute();
  await em.createQueryBuilder(Sample).update({ status: 'kept', updatedAt: new Date(), updatedBy: userId }).execute();
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Sample","method":"update","fields":"`updatedAt`, `updatedBy`"},
        line: 6,
        column: 46,
        endLine: 6,
        endColumn: 68,
        suggestions: [],
      },
    ],
    output: `
import type { SqlEntityManager } from '@mikro-orm/knex';
import { Sample } from './models/mikro-orm';

export async function archive(em: SqlEntityManager, sample: Sample, userId: string): Promise<void> {
  await em.createQueryBuilder(Sample).update({ status: 'archived', updatedAt: new Date(), updatedBy: userId }).where({ uuid: sample.uuid }).execute();
  await em.createQueryBuilder(Sample).update({ status: 'kept', updatedAt: new Date(), updatedBy: userId }).execute();
}
`,
  },
  {
    name: "mikro-orm: em.assign, wrap().assign and delete",
    code: `
import { wrap, type EntityManager } from '@mikro-orm/core';
import { Sample } from './models/mikro-orm';

export function edit(em: EntityManager, sample: Sample, other: Sample, userId: string): void {
  em.assign(sample, { status: 'x' });
  wrap(other).assign({ status: 'y' });
  delete other.note;
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Sample","name":"sample","fields":"`updatedBy`"},
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 37,
        suggestions: [],
      },
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Sample","name":"other","fields":"`updatedBy`"},
        line: 7,
        column: 3,
        endLine: 7,
        endColumn: 38,
        suggestions: [],
      },
    ],
    output: `
import { wrap, type EntityManager } from '@mikro-orm/core';
import { Sample } from './models/mikro-orm';

export function edit(em: EntityManager, sample: Sample, other: Sample, userId: string): void {
  em.assign(sample, { status: 'x', updatedBy: userId });
  wrap(other).assign({ status: 'y' });
  delete other.note;
  other.updatedBy = userId;
}
`,
  },
  {
    // Property writes are typed after the file's other writes: the report still goes to the first write in the source
    // and the fix to the last.
    name: "mikro-orm: a property write, then an assign call, on one object",
    code: `
import { wrap, type EntityManager } from '@mikro-orm/core';
import { Sample } from './models/mikro-orm';

export function edit(em: EntityManager, sample: Sample, userId: string): void {
  sample.note = 'n';
  wrap(sample).assign({ status: 'y' });
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Sample","name":"sample","fields":"`updatedBy`"},
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 20,
        suggestions: [],
      },
    ],
    output: `
import { wrap, type EntityManager } from '@mikro-orm/core';
import { Sample } from './models/mikro-orm';

export function edit(em: EntityManager, sample: Sample, userId: string): void {
  sample.note = 'n';
  wrap(sample).assign({ status: 'y', updatedBy: userId });
}
`,
  },
  {
    name: "mikro-orm: defineEntity and EntitySchema entities",
    code: `
import type { EntityManager } from '@mikro-orm/core';
import { Batch, Lot, type IBatch, type ILot } from './models/mikro-orm';

export async function run(em: EntityManager, batch: IBatch, lot: ILot, userId: string): Promise<void> {
  batch.label = 'B-2';
  lot.code = 'L-2';
  await em.nativeUpdate(Batch, { id: 1 }, { label: 'B-3' });
  await em.nativeUpdate(Lot, { id: 1 }, { code: 'L-3' });
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Batch","name":"batch","fields":"`updatedBy`"},
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 22,
        suggestions: [],
      },
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Lot","name":"lot","fields":"`updatedAt`, `updatedBy`"},
        line: 7,
        column: 3,
        endLine: 7,
        endColumn: 19,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Batch","method":"nativeUpdate","fields":"`updatedAt`, `updatedBy`"},
        line: 8,
        column: 43,
        endLine: 8,
        endColumn: 59,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Lot","method":"nativeUpdate","fields":"`updatedAt`, `updatedBy`"},
        line: 9,
        column: 41,
        endLine: 9,
        endColumn: 56,
        suggestions: [],
      },
    ],
    output: `
import type { EntityManager } from '@mikro-orm/core';
import { Batch, Lot, type IBatch, type ILot } from './models/mikro-orm';

export async function run(em: EntityManager, batch: IBatch, lot: ILot, userId: string): Promise<void> {
  batch.label = 'B-2';
  batch.updatedBy = userId;
  lot.code = 'L-2';
  lot.updatedAt = new Date();
  lot.updatedBy = userId;
  await em.nativeUpdate(Batch, { id: 1 }, { label: 'B-3', updatedAt: new Date(), updatedBy: userId });
  await em.nativeUpdate(Lot, { id: 1 }, { code: 'L-3', updatedAt: new Date(), updatedBy: userId });
}
`,
  },
  {
    name: "requireActor: 'always' and no actor at hand: the timestamp is fixed, the actor is reported without suggestions (a string parameter is no actor)",
    options: withOptions({ requireActor: 'always' }),
    code: `
import { type ILot } from './models/mikro-orm';

export function recode(lot: ILot, ownerName: string, count: number): void {
  lot.code = 'L-9';
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Lot","name":"lot","fields":"`updatedAt`, `updatedBy`"},
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 19,
        suggestions: [],
      },
    ],
    output: `
import { type ILot } from './models/mikro-orm';

export function recode(lot: ILot, ownerName: string, count: number): void {
  lot.code = 'L-9';
  lot.updatedAt = new Date();
}
`,
  },
  {
    name: "requireActor: 'always', after the fix: only the actor is left, still without suggestions",
    options: withOptions({ requireActor: 'always' }),
    code: `
import { type ILot } from './models/mikro-orm';

export function recode(lot: ILot, ownerName: string, count: number): void {
  lot.code = 'L-9';
  lot.updatedAt = new Date();
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Lot","name":"lot","fields":"`updatedBy`"},
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 19,
        suggestions: [],
      },
    ],
    output: null,
  },
  {
    name: "sequelize: timestamps on (Report, Owner), timestamps off with a hook (ReportAttribute)",
    code: `
import { Owner, Report, ReportAttribute } from './models/sequelize';

export async function edit(report: Report, attribute: ReportAttribute, owner: Owner, userId: string): Promise<void> {
  report.title = 'Q3';
  await report.save();
  attribute.value = 'v2';
  await attribute.save();
  owner.name = 'Ops';
  await owner.save();
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Report","name":"report","fields":"`updatedBy`"},
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 22,
        suggestions: [],
      },
      {
        messageId: 'missingAuditFields',
        data: {"entity":"ReportAttribute","name":"attribute","fields":"`updatedAt`"},
        line: 7,
        column: 3,
        endLine: 7,
        endColumn: 25,
        suggestions: [],
      },
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Owner","name":"owner","fields":"`updatedBy`"},
        line: 9,
        column: 3,
        endLine: 9,
        endColumn: 21,
        suggestions: [],
      },
    ],
    output: `
import { Owner, Report, ReportAttribute } from './models/sequelize';

export async function edit(report: Report, attribute: ReportAttribute, owner: Owner, userId: string): Promise<void> {
  report.title = 'Q3';
  report.updatedBy = userId;
  await report.save();
  attribute.value = 'v2';
  attribute.updatedAt = new Date();
  await attribute.save();
  owner.name = 'Ops';
  owner.updatedBy = userId;
  await owner.save();
}
`,
  },
  {
    name: "sequelize: instance set(key, value), set({...}) and update({...})",
    code: `
import { Report } from './models/sequelize';

export async function edit(report: Report, draft: Report, userId: string): Promise<void> {
  report.set('title', 'Q3');
  await report.save();
  draft.set({ title: 'Q4' });
  await draft.update({ title: 'Q5' });
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Report","name":"report","fields":"`updatedBy`"},
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 28,
        suggestions: [],
      },
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Report","name":"draft","fields":"`updatedBy`"},
        line: 7,
        column: 3,
        endLine: 7,
        endColumn: 29,
        suggestions: [],
      },
    ],
    output: `
import { Report } from './models/sequelize';

export async function edit(report: Report, draft: Report, userId: string): Promise<void> {
  report.set('title', 'Q3');
  report.updatedBy = userId;
  await report.save();
  draft.set({ title: 'Q4' });
  await draft.update({ title: 'Q5', updatedBy: userId });
}
`,
  },
  {
    name: "sequelize: static update, { silent: true } (an opt-out: not reported) and bulkCreate({ updateOnDuplicate })",
    code: `
import { Owner, Report } from './models/sequelize';

export async function bulk(userId: string): Promise<void> {
  await Report.update({ title: 'Q3' }, { where: { id: 1 } });
  await Report.update({ title: 'Q3' }, { where: { id: 1 }, silent: true });
  await Owner.update({ name: 'Ops' }, { where: { id: 1 } });
  await Report.bulkCreate([{ id: 1, title: 'Q3' }], { updateOnDuplicate: ['title'] });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Report","method":"update","fields":"`updatedBy`"},
        line: 5,
        column: 23,
        endLine: 5,
        endColumn: 38,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Owner","method":"update","fields":"`updatedBy`"},
        line: 7,
        column: 22,
        endLine: 7,
        endColumn: 37,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Report","method":"bulkCreate","fields":"`updatedBy`"},
        line: 8,
        column: 28,
        endLine: 8,
        endColumn: 50,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Report","method":"bulkCreate","fields":"`updatedBy`"},
        line: 8,
        column: 74,
        endLine: 8,
        endColumn: 83,
        suggestions: [],
      },
    ],
    output: `
import { Owner, Report } from './models/sequelize';

export async function bulk(userId: string): Promise<void> {
  await Report.update({ title: 'Q3', updatedBy: userId }, { where: { id: 1 } });
  await Report.update({ title: 'Q3' }, { where: { id: 1 }, silent: true });
  await Owner.update({ name: 'Ops', updatedBy: userId }, { where: { id: 1 } });
  await Report.bulkCreate([{ id: 1, title: 'Q3', updatedBy: userId }], { updateOnDuplicate: ['title', 'updatedBy'] });
}
`,
  },
  {
    name: 'typeorm: repository.merge into a loaded entity adds the key to the literal',
    code: `
import type { Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export function merge(repo: Repository<WorkflowPhase>, phase: WorkflowPhase, userId: string): WorkflowPhase {
  return repo.merge(phase, { state: 'Done' });
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: { entity: 'WorkflowPhase', name: 'phase', fields: '`updatedBy`' },
        line: 6,
        column: 10,
        endLine: 6,
        endColumn: 46,
        suggestions: [],
      },
    ],
    output: `
import type { Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export function merge(repo: Repository<WorkflowPhase>, phase: WorkflowPhase, userId: string): WorkflowPhase {
  return repo.merge(phase, { state: 'Done', updatedBy: userId });
}
`,
  },
  {
    name: 'sequelize: instance update({ ... }, { silent: true }) is an opt-out; static upsert (no silent option: Model.upsert always sets updatedAt)',
    code: `
import { Report } from './models/sequelize';

export async function quiet(report: Report, userId: string): Promise<void> {
  await report.update({ title: 'Q3' }, { silent: true });
  await Report.upsert({ id: 1, title: 'Q3' });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: { entity: 'Report', method: 'upsert', fields: '`updatedBy`' },
        line: 6,
        column: 23,
        endLine: 6,
        endColumn: 45,
        suggestions: [],
      },
    ],
    output: `
import { Report } from './models/sequelize';

export async function quiet(report: Report, userId: string): Promise<void> {
  await report.update({ title: 'Q3' }, { silent: true });
  await Report.upsert({ id: 1, title: 'Q3', updatedBy: userId });
}
`,
  },
  {
    name: 'sequelize: instance update(key, value) saves at once, so no statement is added after it',
    code: `
import { Report } from './models/sequelize';

export async function rename(report: Report, userId: string): Promise<void> {
  await report.update('title', 'Q3');
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: { entity: 'Report', name: 'report', fields: '`updatedBy`' },
        line: 5,
        column: 9,
        endLine: 5,
        endColumn: 37,
        suggestions: [],
      },
    ],
    output: null,
  },
  {
    name: "prisma: update, updateMany, upsert (update branch) with @updatedAt; Cycle without",
    code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function run(userId: string, actorId: number): Promise<void> {
  await prisma.phase.update({ where: { id: 1 }, data: { state: 'Done' } });
  await prisma.phase.updateMany({ where: { state: 'New' }, data: { state: 'Open' } });
  await prisma.phase.upsert({ where: { id: 1 }, create: { state: 'New' }, update: { state: 'Open' } });
  await prisma.cycle.update({ where: { id: 1 }, data: { name: 'C' } });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Phase","method":"update","fields":"`updatedBy`"},
        line: 7,
        column: 55,
        endLine: 7,
        endColumn: 72,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Phase","method":"updateMany","fields":"`updatedBy`"},
        line: 8,
        column: 66,
        endLine: 8,
        endColumn: 83,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Phase","method":"upsert","fields":"`updatedBy`"},
        line: 9,
        column: 83,
        endLine: 9,
        endColumn: 100,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Cycle","method":"update","fields":"`modifiedAt`, `updatedById`"},
        line: 10,
        column: 55,
        endLine: 10,
        endColumn: 68,
        suggestions: [],
      },
    ],
    output: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function run(userId: string, actorId: number): Promise<void> {
  await prisma.phase.update({ where: { id: 1 }, data: { state: 'Done', updatedBy: userId } });
  await prisma.phase.updateMany({ where: { state: 'New' }, data: { state: 'Open', updatedBy: userId } });
  await prisma.phase.upsert({ where: { id: 1 }, create: { state: 'New' }, update: { state: 'Open', updatedBy: userId } });
  await prisma.cycle.update({ where: { id: 1 }, data: { name: 'C', modifiedAt: new Date(), updatedById: actorId } });
}
`,
  },
  {
    name: "prisma: the prisma-client generator output (updateManyAndReturn); no actor fits, no candidate",
    options: withOptions({ requireActor: 'always' }),
    code: `
import type { PrismaClient } from './prisma/generated/client.ts';

export async function run(prisma: PrismaClient, userId: string): Promise<void> {
  await prisma.phase.updateManyAndReturn({ data: { state: 'Open' } });
  await prisma.cycle.updateMany({ data: { name: 'C' } });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Phase","method":"updateManyAndReturn","fields":"`updatedBy`"},
        line: 5,
        column: 50,
        endLine: 5,
        endColumn: 67,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Cycle","method":"updateMany","fields":"`modifiedAt`, `updatedById`"},
        line: 6,
        column: 41,
        endLine: 6,
        endColumn: 54,
        suggestions: [],
      },
    ],
    output: `
import type { PrismaClient } from './prisma/generated/client.ts';

export async function run(prisma: PrismaClient, userId: string): Promise<void> {
  await prisma.phase.updateManyAndReturn({ data: { state: 'Open', updatedBy: userId } });
  await prisma.cycle.updateMany({ data: { name: 'C', modifiedAt: new Date() } });
}
`,
  },
  {
    name: 'prisma: after the fix only the actor is left, with no fitting identifier in scope',
    options: withOptions({ requireActor: 'always' }),
    code: `
import type { PrismaClient } from './prisma/generated/client.ts';

export async function run(prisma: PrismaClient, userId: string): Promise<void> {
  await prisma.phase.updateManyAndReturn({ data: { state: 'Open', updatedBy: userId } });
  await prisma.cycle.updateMany({ data: { name: 'C', modifiedAt: new Date() } });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: { entity: 'Cycle', method: 'updateMany', fields: '`updatedById`' },
        line: 6,
        column: 41,
        endLine: 6,
        endColumn: 78,
        suggestions: [],
      },
    ],
    output: null,
  },
  {
    name: "drizzle: $onUpdate fills updatedAt on update().set() and on onConflictDoUpdate (buildUpdateSet); string-mode timestamp",
    code: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { owners, phases } from './models/drizzle';

declare const db: ReturnType<typeof drizzle>;

export async function run(userId: string, actorId: number): Promise<void> {
  await db.update(phases).set({ state: 'Done' });
  await db.insert(phases).values({ state: 'New', updatedAt: new Date() }).onConflictDoUpdate({ target: phases.id, set: { state: 'Open' } });
  await db.update(owners).set({ name: 'Ops' });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"phases","method":"set","fields":"`updatedBy`"},
        line: 8,
        column: 31,
        endLine: 8,
        endColumn: 48,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"phases","method":"onConflictDoUpdate","fields":"`updatedBy`"},
        line: 9,
        column: 120,
        endLine: 9,
        endColumn: 137,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"owners","method":"set","fields":"`updatedAt`, `updatedById`"},
        line: 10,
        column: 31,
        endLine: 10,
        endColumn: 46,
        suggestions: [],
      },
    ],
    output: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { owners, phases } from './models/drizzle';

declare const db: ReturnType<typeof drizzle>;

export async function run(userId: string, actorId: number): Promise<void> {
  await db.update(phases).set({ state: 'Done', updatedBy: userId });
  await db.insert(phases).values({ state: 'New', updatedAt: new Date() }).onConflictDoUpdate({ target: phases.id, set: { state: 'Open', updatedBy: userId } });
  await db.update(owners).set({ name: 'Ops', updatedAt: new Date().toISOString(), updatedById: actorId });
}
`,
  },
  {
    name: "kysely: updateTable().set() and doUpdateSet() use the column update type (string)",
    code: `
import type { Kysely } from 'kysely';
import type { Database } from './models/kysely';

export async function run(db: Kysely<Database>, userId: string): Promise<void> {
  await db.updateTable('phase').set({ state: 'Done' }).where('id', '=', 1).execute();
  await db
    .insertInto('phase')
    .values({ state: 'New', updated_at: new Date().toISOString(), updated_by: userId })
    .onConflict(oc => oc.column('id').doUpdateSet({ state: 'Open' }))
    .execute();
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"PhaseTable","method":"set","fields":"`updated_at`, `updated_by`"},
        line: 6,
        column: 37,
        endLine: 6,
        endColumn: 54,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"PhaseTable","method":"doUpdateSet","fields":"`updated_at`, `updated_by`"},
        line: 10,
        column: 51,
        endLine: 10,
        endColumn: 68,
        suggestions: [],
      },
    ],
    output: `
import type { Kysely } from 'kysely';
import type { Database } from './models/kysely';

export async function run(db: Kysely<Database>, userId: string): Promise<void> {
  await db.updateTable('phase').set({ state: 'Done', updated_at: new Date().toISOString(), updated_by: userId }).where('id', '=', 1).execute();
  await db
    .insertInto('phase')
    .values({ state: 'New', updated_at: new Date().toISOString(), updated_by: userId })
    .onConflict(oc => oc.column('id').doUpdateSet({ state: 'Open', updated_at: new Date().toISOString(), updated_by: userId }))
    .execute();
}
`,
  },
  {
    name: "options: timestampValue and actorExpressions",
    options: withOptions({"actorExpressions":["session.user.id"],"timestampValue":"clock.now()","auditHelpers":[],"ignoreProperties":[],"checkWriteCalls":true}),
    code: `
import { Sample } from './models/mikro-orm';
import type { EntityManager } from '@mikro-orm/core';

declare const clock: { now(): Date };

export async function run(em: EntityManager, session: { user: { id: string } }, userId: string): Promise<void> {
  await em.nativeUpdate(Sample, { uuid: 'a' }, { status: 'x' });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Sample","method":"nativeUpdate","fields":"`updatedAt`, `updatedBy`"},
        line: 8,
        column: 48,
        endLine: 8,
        endColumn: 63,
        suggestions: [],
      },
    ],
    output: `
import { Sample } from './models/mikro-orm';
import type { EntityManager } from '@mikro-orm/core';

declare const clock: { now(): Date };

export async function run(em: EntityManager, session: { user: { id: string } }, userId: string): Promise<void> {
  await em.nativeUpdate(Sample, { uuid: 'a' }, { status: 'x', updatedAt: clock.now(), updatedBy: session.user.id });
}
`,
  },
  {
    name: "a spread whose type lacks the field does not count",
    code: `
import type { Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export async function patch(phases: Repository<WorkflowPhase>, changes: { state: string }, userId: string): Promise<void> {
  await phases.update('1', { ...changes });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"WorkflowPhase","method":"update","fields":"`updatedBy`"},
        line: 6,
        column: 28,
        endLine: 6,
        endColumn: 42,
        suggestions: [],
      },
    ],
    output: `
import type { Repository } from 'typeorm';
import { WorkflowPhase } from './models/typeorm';

export async function patch(phases: Repository<WorkflowPhase>, changes: { state: string }, userId: string): Promise<void> {
  await phases.update('1', { ...changes, updatedBy: userId });
}
`,
  },
  ...classInvalid,
  ...subscriberInvalid,
  ...hooksOffInvalid,
  ...optionsHooksInvalid,
  ...registrationInvalid,
];

/**
 * Cases whose autofix is partial on purpose (no actor expression fits, or no statement to insert after): their
 * second lint still reports, and each has an explicit case below whose code is the fixed output.
 */
const partialFixes = new Set([
  "requireActor: 'always' and no actor at hand: the timestamp is fixed, the actor is reported without suggestions (a string parameter is no actor)",
  'prisma: the prisma-client generator output (updateManyAndReturn); no actor fits, no candidate',
]);

const fixedOutputs = invalid.flatMap(c => (typeof c.output === 'string' ? [{ name: c.name, output: c.output }] : []));
const suggestionOutputs = invalid.flatMap(c =>
  c.errors.flatMap(e => (e.suggestions ?? []).map((s, i) => ({ name: `${c.name} (suggestion ${i + 1})`, output: s.output }))),
);

/** The options and settings of a case, for a case that lints its output. */
const same = (c: Invalid): Pick<Valid, 'options' | 'settings'> => ({
  ...(c.options ? { options: c.options } : {}),
  ...(c.settings ? { settings: c.settings } : {}),
});

/** Second lint: every complete fix and every suggestion leaves nothing to report. */
const secondLint: Valid[] = [
  ...invalid.flatMap(c =>
    typeof c.output === 'string' && !partialFixes.has(c.name ?? '')
      ? [{ name: `${c.name ?? ''} -- fixed output lints clean`, code: c.output, ...same(c) }]
      : [],
  ),
  ...invalid.flatMap(c =>
    c.errors.flatMap(e =>
      (e.suggestions ?? []).map((s, i) => ({ name: `${c.name} -- suggestion ${i + 1} lints clean`, code: s.output, ...same(c) })),
    ),
  ),
];

createTypedRuleTester().run('require-audit-fields', rule, { valid: [...valid, ...secondLint], invalid });

/** Compiles sources as files of the fixture project (virtual files next to tests/fixtures/file.ts); returns the errors. */
function typecheck(sources: readonly { name: string; text: string }[]): { name: string; errors: string[] }[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(fixturesDir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: d => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('cannot read tests/fixtures/tsconfig.json');
  const virtual = new Map(sources.map((source, i) => [path.join(fixturesDir, `__audit_fix_${i}.ts`), source]));
  const base = ts.createCompilerHost(parsed.options, true);
  const host: ts.CompilerHost = {
    ...base,
    fileExists: file => virtual.has(file) || base.fileExists(file),
    readFile: file => virtual.get(file)?.text ?? base.readFile(file),
    getSourceFile: (file, language, onError, create) => {
      const source = virtual.get(file);
      return source ? ts.createSourceFile(file, source.text, language, true) : base.getSourceFile(file, language, onError, create);
    },
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options: parsed.options, host });
  return [...virtual].map(([file, source]) => {
    const sourceFile = program.getSourceFile(file)!;
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    return {
      name: source.name,
      errors: diagnostics.map(d => {
        const { line } = sourceFile.getLineAndCharacterOfPosition(d.start ?? 0);
        return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    };
  });
}

describe('require-audit-fields: options', () => {
  it('the defaults the cases spell out are the rule\'s meta.defaultOptions', () => {
    expect(rule.meta.defaultOptions).toEqual([defaults]);
  });
});

describe('require-audit-fields: fixes', () => {
  it('every case, fixed output and suggestion output type-checks with the fixture program', () => {
    const sources = [
      ...valid.map(c => ({ name: `valid: ${c.name}`, text: c.code })),
      ...invalid.map(c => ({ name: `invalid: ${c.name}`, text: c.code })),
      ...fixedOutputs.map(o => ({ name: `output: ${o.name}`, text: o.output })),
      ...suggestionOutputs.map(o => ({ name: `suggestion: ${o.name}`, text: o.output })),
    ];
    expect(fixedOutputs.length).toBeGreaterThan(20);
    expect(suggestionOutputs.length).toBeGreaterThan(0);
    expect(typecheck(sources).filter(r => r.errors.length > 0)).toEqual([]);
  });

  it('every partial fix has a case that lints its output (the fix converges)', () => {
    for (const name of partialFixes) {
      const output = fixedOutputs.find(o => o.name === name)?.output;
      expect(output, name).toBeDefined();
      const next = invalid.find(c => c.code === output);
      expect(next, `a case for the fixed output of "${name}"`).toBeDefined();
      expect(next?.output ?? null, 'nothing left to autofix').toBeNull();
    }
  });
});

describe('require-audit-fields: bad input', () => {
  const config = (options: unknown): Linter.Config[] => [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tsParser },
      plugins: { 'orm-hygiene': { rules: { 'require-audit-fields': rule as never } } },
      rules: { 'orm-hygiene/require-audit-fields': ['error', options] },
    },
  ];

  it('without type information, says so instead of crashing', () => {
    expect(() => new Linter().verify('phase.state = 1;', config({}), 'file.ts')).toThrow(/requires type information/u);
  });

  it('rejects invalid options with the schema message', () => {
    expect(() => new Linter().verify('x;', config({ timestampValue: 3 }), 'file.ts')).toThrow(/Value 3 should be string,null/u);
    expect(() => new Linter().verify('x;', config({ actorExpressions: ['user?.id'] }), 'file.ts')).toThrow(/should match pattern/u);
    expect(() => new Linter().verify('x;', config({ unknown: true }), 'file.ts')).toThrow(/should NOT have additional properties/u);
  });
});
