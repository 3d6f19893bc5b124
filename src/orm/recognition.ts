import * as ts from 'typescript';
import type { OrmHygieneSettings } from '../util/settings.js';
import { packageOfFile } from '../util/ts-nodes.js';
import { ALL_WRITE_PATHS, type AuditField, type AuditRole, type EntityInfo, type OrmId, type ValueKind, type WritePath } from './types.js';

/**
 * What every ORM family's recogniser (class-orm.ts, prisma.ts, drizzle.ts, kysely.ts, mikro-orm.ts, entity-schema.ts,
 * custom.ts) is given by the entity model: the program, the settings and the model's per-program caches. The
 * recognisers hold no state of their own; entity-model.ts decides in which order they are asked.
 */
export interface Recognition {
  readonly program: ts.Program;
  readonly checker: ts.TypeChecker;
  readonly settings: OrmHygieneSettings;
  /** The (cached) entity of a class symbol, for base classes. */
  classEntity(symbol: ts.Symbol): EntityInfo | undefined;
  /** One entity per declaring node (a Drizzle columns object, a Kysely interface, ...). */
  cachedNode(node: ts.Node, make: () => EntityInfo): EntityInfo;
  /** One entity per key, for entities whose identity is not a single node (Prisma payload + selection). */
  cachedByKey(key: string, make: () => EntityInfo): EntityInfo;
  /** The program's own source files (no declaration files, nothing from node_modules). */
  projectFiles(): readonly ts.SourceFile[];
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
export function mapperTargets(type: ts.Type): ts.Type[] {
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

/** The declaration a property of a (mapped) type comes from, following mapped types back to their source. */
export function propertyOrigin(type: ts.Type, name: string, depth = 0): ts.Declaration | undefined {
  const declaration = type.getProperty(name)?.declarations?.[0];
  if (declaration) return declaration;
  if (depth >= 4) return undefined;
  for (const target of mapperTargets(type)) {
    const found = propertyOrigin(target, name, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The type alias / interface / class that declares an (anonymous, mapped) type, and its package. */
export function typeOwner(type: ts.Type): { name: string; pkg: string | undefined; node: ts.Node } | undefined {
  let node: ts.Node | undefined = type.aliasSymbol?.declarations?.[0] ?? type.getSymbol()?.declarations?.[0];
  while (node && !ts.isSourceFile(node)) {
    if ((ts.isTypeAliasDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) && node.name) {
      return { name: node.name.text, pkg: packageOfFile(node.getSourceFile().fileName), node };
    }
    node = node.parent;
  }
  return undefined;
}

export function ancestors(node: ts.Node | undefined, max = 12): ts.Node[] {
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

export function valueKindOf(type: ts.Type): ValueKind {
  const kinds = valueKindsOf([type]);
  if (kinds.has('date')) return 'date';
  if (kinds.size === 1) return [...kinds][0] ?? 'other';
  return 'other';
}

/** `settings['orm-hygiene'].managedFields`: a field the user says something else maintains on every path. */
export function addManaged(settings: OrmHygieneSettings, entity: string, field: string, paths: Set<WritePath>, by: string[]): void {
  const managed = settings.managedFields.some(m => (typeof m === 'string' ? m === field : m.field === field && m.entity === entity));
  if (!managed) return;
  for (const p of ALL_WRITE_PATHS) paths.add(p);
  by.push("settings['orm-hygiene'].managedFields");
}

export interface PlainEntityInput {
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
}

/** Entities whose fields are read off a type (rows, schemas, custom types). */
export function plainEntity(ctx: Recognition, input: PlainEntityInput): EntityInfo {
  const { checker, settings } = ctx;
  /** The timestamp the ORM itself fills (Prisma `@updatedAt`, Drizzle `$onUpdate`, `onUpdate`), whatever its name. */
  const markedTimestamp = (): string | undefined => {
    const marked = input.type
      .getProperties()
      .map(p => p.name)
      .filter(n => input.persisted(n) && input.maintained(n, 'timestamp') !== undefined)
      .filter(n => settings.timestampFields.includes(n) || valueKindOf(checker.getTypeOfSymbol(input.type.getProperty(n)!)) === 'date');
    return settings.timestampFields.find(n => marked.includes(n)) ?? marked[0];
  };
  const field = (role: AuditRole): AuditField | undefined => {
    const candidates = role === 'timestamp' ? settings.timestampFields : settings.actorFields;
    const fieldName =
      (role === 'timestamp' ? markedTimestamp() : undefined) ?? candidates.find(c => input.type.getProperty(c) !== undefined && input.persisted(c));
    if (!fieldName) return undefined;
    const paths = new Set<WritePath>();
    const by: string[] = [];
    const orm = input.maintained(fieldName, role);
    if (orm) {
      for (const p of orm.paths) paths.add(p);
      by.push(orm.by);
    }
    addManaged(settings, input.name, fieldName, paths, by);
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
