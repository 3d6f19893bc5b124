import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../src/rules/require-audit-fields.js';
import { withOptions } from './require-audit-fields-options.js';

/**
 * Cases for the mechanisms real applications showed (issue 11), one group per class: associations are not columns
 * (1), explicit opt-outs (2), Drizzle's upsert SET list (3), the actor policy (4), one report per object (5), stamps
 * made by callees (6), changes that never reach the database (7), no-op upserts (8), arrow-function methods (9),
 * project factories (10), audit fields found by the ORM's marker and wider default names (11). Fixtures:
 * tests/fixtures/models/{sequelize-associations,typeorm-relations,mikro-orm-relations}.ts.
 */
type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

export const classValid: Valid[] = [
  {
    name: "class 1: sequelize-typescript: the foreign-key column is the actor field; writing it satisfies the rule",
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function edit(page: Page, member: Member): Promise<void> {
  page.title = 'Q3';
  page.lastModifiedById = member.id;
  await page.save();
}
`,
  },
  {
    name: "class 1: writing only an association (@BelongsTo, @HasMany) is not a modification: it is never saved",
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export function decorate(page: Page, folder: Folder, member: Member): Page {
  page.folder = folder;
  page.editor = member;
  folder.pages = [page];
  return page;
}
`,
  },
  {
    name: "class 1: TypeORM: writing the owning @ManyToOne of the actor column sets it; @OneToMany and an inverse @OneToOne are no columns",
    code: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

export async function approve(invoices: Repository<Invoice>, invoice: Invoice, account: Account): Promise<void> {
  invoice.status = 'approved';
  invoice.editor = account;
  await invoices.save(invoice);
}

export function attach(invoice: Invoice): void {
  invoice.lines = [];
  invoice.note = null;
}
`,
  },
  {
    name: "class 1: MikroORM: the owning @ManyToOne actor written with the writer",
    code: `
import type { EntityManager } from '@mikro-orm/core';
import { Article, Writer } from './models/mikro-orm-relations';

export async function retitle(em: EntityManager, article: Article, writer: Writer): Promise<void> {
  article.title = 'New';
  article.modifiedBy = writer;
  await em.flush();
}
`,
  },
  {
    name: "class 2: Sequelize silent writes are an explicit opt-out: instance update, a save({ silent: true }) of the written object, static update",
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function count(page: Page, member: Member): Promise<void> {
  await page.update({ views: page.views + 1 }, { silent: true });
}

export async function derive(page: Page, member: Member): Promise<void> {
  page.plainText = page.body.toLowerCase();
  await page.save({ silent: true });
}

export async function backfill(member: Member): Promise<void> {
  await Page.update({ plainText: '' }, { where: { plainText: null }, silent: true });
}
`,
  },
  {
    name: "class 3: Drizzle $onUpdate fills the column in onConflictDoUpdate({ set })",
    code: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { phases } from './models/drizzle';

declare const db: ReturnType<typeof drizzle>;

export async function open(userId: string): Promise<void> {
  await db.insert(phases).values({ state: 'New' }).onConflictDoUpdate({ target: phases.id, set: { state: 'Open', updatedBy: userId } });
}
`,
  },
  {
    name: "class 4: no actor at hand (a background task deriving a field): only the timestamp counts, and the ORM fills it",
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function reindex(id: string): Promise<void> {
  const page = await Page.findByPk(id, { rejectOnEmpty: true });
  page.plainText = page.body.toLowerCase();
  await page.save();
}
`,
  },
  {
    name: "class 4: strings in scope are not actors (a password, an IP address)",
    code: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

export async function rotate(invoices: Repository<Invoice>, invoice: Invoice, password: string, ipAddress: string): Promise<void> {
  invoice.settings = { password, ipAddress };
  await invoices.save(invoice);
}
`,
  },
  {
    name: "class 4: access bookkeeping (lastAccessedAt, default ignoreProperties) is not a modification",
    code: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

export async function open(contracts: Repository<Contract>, contract: Contract, account: Account): Promise<void> {
  contract.lastAccessedAt = new Date();
  await contracts.save(contract);
}
`,
  },
  {
    name: "class 6: a function of the program that stamps the entity it is handed (two levels deep), or an entity method that stamps this",
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function publish(page: Page, member: Member): Promise<void> {
  page.publishedAt = new Date();
  stamp(page, member);
  await page.save();
}

export async function retitle(page: Page, member: Member): Promise<void> {
  page.title = 'New';
  page.touch(member);
  await page.save();
}
`,
  },
  {
    name: "class 7: a loaded entity only sanitised or decorated for a response is never saved (TypeORM, Sequelize); delete never reaches the database",
    code: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

export async function show(invoices: Repository<Invoice>, id: string, account: Account): Promise<string> {
  const invoice = await invoices.findOneByOrFail({ id });
  invoice.settings = { decrypted: true };
  delete invoice.settings;
  return JSON.stringify(invoice);
}

export async function strip(invoice: Invoice, account: Account): Promise<void> {
  delete invoice.settings;
}
`,
  },
  {
    name: "class 7: a loaded Sequelize instance decorated for a log line",
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function show(id: string, member: Member): Promise<void> {
  const page = await Page.findByPk(id, { rejectOnEmpty: true });
  page.title = page.title.toUpperCase();
  console.log(JSON.stringify(page));
}
`,
  },
  {
    name: "class 8: an upsert whose update branch sets only the conflict key to itself (find-or-create for RETURNING)",
    code: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import type { Kysely } from 'kysely';
import { owners } from './models/drizzle';
import type { Database } from './models/kysely';

declare const db: ReturnType<typeof drizzle>;

export async function findOrCreate(kysely: Kysely<Database>, name: string, actorId: number): Promise<void> {
  await db.insert(owners).values({ name, updatedAt: new Date().toISOString(), updatedById: actorId }).onConflictDoUpdate({ target: owners.name, set: { name: sql\`excluded.name\` } }).returning();
  await kysely.insertInto('phase').values({ state: 'New', updated_at: '', updated_by: '' }).onConflict(oc => oc.column('state').doUpdateSet({ state: 'New' })).execute();
}
`,
  },
  {
    name: "class 9: an arrow-function field that stamps this, and a field initialiser",
    code: `
import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity()
export class Ticket {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  state: string = 'open';

  @Column()
  updatedBy: string;

  @UpdateDateColumn()
  updatedAt: Date;

  close = (userId: string): void => {
    this.state = 'closed';
    this.updatedBy = userId;
  };
}
`,
  },
  {
    name: "class 10: an entity a project factory creates and returns is new",
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function draft(member: Member): Promise<void> {
  const page = await draftPage('t');
  page.body = 'x';
  await page.save();
}
`,
  },
];

export const classInvalid: Invalid[] = [
  {
    name: "class 1: sequelize-typescript static update: the key column is asked for (not the association), from the member at hand",
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function moveAll(member: Member, from: string, to: string): Promise<void> {
  await Page.update({ folderId: to }, { where: { folderId: from } });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Page","method":"update","fields":"`lastModifiedById`"},
        line: 5,
        column: 21,
        endLine: 5,
        endColumn: 37,
        suggestions: [],
      },
    ],
    output: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function moveAll(member: Member, from: string, to: string): Promise<void> {
  await Page.update({ folderId: to, lastModifiedById: member.id }, { where: { folderId: from } });
}
`,
  },
  {
    name: "class 1/11: TypeORM: the actor column written by an owning relation gets the account key; the marked timestamp `modified` is maintained",
    code: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

export async function pay(invoices: Repository<Invoice>, invoice: Invoice, account: Account): Promise<void> {
  invoice.status = 'paid';
  await invoices.save(invoice);
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Invoice","name":"invoice","fields":"`lastUpdatedById`"},
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 26,
        suggestions: [],
      },
    ],
    output: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

export async function pay(invoices: Repository<Invoice>, invoice: Invoice, account: Account): Promise<void> {
  invoice.status = 'paid';
  invoice.lastUpdatedById = account.id;
  await invoices.save(invoice);
}
`,
  },
  {
    name: "class 1/11: MikroORM: the owning relation is the actor (the writer itself); nativeUpdate needs the onUpdate-marked `lastModifiedAt` too",
    code: `
import type { EntityManager } from '@mikro-orm/core';
import { Article, Writer } from './models/mikro-orm-relations';

export async function retitle(em: EntityManager, article: Article, writer: Writer): Promise<void> {
  article.title = 'New';
  await em.nativeUpdate(Article, { id: article.id }, { title: 'New' });
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Article","name":"article","fields":"`modifiedBy`"},
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 24,
        suggestions: [],
      },
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"Article","method":"nativeUpdate","fields":"`lastModifiedAt`, `modifiedBy`"},
        line: 7,
        column: 54,
        endLine: 7,
        endColumn: 70,
        suggestions: [],
      },
    ],
    output: `
import type { EntityManager } from '@mikro-orm/core';
import { Article, Writer } from './models/mikro-orm-relations';

export async function retitle(em: EntityManager, article: Article, writer: Writer): Promise<void> {
  article.title = 'New';
  article.modifiedBy = writer;
  await em.nativeUpdate(Article, { id: article.id }, { title: 'New', lastModifiedAt: new Date(), modifiedBy: writer });
}
`,
  },
  {
    name: "class 2: a write saved both silently and normally in the same function is a modification",
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function edit(page: Page, member: Member): Promise<void> {
  page.plainText = page.body.toLowerCase();
  await page.save({ silent: true });
  page.title = 'Q4';
  await page.save();
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Page","name":"page","fields":"`lastModifiedById`"},
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 43,
        suggestions: [],
      },
    ],
    output: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function edit(page: Page, member: Member): Promise<void> {
  page.plainText = page.body.toLowerCase();
  await page.save({ silent: true });
  page.title = 'Q4';
  page.lastModifiedById = member.id;
  await page.save();
}
`,
  },
  {
    name: "class 4: requireActor: 'always' asks for the actor without one at hand, with no suggestion",
    options: withOptions({"requireActor":"always"}),
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function reindex(id: string): Promise<void> {
  const page = await Page.findByPk(id, { rejectOnEmpty: true });
  page.plainText = page.body.toLowerCase();
  await page.save();
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Page","name":"page","fields":"`lastModifiedById`"},
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 43,
        suggestions: [],
      },
    ],
    output: null,
  },
  {
    name: "class 4: two actors of the relation entity in scope: a suggestion for each, no guess",
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function handOver(page: Page, member: Member, successor: Member): Promise<void> {
  page.title = 'Handed over';
  await page.save();
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Page","name":"page","fields":"`lastModifiedById`"},
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 29,
        suggestions: [
          { messageId: 'setActor', data: {"field":"lastModifiedById","expression":"member.id"}, output: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function handOver(page: Page, member: Member, successor: Member): Promise<void> {
  page.title = 'Handed over';
  page.lastModifiedById = member.id;
  await page.save();
}
` },
          { messageId: 'setActor', data: {"field":"lastModifiedById","expression":"successor.id"}, output: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

export async function handOver(page: Page, member: Member, successor: Member): Promise<void> {
  page.title = 'Handed over';
  page.lastModifiedById = successor.id;
  await page.save();
}
` },
        ],
      },
    ],
    output: null,
  },
  {
    name: "class 4/11: the timestamp is still required where nothing maintains it (`updatedDate`, a default spelling), without an actor",
    code: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

export async function rename(contracts: Repository<Contract>, contract: Contract, title: string): Promise<void> {
  contract.title = title;
  await contracts.save(contract);
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Contract","name":"contract","fields":"`updatedDate`"},
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 25,
        suggestions: [],
      },
    ],
    output: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

export async function rename(contracts: Repository<Contract>, contract: Contract, title: string): Promise<void> {
  contract.title = title;
  contract.updatedDate = new Date();
  await contracts.save(contract);
}
`,
  },
  {
    name: "class 4: ignoreProperties set to [] makes bookkeeping a modification again",
    options: withOptions({"ignoreProperties":[]}),
    code: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

export async function open(contracts: Repository<Contract>, contract: Contract, account: Account): Promise<void> {
  contract.lastAccessedAt = new Date();
  await contracts.save(contract);
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Contract","name":"contract","fields":"`updatedDate`, `modifiedBy`"},
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 39,
        suggestions: [],
      },
    ],
    output: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

export async function open(contracts: Repository<Contract>, contract: Contract, account: Account): Promise<void> {
  contract.lastAccessedAt = new Date();
  contract.updatedDate = new Date();
  contract.modifiedBy = account;
  await contracts.save(contract);
}
`,
  },
  {
    name: "class 5: one report per entity variable per function, all missing fields in it; the stamp goes after the last write, at the level that covers every write",
    code: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

export async function revise(contracts: Repository<Contract>, contract: Contract, account: Account, title: string | undefined): Promise<void> {
  contract.title = title ?? contract.title;
  const count = await contracts.count();
  if (count > 1) {
    contract.title = \`\${contract.title} (\${count})\`;
  }
  await contracts.save(contract);
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Contract","name":"contract","fields":"`updatedDate`, `modifiedBy`"},
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 43,
        suggestions: [],
      },
    ],
    output: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

export async function revise(contracts: Repository<Contract>, contract: Contract, account: Account, title: string | undefined): Promise<void> {
  contract.title = title ?? contract.title;
  const count = await contracts.count();
  if (count > 1) {
    contract.title = \`\${contract.title} (\${count})\`;
  }
  contract.updatedDate = new Date();
  contract.modifiedBy = account;
  await contracts.save(contract);
}
`,
  },
  {
    name: "class 6: a function of the program that does not stamp is no stamp",
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

function log(page: Page): void {
  page.plainText = page.plainText.trim();
}

export async function publish(page: Page, member: Member): Promise<void> {
  page.publishedAt = new Date();
  log(page);
  await page.save();
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Page","name":"page","fields":"`lastModifiedById`"},
        line: 9,
        column: 3,
        endLine: 9,
        endColumn: 32,
        suggestions: [],
      },
    ],
    output: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

function log(page: Page): void {
  page.plainText = page.plainText.trim();
}

export async function publish(page: Page, member: Member): Promise<void> {
  page.publishedAt = new Date();
  page.lastModifiedById = member.id;
  log(page);
  await page.save();
}
`,
  },
  {
    name: "class 7: the same entity saved (directly, or handed to the program, which may save it) is a modification",
    code: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

declare function persist(invoice: Invoice): Promise<void>;

export async function approve(invoices: Repository<Invoice>, id: string, account: Account): Promise<void> {
  const invoice = await invoices.findOneByOrFail({ id });
  invoice.status = 'approved';
  await invoices.save(invoice);
}

export async function reject(invoices: Repository<Invoice>, id: string, account: Account): Promise<void> {
  const invoice = await invoices.findOneByOrFail({ id });
  invoice.status = 'rejected';
  await persist(invoice);
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Invoice","name":"invoice","fields":"`lastUpdatedById`"},
        line: 9,
        column: 3,
        endLine: 9,
        endColumn: 30,
        suggestions: [],
      },
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Invoice","name":"invoice","fields":"`lastUpdatedById`"},
        line: 15,
        column: 3,
        endLine: 15,
        endColumn: 30,
        suggestions: [],
      },
    ],
    output: `
import type { Repository } from 'typeorm';
import { Account, Contract, Invoice } from './models/typeorm-relations';

declare function persist(invoice: Invoice): Promise<void>;

export async function approve(invoices: Repository<Invoice>, id: string, account: Account): Promise<void> {
  const invoice = await invoices.findOneByOrFail({ id });
  invoice.status = 'approved';
  invoice.lastUpdatedById = account.id;
  await invoices.save(invoice);
}

export async function reject(invoices: Repository<Invoice>, id: string, account: Account): Promise<void> {
  const invoice = await invoices.findOneByOrFail({ id });
  invoice.status = 'rejected';
  invoice.lastUpdatedById = account.id;
  await persist(invoice);
}
`,
  },
  {
    name: "class 8: an upsert that also sets another column is a modification",
    code: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { owners } from './models/drizzle';

declare const db: ReturnType<typeof drizzle>;

export async function rename(name: string, actorId: number): Promise<void> {
  await db.insert(owners).values({ name, updatedAt: new Date().toISOString(), updatedById: actorId }).onConflictDoUpdate({ target: owners.id, set: { name } });
}
`,
    errors: [
      {
        messageId: 'missingInWriteCall',
        data: {"entity":"owners","method":"onConflictDoUpdate","fields":"`updatedAt`, `updatedById`"},
        line: 8,
        column: 148,
        endLine: 8,
        endColumn: 156,
        suggestions: [],
      },
    ],
    output: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { owners } from './models/drizzle';

declare const db: ReturnType<typeof drizzle>;

export async function rename(name: string, actorId: number): Promise<void> {
  await db.insert(owners).values({ name, updatedAt: new Date().toISOString(), updatedById: actorId }).onConflictDoUpdate({ target: owners.id, set: { name, updatedAt: new Date().toISOString(), updatedById: actorId } });
}
`,
  },
  {
    name: "class 9: a method written as an arrow-function class field is not construction",
    code: `
import { Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity()
export class Ticket {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  state: string;

  @Column()
  updatedBy: string;

  @UpdateDateColumn()
  updatedAt: Date;

  close = (userId: string): void => {
    this.state = 'closed';
  };
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Ticket","name":"this","fields":"`updatedBy`"},
        line: 19,
        column: 5,
        endLine: 19,
        endColumn: 26,
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
  state: string;

  @Column()
  updatedBy: string;

  @UpdateDateColumn()
  updatedAt: Date;

  close = (userId: string): void => {
    this.state = 'closed';
    this.updatedBy = userId;
  };
}
`,
  },
  {
    name: "class 10: a project function that loads and returns an entity is no factory",
    code: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

async function load(id: string): Promise<Page> {
  const page = await Page.findByPk(id, { rejectOnEmpty: true });
  return page;
}

export async function edit(id: string, member: Member): Promise<void> {
  const page = await load(id);
  page.body = 'x';
  await page.save();
}
`,
    errors: [
      {
        messageId: 'missingAuditFields',
        data: {"entity":"Page","name":"page","fields":"`lastModifiedById`"},
        line: 11,
        column: 3,
        endLine: 11,
        endColumn: 18,
        suggestions: [],
      },
    ],
    output: `
import { Folder, Member, Page, draftPage, stamp } from './models/sequelize-associations';

async function load(id: string): Promise<Page> {
  const page = await Page.findByPk(id, { rejectOnEmpty: true });
  return page;
}

export async function edit(id: string, member: Member): Promise<void> {
  const page = await load(id);
  page.body = 'x';
  page.lastModifiedById = member.id;
  await page.save();
}
`,
  },
];
