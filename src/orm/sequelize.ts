import * as ts from 'typescript';
import { isFalseLiteral, objectProperty } from '../util/ts-nodes.js';
import type { ClassOrmSpec } from './class-orm.js';

/**
 * Sequelize and sequelize-typescript (active record). With `timestamps` (the default) `updatedAt` is set by
 * `instance.save()` (`Model#save`: removed from the saved fields under `silent: true`), `instance.update()` (it calls
 * `save`), static `Model.update()` (`Model.update`: `if (updatedAt && !options.silent)`), `Model.upsert()` (always:
 * `Model.upsert` ignores `silent`) and `bulkCreate({ updateOnDuplicate })` (only when listed: `Model.bulkCreate`
 * intersects the list with the table's attributes). `@BeforeUpdate`/`@BeforeSave` hooks run for instance saves only
 * (static `update()` runs bulk hooks). Associations (`@BelongsTo`, `@HasOne`, `@HasMany`, `@BelongsToMany`) are no
 * columns: `Model#save` and `Model.update` write attributes only, so the foreign-key column (`@ForeignKey(() => User)
 * @Column lastModifiedById`) is what persists.
 */
export const sequelize: ClassOrmSpec = {
  id: 'sequelize',
  packages: new Set(['sequelize', 'sequelize-typescript']),
  entityDecorators: new Set(['Table']),
  baseClasses: new Set(['Model']),
  nonColumnDecorators: new Set(['BelongsTo', 'HasMany', 'HasOne', 'BelongsToMany', 'Scopes', 'DefaultScope', 'Index']),
  primaryKeyDecorators: new Set(['PrimaryKey']),
  serializedPrimaryKeyDecorators: new Set(),
  updateHookDecorators: new Set(['BeforeUpdate', 'BeforeSave']),
  staticHooks: true,
  relation(decorators) {
    const relation = decorators.find(d => ['BelongsTo', 'HasOne', 'HasMany', 'BelongsToMany'].includes(d.name));
    if (!relation) return undefined;
    const key = relation.args[1];
    const foreignKey = key && ts.isStringLiteral(key) ? key.text : undefined;
    const options = key && ts.isObjectLiteralExpression(key) ? objectProperty(key, 'foreignKey') : undefined;
    return {
      kind: 'inverse',
      target: relation.args[0],
      joinColumn: relation.name === 'BelongsTo' ? (foreignKey ?? (options && ts.isStringLiteral(options) ? options.text : undefined)) : undefined,
      referencedColumn: undefined,
    };
  },
  foreignKeyTarget: decorators => decorators.find(d => d.name === 'ForeignKey')?.args[0],
  maintenance(member, cls) {
    if (member.role !== 'timestamp') return undefined;
    const paths = ['tracked', 'update', 'upsert'] as const;
    if (member.decorators.some(d => d.name === 'UpdatedAt')) return { paths, by: '@UpdatedAt' };
    const options = cls.entityOptions;
    if (isFalseLiteral(objectProperty(options, 'timestamps'))) return undefined;
    const updatedAt = objectProperty(options, 'updatedAt');
    if (isFalseLiteral(updatedAt)) return undefined;
    const column = updatedAt && ts.isStringLiteral(updatedAt) ? updatedAt.text : 'updatedAt';
    return member.name === column ? { paths, by: 'Sequelize timestamps' } : undefined;
  },
};

/** Sequelize without decorators: `Owner.init(attributes, options)` in the class's file. */
export function sequelizeInitCall(declaration: ts.ClassLikeDeclaration): ts.CallExpression | undefined {
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
