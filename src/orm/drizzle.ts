import * as ts from 'typescript';

/**
 * Drizzle (plain rows). A column built with `$onUpdate(fn)`/`$onUpdateFn(fn)` is filled by `db.update().set()`;
 * nothing fills columns in `onConflictDoUpdate({ set })` or raw SQL.
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
