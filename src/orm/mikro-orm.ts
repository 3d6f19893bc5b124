import * as ts from 'typescript';
import { objectProperty, optionsObject } from '../util/ts-nodes.js';
import type { ClassOrmSpec } from './class-orm.js';

/**
 * MikroORM (unit of work). `@Property({ onUpdate })` runs when the unit of work flushes a change, never for
 * `em.nativeUpdate()`, `qb.update()` or `em.upsert()`; `@BeforeUpdate` hooks likewise run on flush only.
 */
export const mikroOrm: ClassOrmSpec = {
  id: 'mikro-orm',
  packages: new Set(['@mikro-orm/core', '@mikro-orm/decorators']),
  entityDecorators: new Set(['Entity']),
  baseClasses: new Set(['BaseEntity']),
  nonColumnDecorators: new Set(['Formula', 'Index', 'Unique', 'Check', 'Filter']),
  primaryKeyDecorators: new Set(['PrimaryKey', 'SerializedPrimaryKey']),
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
