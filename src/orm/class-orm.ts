import * as ts from 'typescript';
import { assignsProperty, classDisplayName, thisOrNamed, objectProperty, optionsObject, packageOfFile, symbolOrigin, type DecoratorUse } from '../util/ts-nodes.js';
import { addManaged, valueKindOf, type Recognition } from './recognition.js';
import { sequelizeInitCall } from './sequelize.js';
import { expandedDecoratorsOf } from './wrappers.js';
import type { AuditField, AuditRole, EntityInfo, OrmId, WritePath } from './types.js';

/**
 * Class entities of the decorator / active-record ORMs (TypeORM, MikroORM, Sequelize): one recogniser driven by each
 * ORM's `ClassOrmSpec` (typeorm.ts, mikro-orm.ts, sequelize.ts). Decorators are read with the project's wrappers
 * expanded (wrappers.ts), and a class's members include those of its base classes (the ORMs' metadata inherits
 * decorated members of any base class, entity or not), so local abstract base chains pass their fields on.
 */

/** What the entity model knows about one audit-field candidate property of a class entity. */
export interface MemberFacts {
  readonly name: string;
  readonly role: AuditRole;
  /** Decorators from the ORM's own packages on the property. */
  readonly decorators: readonly DecoratorUse[];
}

export interface ClassFacts {
  /** Options object of the entity decorator (`@Table({ timestamps: false })`) or of `Model.init(attrs, options)`. */
  readonly entityOptions: ts.ObjectLiteralExpression | undefined;
}

export interface OrmMaintenance {
  readonly paths: readonly WritePath[];
  /** Shown to users: what fills the field (`@UpdateDateColumn`). */
  readonly by: string;
}

/** A decorator/active-record ORM described as data: the entity model reads it, rules never do. */
export interface ClassOrmSpec {
  readonly id: OrmId;
  /** Packages whose decorators and base classes belong to this ORM. */
  readonly packages: ReadonlySet<string>;
  /** Class decorators that make a class an entity. */
  readonly entityDecorators: ReadonlySet<string>;
  /** Base classes (declared in `packages`) whose subclasses are entities. */
  readonly baseClasses: ReadonlySet<string>;
  /** Property decorators of the ORM that do not make a persisted column. */
  readonly nonColumnDecorators: ReadonlySet<string>;
  readonly primaryKeyDecorators: ReadonlySet<string>;
  /**
   * Decorators of the key the ORM serialises in place of the stored one (MikroORM `@SerializedPrimaryKey() id` next
   * to `@PrimaryKey() _id`): when a class has one, it is the entity's primary key.
   */
  readonly serializedPrimaryKeyDecorators: ReadonlySet<string>;
  /** Method decorators of lifecycle hooks that run before an update of a tracked entity. */
  readonly updateHookDecorators: ReadonlySet<string>;
  /** Whether hook methods are static and receive the instance as first parameter (sequelize-typescript). */
  readonly staticHooks: boolean;
  /**
   * Where the ORM itself fills an audit field, from the property's decorators and the class options. For the
   * timestamp role this is also the ORM's own marker: a property it fills is the entity's timestamp whatever its name.
   */
  maintenance(member: MemberFacts, cls: ClassFacts): OrmMaintenance | undefined;
  /**
   * A relation property: `owning` when this row holds its foreign key (TypeORM/MikroORM `ManyToOne`, a `OneToOne`
   * with a join column), so writing it writes a column; `inverse` otherwise (the other side holds the key, or a join
   * table does), so it is no column of this row. `target` is the related entity thunk (`() => User`) when written.
   */
  relation(decorators: readonly DecoratorUse[]): Relation | undefined;
  /** The entity a foreign-key column refers to (sequelize-typescript `@ForeignKey(() => User)`), as its thunk. */
  foreignKeyTarget(decorators: readonly DecoratorUse[]): ts.Expression | undefined;
}

export interface Relation {
  readonly kind: 'owning' | 'inverse';
  readonly target: ts.Expression | undefined;
  /** The foreign-key column's property the relation writes, when the ORM names it (TypeORM `@JoinColumn({ name })`). */
  readonly joinColumn: string | undefined;
  /** The related entity's column the key holds (`referencedColumnName`), when written. */
  readonly referencedColumn: string | undefined;
}

/** `() => User` → the `User` instance type. */
export function thunkTarget(checker: ts.TypeChecker, thunk: ts.Expression | undefined): ts.Type | undefined {
  if (!thunk || !(ts.isArrowFunction(thunk) || ts.isFunctionExpression(thunk))) return undefined;
  const returned = checker.getTypeAtLocation(thunk).getCallSignatures()[0]?.getReturnType();
  return returned?.getConstructSignatures()[0]?.getReturnType();
}

function classSpec(
  ctx: Recognition,
  specs: readonly ClassOrmSpec[],
  declaration: ts.ClassLikeDeclaration,
  instanceType: ts.Type,
): { spec: ClassOrmSpec; facts: ClassFacts } | undefined {
  const { checker } = ctx;
  const decorators = expandedDecoratorsOf(checker, declaration);
  for (const spec of specs) {
    const entityDecorator = decorators.find(d => d.pkg !== undefined && spec.packages.has(d.pkg) && spec.entityDecorators.has(d.name));
    if (entityDecorator) return { spec, facts: { entityOptions: optionsObject(entityDecorator.args) } };
  }
  for (const base of checker.getBaseTypes(instanceType as ts.InterfaceType)) {
    const origin = symbolOrigin(checker, base.getSymbol());
    if (!origin) continue;
    const spec = specs.find(s => origin.pkg !== undefined && s.packages.has(origin.pkg) && s.baseClasses.has(origin.name));
    if (spec) return { spec, facts: { entityOptions: sequelizeInitCall(declaration)?.arguments[1] as ts.ObjectLiteralExpression | undefined } };
    const baseSymbol = base.getSymbol();
    const baseEntity = baseSymbol ? ctx.classEntity(baseSymbol) : undefined;
    const baseDeclaration = baseSymbol?.declarations?.find(ts.isClassLike);
    if (baseEntity && baseDeclaration) return classSpec(ctx, specs, baseDeclaration, base);
  }
  return undefined;
}

/** The entity a class declares, when one of `specs` (asked in order) recognises it; uncached (see EntityModel). */
export function recogniseClassEntity(ctx: Recognition, specs: readonly ClassOrmSpec[], symbol: ts.Symbol): EntityInfo | undefined {
  const declaration = symbol.declarations?.find(ts.isClassLike);
  if (!declaration) return undefined;
  // Classes declared by the ORM packages themselves (BaseEntity, Model) are not entities.
  const declaringPackage = packageOfFile(declaration.getSourceFile().fileName);
  if (declaringPackage !== undefined && specs.some(s => s.packages.has(declaringPackage))) return undefined;
  const { checker, settings } = ctx;
  const instanceType = checker.getDeclaredTypeOfSymbol(symbol);
  const found = classSpec(ctx, specs, declaration, instanceType);
  if (!found) return undefined;
  const { spec, facts } = found;
  const ormDecorators = (node: ts.Node): DecoratorUse[] =>
    expandedDecoratorsOf(checker, node).filter(d => d.pkg !== undefined && spec.packages.has(d.pkg));

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
  const initAttributes = spec.id === 'sequelize' && !usesDecorators ? sequelizeInitCall(declaration)?.arguments[0] : undefined;

  const persisted = (name: string): boolean => {
    const property = instanceType.getProperty(name);
    const decl = property?.valueDeclaration;
    if (!decl) return false;
    if (!(ts.isPropertyDeclaration(decl) || ts.isPropertySignature(decl) || ts.isParameter(decl))) return false;
    if (packageOfFile(decl.getSourceFile().fileName) !== undefined) return false; // ORM base class members
    if (usesDecorators) {
      const decorators = memberDecorators.get(name) ?? [];
      if (spec.relation(decorators)?.kind === 'inverse') return false;
      return decorators.some(d => !spec.nonColumnDecorators.has(d.name));
    }
    if (initAttributes && ts.isObjectLiteralExpression(initAttributes)) {
      return objectProperty(initAttributes, name) !== undefined;
    }
    return true;
  };

  let primaryKey: string | undefined;
  for (const [name, decorators] of memberDecorators) {
    if (decorators.some(d => spec.serializedPrimaryKeyDecorators.has(d.name))) {
      primaryKey = name;
      break;
    }
    if (decorators.some(d => spec.primaryKeyDecorators.has(d.name))) primaryKey ??= name;
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

  const name = classDisplayName(symbol, declaration);
  const memberFacts = (fieldName: string, role: AuditRole): MemberFacts => ({ name: fieldName, role, decorators: memberDecorators.get(fieldName) ?? [] });
  /** The timestamp the ORM itself marks (`@UpdateDateColumn() modified`, `@UpdatedAt lastEdited`), whatever its name. */
  const markedTimestamp = (): string | undefined => {
    const marked = properties
      .map(p => p.name)
      .filter(n => persisted(n) && spec.maintenance(memberFacts(n, 'timestamp'), facts) !== undefined)
      .filter(n => settings.timestampFields.includes(n) || valueKindOf(checker.getTypeOfSymbol(instanceType.getProperty(n)!)) === 'date');
    return settings.timestampFields.find(n => marked.includes(n)) ?? marked[0];
  };
  const relations = new Map<string, Relation>();
  for (const [property, decorators] of memberDecorators) {
    const relation = spec.relation(decorators);
    if (relation) relations.set(property, relation);
  }
  /**
   * The relation whose foreign key is a column (`@JoinColumn({ name })`, `@BelongsTo(() => User, 'lastModifiedById')`,
   * or the default `<relation>Id` of an owning relation: TypeORM's `DefaultNamingStrategy.joinColumnName`).
   */
  const relationOfColumn = (column: string): [string, Relation] | undefined =>
    [...relations].find(([property, r]) => (r.joinColumn ?? (r.kind === 'owning' ? `${property}Id` : undefined)) === column && property !== column);
  const actorFacts = (fieldName: string): Pick<AuditField, 'aliases' | 'actor'> => {
    const own = relations.get(fieldName);
    if (own?.kind === 'owning') {
      const entity = thunkTarget(checker, own.target) ?? checker.getNonNullableType(checker.getTypeOfSymbol(instanceType.getProperty(fieldName)!));
      const column = own.joinColumn ?? `${fieldName}Id`;
      return { aliases: persisted(column) ? [column] : [], actor: { entity, key: undefined } };
    }
    const related = relationOfColumn(fieldName);
    const thunk = spec.foreignKeyTarget(memberDecorators.get(fieldName) ?? []) ?? related?.[1].target;
    const entity = thunkTarget(checker, thunk) ?? (related && checker.getNonNullableType(checker.getTypeOfSymbol(instanceType.getProperty(related[0])!)));
    if (!entity) return {};
    const target = entity.getSymbol() ? ctx.classEntity(entity.getSymbol()!) : undefined;
    const key = related?.[1].referencedColumn ?? target?.primaryKey ?? 'id';
    return { aliases: related?.[1].kind === 'owning' ? [related[0]] : [], actor: { entity, key } };
  };
  const field = (role: AuditRole): AuditField | undefined => {
    const candidates = role === 'timestamp' ? settings.timestampFields : settings.actorFields;
    const fieldName = (role === 'timestamp' ? markedTimestamp() : undefined) ?? candidates.find(persisted);
    if (!fieldName) return undefined;
    const property = instanceType.getProperty(fieldName)!;
    const member = memberFacts(fieldName, role);
    const paths = new Set<WritePath>();
    const by: string[] = [];
    const orm = spec.maintenance(member, facts);
    if (orm) {
      for (const p of orm.paths) paths.add(p);
      by.push(orm.by);
    }
    const extra = role === 'actor' ? actorFacts(fieldName) : {};
    const written = [fieldName, ...(extra.aliases ?? [])];
    // What the hooks add is not maintained on a write that runs none (`listeners: false`, `hooks: false`).
    const withoutHooks = new Set(paths);
    for (const hook of hooks) {
      if (written.some(w => assignsProperty(hook.body, w, thisOrNamed(hook.receivers)))) {
        paths.add('tracked');
        by.push(hook.name);
      }
    }
    addManaged(settings, name, fieldName, paths, by);
    addManaged(settings, name, fieldName, withoutHooks, []);
    const type = checker.getTypeOfSymbol(property);
    return { name: fieldName, role, type, valueKind: valueKindOf(type), maintainedOn: paths, maintainedBy: by, maintainedWithoutHooks: withoutHooks, ...extra };
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
