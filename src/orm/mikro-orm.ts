import * as ts from 'typescript';
import { assignsProperty, objectProperty, optionsObject } from '../util/ts-nodes.js';
import type { ClassOrmSpec } from './class-orm.js';
import { ancestors, plainEntity, propertyOrigin, type Recognition } from './recognition.js';
import type { EntityInfo } from './types.js';

/**
 * MikroORM (unit of work). `@Property({ onUpdate })` runs when the unit of work flushes a change
 * (`ChangeSetComputer.processPropertyInitializers`, for `ChangeSetType.UPDATE` only), never for `em.nativeUpdate()`,
 * `qb.update()` or `em.upsert()` (`EntityManager.upsert` hands the data to the driver as given); `@BeforeUpdate`
 * hooks likewise run on flush only. Relations: `@ManyToOne` and an owning `@OneToOne` (no `mappedBy`) are columns of
 * this row; `@OneToMany`, `@ManyToMany` (pivot table) and an inverse `@OneToOne` (`mappedBy`) are not.
 */
export const mikroOrm: ClassOrmSpec = {
  id: 'mikro-orm',
  packages: new Set(['@mikro-orm/core', '@mikro-orm/decorators']),
  entityDecorators: new Set(['Entity']),
  baseClasses: new Set(['BaseEntity']),
  nonColumnDecorators: new Set(['Formula', 'Index', 'Unique', 'Check', 'Filter']),
  primaryKeyDecorators: new Set(['PrimaryKey', 'SerializedPrimaryKey']),
  // serialization/EntityTransformer.js `EntityTransformer.toObject`: with a `meta.serializedPrimaryKey` (not composite)
  // only that key is serialised, not `meta.primaryKeys` (`_id`); the id a job reloads by is the serialised one.
  serializedPrimaryKeyDecorators: new Set(['SerializedPrimaryKey']),
  updateHookDecorators: new Set(['BeforeUpdate']),
  staticHooks: false,
  maintenance(member) {
    for (const decorator of member.decorators) {
      if (objectProperty(optionsObject(decorator.args), 'onUpdate')) {
        return { paths: ['tracked'], by: `@${decorator.name}({ onUpdate })` };
      }
    }
    return undefined;
  },
  relation(decorators) {
    const relation = decorators.find(d => ['ManyToOne', 'OneToOne', 'OneToMany', 'ManyToMany'].includes(d.name));
    if (!relation) return undefined;
    const options = optionsObject(relation.args);
    const thunk = relation.args[0] && !ts.isObjectLiteralExpression(relation.args[0]) ? relation.args[0] : objectProperty(options, 'entity');
    const mappedBy = objectProperty(options, 'mappedBy') ?? (relation.args[1] && !ts.isObjectLiteralExpression(relation.args[1]) ? relation.args[1] : undefined);
    const owning = relation.name === 'ManyToOne' || (relation.name === 'OneToOne' && mappedBy === undefined);
    return { kind: owning ? 'owning' : 'inverse', target: thunk, joinColumn: undefined, referencedColumn: undefined };
  },
  foreignKeyTarget: () => undefined,
};

/** `p.datetime().onUpdate(...)` in a `defineEntity` property builder chain. */
export function builderHasOnUpdate(initializer: ts.Expression): boolean {
  let node: ts.Expression = initializer;
  while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    if (node.expression.name.text === 'onUpdate') return true;
    node = node.expression.expression;
  }
  if (ts.isObjectLiteralExpression(initializer)) return objectProperty(initializer, 'onUpdate') !== undefined;
  return false;
}

/** `defineEntity({ name, properties: { ... } })`: the entity of an `InferEntityFromProperties<>` type. */
export function defineEntityEntity(ctx: Recognition, type: ts.Type): EntityInfo | undefined {
  const probe = type.getProperties().find(p => !p.name.startsWith('__'));
  const origin = probe && propertyOrigin(type, probe.name);
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
  return ctx.cachedNode(properties, () => {
    let primaryKey: string | undefined;
    let serialized: string | undefined;
    for (const property of properties.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
      const builder = property.initializer.getText();
      if (/\.primary\(/u.test(builder)) primaryKey ??= property.name.text;
      // entity/defineEntity.js `serializedPrimaryKey()`: the key `EntityTransformer.toObject` serialises instead of `_id`.
      if (/\.serializedPrimaryKey\(/u.test(builder)) serialized ??= property.name.text;
    }
    primaryKey = serialized ?? primaryKey;
    return plainEntity(ctx, {
      orm: 'mikro-orm',
      name,
      tracked: true,
      type,
      declaration: ts.isVariableDeclaration(variable) ? variable : undefined,
      persisted: field => {
        const init = objectProperty(properties, field);
        return init !== undefined && !propertyNotPersisted(init);
      },
      maintained: field => {
        const init = objectProperty(properties, field);
        if (init && builderHasOnUpdate(init)) return { paths: ['tracked'], by: 'onUpdate' };
        const hook = updateHookAssigning(options && ts.isObjectLiteralExpression(options) ? options : undefined, field);
        return hook ? { paths: ['tracked'], by: hook } : undefined;
      },
      primaryKey,
    });
  });
}

/** `p.string().persist(false)` or `{ persist: false }`: a property MikroORM does not store (EntitySchema.js defaults it for getters). */
export function propertyNotPersisted(initializer: ts.Expression): boolean {
  let node: ts.Expression = initializer;
  while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    if (node.expression.name.text === 'persist' && node.arguments[0]?.kind === ts.SyntaxKind.FalseKeyword) return true;
    node = node.expression.expression;
  }
  return ts.isObjectLiteralExpression(initializer) && objectProperty(initializer, 'persist')?.kind === ts.SyntaxKind.FalseKeyword;
}

/**
 * `hooks: { beforeUpdate: [(args) => { args.entity.updatedBy = ... }] }` of `defineEntity`/`EntitySchema`: the hook
 * that writes `field` on the event's entity, for messages. MikroORM runs `beforeUpdate` in
 * unit-of-work/UnitOfWork.js `commitUpdateChangeSets` (`runHooks(EventType.beforeUpdate, changeSet, true)`, which
 * diffs the entity again afterwards), so on flush only: never for `nativeUpdate`, `qb.update()` or `upsert`.
 */
export function updateHookAssigning(options: ts.ObjectLiteralExpression | undefined, field: string): string | undefined {
  const hooks = objectProperty(options, 'hooks');
  const list = hooks && ts.isObjectLiteralExpression(hooks) ? objectProperty(hooks, 'beforeUpdate') : undefined;
  if (!list || !ts.isArrayLiteralExpression(list)) return undefined;
  for (const element of list.elements) {
    if (!(ts.isArrowFunction(element) || ts.isFunctionExpression(element))) continue;
    const parameter = element.parameters[0];
    if (!parameter) continue;
    // `(args) => args.entity.x = ...` or `({ entity }) => entity.x = ...`
    const receivers = ts.isIdentifier(parameter.name)
      ? [`${parameter.name.text}.entity`]
      : ts.isObjectBindingPattern(parameter.name)
        ? parameter.name.elements.flatMap(e => (ts.isIdentifier(e.name) && (e.propertyName ?? e.name).getText() === 'entity' ? [e.name.text] : []))
        : [];
    if (receivers.length > 0 && assignsProperty(element.body, field, object => receivers.includes(object.getText()))) return `hooks.beforeUpdate`;
  }
  return undefined;
}
