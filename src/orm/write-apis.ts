import { AST_NODE_TYPES, type ParserServicesWithTypeInformation, type TSESTree } from '@typescript-eslint/utils';
import { isTypeReference } from '../util/type-predicates.js';
import * as ts from 'typescript';
import { findProperty, hasFalseProperty, hasTrueProperty, memberName, propertyKeyName, skipTypeWrappers } from '../util/ast.js';
import { argumentSelector, type Parameter } from '../util/arguments.js';
import { declaredResult, type DeclaredResult } from '../util/declared-result.js';
import { decoratorsOf, packageOfFile } from '../util/ts-nodes.js';
import type { EntityInfo, EntityModel } from './entity-model.js';
import { isPrismaGeneratedFile } from './prisma.js';
import type { OrmId, WritePath } from './types.js';

/**
 * The ORM calls that write entity data, as data: which methods of which receiver types (named by declaring package and
 * class/interface) write, where the entity type comes from, where the data object is and which write path it takes.
 * Receivers are always matched by the declaration the method resolves to, never by a variable's or method's name.
 *
 * - `write`: an ORM update call (`repository.update(id, {...})`): the data literal must carry the audit fields.
 * - `assign`: an assign helper on a loaded entity (`em.assign(e, {...})`): a property write on a tracked entity.
 * - `create`: makes a new entity (`repo.create()`, `Model.build()`): later property writes to it are an insert.
 * - `save`: persists a loaded entity's changed properties (`instance.save(options)`); read for its options (`silent`).
 */
export type WriteKind = 'write' | 'assign' | 'create' | 'save';

/** Where the written entity's type comes from. */
export type EntitySource =
  /** A type argument of the receiver's instantiation of the owner class (`Repository<E>`, `UpdateQueryBuilder<E>`). */
  | { readonly from: 'receiverTypeArgument'; readonly index: number }
  /** A type argument of the call's result type (`qb.update(E, {...})` returns `UpdateQueryBuilder<E>`). */
  | { readonly from: 'returnTypeArgument'; readonly index: number }
  /** A Drizzle table type argument of the receiver (`PgUpdateBuilder<typeof phases>`); the row is `$inferSelect`. */
  | { readonly from: 'drizzleTable'; readonly index: number }
  /** Kysely `DB[UT]`: database and table-name type arguments of the receiver (`UpdateQueryBuilder<DB, UT, ...>`). */
  | { readonly from: 'kyselyTable'; readonly database: number; readonly table: number }
  /** An entity class or schema passed as an argument (`em.nativeUpdate(Sample, ...)`). */
  | { readonly from: 'targetArgument'; readonly parameter: string }
  /** A static method called on the entity class (`Report.update(...)`). */
  | { readonly from: 'staticReceiver' }
  /** A method called on the entity itself (`report.set(...)`). */
  | { readonly from: 'receiver' }
  /** The entity passed as an argument (`em.assign(entity, data)`, `Object.assign(entity, data)`). */
  | { readonly from: 'entityArgument'; readonly parameter: string }
  /** `wrap(entity).assign(...)`: the wrapper's type argument; the entity object is the wrapping call's argument. */
  | { readonly from: 'wrappedReceiver' }
  /** A Prisma Client model delegate (`prisma.phase`): its model type. */
  | { readonly from: 'prismaDelegate' };

export interface DataLocation {
  /** Parameter names (across overloads) that take the data; a rest parameter takes every argument from its position. */
  readonly parameters: readonly string[];
  /** The data is this property of the argument (`{ data }`, `{ update }`, `{ set }`). */
  readonly property?: string;
}

export interface WriteApi {
  readonly orm: OrmId | 'ecmascript';
  /** Packages declaring the owner; `#lib` is TypeScript's default library, `#prisma-client` a generated Prisma Client. */
  readonly packages: readonly string[];
  /** Class/interface names declaring the methods; `*Delegate` matches a name suffix. */
  readonly owners: readonly string[];
  readonly methods: readonly string[];
  /** Whether the methods are static; unset matches both. */
  readonly static?: boolean;
  readonly kind: WriteKind;
  readonly entity: EntitySource;
  readonly data?: DataLocation;
  /** A string-key parameter (`instance.set('title', value)`). */
  readonly keyParameter?: string;
  readonly path: WritePath;
  /** Parameter of an options object whose `silent: true` makes the write path `silent` (Sequelize). */
  readonly silentOption?: string;
  /**
   * Sequelize static `Model.update(values, { individualHooks: true })` loads the rows and runs the instance hooks
   * (`beforeUpdate`, `beforeSave`) on each before it writes what they changed (lib/model.js `update`): what an instance
   * save maintains, it maintains too, so the write is on the `tracked` path.
   */
  readonly individualHooksOption?: boolean;
  /**
   * Property of the `options` object whose `false` makes the write run no hooks: TypeORM `save(e, { listeners: false })`
   * skips entity listeners and subscribers (persistence/SubjectExecutor.js `execute`: `broadcastBeforeEventsForAll`
   * only when `options.listeners !== false`; `@UpdateDateColumn` is still set by the update query's
   * `createUpdateExpression`); Sequelize `save({ hooks: false })` / `instance.update(values, { hooks: false })` skip
   * `beforeUpdate`/`beforeSave` (lib/model.js `save`: `if (options.hooks) runHooks(...)`; `updatedAt` is set before).
   */
  readonly hooksOption?: string;
  /**
   * A call on the query builder chain whose `false` argument turns listeners off for this query (TypeORM
   * `.callListeners(false)`: query-builder/QueryBuilder.js `callListeners` sets `expressionMap.callListeners`, which
   * `UpdateQueryBuilder.execute` tests before `broadcast("BeforeUpdate")`; `QueryExpressionMap.clone` carries it into a
   * builder made from this one, so it may come before or after `update()`/`set()`).
   */
  readonly listenersCall?: string;
  /** An assign helper that saves at once (Sequelize `instance.update()`): a stamp written after it is not saved. */
  readonly persists?: boolean;
  /** Only an update when the options object (parameter `options`) has this property, listing the updated columns. */
  readonly upsertColumnsOption?: string;
  /**
   * The data literal's own type says what each field accepts, which the entity's field types do not (Kysely's
   * `Updateable<>` of a `ColumnType<Select, Insert, Update>`): fixes read value types from it. Elsewhere the data type
   * is a partial of the entity (or wider), and the entity's field types are used: cheaper than resolving the call.
   */
  readonly typedData?: boolean;
  /** Where the conflict target of an upsert is written: its keys set to themselves make the update branch a no-op. */
  readonly conflictKeys?: ConflictKeys;
}

/** The columns an upsert's conflict is detected on. */
export type ConflictKeys =
  /** A property of an argument: column references (`target: t.email`, `[t.a, t.b]`) or string names (`['email']`). */
  | { readonly from: 'argumentProperty'; readonly parameter: string; readonly property: string }
  /** The argument itself, when it is an array of names (TypeORM `upsert(data, ['email'])`). */
  | { readonly from: 'argument'; readonly parameter: string }
  /** The keys of a property of an argument (Prisma `upsert({ where: { email } })`). */
  | { readonly from: 'argumentPropertyKeys'; readonly parameter: string; readonly property: string }
  /** A call on the receiver chain naming the columns (Kysely `oc.column('email').doUpdateSet(...)`). */
  | { readonly from: 'receiverCall'; readonly methods: readonly string[] };

const typeormPackages = ['typeorm'];
const mikroPackages = ['@mikro-orm/core', '@mikro-orm/knex', '@mikro-orm/sql'];
const sequelizePackages = ['sequelize', 'sequelize-typescript'];
const drizzlePackages = ['drizzle-orm'];
const kyselyPackages = ['kysely'];
/** Whether a package is one of the entity ORMs whose calls may write an entity handed to them. */
export function isOrmPackage(pkg: string | undefined): boolean {
  return pkg !== undefined && [...typeormPackages, ...mikroPackages, ...sequelizePackages].includes(pkg);
}
const typeormConflict: ConflictKeys = { from: 'argumentProperty', parameter: 'conflictPathsOrOptions', property: 'conflictPaths' };

export const writeApis: readonly WriteApi[] = [
  // --- TypeORM -------------------------------------------------------------------------------------------------------
  { orm: 'typeorm', packages: typeormPackages, owners: ['Repository'], methods: ['update', 'updateAll'], kind: 'write', entity: { from: 'receiverTypeArgument', index: 0 }, data: { parameters: ['partialEntity'] }, path: 'update' },
  { orm: 'typeorm', packages: typeormPackages, owners: ['Repository'], methods: ['upsert'], kind: 'write', entity: { from: 'receiverTypeArgument', index: 0 }, data: { parameters: ['entityOrEntities'] }, path: 'upsert', conflictKeys: typeormConflict },
  { orm: 'typeorm', packages: typeormPackages, owners: ['EntityManager'], methods: ['update', 'updateAll'], kind: 'write', entity: { from: 'targetArgument', parameter: 'target' }, data: { parameters: ['partialEntity'] }, path: 'update' },
  { orm: 'typeorm', packages: typeormPackages, owners: ['EntityManager'], methods: ['upsert'], kind: 'write', entity: { from: 'targetArgument', parameter: 'target' }, data: { parameters: ['entityOrEntities'] }, path: 'upsert', conflictKeys: typeormConflict },
  { orm: 'typeorm', packages: typeormPackages, owners: ['BaseEntity'], methods: ['update'], static: true, kind: 'write', entity: { from: 'staticReceiver' }, data: { parameters: ['partialEntity'] }, path: 'update' },
  { orm: 'typeorm', packages: typeormPackages, owners: ['BaseEntity'], methods: ['upsert'], static: true, kind: 'write', entity: { from: 'staticReceiver' }, data: { parameters: ['entityOrEntities'] }, path: 'upsert', conflictKeys: typeormConflict },
  { orm: 'typeorm', packages: typeormPackages, owners: ['QueryBuilder'], methods: ['update'], kind: 'write', entity: { from: 'returnTypeArgument', index: 0 }, data: { parameters: ['updateSet'] }, path: 'update', listenersCall: 'callListeners' },
  { orm: 'typeorm', packages: typeormPackages, owners: ['UpdateQueryBuilder'], methods: ['set'], kind: 'write', entity: { from: 'receiverTypeArgument', index: 0 }, data: { parameters: ['values'] }, path: 'update', listenersCall: 'callListeners' },
  // Saves of a loaded entity, read for `{ listeners: false }` (repository/Repository.js `save` → entity-manager/
  // EntityManager.js `save` → persistence/EntityPersistExecutor.js `execute` hands the options to `SubjectExecutor`;
  // repository/BaseEntity.js `save(options)` calls the repository's).
  { orm: 'typeorm', packages: typeormPackages, owners: ['Repository', 'EntityManager'], methods: ['save'], kind: 'save', entity: { from: 'entityArgument', parameter: 'entity' }, path: 'tracked', hooksOption: 'listeners' },
  { orm: 'typeorm', packages: typeormPackages, owners: ['BaseEntity'], methods: ['save'], static: true, kind: 'save', entity: { from: 'entityArgument', parameter: 'entity' }, path: 'tracked', hooksOption: 'listeners' },
  { orm: 'typeorm', packages: typeormPackages, owners: ['BaseEntity'], methods: ['save'], static: false, kind: 'save', entity: { from: 'receiver' }, path: 'tracked', hooksOption: 'listeners' },
  { orm: 'typeorm', packages: typeormPackages, owners: ['Repository'], methods: ['merge'], kind: 'assign', entity: { from: 'entityArgument', parameter: 'mergeIntoEntity' }, data: { parameters: ['entityLikes'] }, path: 'tracked' },
  { orm: 'typeorm', packages: typeormPackages, owners: ['EntityManager'], methods: ['merge'], kind: 'assign', entity: { from: 'entityArgument', parameter: 'mergeIntoEntity' }, data: { parameters: ['entityLikes'] }, path: 'tracked' },
  { orm: 'typeorm', packages: typeormPackages, owners: ['BaseEntity'], methods: ['merge'], static: true, kind: 'assign', entity: { from: 'entityArgument', parameter: 'mergeIntoEntity' }, data: { parameters: ['entityLikes'] }, path: 'tracked' },
  { orm: 'typeorm', packages: typeormPackages, owners: ['Repository', 'EntityManager'], methods: ['create'], kind: 'create', entity: { from: 'receiverTypeArgument', index: 0 }, path: 'tracked' },
  { orm: 'typeorm', packages: typeormPackages, owners: ['BaseEntity'], methods: ['create'], static: true, kind: 'create', entity: { from: 'staticReceiver' }, path: 'tracked' },
  // --- MikroORM ------------------------------------------------------------------------------------------------------
  { orm: 'mikro-orm', packages: mikroPackages, owners: ['EntityManager', 'SqlEntityManager'], methods: ['nativeUpdate'], kind: 'write', entity: { from: 'targetArgument', parameter: 'entityName' }, data: { parameters: ['data'] }, path: 'native' },
  { orm: 'mikro-orm', packages: mikroPackages, owners: ['EntityManager', 'SqlEntityManager'], methods: ['upsert', 'upsertMany'], kind: 'write', entity: { from: 'targetArgument', parameter: 'entityNameOrEntity' }, data: { parameters: ['data'] }, path: 'upsert', conflictKeys: { from: 'argumentProperty', parameter: 'options', property: 'onConflictFields' } },
  // `em.createQueryBuilder(E).update({...})` (@mikro-orm/knex, a devDependency for its test).
  { orm: 'mikro-orm', packages: mikroPackages, owners: ['QueryBuilder'], methods: ['update'], kind: 'write', entity: { from: 'receiverTypeArgument', index: 0 }, data: { parameters: ['data'] }, path: 'native' },
  { orm: 'mikro-orm', packages: mikroPackages, owners: ['EntityManager', 'SqlEntityManager'], methods: ['assign'], kind: 'assign', entity: { from: 'entityArgument', parameter: 'entity' }, data: { parameters: ['data'] }, path: 'tracked' },
  { orm: 'mikro-orm', packages: mikroPackages, owners: ['BaseEntity'], methods: ['assign'], kind: 'assign', entity: { from: 'receiver' }, data: { parameters: ['data'] }, path: 'tracked' },
  { orm: 'mikro-orm', packages: mikroPackages, owners: ['IWrappedEntity', 'WrappedEntity'], methods: ['assign'], kind: 'assign', entity: { from: 'wrappedReceiver' }, data: { parameters: ['data'] }, path: 'tracked' },
  { orm: 'mikro-orm', packages: mikroPackages, owners: ['EntityManager', 'SqlEntityManager'], methods: ['create'], kind: 'create', entity: { from: 'targetArgument', parameter: 'entityName' }, path: 'tracked' },
  // --- Sequelize -----------------------------------------------------------------------------------------------------
  { orm: 'sequelize', packages: sequelizePackages, owners: ['Model'], methods: ['update'], static: true, kind: 'write', entity: { from: 'staticReceiver' }, data: { parameters: ['values'] }, path: 'update', silentOption: 'options', individualHooksOption: true },
  { orm: 'sequelize', packages: sequelizePackages, owners: ['Model'], methods: ['upsert'], static: true, kind: 'write', entity: { from: 'staticReceiver' }, data: { parameters: ['values'] }, path: 'upsert', conflictKeys: { from: 'argumentProperty', parameter: 'options', property: 'conflictFields' } },
  { orm: 'sequelize', packages: sequelizePackages, owners: ['Model'], methods: ['bulkCreate'], static: true, kind: 'write', entity: { from: 'staticReceiver' }, data: { parameters: ['records'] }, path: 'upsert', upsertColumnsOption: 'updateOnDuplicate' },
  { orm: 'sequelize', packages: sequelizePackages, owners: ['Model'], methods: ['set', 'setAttributes'], static: false, kind: 'assign', entity: { from: 'receiver' }, data: { parameters: ['keys'] }, keyParameter: 'key', path: 'tracked' },
  { orm: 'sequelize', packages: sequelizePackages, owners: ['Model'], methods: ['update'], static: false, kind: 'assign', entity: { from: 'receiver' }, data: { parameters: ['keys'] }, keyParameter: 'key', path: 'tracked', silentOption: 'options', hooksOption: 'hooks', persists: true },
  { orm: 'sequelize', packages: sequelizePackages, owners: ['Model'], methods: ['build', 'create'], static: true, kind: 'create', entity: { from: 'staticReceiver' }, path: 'tracked' },
  { orm: 'sequelize', packages: sequelizePackages, owners: ['Model'], methods: ['save'], static: false, kind: 'save', entity: { from: 'receiver' }, path: 'tracked', silentOption: 'options', hooksOption: 'hooks' },
  // --- Prisma (generated client: `prisma.phase` is a `PhaseDelegate`) --------------------------------------------------
  { orm: 'prisma', packages: ['#prisma-client'], owners: ['*Delegate'], methods: ['update', 'updateMany', 'updateManyAndReturn'], kind: 'write', entity: { from: 'prismaDelegate' }, data: { parameters: ['args'], property: 'data' }, path: 'update' },
  { orm: 'prisma', packages: ['#prisma-client'], owners: ['*Delegate'], methods: ['upsert'], kind: 'write', entity: { from: 'prismaDelegate' }, data: { parameters: ['args'], property: 'update' }, path: 'upsert', conflictKeys: { from: 'argumentPropertyKeys', parameter: 'args', property: 'where' } },
  // --- Drizzle -------------------------------------------------------------------------------------------------------
  { orm: 'drizzle', packages: drizzlePackages, owners: ['PgUpdateBuilder', 'MySqlUpdateBuilder', 'SQLiteUpdateBuilder', 'SingleStoreUpdateBuilder', 'GelUpdateBuilder'], methods: ['set'], kind: 'write', entity: { from: 'drizzleTable', index: 0 }, data: { parameters: ['values'] }, path: 'update' },
  { orm: 'drizzle', packages: drizzlePackages, owners: ['PgInsertBase', 'SQLiteInsertBase', 'GelInsertBase'], methods: ['onConflictDoUpdate'], kind: 'write', entity: { from: 'drizzleTable', index: 0 }, data: { parameters: ['config'], property: 'set' }, path: 'upsert', conflictKeys: { from: 'argumentProperty', parameter: 'config', property: 'target' } },
  { orm: 'drizzle', packages: drizzlePackages, owners: ['MySqlInsertBase', 'SingleStoreInsertBase'], methods: ['onDuplicateKeyUpdate'], kind: 'write', entity: { from: 'drizzleTable', index: 0 }, data: { parameters: ['config'], property: 'set' }, path: 'upsert' },
  // --- Kysely --------------------------------------------------------------------------------------------------------
  { orm: 'kysely', packages: kyselyPackages, owners: ['UpdateQueryBuilder'], methods: ['set'], kind: 'write', entity: { from: 'kyselyTable', database: 0, table: 1 }, data: { parameters: ['update'] }, path: 'native', typedData: true },
  { orm: 'kysely', packages: kyselyPackages, owners: ['OnConflictBuilder'], methods: ['doUpdateSet'], kind: 'write', entity: { from: 'kyselyTable', database: 0, table: 1 }, data: { parameters: ['update'] }, path: 'upsert', typedData: true, conflictKeys: { from: 'receiverCall', methods: ['column', 'columns'] } },
  // --- ECMAScript ----------------------------------------------------------------------------------------------------
  { orm: 'ecmascript', packages: ['#lib'], owners: ['ObjectConstructor'], methods: ['assign'], kind: 'assign', entity: { from: 'entityArgument', parameter: 'target' }, data: { parameters: ['source', 'source1', 'source2', 'source3', 'sources'] }, path: 'tracked' },
];

/**
 * Lifecycle-hook decorators (by declaring package): writes inside a hook run as part of the ORM's own insert/update,
 * they are not a modification the caller must stamp.
 */
export const lifecycleHookDecorators: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['typeorm', new Set(['BeforeInsert', 'AfterInsert', 'BeforeUpdate', 'AfterUpdate', 'BeforeRemove', 'AfterRemove', 'BeforeSoftRemove', 'AfterSoftRemove', 'BeforeRecover', 'AfterRecover', 'AfterLoad'])],
  ['@mikro-orm/core', new Set(['BeforeCreate', 'AfterCreate', 'BeforeUpdate', 'AfterUpdate', 'BeforeUpsert', 'AfterUpsert', 'BeforeDelete', 'AfterDelete', 'OnInit', 'OnLoad'])],
  ['@mikro-orm/decorators', new Set(['BeforeCreate', 'AfterCreate', 'BeforeUpdate', 'AfterUpdate', 'BeforeUpsert', 'AfterUpsert', 'BeforeDelete', 'AfterDelete', 'OnInit', 'OnLoad'])],
  ['sequelize-typescript', new Set(['BeforeCreate', 'AfterCreate', 'BeforeUpdate', 'AfterUpdate', 'BeforeSave', 'AfterSave', 'BeforeUpsert', 'AfterUpsert', 'BeforeValidate', 'AfterValidate', 'BeforeDestroy', 'AfterDestroy', 'BeforeBulkUpdate', 'AfterBulkUpdate'])],
]);

/** Whether a method declaration is an ORM lifecycle hook (`@BeforeUpdate() normalise() {...}`). */
export function isLifecycleHook(checker: ts.TypeChecker, method: ts.Node): boolean {
  return decoratorsOf(checker, method).some(d => d.pkg !== undefined && lifecycleHookDecorators.get(d.pkg)?.has(d.name) === true);
}

/** The method names of the `create` entries (`create`, `build`). */
export const creationMethodNames: ReadonlySet<string> = new Set(writeApis.filter(api => api.kind === 'create').flatMap(api => api.methods));

/** Every method name in the table: a cheap syntactic pre-check before any type-checker call. */
export const writeApiMethodNames: ReadonlySet<string> = new Set(writeApis.flatMap(api => api.methods));

/**
 * The method names that only ever save an object (`save`): such a call writes nothing itself, so a rule can leave it
 * untyped until a change to the object it may save is known.
 */
export const saveOnlyMethodNames: ReadonlySet<string> = new Set(
  [...writeApiMethodNames].filter(name => writeApis.every(api => !api.methods.includes(name) || api.kind === 'save')),
);

/** A call matched against the table. */
export interface WriteCall {
  readonly api: WriteApi;
  readonly method: string;
  readonly entity: EntityInfo;
  readonly path: WritePath;
  /** The entity object an assign helper writes to (`em.assign(phase, ...)` → `phase`). */
  readonly target: TSESTree.Node | undefined;
  /** The data object literals (one per record for array data). */
  readonly data: readonly TSESTree.ObjectExpression[];
  /** Data arguments that are not object literals (their type's properties are written). */
  readonly opaqueData: readonly TSESTree.Node[];
  /** A string-literal key argument (`instance.set('title', value)`). */
  readonly key: string | undefined;
  /** The column list of a Sequelize `bulkCreate({ updateOnDuplicate: [...] })`, when it is an array literal. */
  readonly upsertColumns: TSESTree.ArrayExpression | undefined;
  /** The columns an upsert's conflict is detected on, when they are written statically. */
  readonly conflictKeys: ReadonlySet<string> | undefined;
  /** Whether the write runs the ORM's hooks, listeners and subscribers (not under `listeners: false`, `hooks: false`). */
  readonly hooks: boolean;
}

interface Owner {
  readonly declaration: ts.ClassDeclaration | ts.InterfaceDeclaration;
  readonly name: string;
  readonly isStatic: boolean;
  /** The method's declarations (overloads) in this owner. */
  readonly methods: ts.Declaration[];
}

function ownersOf(symbol: ts.Symbol | undefined): Owner[] {
  const owners: Owner[] = [];
  for (const declaration of symbol?.declarations ?? []) {
    const parent = declaration.parent;
    if ((ts.isClassDeclaration(parent) || ts.isInterfaceDeclaration(parent)) && parent.name) {
      const isStatic = (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Static) !== 0;
      const owner = owners.find(o => o.declaration === parent && o.isStatic === isStatic);
      if (owner) owner.methods.push(declaration);
      else owners.push({ declaration: parent, name: parent.name.text, isStatic, methods: [declaration] });
    }
  }
  return owners;
}

function packageMatches(program: ts.Program, packages: readonly string[], file: ts.SourceFile): boolean {
  const pkg = packageOfFile(file.fileName);
  if (pkg !== undefined && packages.includes(pkg)) return true;
  if (packages.includes('#lib') && program.isSourceFileDefaultLibrary(file)) return true;
  return packages.includes('#prisma-client') && isPrismaGeneratedFile(file);
}

function ownerMatches(names: readonly string[], name: string): boolean {
  return names.some(n => (n.startsWith('*') ? name.endsWith(n.slice(1)) && name.length > n.length - 1 : n === name));
}

/** The receiver type with `this` and type parameters replaced by their constraint, without `null`/`undefined`. */
export function concreteType(checker: ts.TypeChecker, type: ts.Type): ts.Type {
  const constrained = type.isTypeParameter() ? (checker.getBaseConstraintOfType(type) ?? type) : type;
  return checker.getNonNullableType(constrained);
}

/** The type arguments the receiver type gives the owner class, through subclasses (`class Repo extends Repository<E>`). */
function instantiationOf(checker: ts.TypeChecker, type: ts.Type, owner: ts.Declaration, depth = 0): readonly ts.Type[] | undefined {
  if (depth > 5) return undefined;
  if (isTypeReference(type) && type.target.getSymbol()?.declarations?.includes(owner)) return checker.getTypeArguments(type);
  if (type.isIntersection()) {
    for (const member of type.types) {
      const found = instantiationOf(checker, member, owner, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  const target = isTypeReference(type) ? type.target : type;
  if (!target.isClassOrInterface()) return undefined;
  for (const base of checker.getBaseTypes(target)) {
    const found = instantiationOf(checker, base, owner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The entity an entity class, `EntitySchema<T>` or `defineEntity(...)` value denotes. */
function entityOfTarget(model: EntityModel, type: ts.Type): EntityInfo | undefined {
  const constructed = type.getConstructSignatures()[0]?.getReturnType();
  if (constructed) return model.entityOfType(constructed);
  const args = isTypeReference(type) ? model.checker.getTypeArguments(type) : (type.aliasTypeArguments ?? []);
  for (const arg of args) {
    const entity = model.entityOfType(arg);
    if (entity) return entity;
  }
  return undefined;
}

const prismaModels = new WeakMap<ts.Symbol, ts.Type | null>();

/** `PhaseDelegate` → the model type (`Phase` of `prisma-client-js`, `PhaseModel` of `prisma-client`). */
function prismaModelType(checker: ts.TypeChecker, delegate: ts.ClassDeclaration | ts.InterfaceDeclaration): ts.Type | undefined {
  if (!delegate.name) return undefined;
  const symbol = checker.getSymbolAtLocation(delegate.name);
  if (!symbol) return undefined;
  const cached = prismaModels.get(symbol);
  if (cached !== undefined) return cached ?? undefined;
  const model = delegate.name.text.slice(0, -'Delegate'.length);
  const candidates = checker.getSymbolsInScope(delegate, ts.SymbolFlags.TypeAlias);
  const alias = candidates.find(s => s.name === model) ?? candidates.find(s => s.name === `${model}Model`);
  const type = alias ? checker.getDeclaredTypeOfSymbol(checker.getExportSymbolOfSymbol(alias)) : undefined;
  prismaModels.set(symbol, type ?? null);
  return type;
}

/** The arguments passed to the parameters named `names` (a rest parameter takes all from its position). */
type ArgumentsFor = (names: readonly string[]) => readonly TSESTree.Node[];

function argumentsNamed(parameters: readonly Parameter[] | undefined, args: readonly TSESTree.CallExpressionArgument[], names: readonly string[]): TSESTree.Node[] {
  const out: TSESTree.Node[] = [];
  parameters?.forEach((parameter, index) => {
    if (!names.includes(parameter.name)) return;
    for (const arg of parameter.rest ? args.slice(index) : args.slice(index, index + 1)) {
      if (arg.type !== AST_NODE_TYPES.SpreadElement) out.push(skipTypeWrappers(arg));
    }
  });
  return out;
}

/**
 * Lines up arguments with the overloads the owner declares (in a class with overloads, the implementation's own
 * signature is not callable); only a genuinely ambiguous call (Sequelize `instance.update(key, value)` vs
 * `update(keys, options)`) is resolved by the checker.
 */
function argumentMapper(checker: ts.TypeChecker, owner: Owner, call: ts.CallExpression, args: readonly TSESTree.CallExpressionArgument[]): ArgumentsFor {
  const overloads = owner.methods.filter(d => !(ts.isMethodDeclaration(d) && d.body !== undefined));
  const callable = overloads.length > 0 ? overloads : owner.methods;
  const declared = callable.every(ts.isFunctionLike) ? callable.map(d => checker.getSignatureFromDeclaration(d)).filter(s => s !== undefined) : [];
  const select = argumentSelector(declared, args, () => checker.getResolvedSignature(call));
  return names => select(parameters => argumentsNamed(parameters, args, names));
}

interface Resolution {
  readonly api: WriteApi;
  readonly owner: Owner;
  readonly argumentsFor: ArgumentsFor;
  /** A call receiver typed from its callee's declaration (see `declaredResult`). */
  readonly receiver: DeclaredResult | undefined;
}

/** Which table entry a call resolves to, by the declaration of the called method (no entity resolution yet). */
function resolve(
  services: ParserServicesWithTypeInformation,
  node: TSESTree.CallExpression,
  kinds: ReadonlySet<WriteKind>,
): Resolution | undefined {
  const callee = node.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return undefined;
  const method = callee.property.name;
  if (!writeApiMethodNames.has(method)) return undefined;
  if (node.arguments.some(a => a.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  const { program } = services;
  const checker = program.getTypeChecker();
  const tsCallee = services.esTreeNodeToTSNodeMap.get(callee);
  if (!ts.isPropertyAccessExpression(tsCallee)) return undefined;
  const receiver = declaredResult(services, callee.object);
  const declared = receiver && checker.getPropertyOfType(checker.getApparentType(receiver.type), method);
  for (const owner of ownersOf(declared ?? checker.getSymbolAtLocation(tsCallee.name))) {
    const file = owner.declaration.getSourceFile();
    const api = writeApis.find(
      a =>
        kinds.has(a.kind) &&
        a.methods.includes(method) &&
        (a.static === undefined || a.static === owner.isStatic) &&
        ownerMatches(a.owners, owner.name) &&
        packageMatches(program, a.packages, file),
    );
    if (api) {
      const argumentsFor = argumentMapper(checker, owner, services.esTreeNodeToTSNodeMap.get(node), node.arguments);
      return { api, owner, argumentsFor, receiver: declared ? receiver : undefined };
    }
  }
  return undefined;
}

/** Whether a call makes a new entity (`repo.create(...)`, `em.create(...)`, `Model.build(...)`). */
export function isEntityCreation(services: ParserServicesWithTypeInformation, node: TSESTree.CallExpression): boolean {
  return resolve(services, node, new Set<WriteKind>(['create'])) !== undefined;
}

/** Expressions that make a new plain object or array, or a primitive: never an entity. */
const freshLiteral: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.Literal,
  AST_NODE_TYPES.TemplateLiteral,
]);

function entityOf(
  services: ParserServicesWithTypeInformation,
  model: EntityModel,
  node: TSESTree.CallExpression,
  callee: TSESTree.MemberExpression,
  resolution: Resolution,
): { entity: EntityInfo; target: TSESTree.Node | undefined } | undefined {
  const { checker } = model;
  const { api, owner, argumentsFor, receiver } = resolution;
  const receiverType = (): ts.Type => concreteType(checker, services.getTypeAtLocation(callee.object));
  const typeArgument = (index: number): ts.Type | undefined => {
    const declared = receiver && instantiationOf(checker, receiver.type, owner.declaration)?.[index];
    return (declared && receiver.bind(declared)) ?? instantiationOf(checker, receiverType(), owner.declaration)?.[index];
  };
  const source = api.entity;
  let entity: EntityInfo | undefined;
  let target: TSESTree.Node | undefined;
  switch (source.from) {
    case 'receiverTypeArgument': {
      const arg = typeArgument(source.index);
      entity = arg && model.entityOfType(arg);
      break;
    }
    case 'returnTypeArgument': {
      const result = services.getTypeAtLocation(node);
      const arg = isTypeReference(result) ? checker.getTypeArguments(result)[source.index] : undefined;
      entity = arg && model.entityOfType(arg);
      break;
    }
    case 'drizzleTable': {
      const table = typeArgument(source.index);
      const row = table && checker.getPropertyOfType(table, '$inferSelect');
      entity = row && model.entityOfType(checker.getTypeOfSymbol(row));
      break;
    }
    case 'kyselyTable': {
      const database = typeArgument(source.database);
      const table = typeArgument(source.table);
      if (database && table?.isStringLiteral()) {
        const row = checker.getPropertyOfType(database, table.value);
        entity = row && model.entityOfKyselyTable(checker.getTypeOfSymbol(row));
      }
      break;
    }
    case 'targetArgument': {
      const [arg] = argumentsFor([source.parameter]);
      entity = arg && entityOfTarget(model, services.getTypeAtLocation(arg));
      break;
    }
    case 'staticReceiver':
      entity = entityOfTarget(model, receiverType());
      break;
    case 'receiver':
      entity = model.entityOfType(receiverType());
      target = callee.object;
      break;
    case 'entityArgument': {
      const [arg] = argumentsFor([source.parameter]);
      // A literal argument itself (`Object.assign({}, defaults, options)`, not `{} as E`) is a fresh object, no entity:
      // typing it would mean its contextual type, i.e. resolving this call and every call it is an argument of.
      if (arg && arg.parent === node && freshLiteral.has(arg.type)) break;
      entity = arg && model.entityOfType(concreteType(checker, services.getTypeAtLocation(arg)));
      target = arg;
      break;
    }
    case 'wrappedReceiver': {
      const arg = typeArgument(0);
      entity = arg && model.entityOfType(arg);
      const wrapper = skipTypeWrappers(callee.object);
      const first = wrapper.type === AST_NODE_TYPES.CallExpression ? wrapper.arguments[0] : undefined;
      target = first && first.type !== AST_NODE_TYPES.SpreadElement ? first : undefined;
      break;
    }
    case 'prismaDelegate': {
      const modelType = prismaModelType(checker, owner.declaration);
      entity = modelType && model.entityOfType(modelType);
      break;
    }
  }
  return entity ? { entity, target } : undefined;
}

/**
 * Matches a call against the write-API table: the method must resolve to a declaration of the listed class in the
 * listed package, and the written entity must be known from types. `kinds` limits which entries are considered.
 */
export function matchWriteCall(
  services: ParserServicesWithTypeInformation,
  model: EntityModel,
  node: TSESTree.CallExpression,
  kinds: ReadonlySet<WriteKind>,
): WriteCall | undefined {
  const resolution = resolve(services, node, kinds);
  if (!resolution || node.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const { api, argumentsFor } = resolution;
  const options = argumentsFor(['options']).find(a => a.type === AST_NODE_TYPES.ObjectExpression);
  let upsertColumns: TSESTree.ArrayExpression | undefined;
  if (api.upsertColumnsOption) {
    const columns = options?.type === AST_NODE_TYPES.ObjectExpression ? findProperty(options, api.upsertColumnsOption) : undefined;
    if (!columns) return undefined; // `bulkCreate()` without `updateOnDuplicate` only inserts
    upsertColumns = columns.value.type === AST_NODE_TYPES.ArrayExpression ? columns.value : undefined;
  }
  const resolved = entityOf(services, model, node, node.callee, resolution);
  if (!resolved) return undefined;
  const silent = api.silentOption !== undefined && options?.type === AST_NODE_TYPES.ObjectExpression && hasTrueProperty(options, 'silent');

  const data: TSESTree.ObjectExpression[] = [];
  const opaqueData: TSESTree.Node[] = [];
  const addData = (value: TSESTree.Node): void => {
    const expression = skipTypeWrappers(value);
    if (expression.type === AST_NODE_TYPES.ObjectExpression) data.push(expression);
    else if (expression.type === AST_NODE_TYPES.ArrayExpression) {
      for (const element of expression.elements) if (element) addData(element);
    } else if (expression.type !== AST_NODE_TYPES.SpreadElement) opaqueData.push(expression);
  };
  for (const arg of api.data ? argumentsFor(api.data.parameters) : []) {
    if (api.data?.property === undefined) {
      addData(arg);
    } else if (arg.type === AST_NODE_TYPES.ObjectExpression) {
      const property = findProperty(arg, api.data.property);
      if (property) addData(property.value);
    }
  }
  let key: string | undefined;
  const conflictKeys = api.conflictKeys ? conflictKeysOf(api.conflictKeys, node, argumentsFor) : undefined;
  if (api.keyParameter) {
    const [keyArg] = argumentsFor([api.keyParameter]);
    if (keyArg?.type === AST_NODE_TYPES.Literal && typeof keyArg.value === 'string') key = keyArg.value;
  }
  const individualHooks = api.individualHooksOption === true && options?.type === AST_NODE_TYPES.ObjectExpression && hasTrueProperty(options, 'individualHooks');
  const hooksOff =
    (api.hooksOption !== undefined && options?.type === AST_NODE_TYPES.ObjectExpression && hasFalseProperty(options, api.hooksOption)) ||
    (api.listenersCall !== undefined && turnsListenersOff(services, node, api.listenersCall));
  return {
    api,
    method: node.callee.property.type === AST_NODE_TYPES.Identifier ? node.callee.property.name : '',
    entity: resolved.entity,
    path: silent ? 'silent' : individualHooks ? 'tracked' : api.path,
    target: resolved.target,
    data,
    opaqueData,
    key,
    upsertColumns,
    conflictKeys,
    hooks: !hooksOff,
  };
}

/** `.callListeners(false)` on the call chain the write is part of (before or after it), declared by the write's package. */
function turnsListenersOff(services: ParserServicesWithTypeInformation, node: TSESTree.CallExpression, method: string): boolean {
  const offCall = (call: TSESTree.Node): boolean => {
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const [arg] = call.arguments;
    if (memberName(call.callee) !== method || arg?.type !== AST_NODE_TYPES.Literal || arg.value !== false) return false;
    const declaration = services.program.getTypeChecker().getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(call.callee.property))?.declarations?.[0];
    return declaration !== undefined && packageOfFile(declaration.getSourceFile().fileName) === 'typeorm';
  };
  // Up the chain: `qb.callListeners(false).update(E).set({...})`.
  for (let current: TSESTree.Node = node; current.type === AST_NODE_TYPES.CallExpression && current.callee.type === AST_NODE_TYPES.MemberExpression; ) {
    current = skipTypeWrappers(current.callee.object);
    if (offCall(current)) return true;
  }
  // Down the chain: `.set({...}).callListeners(false).execute()`.
  for (let current: TSESTree.Node = node; current.parent.type === AST_NODE_TYPES.MemberExpression && current.parent.object === current; ) {
    const call: TSESTree.Node = current.parent.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== current.parent) return false;
    if (offCall(call)) return true;
    current = call;
  }
  return false;
}

/** A column named by a string literal or by a column reference (`t.email`, `users.email`). */
function columnName(node: TSESTree.Node): string | undefined {
  const expression = skipTypeWrappers(node);
  if (expression.type === AST_NODE_TYPES.Literal && typeof expression.value === 'string') return expression.value;
  if (expression.type === AST_NODE_TYPES.MemberExpression && !expression.computed && expression.property.type === AST_NODE_TYPES.Identifier) {
    return expression.property.name;
  }
  return undefined;
}

/** Column names of a single column or an array literal of them; undefined when any is not static. */
function columnNames(node: TSESTree.Node): Set<string> | undefined {
  const expression = skipTypeWrappers(node);
  const elements = expression.type === AST_NODE_TYPES.ArrayExpression ? expression.elements : [expression];
  const names = new Set<string>();
  for (const element of elements) {
    const name = element && element.type !== AST_NODE_TYPES.SpreadElement ? columnName(element) : undefined;
    if (name === undefined) return undefined;
    names.add(name);
  }
  return names;
}

function conflictKeysOf(spec: ConflictKeys, node: TSESTree.CallExpression, argumentsFor: ArgumentsFor): Set<string> | undefined {
  if (spec.from === 'receiverCall') {
    const callee = node.callee;
    const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? skipTypeWrappers(callee.object) : undefined;
    if (receiver?.type !== AST_NODE_TYPES.CallExpression || receiver.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = receiver.callee.property;
    if (method.type !== AST_NODE_TYPES.Identifier || !spec.methods.includes(method.name)) return undefined;
    const [arg] = receiver.arguments;
    return arg ? columnNames(arg) : undefined;
  }
  const [arg] = argumentsFor([spec.parameter]);
  if (!arg) return undefined;
  const expression = skipTypeWrappers(arg);
  if (spec.from === 'argument' || expression.type === AST_NODE_TYPES.ArrayExpression) return columnNames(expression);
  if (expression.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const value = findProperty(expression, spec.property)?.value;
  if (!value) return undefined;
  if (spec.from === 'argumentProperty') return columnNames(value);
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const keys = new Set<string>();
  for (const property of value.properties) {
    const name = property.type === AST_NODE_TYPES.Property ? propertyKeyName(property) : undefined;
    if (name === undefined) return undefined;
    keys.add(name);
  }
  return keys;
}
