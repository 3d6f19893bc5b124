import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../src/rules/require-audit-fields.js';
import { withOptions } from './require-audit-fields-options.js';
import { mikroNote, sequelizePost, typeormContract } from './require-audit-fields-subscribers.js';

/**
 * When hooks run (src/orm/subscribers.ts, src/orm/write-apis.ts): a write that turns them off (TypeORM `listeners:
 * false` / `.callListeners(false)`, Sequelize `hooks: false`) gets nothing from subscribers and listeners; hooks
 * declared in Sequelize model options count like `addHook`; a MikroORM subscriber counts only when it is registered.
 */
type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

const contractSubscriber = `
@EventSubscriber()
export class ContractSubscriber extends ActorStamper implements EntitySubscriberInterface<Contract> {
  listenTo() {
    return Contract;
  }

  beforeUpdate(event: UpdateEvent<Contract>): void {
    if (event.entity) this.stamp(event.entity);
  }
}
`;

const typeormMemo = `
import { BaseEntity, BeforeUpdate, Column, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity()
export class Memo extends BaseEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  body: string;

  @UpdateDateColumn()
  updatedAt: Date;

  @Column()
  updatedBy: string;

  @BeforeUpdate()
  stampActor(): void {
    this.updatedBy = 'system';
  }
}
`;

const sequelizeHooks = `${sequelizePost}
Post.addHook('beforeUpdate', (post: Post) => {
  post.updatedBy = 'system';
});
Topic.beforeSave((topic: Topic) => {
  topic.updatedBy = 'system';
});
`;

// --- 1. listeners: false / callListeners(false) / hooks: false -----------------------------------------------------
export const hooksOffValid: Valid[] = [
  {
    name: 'registration: TypeORM: an undecorated class implementing EntitySubscriberInterface that pushes itself onto dataSource.subscribers (the NestJS way, from a base class) is a subscriber',
    code: `${typeormContract}
import type { DataSource } from 'typeorm';

abstract class RegisteredSubscriber {
  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }
}

export class ContractAudit extends RegisteredSubscriber implements EntitySubscriberInterface<Contract> {
  listenTo() {
    return Contract;
  }

  beforeUpdate(event: UpdateEvent<Contract>): void {
    if (event.entity) event.entity.updatedBy = 'system';
  }
}

export async function rename(contracts: Repository<Contract>, contract: Contract, userId: string): Promise<void> {
  contract.title = 'New';
  await contracts.save(contract);
}
`,
  },
  {
    name: 'hooks off: TypeORM: save() with listeners: true or none, update() (no such option) and callListeners(true) run the subscriber',
    code: `${typeormContract}${contractSubscriber}
export async function rename(contracts: Repository<Contract>, contract: Contract, other: Contract, userId: string): Promise<void> {
  contract.title = 'New';
  await contracts.save(contract, { listeners: true });
  other.title = 'New';
  await contracts.save(other, { reload: false });
  await contracts.update(1, { title: 'Newer' });
  await contracts.createQueryBuilder().update(Contract).set({ title: 'Newest' }).callListeners(true).execute();
}
`,
  },
  {
    name: 'hooks off: TypeORM: an object saved once without and once with listeners may be stamped by the subscriber (not reported)',
    code: `${typeormContract}${contractSubscriber}
export async function rename(contracts: Repository<Contract>, contract: Contract, userId: string): Promise<void> {
  contract.title = 'New';
  await contracts.save(contract, { listeners: false });
  await contracts.save(contract);
}
`,
  },
  {
    name: 'hooks off: TypeORM: listeners: false does not skip @UpdateDateColumn, and the caller\'s own stamp satisfies it',
    code: `${typeormMemo}
export async function edit(memo: Memo, userId: string): Promise<void> {
  memo.body = 'New';
  memo.updatedBy = userId;
  await memo.save({ listeners: false });
}
`,
  },
  {
    name: 'hooks off: TypeORM: callListeners(false) on a builder of another chain, and a callListeners of an unrelated class, change nothing',
    code: `${typeormContract}${contractSubscriber}
class Fake {
  callListeners(enabled: boolean): this {
    return this;
  }
}

export async function rename(contracts: Repository<Contract>, userId: string): Promise<void> {
  const other = contracts.createQueryBuilder().callListeners(false);
  new Fake().callListeners(false);
  await contracts.createQueryBuilder().update(Contract).set({ title: 'Newest' }).execute();
}
`,
  },
  {
    name: 'hooks off: TypeORM: without an actor at hand (requireActor when-available) nothing is asked on a listeners: false save',
    code: `${typeormContract}${contractSubscriber}
export async function rename(contracts: Repository<Contract>, contract: Contract, author: string): Promise<void> {
  contract.title = 'New';
  await contracts.save(contract, { listeners: false });
}
`,
  },
  {
    name: 'hooks off: Sequelize: hooks: false does not stop individualHooks of a static update (Model.update runs them regardless), hooks: true is the default',
    code: `${sequelizeHooks}
export async function rename(post: Post, userId: string): Promise<void> {
  await Post.update({ title: 'Newer' }, { where: { id: 1 }, individualHooks: true, hooks: false });
  post.title = 'New';
  await post.save({ hooks: true });
}
`,
  },
];

export const hooksOffInvalid: Invalid[] = [
  {
    name: 'hooks off: TypeORM: repository save(e, { listeners: false }) runs no subscriber: the field it fills is asked for (the timestamp is not)',
    code: `${typeormContract}${contractSubscriber}
export async function rename(contracts: Repository<Contract>, contract: Contract, userId: string): Promise<void> {
  contract.title = 'New';
  await contracts.save(contract, { listeners: false });
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'Contract', name: 'contract', fields: '`updatedBy`' }, line: 53, column: 3, endLine: 53, endColumn: 25 }],
    output: `${typeormContract}${contractSubscriber}
export async function rename(contracts: Repository<Contract>, contract: Contract, userId: string): Promise<void> {
  contract.title = 'New';
  contract.updatedBy = userId;
  await contracts.save(contract, { listeners: false });
}
`,
  },
  {
    name: 'hooks off: TypeORM: manager.save(Target, e, { listeners: false }) and a query builder with callListeners(false) before or after set()',
    code: `${typeormContract}${contractSubscriber}
import type { EntityManager } from 'typeorm';

export async function rename(manager: EntityManager, contract: Contract, userId: string): Promise<void> {
  contract.title = 'New';
  await manager.save(Contract, contract, { listeners: false });
}

export async function bulk(manager: EntityManager, userId: string): Promise<void> {
  await manager.createQueryBuilder().callListeners(false).update(Contract).set({ title: 'A' }).execute();
  await manager.createQueryBuilder().update(Contract).set({ title: 'B' }).callListeners(false).execute();
}
`,
    errors: [
      { messageId: 'missingAuditFields', data: { entity: 'Contract', name: 'contract', fields: '`updatedBy`' }, line: 55, column: 3, endLine: 55, endColumn: 25 },
      { messageId: 'missingInWriteCall', data: { entity: 'Contract', method: 'set', fields: '`updatedBy`' }, line: 60, column: 80, endLine: 60, endColumn: 94 },
      { messageId: 'missingInWriteCall', data: { entity: 'Contract', method: 'set', fields: '`updatedBy`' }, line: 61, column: 59, endLine: 61, endColumn: 73 },
    ],
    output: `${typeormContract}${contractSubscriber}
import type { EntityManager } from 'typeorm';

export async function rename(manager: EntityManager, contract: Contract, userId: string): Promise<void> {
  contract.title = 'New';
  contract.updatedBy = userId;
  await manager.save(Contract, contract, { listeners: false });
}

export async function bulk(manager: EntityManager, userId: string): Promise<void> {
  await manager.createQueryBuilder().callListeners(false).update(Contract).set({ title: 'A', updatedBy: userId }).execute();
  await manager.createQueryBuilder().update(Contract).set({ title: 'B', updatedBy: userId }).callListeners(false).execute();
}
`,
  },
  {
    name: 'hooks off: TypeORM: an entity\'s own @BeforeUpdate listener does not run under listeners: false (instance and static BaseEntity save)',
    code: `${typeormMemo}
export async function edit(memo: Memo, other: Memo, userId: string): Promise<void> {
  memo.body = 'New';
  await memo.save({ listeners: false });
  other.body = 'New';
  await Memo.save(other, { listeners: false });
}
`,
    errors: [
      { messageId: 'missingAuditFields', data: { entity: 'Memo', name: 'memo', fields: '`updatedBy`' }, line: 25, column: 3, endLine: 25, endColumn: 20 },
      { messageId: 'missingAuditFields', data: { entity: 'Memo', name: 'other', fields: '`updatedBy`' }, line: 27, column: 3, endLine: 27, endColumn: 21 },
    ],
    output: `${typeormMemo}
export async function edit(memo: Memo, other: Memo, userId: string): Promise<void> {
  memo.body = 'New';
  memo.updatedBy = userId;
  await memo.save({ listeners: false });
  other.body = 'New';
  other.updatedBy = userId;
  await Memo.save(other, { listeners: false });
}
`,
  },
  {
    name: 'hooks off: TypeORM: with requireActor always and no actor at hand, the field is reported without a fix',
    options: withOptions({ requireActor: 'always' }),
    code: `${typeormContract}${contractSubscriber}
export async function rename(contracts: Repository<Contract>, contract: Contract, author: string): Promise<void> {
  contract.title = 'New';
  await contracts.save(contract, { listeners: false });
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'Contract', name: 'contract', fields: '`updatedBy`' }, line: 53, column: 3, endLine: 53, endColumn: 25, suggestions: [] }],
  },
  {
    name: 'hooks off: Sequelize: save({ hooks: false }) and instance.update(values, { hooks: false }) run no beforeUpdate/beforeSave hook',
    code: `${sequelizeHooks}
export async function rename(post: Post, topic: Topic, userId: string): Promise<void> {
  post.title = 'New';
  await post.save({ hooks: false });
  await topic.update({ name: 'New' }, { hooks: false });
}
`,
    errors: [
      { messageId: 'missingAuditFields', data: { entity: 'Post', name: 'post', fields: '`updatedBy`' }, line: 31, column: 3, endLine: 31, endColumn: 21 },
      { messageId: 'missingAuditFields', data: { entity: 'Topic', name: 'topic', fields: '`updatedBy`' }, line: 33, column: 9, endLine: 33, endColumn: 56 },
    ],
    output: `${sequelizeHooks}
export async function rename(post: Post, topic: Topic, userId: string): Promise<void> {
  post.title = 'New';
  post.updatedBy = userId;
  await post.save({ hooks: false });
  await topic.update({ name: 'New', updatedBy: userId }, { hooks: false });
}
`,
  },
];

// --- 2. Sequelize hooks in model and Sequelize options -------------------------------------------------------------
const sequelizeDoc = `
import { Column, Model, Table } from 'sequelize-typescript';

@Table({
  hooks: {
    beforeUpdate(instance: Doc): void {
      instance.updatedBy = 'system';
    },
    beforeValidate(instance: Doc): void {
      instance.title = instance.title.trim();
    },
  },
})
export class Doc extends Model {
  @Column
  declare title: string;

  @Column
  declare updatedBy: string;
}

@Table({
  hooks: {
    beforeCreate: (sheet: Sheet) => {
      sheet.updatedBy = 'system';
    },
    beforeValidate: (sheet: Sheet) => {
      sheet.name = sheet.name.trim();
    },
  },
})
export class Sheet extends Model {
  @Column
  declare name: string;

  @Column
  declare updatedBy: string;
}
`;

const plainAccount = `
import { DataTypes, Model, Sequelize } from 'sequelize';
import type { CreationOptional, InferAttributes, InferCreationAttributes } from 'sequelize';

export class Account extends Model<InferAttributes<Account>, InferCreationAttributes<Account>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare updatedBy: string | null;
}

export class Ledger extends Model<InferAttributes<Ledger>, InferCreationAttributes<Ledger>> {
  declare id: CreationOptional<number>;
  declare label: string;
  declare updatedBy: string | null;
}

const stampActor = (instance: Account): void => {
  instance.updatedBy = 'system';
};

export function initModels(sequelize: Sequelize): void {
  Account.init(
    { id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true }, name: DataTypes.STRING, updatedBy: DataTypes.STRING },
    { sequelize, hooks: { beforeSave: stampActor } },
  );
  Ledger.init(
    { id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true }, label: DataTypes.STRING, updatedBy: DataTypes.STRING },
    { sequelize },
  );
}
`;

export const optionsHooksValid: Valid[] = [
  {
    name: 'options hooks: sequelize-typescript @Table({ hooks: { beforeUpdate } }) covers instance saves; the hook\'s own writes are no mutation',
    options: withOptions({ requireActor: 'always' }),
    code: `${sequelizeDoc}
export async function rename(doc: Doc, userId: string): Promise<void> {
  doc.title = 'New';
  await doc.save();
  await doc.update({ title: 'Newer' });
  await Doc.update({ title: 'Newest' }, { where: { id: 1 }, individualHooks: true });
}
`,
  },
  {
    name: 'options hooks: plain Sequelize Model.init(attributes, { hooks: { beforeSave: fn } }) covers the model\'s instance saves',
    code: `${plainAccount}
export async function rename(account: Account, userId: string): Promise<void> {
  account.name = 'New';
  await account.save();
}
`,
  },
  {
    name: 'options hooks: new Sequelize({ hooks }) and a hooks object declared as a const cover every model',
    code: `${plainAccount}
const globalHooks = {
  beforeUpdate(instance: any): void {
    instance.updatedBy = 'system';
  },
};

export const sequelize = new Sequelize('sqlite::memory:', { hooks: globalHooks });

export async function relabel(ledger: Ledger, userId: string): Promise<void> {
  ledger.label = 'New';
  await ledger.save();
}
`,
  },
];

export const optionsHooksInvalid: Invalid[] = [
  {
    name: 'options hooks: a beforeCreate option hook does not cover an update; another model\'s hooks do not; static update runs bulk hooks only; hooks: false runs none',
    options: withOptions({ requireActor: 'always' }),
    code: `${sequelizeDoc}
export async function rename(doc: Doc, sheet: Sheet, userId: string): Promise<void> {
  sheet.name = 'New';
  await sheet.save();
  await Doc.update({ title: 'Newest' }, { where: { id: 1 } });
  doc.title = 'New';
  await doc.save({ hooks: false });
}
`,
    errors: [
      { messageId: 'missingAuditFields', data: { entity: 'Sheet', name: 'sheet', fields: '`updatedBy`' }, line: 41, column: 3, endLine: 41, endColumn: 21 },
      { messageId: 'missingInWriteCall', data: { entity: 'Doc', method: 'update', fields: '`updatedBy`' }, line: 43, column: 20, endLine: 43, endColumn: 39 },
      { messageId: 'missingAuditFields', data: { entity: 'Doc', name: 'doc', fields: '`updatedBy`' }, line: 44, column: 3, endLine: 44, endColumn: 20 },
    ],
    output: `${sequelizeDoc}
export async function rename(doc: Doc, sheet: Sheet, userId: string): Promise<void> {
  sheet.name = 'New';
  sheet.updatedBy = userId;
  await sheet.save();
  await Doc.update({ title: 'Newest', updatedBy: userId }, { where: { id: 1 } });
  doc.title = 'New';
  doc.updatedBy = userId;
  await doc.save({ hooks: false });
}
`,
  },
  {
    name: 'options hooks: Model.init hooks are that model\'s: another model initialised without them is asked',
    code: `${plainAccount}
export async function relabel(ledger: Ledger, userId: string): Promise<void> {
  ledger.label = 'New';
  await ledger.save();
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'Ledger', name: 'ledger', fields: '`updatedBy`' }, line: 33, column: 3, endLine: 33, endColumn: 23 }],
    output: `${plainAccount}
export async function relabel(ledger: Ledger, userId: string): Promise<void> {
  ledger.label = 'New';
  ledger.updatedBy = userId;
  await ledger.save();
}
`,
  },
];

// --- 3. MikroORM subscribers count only when registered --------------------------------------------------------------
const noteSubscriber = `
import { defineConfig, MikroORM } from '@mikro-orm/core';

export class NoteSubscriber implements EventSubscriber<Note> {
  getSubscribedEntities() {
    return [Note];
  }

  beforeUpdate(args: EventArgs<Note>): void {
    args.entity.updatedBy = 'system';
  }
}

export class TagSubscriber implements EventSubscriber<Tag> {
  getSubscribedEntities() {
    return [Tag];
  }

  beforeUpdate(args: EventArgs<Tag>): void {
    args.entity.updatedBy = 'system';
  }
}
`;

const retitle = `
export async function retitle(em: EntityManager, id: number, userId: string): Promise<void> {
  const note = await em.findOneOrFail(Note, id);
  note.title = 'New';
  await em.flush();
}
`;

const retitled = `
export async function retitle(em: EntityManager, id: number, userId: string): Promise<void> {
  const note = await em.findOneOrFail(Note, id);
  note.title = 'New';
  note.updatedBy = userId;
  await em.flush();
}
`;

export const registrationValid: Valid[] = [
  {
    name: 'registration: MikroORM: a subscriber listed in defineConfig({ subscribers: [new X()] }) or as a class in MikroORM.init({ subscribers: [X] }) counts',
    code: `${mikroNote}${noteSubscriber}
export default defineConfig({ entities: [Note, Tag], dbName: 'app', subscribers: [new TagSubscriber()] });
export const orm = MikroORM.init({ entities: [Note, Tag], dbName: 'app', subscribers: [NoteSubscriber] });
${retitle}`,
  },
  {
    name: 'registration: MikroORM: registerSubscriber(new X()), and registerSubscriber(this) in a base class constructor registers its subclasses',
    code: `${mikroNote}${noteSubscriber}
export const config = { entities: [Note, Tag], dbName: 'app' };
export const orm = MikroORM.init(config);

abstract class SelfRegistering {
  constructor(em: EntityManager) {
    em.getEventManager().registerSubscriber(this);
  }
}

export class TagStamper extends SelfRegistering implements EventSubscriber<Tag> {
  beforeUpdate(args: EventArgs<Tag>): void {
    args.entity.updatedBy = 'system';
  }
}

export function install(em: EntityManager): void {
  em.getEventManager().registerSubscriber(new NoteSubscriber());
}
${retitle}
export async function relabel(em: EntityManager, id: number, userId: string): Promise<void> {
  const tag = await em.findOneOrFail(Tag, id);
  tag.label = 'New';
  await em.flush();
}
`,
  },
  {
    name: 'registration: MikroORM: a configuration built dynamically (a spread, a computed list) may register any subscriber: it counts',
    code: `${mikroNote}${noteSubscriber}
declare const base: { dbName: string };
declare function loadSubscribers(): EventSubscriber[];

export const orm = MikroORM.init({ ...base, entities: [Note, Tag] });
export default defineConfig({ entities: [Note, Tag], subscribers: loadSubscribers() });
${retitle}`,
  },
];

export const registrationInvalid: Invalid[] = [
  {
    name: 'registration: MikroORM: a subscriber class the visible configuration does not list is not registered and fills nothing',
    code: `${mikroNote}${noteSubscriber}
export default defineConfig({ entities: [Note, Tag], dbName: 'app', subscribers: [new TagSubscriber()] });
${retitle}`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'Note', name: 'note', fields: '`updatedBy`' }, line: 61, column: 3, endLine: 61, endColumn: 21 }],
    output: `${mikroNote}${noteSubscriber}
export default defineConfig({ entities: [Note, Tag], dbName: 'app', subscribers: [new TagSubscriber()] });
${retitled}`,
  },
  {
    name: 'registration: MikroORM: a configuration without subscribers, and registerSubscriber() of another class, leave the subscriber unregistered',
    code: `${mikroNote}${noteSubscriber}
export const orm = MikroORM.init({ entities: [Note, Tag], dbName: 'app' });

export function install(em: EntityManager): void {
  em.getEventManager().registerSubscriber(new TagSubscriber());
}
${retitle}`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'Note', name: 'note', fields: '`updatedBy`' }, line: 65, column: 3, endLine: 65, endColumn: 21 }],
    output: `${mikroNote}${noteSubscriber}
export const orm = MikroORM.init({ entities: [Note, Tag], dbName: 'app' });

export function install(em: EntityManager): void {
  em.getEventManager().registerSubscriber(new TagSubscriber());
}
${retitled}`,
  },
];
