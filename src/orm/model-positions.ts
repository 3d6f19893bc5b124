import * as ts from 'typescript';
import { packageOfFile, symbolOrigin } from '../util/ts-nodes.js';
import { isOrmPackage } from './models.js';
import { expandedDecoratorsOf } from './wrappers.js';

/**
 * Where a name is used as a model, for no-unimported-models' global shadowing: a name that resolves to a global
 * (`Error`, `Record`, `Event`) while a model of that name exists is reported only where the surrounding code treats
 * it as a model, never for `throw new Error()`, `Record<K, V>` or `new Event('x')`.
 *
 * With type information:
 * - an argument of an ORM API (the resolved signature is declared in an ORM package): `em.find(X)`,
 *   `getRepository(X)`, `manager.count(X)`, `new DataSource({ entities: [X] })`, a relation decorator's
 *   `() => X` / `{ entity: () => X }`;
 * - a type argument of an ORM type or call (`Repository<X>`, `em.find<X>()`), or the type of a property that carries
 *   an ORM decorator (`@ManyToOne(() => X) owner: X`);
 * - a member the global lacks and the model has: `X.findAll()` on the value, `x.title` on a variable or parameter
 *   declared with the type `X`.
 * A type reference with type arguments (`Record<string, number>`) never means a model class without type parameters.
 */
export function isModelPositionTyped(checker: ts.TypeChecker, id: ts.Identifier, model: ts.Symbol | undefined): boolean {
  const parent = id.parent;
  if (ts.isTypeReferenceNode(parent) && parent.typeName === id) return isModelTypeReference(checker, parent, model);
  if (ormArgument(checker, id)) return true;
  if (model && ts.isPropertyAccessExpression(parent) && parent.expression === id) {
    const globalType = checker.getTypeAtLocation(id);
    const name = parent.name.text;
    return globalType.getProperty(name) === undefined && checker.getTypeOfSymbol(model).getProperty(name) !== undefined;
  }
  return false;
}

function isModelTypeReference(checker: ts.TypeChecker, reference: ts.TypeReferenceNode, model: ts.Symbol | undefined): boolean {
  if (reference.typeArguments?.length) {
    const parameters = model && checker.getDeclaredTypeOfSymbol(model);
    const generic = parameters && (parameters as ts.InterfaceType).typeParameters?.length;
    if (!generic) return false;
  }
  let node: ts.Node = reference;
  for (let depth = 0; depth < 4; depth++) {
    const parent = node.parent;
    if (ts.isTypeReferenceNode(parent) || ts.isExpressionWithTypeArguments(parent)) {
      if (!parent.typeArguments?.includes(node as ts.TypeNode)) return false;
      const name = ts.isTypeReferenceNode(parent) ? parent.typeName : parent.expression;
      const symbol = checker.getSymbolAtLocation(ts.isQualifiedName(name) ? name.right : name);
      if (isOrmPackage(symbolOrigin(checker, symbol)?.pkg)) return true;
      node = parent;
      continue;
    }
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.typeArguments?.includes(node as ts.TypeNode)) {
      return isOrmCall(checker, parent);
    }
    if (ts.isUnionTypeNode(parent) || ts.isArrayTypeNode(parent) || ts.isParenthesizedTypeNode(parent)) {
      node = parent;
      continue;
    }
    if (ts.isPropertyDeclaration(parent) && parent.type === node) {
      return expandedDecoratorsOf(checker, parent).some(d => isOrmPackage(d.pkg));
    }
    if ((ts.isParameter(parent) || ts.isVariableDeclaration(parent)) && parent.type === node && node === reference) {
      return model !== undefined && usesModelMembers(checker, parent, reference, model);
    }
    return false;
  }
  return false;
}

/** `x.title` on a parameter/variable `x: X` where the global `X` has no `title` and the model has. */
function usesModelMembers(
  checker: ts.TypeChecker,
  declaration: ts.ParameterDeclaration | ts.VariableDeclaration,
  reference: ts.TypeReferenceNode,
  model: ts.Symbol,
): boolean {
  if (!ts.isIdentifier(declaration.name)) return false;
  const variable = checker.getSymbolAtLocation(declaration.name);
  if (!variable) return false;
  const globalType = checker.getTypeFromTypeNode(reference);
  const modelType = checker.getDeclaredTypeOfSymbol(model);
  const scope = ts.isParameter(declaration) ? declaration.parent : (ts.findAncestor(declaration, n => ts.isBlock(n) || ts.isSourceFile(n)) ?? declaration);
  const name = declaration.name.text;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === name &&
      globalType.getProperty(node.name.text) === undefined &&
      modelType.getProperty(node.name.text) !== undefined &&
      checker.getSymbolAtLocation(node.expression) === variable
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}

/** The value (through `() => X`, `{ key: X }`, `[X]`) is an argument of a call into an ORM package. */
function ormArgument(checker: ts.TypeChecker, id: ts.Identifier): boolean {
  let node: ts.Node = id;
  for (let depth = 0; depth < 5; depth++) {
    const parent = node.parent;
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node as ts.Expression)) {
      return isOrmCall(checker, parent);
    }
    if (ts.isArrowFunction(parent) && parent.body === node) node = parent;
    else if (ts.isPropertyAssignment(parent) && parent.initializer === node) node = parent.parent;
    else if (ts.isArrayLiteralExpression(parent) || ts.isParenthesizedExpression(parent)) node = parent;
    else return false;
  }
  return false;
}

function isOrmCall(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): boolean {
  // `declaration` is undefined for the checker's unknown/resolving signatures (a call that does not resolve).
  const declaration = checker.getResolvedSignature(call)?.declaration;
  if (declaration) return isOrmPackage(packageOfFile(declaration.getSourceFile().fileName));
  const callee = ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
  return isOrmPackage(symbolOrigin(checker, checker.getSymbolAtLocation(callee))?.pkg);
}

/**
 * Without type information only the shape `X.method(...)` tells that a global name is meant as a model: a static
 * query/write method of the active-record ORMs, which no built-in global has.
 * - sequelize: `class Model` statics in sequelize/types/model.d.ts;
 * - typeorm: `class BaseEntity` statics in typeorm/repository/BaseEntity.d.ts.
 */
const activeRecordStatics: ReadonlySet<string> = new Set([
  // sequelize/types/model.d.ts, class Model (static)
  'findAll',
  'findByPk',
  'findOne',
  'findOrCreate',
  'findOrBuild',
  'findCreateFind',
  'findAndCountAll',
  'bulkCreate',
  'upsert',
  'destroy',
  'restore',
  'truncate',
  'increment',
  'decrement',
  'hasMany',
  'belongsTo',
  'hasOne',
  'belongsToMany',
  'addScope',
  'scope',
  'unscoped',
  // typeorm/repository/BaseEntity.d.ts, class BaseEntity (static)
  'findBy',
  'findOneBy',
  'findOneOrFail',
  'findOneByOrFail',
  'findAndCount',
  'findAndCountBy',
  'countBy',
  'createQueryBuilder',
  'getRepository',
  'useDataSource',
  'softRemove',
  'insert',
  'delete',
]);

/** `X.findAll(...)`, `X.findOneBy(...)`: see `activeRecordStatics`. */
export function isActiveRecordCallee(methodName: string): boolean {
  return activeRecordStatics.has(methodName);
}
