import * as ts from 'typescript';
import { objectProperty, symbolOrigin } from '../util/ts-nodes.js';
import { plainEntity, propertyOrigin, type Recognition } from './recognition.js';
import type { EntityInfo } from './types.js';

/**
 * Drizzle (plain rows). A column built with `$onUpdate(fn)`/`$onUpdateFn(fn)` is filled wherever drizzle builds a SET
 * list with `<dialect>.buildUpdateSet` (pg-core/mysql-core/sqlite-core `dialect.js`: it adds every column with an
 * `onUpdateFn` that the set leaves out): `db.update().set()` (`buildUpdateQuery`), `insert().onConflictDoUpdate({ set })`
 * (pg-core/sqlite-core `insert.js` `onConflictDoUpdate`) and `onDuplicateKeyUpdate({ set })` (mysql-core `insert.js`).
 * Nothing fills columns in raw SQL.
 */
export const drizzlePackage = 'drizzle-orm';

/** Table factories whose object-literal argument declares the columns. */
export const drizzleTableFactories: ReadonlySet<string> = new Set([
  'pgTable',
  'mysqlTable',
  'sqliteTable',
  'singlestoreTable',
  'gelTable',
  'pgTableCreator',
  'mysqlTableCreator',
  'sqliteTableCreator',
]);

/** Type aliases of drizzle-orm that produce a selected row. */
export const drizzleRowTypes: ReadonlySet<string> = new Set(['InferSelectModel', 'InferModelFromColumns', 'Simplify']);

/** `timestamp('x').notNull().$onUpdate(() => new Date())` */
export function columnHasOnUpdate(initializer: ts.Expression): boolean {
  let node: ts.Expression = initializer;
  while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const name = node.expression.name.text;
    if (name === '$onUpdate' || name === '$onUpdateFn') return true;
    node = node.expression.expression;
  }
  return false;
}

/** `serial('id').primaryKey()` */
export function columnIsPrimaryKey(initializer: ts.Expression): boolean {
  let node: ts.Expression = initializer;
  while (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    if (node.expression.name.text === 'primaryKey') return true;
    node = node.expression.expression;
  }
  return false;
}

/** A Drizzle row type (`InferSelectModel<typeof phases>`): the entity of the table whose columns declare it. */
export function drizzleEntity(ctx: Recognition, type: ts.Type, probe: string): EntityInfo | undefined {
  const origin = propertyOrigin(type, probe);
  const columns = origin?.parent;
  const call = columns?.parent;
  if (!columns || !ts.isObjectLiteralExpression(columns) || !call || !ts.isCallExpression(call)) return undefined;
  const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
  if (!ts.isIdentifier(callee) || !drizzleTableFactories.has(callee.text)) return undefined;
  if (symbolOrigin(ctx.checker, ctx.checker.getSymbolAtLocation(callee))?.pkg !== drizzlePackage) return undefined;
  const variable = call.parent;
  const name = ts.isVariableDeclaration(variable) && ts.isIdentifier(variable.name) ? variable.name.text : callee.text;
  return ctx.cachedNode(columns, () => {
    const column = (field: string): ts.Expression | undefined => objectProperty(columns, field);
    let primaryKey: string | undefined;
    for (const property of columns.properties) {
      if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && columnIsPrimaryKey(property.initializer)) {
        primaryKey ??= property.name.text;
      }
    }
    return plainEntity(ctx, {
      orm: 'drizzle',
      name,
      tracked: false,
      type,
      declaration: ts.isVariableDeclaration(variable) ? variable : undefined,
      persisted: field => column(field) !== undefined,
      maintained: field => {
        const init = column(field);
        return init && columnHasOnUpdate(init) ? { paths: ['update', 'upsert'], by: '$onUpdate' } : undefined;
      },
      primaryKey,
    });
  });
}
