import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../src/rules/require-audit-fields.js';
import { withOptions } from './require-audit-fields-options.js';

/**
 * Audit fields filled by subscribers and hooks outside the entity class (issue 13 item 6, src/orm/subscribers.ts): a
 * field a TypeORM `@EventSubscriber()`, a MikroORM `EventSubscriber` or a Sequelize `addHook` writes in its update
 * hook is not required on the write paths where the ORM runs that hook; it still is on the others, for creation-only
 * hooks, and for entities the subscriber does not listen to. Entities are declared in each case's code.
 */
type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;

export const typeormContract = `
import { Column, Entity, EventSubscriber, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { EntitySubscriberInterface, InsertEvent, Repository, UpdateEvent } from 'typeorm';

@Entity()
export class Contract {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  title: string;

  @UpdateDateColumn()
  updatedAt: Date;

  @Column()
  updatedBy: string;
}

@Entity()
export class Clause {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  text: string;

  @UpdateDateColumn()
  updatedAt: Date;

  @Column()
  updatedBy: string;
}

abstract class ActorStamper {
  protected stamp(entity: { updatedBy?: string }): void {
    entity.updatedBy = 'system';
  }
}
`;

export const mikroNote = `
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { EntityManager, EventArgs, EventSubscriber } from '@mikro-orm/core';

@Entity()
export class Note {
  @PrimaryKey()
  id: number;

  @Property()
  title: string;

  @Property({ onUpdate: () => new Date() })
  updatedAt: Date;

  @Property()
  updatedBy: string;
}

@Entity()
export class Tag {
  @PrimaryKey()
  id: number;

  @Property()
  label: string;

  @Property({ onUpdate: () => new Date() })
  updatedAt: Date;

  @Property()
  updatedBy: string;
}
`;

export const sequelizePost = `
import { Column, Model, Table } from 'sequelize-typescript';
import type { Sequelize } from 'sequelize-typescript';

@Table
export class Post extends Model {
  @Column
  declare title: string;

  @Column
  declare updatedBy: string;
}

@Table
export class Topic extends Model {
  @Column
  declare name: string;

  @Column
  declare updatedBy: string;
}
`;

export const subscriberValid: Valid[] = [
  {
    name: 'subscribers: TypeORM: a layered @EventSubscriber (beforeUpdate calls an inherited stamp) covers save() and update()',
    code: `${typeormContract}
@EventSubscriber()
export class ContractSubscriber extends ActorStamper implements EntitySubscriberInterface<Contract> {
  listenTo() {
    return Contract;
  }

  beforeUpdate(event: UpdateEvent<Contract>): void {
    if (event.entity) this.stamp(event.entity);
  }
}

export async function rename(contracts: Repository<Contract>, contract: Contract, userId: string): Promise<void> {
  contract.title = 'New';
  await contracts.save(contract);
  await contracts.update(contract.id, { title: 'Newer' });
  await contracts.createQueryBuilder().update(Contract).set({ title: 'Newest' }).execute();
}
`,
  },
  {
    name: 'subscribers: TypeORM: a subscriber without listenTo() listens to every entity; one whose listenTo() is a base class, to its subclasses',
    code: `${typeormContract}
@EventSubscriber()
export class EverySubscriber implements EntitySubscriberInterface {
  beforeUpdate({ entity }: UpdateEvent<any>): void {
    if (entity) entity.updatedBy = 'system';
  }
}

export async function rename(contracts: Repository<Contract>, clauses: Repository<Clause>, contract: Contract, clause: Clause, userId: string): Promise<void> {
  contract.title = 'New';
  await contracts.save(contract);
  clause.text = 'New';
  await clauses.save(clause);
}
`,
  },
  {
    name: 'subscribers: MikroORM: an EventSubscriber whose beforeUpdate writes args.entity covers flush for the entities it subscribes to',
    code: `${mikroNote}
export class NoteSubscriber implements EventSubscriber<Note> {
  getSubscribedEntities() {
    return [Note];
  }

  beforeUpdate(args: EventArgs<Note>): void {
    args.entity.updatedBy = 'system';
  }
}

export async function retitle(em: EntityManager, id: number, userId: string): Promise<void> {
  const note = await em.findOneOrFail(Note, id);
  note.title = 'New';
  await em.flush();
}
`,
  },
  {
    name: 'subscribers: Sequelize: addHook(beforeUpdate) on the model and sequelize.addHook(beforeSave) cover instance saves and static update with individualHooks',
    code: `${sequelizePost}
Post.addHook('beforeUpdate', (post: Post) => {
  post.updatedBy = 'system';
});

export function install(sequelize: Sequelize): void {
  sequelize.addHook('beforeSave', 'stamp', (instance: any) => {
    instance.updatedBy = 'system';
  });
}

export async function rename(post: Post, topic: Topic, userId: string): Promise<void> {
  post.title = 'New';
  await post.save();
  await Post.update({ title: 'Newer' }, { where: { id: 1 }, individualHooks: true });
  topic.name = 'New';
  await topic.save();
}
`,
  },
  {
    name: 'subscribers: sequelize-typescript: a static @BeforeUpdate hook declared on a base class the model extends',
    code: `
import { BeforeUpdate, Column, Model, Table } from 'sequelize-typescript';

export abstract class Audited extends Model {
  @Column
  declare updatedBy: string;

  @BeforeUpdate
  static stampActor(instance: Audited): void {
    instance.updatedBy = 'system';
  }
}

@Table
export class Page extends Audited {
  @Column
  declare title: string;
}

export async function rename(page: Page, userId: string): Promise<void> {
  page.title = 'New';
  await page.save();
}
`,
  },
  {
    name: 'subscribers: MikroORM: onFlush writing the change sets\' entities and recomputing them covers flush for every entity',
    code: `${mikroNote}
import { ChangeSetType, type FlushEventArgs } from '@mikro-orm/core';

export class FlushStamper implements EventSubscriber {
  onFlush(args: FlushEventArgs): void {
    for (const cs of args.uow.getChangeSets()) {
      if (cs.type === ChangeSetType.DELETE) continue;
      cs.entity.updatedBy = 'system';
      args.uow.recomputeSingleChangeSet(cs.entity);
    }
  }
}

export async function relabel(em: EntityManager, id: number, userId: string): Promise<void> {
  const tag = await em.findOneOrFail(Tag, id);
  tag.label = 'New';
  await em.flush();
}
`,
  },
  {
    name: 'subscribers: writes inside a subscriber\'s hooks and a Sequelize hook function run inside the ORM\'s write: no stamp is asked there',
    options: withOptions({ requireActor: 'always' }),
    code: `${mikroNote}
import { Column, Model, Table } from 'sequelize-typescript';

@Table
export class Post extends Model {
  @Column
  declare title: string;

  @Column
  declare updatedBy: string;
}

Post.addHook('beforeSave', (post: Post) => {
  post.title = post.title.trim();
});

export class NoteSubscriber implements EventSubscriber<Note> {
  beforeUpdate(args: EventArgs<Note>): void {
    args.entity.title = args.entity.title.trim();
  }

  afterUpdate = (args: EventArgs<Note>): void => {
    args.entity.title = args.entity.title.trim();
  };
}
`,
  },
];

export const subscriberInvalid: Invalid[] = [
  {
    name: 'subscribers: TypeORM: upsert() broadcasts BeforeInsert only, so the subscriber does not fill the field there',
    code: `${typeormContract}
@EventSubscriber()
export class ContractSubscriber extends ActorStamper implements EntitySubscriberInterface<Contract> {
  listenTo() {
    return Contract;
  }

  beforeUpdate(event: UpdateEvent<Contract>): void {
    if (event.entity) this.stamp(event.entity);
  }
}

export async function sync(contracts: Repository<Contract>, userId: string): Promise<void> {
  await contracts.upsert({ id: 1, title: 'Synced' }, ['id']);
}
`,
    errors: [{ messageId: 'missingInWriteCall', data: { entity: 'Contract', method: 'upsert', fields: '`updatedBy`' }, line: 53, column: 26, endLine: 53, endColumn: 52 }],
    output: `${typeormContract}
@EventSubscriber()
export class ContractSubscriber extends ActorStamper implements EntitySubscriberInterface<Contract> {
  listenTo() {
    return Contract;
  }

  beforeUpdate(event: UpdateEvent<Contract>): void {
    if (event.entity) this.stamp(event.entity);
  }
}

export async function sync(contracts: Repository<Contract>, userId: string): Promise<void> {
  await contracts.upsert({ id: 1, title: 'Synced', updatedBy: userId }, ['id']);
}
`,
  },
  {
    name: 'subscribers: TypeORM: a beforeInsert hook fills the field on inserts only, not on an update',
    code: `${typeormContract}
@EventSubscriber()
export class ContractSubscriber implements EntitySubscriberInterface<Contract> {
  listenTo() {
    return Contract;
  }

  beforeInsert(event: InsertEvent<Contract>): void {
    event.entity.updatedBy = 'system';
  }
}

export async function rename(contracts: Repository<Contract>, contract: Contract, userId: string): Promise<void> {
  contract.title = 'New';
  await contracts.save(contract);
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'Contract', name: 'contract', fields: '`updatedBy`' }, line: 53, column: 3, endLine: 53, endColumn: 25 }],
    output: `${typeormContract}
@EventSubscriber()
export class ContractSubscriber implements EntitySubscriberInterface<Contract> {
  listenTo() {
    return Contract;
  }

  beforeInsert(event: InsertEvent<Contract>): void {
    event.entity.updatedBy = 'system';
  }
}

export async function rename(contracts: Repository<Contract>, contract: Contract, userId: string): Promise<void> {
  contract.title = 'New';
  contract.updatedBy = userId;
  await contracts.save(contract);
}
`,
  },
  {
    name: 'subscribers: TypeORM: listenTo() returns another entity, and a class that is not decorated @EventSubscriber() is no subscriber',
    code: `${typeormContract}
@EventSubscriber()
export class ClauseSubscriber implements EntitySubscriberInterface<Clause> {
  listenTo() {
    return Clause;
  }

  beforeUpdate(event: UpdateEvent<Clause>): void {
    if (event.entity) event.entity.updatedBy = 'system';
  }
}

export class Unregistered implements EntitySubscriberInterface {
  beforeUpdate(event: UpdateEvent<any>): void {
    if (event.entity) event.entity.updatedBy = 'system';
  }
}

export async function rename(contracts: Repository<Contract>, userId: string): Promise<void> {
  await contracts.update(1, { title: 'New' });
}
`,
    errors: [{ messageId: 'missingInWriteCall', data: { entity: 'Contract', method: 'update', fields: '`updatedBy`' }, line: 59, column: 29, endLine: 59, endColumn: 45 }],
    output: `${typeormContract}
@EventSubscriber()
export class ClauseSubscriber implements EntitySubscriberInterface<Clause> {
  listenTo() {
    return Clause;
  }

  beforeUpdate(event: UpdateEvent<Clause>): void {
    if (event.entity) event.entity.updatedBy = 'system';
  }
}

export class Unregistered implements EntitySubscriberInterface {
  beforeUpdate(event: UpdateEvent<any>): void {
    if (event.entity) event.entity.updatedBy = 'system';
  }
}

export async function rename(contracts: Repository<Contract>, userId: string): Promise<void> {
  await contracts.update(1, { title: 'New', updatedBy: userId });
}
`,
  },
  {
    name: 'subscribers: MikroORM: nativeUpdate() fires no events; a beforeCreate hook does not cover a flushed update; getSubscribedEntities() names Tag only',
    code: `${mikroNote}
export class NoteSubscriber implements EventSubscriber<Note> {
  getSubscribedEntities() {
    return [Note];
  }

  beforeUpdate(args: EventArgs<Note>): void {
    args.entity.updatedBy = 'system';
  }
}

export class TagSubscriber implements EventSubscriber {
  getSubscribedEntities() {
    return [Tag];
  }

  beforeCreate({ entity }: EventArgs<Tag>): void {
    entity.updatedBy = 'system';
  }

  beforeUpdate({ entity }: EventArgs<Tag>): void {
    entity.updatedBy = 'system';
  }
}

export class CreationOnly implements EventSubscriber<Note> {
  beforeCreate(args: EventArgs<Note>): void {
    args.entity.updatedBy = 'system';
  }
}

export async function retitle(em: EntityManager, id: number, userId: string): Promise<void> {
  await em.nativeUpdate(Note, { id }, { title: 'New' });
}
`,
    errors: [{ messageId: 'missingInWriteCall', data: { entity: 'Note', method: 'nativeUpdate', fields: '`updatedAt`, `updatedBy`' }, line: 66, column: 39, endLine: 66, endColumn: 55 }],
    output: `${mikroNote}
export class NoteSubscriber implements EventSubscriber<Note> {
  getSubscribedEntities() {
    return [Note];
  }

  beforeUpdate(args: EventArgs<Note>): void {
    args.entity.updatedBy = 'system';
  }
}

export class TagSubscriber implements EventSubscriber {
  getSubscribedEntities() {
    return [Tag];
  }

  beforeCreate({ entity }: EventArgs<Tag>): void {
    entity.updatedBy = 'system';
  }

  beforeUpdate({ entity }: EventArgs<Tag>): void {
    entity.updatedBy = 'system';
  }
}

export class CreationOnly implements EventSubscriber<Note> {
  beforeCreate(args: EventArgs<Note>): void {
    args.entity.updatedBy = 'system';
  }
}

export async function retitle(em: EntityManager, id: number, userId: string): Promise<void> {
  await em.nativeUpdate(Note, { id }, { title: 'New', updatedAt: new Date(), updatedBy: userId });
}
`,
  },
  {
    name: 'subscribers: MikroORM: a subscriber for another entity, or with a creation hook only, leaves a flushed update to the caller',
    code: `${mikroNote}
export class TagSubscriber implements EventSubscriber {
  getSubscribedEntities() {
    return [Tag];
  }

  beforeUpdate({ entity }: EventArgs<Tag>): void {
    entity.updatedBy = 'system';
  }
}

export class CreationOnly implements EventSubscriber<Note> {
  beforeCreate(args: EventArgs<Note>): void {
    args.entity.updatedBy = 'system';
  }
}

export async function retitle(em: EntityManager, id: number, userId: string): Promise<void> {
  const note = await em.findOneOrFail(Note, id);
  note.title = 'New';
  await em.flush();
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'Note', name: 'note', fields: '`updatedBy`' }, line: 53, column: 3, endLine: 53, endColumn: 21 }],
    output: `${mikroNote}
export class TagSubscriber implements EventSubscriber {
  getSubscribedEntities() {
    return [Tag];
  }

  beforeUpdate({ entity }: EventArgs<Tag>): void {
    entity.updatedBy = 'system';
  }
}

export class CreationOnly implements EventSubscriber<Note> {
  beforeCreate(args: EventArgs<Note>): void {
    args.entity.updatedBy = 'system';
  }
}

export async function retitle(em: EntityManager, id: number, userId: string): Promise<void> {
  const note = await em.findOneOrFail(Note, id);
  note.title = 'New';
  note.updatedBy = userId;
  await em.flush();
}
`,
  },
  {
    name: 'subscribers: Sequelize: static Model.update() without individualHooks runs bulk hooks only; beforeCreate and another model\'s hook do not cover an update',
    code: `${sequelizePost}
Post.addHook('beforeUpdate', (post: Post) => {
  post.updatedBy = 'system';
});
Topic.addHook('beforeCreate', (topic: Topic) => {
  topic.updatedBy = 'system';
});

export async function rename(topic: Topic, userId: string): Promise<void> {
  await Post.update({ title: 'Newer' }, { where: { id: 1 } });
  topic.name = 'New';
  await topic.save();
}
`,
    errors: [
      { messageId: 'missingInWriteCall', data: { entity: 'Post', method: 'update', fields: '`updatedBy`' }, line: 31, column: 21, endLine: 31, endColumn: 39 },
      { messageId: 'missingAuditFields', data: { entity: 'Topic', name: 'topic', fields: '`updatedBy`' }, line: 32, column: 3, endLine: 32, endColumn: 21 },
    ],
    output: `${sequelizePost}
Post.addHook('beforeUpdate', (post: Post) => {
  post.updatedBy = 'system';
});
Topic.addHook('beforeCreate', (topic: Topic) => {
  topic.updatedBy = 'system';
});

export async function rename(topic: Topic, userId: string): Promise<void> {
  await Post.update({ title: 'Newer', updatedBy: userId }, { where: { id: 1 } });
  topic.name = 'New';
  topic.updatedBy = userId;
  await topic.save();
}
`,
  },
  {
    name: 'subscribers: MikroORM: an onFlush write for created change sets only, or without recomputing the change set, does not cover an update',
    code: `${mikroNote}
import { ChangeSetType, type FlushEventArgs } from '@mikro-orm/core';

export class CreationStamper implements EventSubscriber {
  onFlush(args: FlushEventArgs): void {
    for (const cs of args.uow.getChangeSets()) {
      if (cs.type === ChangeSetType.CREATE) {
        cs.entity.updatedBy = 'system';
        args.uow.recomputeSingleChangeSet(cs.entity);
      }
    }
  }
}

export class Unrecomputed implements EventSubscriber {
  onFlush(args: FlushEventArgs): void {
    for (const cs of args.uow.getChangeSets()) cs.entity.updatedBy = 'system';
  }
}

export async function relabel(em: EntityManager, id: number, userId: string): Promise<void> {
  const tag = await em.findOneOrFail(Tag, id);
  tag.label = 'New';
  await em.flush();
}
`,
    errors: [{ messageId: 'missingAuditFields', data: { entity: 'Tag', name: 'tag', fields: '`updatedBy`' }, line: 56, column: 3, endLine: 56, endColumn: 20 }],
    output: `${mikroNote}
import { ChangeSetType, type FlushEventArgs } from '@mikro-orm/core';

export class CreationStamper implements EventSubscriber {
  onFlush(args: FlushEventArgs): void {
    for (const cs of args.uow.getChangeSets()) {
      if (cs.type === ChangeSetType.CREATE) {
        cs.entity.updatedBy = 'system';
        args.uow.recomputeSingleChangeSet(cs.entity);
      }
    }
  }
}

export class Unrecomputed implements EventSubscriber {
  onFlush(args: FlushEventArgs): void {
    for (const cs of args.uow.getChangeSets()) cs.entity.updatedBy = 'system';
  }
}

export async function relabel(em: EntityManager, id: number, userId: string): Promise<void> {
  const tag = await em.findOneOrFail(Tag, id);
  tag.label = 'New';
  tag.updatedBy = userId;
  await em.flush();
}
`,
  },
];

