import type * as ts from 'typescript';

export type OrmId = 'typeorm' | 'mikro-orm' | 'sequelize' | 'prisma' | 'drizzle' | 'kysely' | 'custom';

/**
 * How a write reaches the database. Whether an audit field is filled without the caller depends on it.
 * - `tracked`: property writes / assign helpers on a loaded entity, persisted by `save()`, `flush()` or
 *   `instance.save()`/`instance.update()` (unit of work or active record; lifecycle hooks run).
 * - `update`: an ORM update call that goes through the ORM's column handling without loading the entity
 *   (TypeORM `repository.update`/query builder, Sequelize static `Model.update`, Prisma `update*`, Drizzle `update().set()`).
 * - `upsert`: the update branch of an upsert (TypeORM/MikroORM `upsert`, Prisma `upsert`, Sequelize
 *   `bulkCreate({ updateOnDuplicate })`, Drizzle `onConflictDoUpdate`).
 * - `native`: a write that bypasses the ORM's entity handling (MikroORM `nativeUpdate`/`qb.update()`, Kysely).
 * - `silent`: Sequelize with `{ silent: true }`: the caller tells the ORM that this write is not a modification to
 *   record (a view counter, a derived field, a backfill); nothing is required on it.
 */
export type WritePath = 'tracked' | 'update' | 'upsert' | 'native' | 'silent';

export const ALL_WRITE_PATHS: readonly WritePath[] = ['tracked', 'update', 'upsert', 'native', 'silent'];

export type AuditRole = 'timestamp' | 'actor';

/** The value shape of a timestamp field, which decides the autofix value. */
export type ValueKind = 'date' | 'number' | 'string' | 'other';

export interface AuditField {
  readonly name: string;
  readonly role: AuditRole;
  /** Declared type of the property (as seen on the entity type). */
  readonly type: ts.Type;
  readonly valueKind: ValueKind;
  /** Write paths on which something other than the caller fills this field. */
  readonly maintainedOn: ReadonlySet<WritePath>;
  /** Why it is maintained, for messages and docs (`@UpdateDateColumn`, `@BeforeUpdate stamp()`, `managedFields`). */
  readonly maintainedBy: readonly string[];
  /**
   * Of `maintainedOn`, the write paths on which something other than a lifecycle hook of the entity fills the field
   * (the ORM's column handling, `managedFields`); unset: all of them. A write that runs no hooks (TypeORM `save(e, {
   * listeners: false })`, Sequelize `save({ hooks: false })`) is maintained only by these.
   */
  readonly maintainedWithoutHooks?: ReadonlySet<WritePath>;
  /**
   * Other properties that write the same column: the owning relation of a foreign-key actor column (TypeORM/MikroORM
   * `@ManyToOne updatedBy` for `updatedById`), or the key column of an actor relation. Writing one sets the field.
   */
  readonly aliases?: readonly string[];
  /**
   * For an actor field, the entity the actor is (`User` for `@ForeignKey(() => User) lastModifiedById`), and the
   * property of it the field holds (`id`), or undefined when the field holds the entity itself (a relation).
   */
  readonly actor?: { readonly entity: ts.Type; readonly key: string | undefined };
}

export interface EntityInfo {
  readonly orm: OrmId;
  /** The entity's name: class name, Prisma model name, Drizzle table variable, Kysely table interface. */
  readonly name: string;
  /**
   * `true` for unit-of-work / active-record objects (TypeORM, MikroORM, Sequelize): writing a property changes the
   * database on the next save/flush. `false` for plain rows (Prisma, Drizzle, Kysely): only write calls do.
   */
  readonly tracked: boolean;
  /** The class (or schema variable) that declares the entity, when there is one. */
  readonly declaration: ts.Declaration | undefined;
  readonly timestampField: AuditField | undefined;
  readonly actorField: AuditField | undefined;
  /** Name of the primary key property, when it can be told. */
  readonly primaryKey: string | undefined;
  /** Whether a property is a persisted column or relation (getters, methods, undecorated fields are not). */
  isPersisted(property: string): boolean;
}

export function auditFields(entity: EntityInfo): AuditField[] {
  const fields: AuditField[] = [];
  if (entity.timestampField) fields.push(entity.timestampField);
  if (entity.actorField) fields.push(entity.actorField);
  return fields;
}

/**
 * The audit fields the caller must set on this write path (declared and not maintained by anything else); none on an
 * explicit opt-out (`silent`).
 */
export function requiredAuditFields(entity: EntityInfo, path: WritePath): AuditField[] {
  if (path === 'silent') return [];
  return auditFields(entity).filter(field => !field.maintainedOn.has(path));
}

/** Whether a property is one of the entity's audit fields, or writes one of their columns. */
export function isAuditProperty(entity: EntityInfo, property: string): boolean {
  return auditFields(entity).some(field => field.name === property || field.aliases?.includes(property) === true);
}

/**
 * ORMs where a change to a loaded object reaches the database only through an explicit save of that object (TypeORM
 * `repository.save(e)`/`e.save()`, Sequelize `instance.save()`), as opposed to a unit of work that flushes every
 * managed entity (MikroORM). On them `delete entity.prop` never reaches the database: TypeORM's
 * `SubjectChangedColumnsComputer.computeDiffColumns` skips columns whose value is `undefined`, and Sequelize's
 * `Model#save` writes only the attributes `Model#set` marked `changed()`, which `delete` does not call.
 */
export function isSaveExplicit(orm: OrmId): boolean {
  return orm === 'typeorm' || orm === 'sequelize';
}
