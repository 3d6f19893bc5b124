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
 * - `silent`: Sequelize with `{ silent: true }`.
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

/** The audit fields the caller must set on this write path (declared and not maintained by anything else). */
export function requiredAuditFields(entity: EntityInfo, path: WritePath): AuditField[] {
  return auditFields(entity).filter(field => !field.maintainedOn.has(path));
}
