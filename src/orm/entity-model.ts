import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import { typeMatchesSomeSpecifier } from '@typescript-eslint/type-utils';
import { isTypeReference } from 'ts-api-utils';
import * as ts from 'typescript';
import type { OrmHygieneSettings } from '../util/settings.js';
import {
  assignsProperty,
  decoratorsOf,
  objectProperty,
  optionsObject,
  packageOfFile,
  symbolOrigin,
  type DecoratorUse,
} from '../util/ts-nodes.js';
import type { ClassFacts, ClassOrmSpec, MemberFacts } from './class-orm.js';
import { columnHasOnUpdate, columnIsPrimaryKey, drizzlePackage, drizzleRowTypes, drizzleTableFactories } from './drizzle.js';
import { kyselyPackage, kyselyRowTypes } from './kysely.js';
import { builderHasOnUpdate, mikroOrm } from './mikro-orm.js';
import { isPrismaGeneratedFile, modelNameOfPayload, prismaSchemaFor } from './prisma.js';
import { sequelize } from './sequelize.js';
import { typeorm } from './typeorm.js';
import { ALL_WRITE_PATHS, type AuditField, type AuditRole, type EntityInfo, type OrmId, type ValueKind, type WritePath } from './types.js';

export type { AuditField, EntityInfo, OrmId, WritePath } from './types.js';

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
  /** The entity the value of an ESTree node denotes. */
  entityOf(node: TSESTree.Node): EntityInfo | undefined;
  /** The entity, or the element entity of an array or the result of a Promise of one. */
  entityOfTypeDeep(type: ts.Type): { entity: EntityInfo; container: 'array' | 'promise' | undefined } | undefined;
  /** Every entity a value of this type carries: itself, elements, properties (a few levels deep). */
  entitiesIn(type: ts.Type): readonly EntityOccurrence[];
  /** Entity classes, schema values and tables declared in the program's own source files (cached per program). */
  discoverModels(): readonly DiscoveredModel[];
  /**
   * The discovered models named `name`, checking only the candidates with that name (the syntactic pre-pass is cached
   * per source file): what a per-file question needs without recognising every entity of a new program.
   */
  discoverModelsNamed(name: string): readonly DiscoveredModel[];
}

// ---------------------------------------------------------------------------------------------------------------
// Internal TypeScript shape used to follow mapped types (`Simplify<T>`, Prisma's `Compute<T>`) back to their
// source. `mapper` is not public API; every use tolerates its absence.
interface InternalMapper {
  target?: ts.Type;
  targets?: readonly ts.Type[];
  mapper1?: InternalMapper;
  mapper2?: InternalMapper;
}
function mapperTargets(type: ts.Type): ts.Type[] {
  const out: ts.Type[] = [];
  const visit = (mapper: InternalMapper | undefined, depth: number): void => {
    if (!mapper || depth > 4) return;
    if (mapper.target) out.push(mapper.target);
    if (mapper.targets) out.push(...mapper.targets);
    visit(mapper.mapper1, depth + 1);
    visit(mapper.mapper2, depth + 1);
  };
  visit((type as { mapper?: InternalMapper }).mapper, 0);
  return out;
}

/** The type alias / interface / class that declares an (anonymous, mapped) type, and its package. */
function typeOwner(type: ts.Type): { name: string; pkg: string | undefined; node: ts.Node } | undefined {
  let node: ts.Node | undefined = type.aliasSymbol?.declarations?.[0] ?? type.getSymbol()?.declarations?.[0];
  while (node && !ts.isSourceFile(node)) {
    if ((ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) && node.name) {
      return { name: node.name.text, pkg: packageOfFile(node.getSourceFile().fileName), node };
    }
    node = node.parent;
  }
  return undefined;
}

function ancestors(node: ts.Node | undefined, max = 12): ts.Node[] {
  const out: ts.Node[] = [];
  for (let n = node; n && out.length < max; n = n.parent) out.push(n);
  return out;
}

/** The value shapes (Date, number, string) a set of types admits, through unions and intersections. */
export function valueKindsOf(types: readonly ts.Type[]): Set<ValueKind> {
  const kinds = new Set<ValueKind>();
  const visit = (t: ts.Type): void => {
    if (t.isUnion() || t.isIntersection()) {
      for (const member of t.types) visit(member);
      return;
    }
    if (t.flags & ts.TypeFlags.NumberLike) kinds.add('number');
    else if (t.flags & ts.TypeFlags.StringLike) kinds.add('string');
    else if (t.getSymbol()?.name === 'Date') kinds.add('date');
  };
  for (const type of types) visit(type);
  return kinds;
}

function valueKindOf(type: ts.Type): ValueKind {
  const kinds = valueKindsOf([type]);
  if (kinds.has('date')) return 'date';
  if (kinds.size === 1) return [...kinds][0] ?? 'other';
  return 'other';
}

// ---------------------------------------------------------------------------------------------------------------
class EntityModelImpl implements EntityModel {
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

  constructor(
    readonly program: ts.Program,
    readonly settings: OrmHygieneSettings,
    private readonly services: ParserServicesWithTypeInformation,
  ) {
    this.checker = program.getTypeChecker();
  }

  entityOf(node: TSESTree.Node): EntityInfo | undefined {
    return this.entityOfType(this.services.getTypeAtLocation(node));
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
      return this.customEntity(type);
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
  private classEntity(symbol: ts.Symbol): EntityInfo | undefined {
    const cached = this.byClass.get(symbol);
    if (cached !== undefined) return cached ?? undefined;
    this.byClass.set(symbol, null); // guards recursion through self-referencing bases
    const entity = this.computeClassEntity(symbol);
    this.byClass.set(symbol, entity ?? null);
    return entity;
  }

  private classSpec(declaration: ts.ClassLikeDeclaration, instanceType: ts.Type): { spec: ClassOrmSpec; facts: ClassFacts } | undefined {
    const decorators = decoratorsOf(this.checker, declaration);
    for (const spec of classOrms) {
      const entityDecorator = decorators.find(d => d.pkg !== undefined && spec.packages.has(d.pkg) && spec.entityDecorators.has(d.name));
      if (entityDecorator) return { spec, facts: { entityOptions: optionsObject(entityDecorator.args) } };
    }
    for (const base of this.checker.getBaseTypes(instanceType as ts.InterfaceType)) {
      const origin = symbolOrigin(this.checker, base.getSymbol());
      if (!origin) continue;
      const spec = classOrms.find(s => origin.pkg !== undefined && s.packages.has(origin.pkg) && s.baseClasses.has(origin.name));
      if (spec) return { spec, facts: { entityOptions: this.initOptions(declaration) } };
      const baseSymbol = base.getSymbol();
      const baseEntity = baseSymbol ? this.classEntity(baseSymbol) : undefined;
      const baseDeclaration = baseSymbol?.declarations?.find(ts.isClassLike);
      if (baseEntity && baseDeclaration) return this.classSpec(baseDeclaration, base);
    }
    return undefined;
  }

  /** Sequelize without decorators: the options of `Owner.init(attributes, options)` in the class's file. */
  private initOptions(declaration: ts.ClassLikeDeclaration): ts.ObjectLiteralExpression | undefined {
    return this.initCall(declaration)?.arguments[1] as ts.ObjectLiteralExpression | undefined;
  }

  private initCall(declaration: ts.ClassLikeDeclaration): ts.CallExpression | undefined {
    const name = declaration.name?.text;
    if (!name) return undefined;
    let found: ts.CallExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'init' &&
        ts.isIdentifier(node.expression.expression) &&
        node.expression.expression.text === name &&
        node.arguments.every(ts.isObjectLiteralExpression)
      ) {
        found = node;
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(declaration.getSourceFile());
    return found;
  }

  private computeClassEntity(symbol: ts.Symbol): EntityInfo | undefined {
    const declaration = symbol.declarations?.find(ts.isClassLike);
    if (!declaration) return undefined;
    // Classes declared by the ORM packages themselves (BaseEntity, Model) are not entities.
    if (packageOfFile(declaration.getSourceFile().fileName) !== undefined && classOrms.some(s => s.packages.has(packageOfFile(declaration.getSourceFile().fileName)!))) {
      return undefined;
    }
    const instanceType = this.checker.getDeclaredTypeOfSymbol(symbol);
    const found = this.classSpec(declaration, instanceType);
    if (!found) return undefined;
    const { spec, facts } = found;
    const checker = this.checker;
    const ormDecorators = (node: ts.Node): DecoratorUse[] =>
      decoratorsOf(checker, node).filter(d => d.pkg !== undefined && spec.packages.has(d.pkg));

    const properties = instanceType.getProperties();
    const memberDecorators = new Map<string, DecoratorUse[]>();
    let usesDecorators = false;
    for (const property of properties) {
      const decl = property.valueDeclaration;
      if (!decl || !ts.isPropertyDeclaration(decl)) continue;
      const decorators = ormDecorators(decl);
      memberDecorators.set(property.name, decorators);
      if (decorators.length > 0) usesDecorators = true;
    }
    const initAttributes = spec.id === 'sequelize' && !usesDecorators ? this.initCall(declaration)?.arguments[0] : undefined;

    const persisted = (name: string): boolean => {
      const property = instanceType.getProperty(name);
      const decl = property?.valueDeclaration;
      if (!decl) return false;
      if (!(ts.isPropertyDeclaration(decl) || ts.isPropertySignature(decl) || ts.isParameter(decl))) return false;
      if (packageOfFile(decl.getSourceFile().fileName) !== undefined) return false; // ORM base class members
      if (usesDecorators) {
        const decorators = memberDecorators.get(name) ?? [];
        return decorators.some(d => !spec.nonColumnDecorators.has(d.name));
      }
      if (initAttributes && ts.isObjectLiteralExpression(initAttributes)) {
        return objectProperty(initAttributes, name) !== undefined;
      }
      return true;
    };

    let primaryKey: string | undefined;
    for (const [name, decorators] of memberDecorators) {
      if (decorators.some(d => spec.primaryKeyDecorators.has(d.name))) {
        primaryKey = name;
        break;
      }
    }
    if (!primaryKey && initAttributes && ts.isObjectLiteralExpression(initAttributes)) {
      for (const property of initAttributes.properties) {
        if (ts.isPropertyAssignment(property) && ts.isObjectLiteralExpression(property.initializer)) {
          if (objectProperty(property.initializer, 'primaryKey')?.kind === ts.SyntaxKind.TrueKeyword && ts.isIdentifier(property.name)) {
            primaryKey = property.name.text;
          }
        }
      }
    }
    primaryKey ??= persisted('id') ? 'id' : undefined;

    // Lifecycle hooks that stamp fields before a tracked update.
    const hooks: { name: string; body: ts.Node; receivers: Set<string> }[] = [];
    for (const member of [...instanceType.getProperties(), ...checker.getPropertiesOfType(checker.getTypeOfSymbol(symbol))]) {
      const decl = member.valueDeclaration;
      if (!decl || !ts.isMethodDeclaration(decl) || !decl.body) continue;
      const hook = ormDecorators(decl).find(d => spec.updateHookDecorators.has(d.name));
      if (!hook) continue;
      const receivers = new Set<string>();
      const first = decl.parameters[0];
      if (spec.staticHooks && first && ts.isIdentifier(first.name)) receivers.add(first.name.text);
      hooks.push({ name: `@${hook.name} ${member.name}()`, body: decl.body, receivers });
    }

    const name = symbol.name;
    const field = (role: AuditRole): AuditField | undefined => {
      const candidates = role === 'timestamp' ? this.settings.timestampFields : this.settings.actorFields;
      const fieldName = candidates.find(persisted);
      if (!fieldName) return undefined;
      const property = instanceType.getProperty(fieldName)!;
      const member: MemberFacts = { name: fieldName, role, decorators: memberDecorators.get(fieldName) ?? [] };
      const paths = new Set<WritePath>();
      const by: string[] = [];
      const orm = spec.maintenance(member, facts);
      if (orm) {
        for (const p of orm.paths) paths.add(p);
        by.push(orm.by);
      }
      for (const hook of hooks) {
        if (assignsProperty(hook.body, fieldName, hook.receivers)) {
          paths.add('tracked');
          by.push(hook.name);
        }
      }
      this.addManaged(name, fieldName, paths, by);
      const type = checker.getTypeOfSymbol(property);
      return { name: fieldName, role, type, valueKind: valueKindOf(type), maintainedOn: paths, maintainedBy: by };
    };

    return {
      orm: spec.id,
      name,
      tracked: true,
      declaration,
      timestampField: field('timestamp'),
      actorField: field('actor'),
      primaryKey,
      isPersisted: persisted,
    };
  }

  private addManaged(entity: string, field: string, paths: Set<WritePath>, by: string[]): void {
    const managed = this.settings.managedFields.some(m =>
      typeof m === 'string' ? m === field : m.field === field && m.entity === entity,
    );
    if (!managed) return;
    for (const p of ALL_WRITE_PATHS) paths.add(p);
    by.push("settings['orm-hygiene'].managedFields");
  }

  private customEntity(type: ts.Type): EntityInfo {
    const name = (type.aliasSymbol ?? type.getSymbol())?.name ?? this.checker.typeToString(type);
    const persisted = (prop: string): boolean => {
      const decl = type.getProperty(prop)?.valueDeclaration;
      return decl !== undefined && !ts.isMethodDeclaration(decl) && !ts.isGetAccessor(decl) && !ts.isSetAccessor(decl) && !ts.isMethodSignature(decl);
    };
    return this.plainEntity({ orm: 'custom', name, tracked: true, type, declaration: undefined, persisted, maintained: () => undefined });
  }

  /** Entities whose fields are read off a type (rows, schemas, custom types). */
  private plainEntity(input: {
    orm: OrmId;
    name: string;
    tracked: boolean;
    type: ts.Type;
    declaration: ts.Declaration | undefined;
    persisted: (name: string) => boolean;
    /** The type a field's value has on the entity, from the property's declared type (default: unchanged). */
    fieldType?: (declared: ts.Type) => ts.Type;
    maintained: (field: string, role: AuditRole) => { paths: readonly WritePath[]; by: string } | undefined;
    primaryKey?: string | undefined;
  }): EntityInfo {
    const { checker } = this;
    const field = (role: AuditRole): AuditField | undefined => {
      const candidates = role === 'timestamp' ? this.settings.timestampFields : this.settings.actorFields;
      const fieldName = candidates.find(c => input.type.getProperty(c) !== undefined && input.persisted(c));
      if (!fieldName) return undefined;
      const paths = new Set<WritePath>();
      const by: string[] = [];
      const orm = input.maintained(fieldName, role);
      if (orm) {
        for (const p of orm.paths) paths.add(p);
        by.push(orm.by);
      }
      this.addManaged(input.name, fieldName, paths, by);
      const declared = checker.getTypeOfSymbol(input.type.getProperty(fieldName)!);
      const type = input.fieldType ? input.fieldType(declared) : declared;
      return { name: fieldName, role, type, valueKind: valueKindOf(type), maintainedOn: paths, maintainedBy: by };
    };
    return {
      orm: input.orm,
      name: input.name,
      tracked: input.tracked,
      declaration: input.declaration,
      timestampField: field('timestamp'),
      actorField: field('actor'),
      primaryKey: input.primaryKey ?? (input.type.getProperty('id') ? 'id' : undefined),
      isPersisted: input.persisted,
    };
  }

  private cachedByKey(key: string, make: () => EntityInfo): EntityInfo {
    let entity = this.byKey.get(key);
    if (!entity) {
      entity = make();
      this.byKey.set(key, entity);
    }
    return entity;
  }

  // --- rows and schema-first entities (Prisma, Drizzle, Kysely, MikroORM defineEntity) ----------------------------
  /** The declaration a property of a (mapped) type comes from, following mapped types back to their source. */
  private propertyOrigin(type: ts.Type, name: string, depth = 0): ts.Declaration | undefined {
    const declaration = type.getProperty(name)?.declarations?.[0];
    if (declaration) return declaration;
    if (depth >= 4) return undefined;
    for (const target of mapperTargets(type)) {
      const found = this.propertyOrigin(target, name, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  private rowEntity(type: ts.Type): EntityInfo | undefined {
    const owner = typeOwner(type);
    const members = type.isIntersection() ? type.types : [type];
    const mikroOwner = members.map(typeOwner).find(o => o?.pkg === '@mikro-orm/core' && o.name === 'InferEntityFromProperties');
    if (!owner && !mikroOwner) return undefined;
    const probe = type.getProperties()[0];
    if (!probe) return undefined;
    if (owner?.pkg === '@prisma/client' || (owner && isPrismaGeneratedFile(owner.node.getSourceFile()))) return this.prismaEntity(type, probe.name);
    if (owner?.pkg === drizzlePackage && drizzleRowTypes.has(owner.name)) return this.drizzleEntity(type, probe.name);
    if (owner?.pkg === kyselyPackage && kyselyRowTypes.has(owner.name)) return this.kyselyEntity(type, probe.name);
    if (mikroOwner) return this.defineEntityEntity(type);
    return undefined;
  }

  private prismaEntity(type: ts.Type, probe: string): EntityInfo | undefined {
    let payload: ts.Node | undefined = ancestors(this.propertyOrigin(type, probe)).find(
      n => ts.isTypeAliasDeclaration(n) && modelNameOfPayload(n.name.text) !== undefined,
    );
    if (!payload) {
      // `Prisma.PhaseGetPayload<{ select: ... }>`: the payload type is one of the mapped type's sources.
      const source = mapperTargets(type).find(t => t.aliasSymbol && modelNameOfPayload(t.aliasSymbol.name) !== undefined);
      payload = source?.aliasSymbol?.declarations?.[0];
    }
    if (!payload || !ts.isTypeAliasDeclaration(payload)) return undefined;
    const file = payload.getSourceFile();
    if (!isPrismaGeneratedFile(file)) return undefined;
    const model = modelNameOfPayload(payload.name.text)!;
    return this.cachedByKey(`prisma:${file.fileName}:${model}:${this.checker.typeToString(type)}`, () => {
      const fields = prismaSchemaFor(this.program, file.fileName).get(model);
      let primaryKey: string | undefined;
      for (const [name, f] of fields ?? []) if (f.id) primaryKey ??= name;
      return this.plainEntity({
        orm: 'prisma',
        name: model,
        tracked: false,
        type,
        declaration: payload,
        persisted: name => (fields ? fields.has(name) : type.getProperty(name) !== undefined),
        maintained: name => (fields?.get(name)?.updatedAt ? { paths: ['update', 'upsert'], by: '@updatedAt' } : undefined),
        primaryKey,
      });
    });
  }

  private drizzleEntity(type: ts.Type, probe: string): EntityInfo | undefined {
    const origin = this.propertyOrigin(type, probe);
    const columns = origin?.parent;
    const call = columns?.parent;
    if (!columns || !ts.isObjectLiteralExpression(columns) || !call || !ts.isCallExpression(call)) return undefined;
    const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
    if (!ts.isIdentifier(callee) || !drizzleTableFactories.has(callee.text)) return undefined;
    if (symbolOrigin(this.checker, this.checker.getSymbolAtLocation(callee))?.pkg !== drizzlePackage) return undefined;
    const variable = call.parent;
    const name = ts.isVariableDeclaration(variable) && ts.isIdentifier(variable.name) ? variable.name.text : callee.text;
    return this.cachedNode(columns, () => {
      const column = (field: string): ts.Expression | undefined => objectProperty(columns, field);
      let primaryKey: string | undefined;
      for (const property of columns.properties) {
        if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && columnIsPrimaryKey(property.initializer)) {
          primaryKey ??= property.name.text;
        }
      }
      return this.plainEntity({
        orm: 'drizzle',
        name,
        tracked: false,
        type,
        declaration: ts.isVariableDeclaration(variable) ? variable : undefined,
        persisted: field => column(field) !== undefined,
        maintained: field => {
          const init = column(field);
          return init && columnHasOnUpdate(init) ? { paths: ['update'], by: '$onUpdate' } : undefined;
        },
        primaryKey,
      });
    });
  }

  entityOfKyselyTable(table: ts.Type): EntityInfo | undefined {
    const declaration = table.aliasSymbol?.declarations?.[0] ?? table.getSymbol()?.declarations?.[0];
    if (!declaration || !(ts.isInterfaceDeclaration(declaration) || ts.isTypeAliasDeclaration(declaration))) return undefined;
    if (packageOfFile(declaration.getSourceFile().fileName) !== undefined) return undefined;
    return this.cachedNode(declaration, () =>
      this.plainEntity({
        orm: 'kysely',
        name: declaration.name.text,
        tracked: false,
        type: table,
        declaration,
        persisted: name => table.getProperty(name) !== undefined,
        // `ColumnType<S, I, U>` / `Generated<T>`: the row (`Selectable<>`) sees `S`.
        fieldType: declared => {
          const select = this.checker.getPropertyOfType(declared, '__select__');
          return select ? this.checker.getTypeOfSymbol(select) : declared;
        },
        maintained: () => undefined,
      }),
    );
  }

  private kyselyEntity(type: ts.Type, probe: string): EntityInfo | undefined {
    const table = ancestors(this.propertyOrigin(type, probe)).find(
      (n): n is ts.InterfaceDeclaration | ts.TypeAliasDeclaration => ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n),
    );
    if (!table) return undefined;
    return this.cachedNode(table, () =>
      this.plainEntity({
        orm: 'kysely',
        name: table.name.text,
        tracked: false,
        type,
        declaration: table,
        persisted: name => type.getProperty(name) !== undefined,
        maintained: () => undefined,
      }),
    );
  }

  private defineEntityEntity(type: ts.Type): EntityInfo | undefined {
    const probe = type.getProperties().find(p => !p.name.startsWith('__'));
    const origin = probe && this.propertyOrigin(type, probe.name);
    const properties = origin?.parent;
    if (!properties || !ts.isObjectLiteralExpression(properties)) return undefined;
    const call = ancestors(properties).find(ts.isCallExpression);
    if (!call) return undefined;
    const options = call.arguments[0];
    const variable = call.parent;
    const nameNode = options && ts.isObjectLiteralExpression(options) ? objectProperty(options, 'name') : undefined;
    const name =
      nameNode && ts.isStringLiteral(nameNode)
        ? nameNode.text
        : ts.isVariableDeclaration(variable) && ts.isIdentifier(variable.name)
          ? variable.name.text
          : 'entity';
    return this.cachedNode(properties, () => {
      let primaryKey: string | undefined;
      for (const property of properties.properties) {
        if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && /\.primary\(/u.test(property.initializer.getText())) {
          primaryKey ??= property.name.text;
        }
      }
      return this.plainEntity({
        orm: 'mikro-orm',
        name,
        tracked: true,
        type,
        declaration: ts.isVariableDeclaration(variable) ? variable : undefined,
        persisted: field => objectProperty(properties, field) !== undefined,
        maintained: field => {
          const init = objectProperty(properties, field);
          return init && builderHasOnUpdate(init) ? { paths: ['tracked'], by: 'onUpdate' } : undefined;
        },
        primaryKey,
      });
    });
  }

  private cachedNode(node: ts.Node, make: () => EntityInfo): EntityInfo {
    let entity = this.byNode.get(node);
    if (!entity) {
      entity = make();
      this.byNode.set(node, entity);
    }
    return entity;
  }

  // --- EntitySchema<Interface> (TypeORM, MikroORM) ----------------------------------------------------------------
  private schemaEntityOf(symbol: ts.Symbol): EntityInfo | undefined {
    this.schemaEntities ??= this.findEntitySchemas();
    return this.schemaEntities.get(symbol);
  }

  /** `new EntitySchema<ILot>({ ... })` in the program's own files, found once per program. */
  private findEntitySchemas(): Map<ts.Symbol, EntityInfo> {
    const found = new Map<ts.Symbol, EntityInfo>();
    for (const file of this.projectFiles()) {
      if (!file.text.includes('EntitySchema')) continue;
      const visit = (node: ts.Node): void => {
        if (ts.isNewExpression(node) && node.typeArguments?.length === 1 && node.arguments?.[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
          const callee = ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression;
          const origin = ts.isIdentifier(callee) ? symbolOrigin(this.checker, this.checker.getSymbolAtLocation(callee)) : undefined;
          const orm: OrmId | undefined = origin?.name !== 'EntitySchema' ? undefined : origin.pkg === 'typeorm' ? 'typeorm' : origin.pkg === '@mikro-orm/core' ? 'mikro-orm' : undefined;
          const typeNode = node.typeArguments[0]!;
          const target = this.checker.getTypeFromTypeNode(typeNode);
          if (orm && target.getSymbol()) this.addSchemaEntity(found, orm, target, node.arguments[0], node);
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
    return found;
  }

  private addSchemaEntity(found: Map<ts.Symbol, EntityInfo>, orm: OrmId, type: ts.Type, options: ts.ObjectLiteralExpression, node: ts.NewExpression): void {
    const nameNode = objectProperty(options, 'name');
    const name = nameNode && ts.isStringLiteral(nameNode) ? nameNode.text : type.symbol.name;
    const columnsNode = objectProperty(options, orm === 'typeorm' ? 'columns' : 'properties');
    const columns = columnsNode && ts.isObjectLiteralExpression(columnsNode) ? columnsNode : undefined;
    const column = (field: string): ts.ObjectLiteralExpression | undefined => {
      const init = objectProperty(columns, field);
      return init && ts.isObjectLiteralExpression(init) ? init : undefined;
    };
    let primaryKey: string | undefined;
    for (const property of columns?.properties ?? []) {
      if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && ts.isObjectLiteralExpression(property.initializer)) {
        if (objectProperty(property.initializer, 'primary')?.kind === ts.SyntaxKind.TrueKeyword) primaryKey ??= property.name.text;
      }
    }
    const variable = node.parent;
    found.set(
      type.symbol,
      this.plainEntity({
        orm,
        name,
        tracked: true,
        type,
        declaration: ts.isVariableDeclaration(variable) ? variable : undefined,
        persisted: field => (columns ? objectProperty(columns, field) !== undefined : true),
        maintained: field => {
          const options = column(field);
          if (orm === 'typeorm' && objectProperty(options, 'updateDate')?.kind === ts.SyntaxKind.TrueKeyword) {
            return { paths: ['tracked', 'update', 'upsert'], by: 'updateDate: true' };
          }
          if (orm === 'mikro-orm' && objectProperty(options, 'onUpdate')) return { paths: ['tracked'], by: 'onUpdate' };
          return undefined;
        },
        primaryKey,
      }),
    );
  }

  // --- discovery for no-unimported-models --------------------------------------------------------------------------
  private projectFiles(): ts.SourceFile[] {
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

interface ModelCandidate {
  kind: DiscoveredModel['kind'];
  nameNode: ts.Identifier;
  callee: ts.Identifier | undefined;
  exported: boolean;
}

const candidatesByFile = new WeakMap<ts.SourceFile, readonly ModelCandidate[]>();

/** Syntactic pre-pass, cached per source file (unchanged files keep their SourceFile across edits). */
function modelCandidates(file: ts.SourceFile): readonly ModelCandidate[] {
  let candidates = candidatesByFile.get(file);
  if (candidates) return candidates;
  const list: ModelCandidate[] = [];
  for (const statement of file.statements) {
    const exported = ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some(m => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isClassDeclaration(statement) && statement.name) {
      const hasHint = (ts.getDecorators(statement)?.length ?? 0) > 0 || (statement.heritageClauses?.length ?? 0) > 0;
      if (hasHint) list.push({ kind: 'class', nameNode: statement.name, callee: undefined, exported });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (!init || !ts.isIdentifier(declaration.name)) continue;
        const callee = ts.isCallExpression(init) || ts.isNewExpression(init) ? init.expression : undefined;
        const calleeName = callee && (ts.isPropertyAccessExpression(callee) ? callee.name : callee);
        if (!calleeName || !ts.isIdentifier(calleeName)) continue;
        const kind = drizzleTableFactories.has(calleeName.text)
          ? 'table'
          : calleeName.text === 'defineEntity' || calleeName.text === 'EntitySchema'
            ? 'schema'
            : undefined;
        if (kind) list.push({ kind, nameNode: declaration.name, callee: calleeName, exported });
      }
    }
  }
  candidates = list;
  candidatesByFile.set(file, candidates);
  return candidates;
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
    model = new EntityModelImpl(program, settings, services);
    bySettings.set(settings, model);
  }
  return model;
}

