import type { ParserServicesWithTypeInformation } from '@typescript-eslint/utils';
import { typeMatchesSomeSpecifier } from '@typescript-eslint/type-utils';
import { isTypeReference } from '../util/type-predicates.js';
import * as ts from 'typescript';
import type { OrmHygieneSettings } from '../util/settings.js';
import { symbolOrigin } from '../util/ts-nodes.js';
import { recogniseClassEntity, type ClassOrmSpec } from './class-orm.js';
import { configuredClassEntity, customEntity } from './custom.js';
import { modelCandidates, type ModelCandidate } from './discovery.js';
import { drizzleEntity, drizzlePackage, drizzleRowTypes } from './drizzle.js';
import { findEntitySchemas } from './entity-schema.js';
import { kyselyEntity, kyselyPackage, kyselyRowTypes, kyselyTableEntity } from './kysely.js';
import { defineEntityEntity, mikroOrm } from './mikro-orm.js';
import { isPrismaGeneratedFile, prismaEntity } from './prisma.js';
import type { Recognition } from './recognition.js';
import { typeOwner } from './recognition.js';
import { sequelize } from './sequelize.js';
import { isSubscriberHook, listensTo, programSubscribers } from './subscribers.js';
import { typeorm } from './typeorm.js';
import { auditFields, type AuditField, type EntityInfo, type WritePath } from './types.js';

/**
 * The entity model: the questions rules ask (is this type an entity, which entities does a value carry, which models
 * does the program declare), their per-program caches, and the order in which the ORM families' recognisers are
 * asked. How each family is recognised lives in its own file: class-orm.ts (with typeorm.ts, mikro-orm.ts,
 * sequelize.ts), prisma.ts, drizzle.ts, kysely.ts, mikro-orm.ts (`defineEntity`), entity-schema.ts, custom.ts
 * (`entityTypes`) and discovery.ts; the subscribers and hooks that fill fields from outside an entity in
 * subscribers.ts.
 */

export { valueKindsOf } from './recognition.js';
export type { AuditField, EntityInfo, OrmId, WritePath } from './types.js';

/** Class ORMs in the order their entity decorators and base classes are tried. */
const classOrms: readonly ClassOrmSpec[] = [typeorm, mikroOrm, sequelize];

/** An entity found inside a value's type: `path` is the property/element path (`['phase']`, `['items', '[]']`). */
export interface EntityOccurrence {
  readonly entity: EntityInfo;
  readonly path: readonly string[];
}

/** A model declared in the program's own files (entity class, schema value, Drizzle table). */
export interface DiscoveredModel {
  readonly name: string;
  readonly fileName: string;
  readonly kind: 'class' | 'schema' | 'table';
  readonly exported: boolean;
  readonly entity: EntityInfo | undefined;
}

export interface EntityModel {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly settings: OrmHygieneSettings;
  /** The entity a type denotes, through aliases, `| null | undefined`, intersections (`Loaded<T>`) and subclasses. */
  entityOfType(type: ts.Type): EntityInfo | undefined;
  /**
   * The entity of a Kysely table interface (`DB['phase']`, what `updateTable('phase')` writes to): the same entity as
   * its `Selectable<>` row, with field types read as that row sees them (a `ColumnType`'s select type).
   */
  entityOfKyselyTable(table: ts.Type): EntityInfo | undefined;
  /** The entity, or the element entity of an array or the result of a Promise of one. */
  entityOfTypeDeep(type: ts.Type): { entity: EntityInfo; container: 'array' | 'promise' | undefined } | undefined;
  /**
   * What fills an audit field without the caller: the entity's own facts (`@UpdateDateColumn`, its hooks,
   * `managedFields`) and the program's subscribers and hooks that listen to it (read once per program, on first ask).
   */
  maintenanceOf(entity: EntityInfo, field: AuditField): Maintenance;
  /**
   * The audit fields the caller must set on this write path: declared, and not maintained (none when `silent`).
   * `hooks: false`: the write runs no hooks, listeners or subscribers (TypeORM `listeners: false`, Sequelize `hooks:
   * false`), so only what fills the field without them counts.
   */
  requiredAuditFields(entity: EntityInfo, path: WritePath, hooks?: boolean): AuditField[];
  /**
   * Whether a function runs inside the ORM's own write as a hook from outside the entity: a hook method of a TypeORM
   * or MikroORM subscriber class, or a function handed to a Sequelize `addHook`/`Model.beforeSave` (subscribers.ts).
   */
  isHookFunction(fn: ts.Node): boolean;
  /** Every entity a value of this type carries: itself, elements, properties (a few levels deep). */
  entitiesIn(type: ts.Type): readonly EntityOccurrence[];
  /** Entity classes, schema values and tables declared in the program's own source files (cached per program). */
  discoverModels(): readonly DiscoveredModel[];
  /**
   * The discovered models named `name`, checking only the candidates with that name (the syntactic pre-pass is cached
   * per source file): what a per-file question needs without recognising every entity of a new program.
   */
  discoverModelsNamed(name: string): readonly DiscoveredModel[];
  /** Whether the program's own files declare at least one model (stops at the first; cached per program). */
  hasModels(): boolean;
  /** The program's own source files (no declaration files, nothing from node_modules). */
  projectFiles(): readonly ts.SourceFile[];
}

/** What fills an audit field, on which write paths (`withoutHooks`: on a write that runs no hooks), and why. */
export interface Maintenance {
  readonly paths: ReadonlySet<WritePath>;
  readonly withoutHooks: ReadonlySet<WritePath>;
  readonly by: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
class EntityModelImpl implements EntityModel, Recognition {
  readonly checker: ts.TypeChecker;
  private readonly byType = new WeakMap<ts.Type, EntityInfo | null>();
  private readonly byClass = new WeakMap<ts.Symbol, EntityInfo | null>();
  private readonly byNode = new WeakMap<ts.Node, EntityInfo>();
  private readonly byKey = new Map<string, EntityInfo>();
  private readonly contents = new WeakMap<ts.Type, readonly EntityOccurrence[]>();
  private schemaEntities: Map<ts.Symbol, EntityInfo> | undefined;
  private discovered: readonly DiscoveredModel[] | undefined;
  private candidatesByName: Map<string, { file: ts.SourceFile; candidate: ModelCandidate }[]> | undefined;
  private readonly discoveredByName = new Map<string, readonly DiscoveredModel[]>();
  private anyModel: boolean | undefined;
  private readonly maintenance = new WeakMap<AuditField, Maintenance>();

  constructor(
    readonly program: ts.Program,
    readonly settings: OrmHygieneSettings,
  ) {
    this.checker = program.getTypeChecker();
  }

  entityOfType(type: ts.Type): EntityInfo | undefined {
    const cached = this.byType.get(type);
    if (cached !== undefined) return cached ?? undefined;
    const entity = this.compute(type);
    this.byType.set(type, entity ?? null);
    return entity;
  }

  entityOfTypeDeep(type: ts.Type): { entity: EntityInfo; container: 'array' | 'promise' | undefined } | undefined {
    const direct = this.entityOfType(type);
    if (direct) return { entity: direct, container: undefined };
    const nonNull = this.checker.getNonNullableType(type);
    if (isTypeReference(nonNull) && this.checker.isArrayType(nonNull)) {
      const element = this.checker.getTypeArguments(nonNull)[0];
      const entity = element && this.entityOfType(element);
      return entity ? { entity, container: 'array' } : undefined;
    }
    const awaited = this.checker.getAwaitedType(nonNull);
    if (awaited && awaited !== nonNull) {
      const entity = this.entityOfType(awaited);
      return entity ? { entity, container: 'promise' } : undefined;
    }
    return undefined;
  }

  entitiesIn(type: ts.Type): readonly EntityOccurrence[] {
    const cached = this.contents.get(type);
    if (cached) return cached;
    const found: EntityOccurrence[] = [];
    const seen = new Set<ts.Type>();
    const visit = (t: ts.Type, path: string[], depth: number): void => {
      if (seen.has(t) || depth > 3 || found.length > 20) return;
      seen.add(t);
      const entity = this.entityOfType(t);
      if (entity) {
        found.push({ entity, path });
        return;
      }
      if (t.isUnion()) {
        for (const member of t.types) visit(member, path, depth);
        return;
      }
      if (!(t.flags & ts.TypeFlags.Object)) return;
      if (isTypeReference(t) && (this.checker.isArrayType(t) || this.checker.isTupleType(t))) {
        for (const element of this.checker.getTypeArguments(t)) visit(element, [...path, '[]'], depth + 1);
        return;
      }
      if (t.getCallSignatures().length > 0) return;
      const origin = symbolOrigin(this.checker, t.getSymbol());
      // Library classes (Date, Map, Buffer, ...) carry no entities worth reporting.
      if (origin && (origin.pkg !== undefined || this.program.isSourceFileDefaultLibrary(this.program.getSourceFile(origin.file)!))) {
        if (t.symbol.name !== '__type' && t.symbol.name !== '__object') return;
      }
      const properties = t.getProperties();
      if (properties.length > 60) return;
      for (const property of properties) {
        visit(this.checker.getTypeOfSymbol(property), [...path, property.name], depth + 1);
      }
    };
    visit(type, [], 0);
    this.contents.set(type, found);
    return found;
  }

  // -------------------------------------------------------------------------------------------------------------
  private compute(type: ts.Type): EntityInfo | undefined {
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Never)) return undefined;
    if (type.isUnion()) {
      const members = type.types.filter(t => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void)));
      if (members.length === type.types.length) {
        // A union of entities of one kind (`A | B` where both are the same entity) is that entity; else none.
        const entities = new Set(members.map(m => this.entityOfType(m)));
        return entities.size === 1 ? [...entities][0] : undefined;
      }
      return members.length === 1 && members[0] ? this.entityOfType(members[0]) : undefined;
    }
    if (type.isIntersection()) {
      for (const member of type.types) {
        const entity = this.entityOfType(member);
        if (entity) return entity;
      }
      return this.rowEntity(type);
    }
    if (!(type.flags & ts.TypeFlags.Object)) return undefined;
    if (this.settings.entityTypes.length > 0 && typeMatchesSomeSpecifier(type, this.settings.entityTypes, this.program)) {
      return customEntity(this, type);
    }
    const symbol = type.getSymbol();
    if (symbol && symbol.flags & ts.SymbolFlags.Class && !(type.getConstructSignatures().length > 0)) {
      return this.classEntity(symbol);
    }
    if (symbol && symbol.flags & ts.SymbolFlags.Interface) {
      return this.schemaEntityOf(symbol);
    }
    return this.rowEntity(type);
  }

  // --- class entities (TypeORM, MikroORM, Sequelize) ----------------------------------------------------------------
  classEntity(symbol: ts.Symbol): EntityInfo | undefined {
    const cached = this.byClass.get(symbol);
    if (cached !== undefined) return cached ?? undefined;
    this.byClass.set(symbol, null); // guards recursion through self-referencing bases
    // An ORM's own recognition first (it knows the fields the ORM maintains), then `entityTypes` by base/decorator.
    const entity = recogniseClassEntity(this, classOrms, symbol) ?? configuredClassEntity(this, symbol);
    this.byClass.set(symbol, entity ?? null);
    return entity;
  }

  // --- rows and schema-first entities (Prisma, Drizzle, Kysely, MikroORM defineEntity) ----------------------------
  private rowEntity(type: ts.Type): EntityInfo | undefined {
    const owner = typeOwner(type);
    const members = type.isIntersection() ? type.types : [type];
    const mikroOwner = members.map(typeOwner).find(o => o?.pkg === '@mikro-orm/core' && o.name === 'InferEntityFromProperties');
    if (!owner && !mikroOwner) return undefined;
    const probe = type.getProperties()[0];
    if (!probe) return undefined;
    if (owner?.pkg === '@prisma/client' || (owner && isPrismaGeneratedFile(owner.node.getSourceFile()))) return prismaEntity(this, type, probe.name);
    if (owner?.pkg === drizzlePackage && drizzleRowTypes.has(owner.name)) return drizzleEntity(this, type, probe.name);
    if (owner?.pkg === kyselyPackage && kyselyRowTypes.has(owner.name)) return kyselyEntity(this, type, probe.name);
    if (mikroOwner) return defineEntityEntity(this, type);
    return undefined;
  }

  entityOfKyselyTable(table: ts.Type): EntityInfo | undefined {
    return kyselyTableEntity(this, table);
  }

  // --- EntitySchema<Interface> (TypeORM, MikroORM) ----------------------------------------------------------------
  private schemaEntityOf(symbol: ts.Symbol): EntityInfo | undefined {
    this.schemaEntities ??= findEntitySchemas(this);
    return this.schemaEntities.get(symbol);
  }

  // --- audit fields filled by subscribers (subscribers.ts) ------------------------------------------------------------
  maintenanceOf(entity: EntityInfo, field: AuditField): Maintenance {
    let found = this.maintenance.get(field);
    if (found) return found;
    const paths = new Set(field.maintainedOn);
    const by = [...field.maintainedBy];
    // Subscribers and hooks added from outside the entity are hooks too: not on a write that runs none.
    const withoutHooks = field.maintainedWithoutHooks ?? field.maintainedOn;
    if (entity.tracked) {
      const written = [field.name, ...(field.aliases ?? [])];
      for (const subscriber of programSubscribers(this.program, this.projectFiles())) {
        if (!written.some(w => subscriber.fields.has(w)) || !listensTo(this.checker, subscriber, entity)) continue;
        for (const path of subscriber.paths) paths.add(path);
        by.push(subscriber.by);
      }
    }
    found = { paths, withoutHooks, by };
    this.maintenance.set(field, found);
    return found;
  }

  isHookFunction(fn: ts.Node): boolean {
    return isSubscriberHook(this.program, fn);
  }

  requiredAuditFields(entity: EntityInfo, path: WritePath, hooks = true): AuditField[] {
    if (path === 'silent') return [];
    return auditFields(entity).filter(field => {
      const maintenance = this.maintenanceOf(entity, field);
      return !(hooks ? maintenance.paths : maintenance.withoutHooks).has(path);
    });
  }

  // --- caches the recognisers use -----------------------------------------------------------------------------------
  cachedNode(node: ts.Node, make: () => EntityInfo): EntityInfo {
    let entity = this.byNode.get(node);
    if (!entity) {
      entity = make();
      this.byNode.set(node, entity);
    }
    return entity;
  }

  cachedByKey(key: string, make: () => EntityInfo): EntityInfo {
    let entity = this.byKey.get(key);
    if (!entity) {
      entity = make();
      this.byKey.set(key, entity);
    }
    return entity;
  }

  // --- discovery for no-unimported-models --------------------------------------------------------------------------
  projectFiles(): ts.SourceFile[] {
    return this.program
      .getSourceFiles()
      .filter(f => !f.isDeclarationFile && !f.fileName.includes('/node_modules/') && !this.program.isSourceFileFromExternalLibrary(f));
  }

  discoverModels(): readonly DiscoveredModel[] {
    if (this.discovered) return this.discovered;
    const models: DiscoveredModel[] = [];
    for (const file of this.projectFiles()) {
      for (const candidate of modelCandidates(file)) {
        const model = this.checkCandidate(file, candidate);
        if (model) models.push(model);
      }
    }
    this.discovered = models;
    return models;
  }

  hasModels(): boolean {
    if (this.discovered) return this.discovered.length > 0;
    this.anyModel ??= this.projectFiles().some(file => modelCandidates(file).some(candidate => this.checkCandidate(file, candidate)));
    return this.anyModel;
  }

  discoverModelsNamed(name: string): readonly DiscoveredModel[] {
    if (this.discovered) return this.discovered.filter(m => m.name === name);
    let models = this.discoveredByName.get(name);
    if (models) return models;
    if (!this.candidatesByName) {
      this.candidatesByName = new Map();
      for (const file of this.projectFiles()) {
        for (const candidate of modelCandidates(file)) {
          const list = this.candidatesByName.get(candidate.nameNode.text) ?? [];
          list.push({ file, candidate });
          this.candidatesByName.set(candidate.nameNode.text, list);
        }
      }
    }
    models = (this.candidatesByName.get(name) ?? []).flatMap(({ file, candidate }) => this.checkCandidate(file, candidate) ?? []);
    this.discoveredByName.set(name, models);
    return models;
  }

  private checkCandidate(file: ts.SourceFile, candidate: ModelCandidate): DiscoveredModel | undefined {
    const symbol = this.checker.getSymbolAtLocation(candidate.nameNode);
    if (!symbol) return undefined;
    let entity: EntityInfo | undefined;
    if (candidate.kind === 'class') {
      entity = this.classEntity(symbol);
      if (!entity) return undefined;
    } else {
      const callee = candidate.callee && this.checker.getSymbolAtLocation(candidate.callee);
      const origin = symbolOrigin(this.checker, callee);
      if (!origin?.pkg || !['@mikro-orm/core', 'typeorm', drizzlePackage].includes(origin.pkg)) return undefined;
    }
    return { name: candidate.nameNode.text, fileName: file.fileName, kind: candidate.kind, exported: candidate.exported, entity };
  }
}

const models = new WeakMap<ts.Program, WeakMap<OrmHygieneSettings, EntityModelImpl>>();

/** The entity model for the linted file's program, created once per program and settings object. */
export function getEntityModel(services: ParserServicesWithTypeInformation, settings: OrmHygieneSettings): EntityModel {
  const { program } = services;
  let bySettings = models.get(program);
  if (!bySettings) {
    bySettings = new WeakMap();
    models.set(program, bySettings);
  }
  let model = bySettings.get(settings);
  if (!model) {
    // Only the program is kept: a file's parser services (its ESTree and node maps) must not outlive its lint.
    model = new EntityModelImpl(program, settings);
    bySettings.set(settings, model);
  }
  return model;
}

