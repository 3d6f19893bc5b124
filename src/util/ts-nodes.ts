import * as ts from 'typescript';

/** The package a source file belongs to (`typeorm`, `@mikro-orm/core`), from its last `node_modules/` segment. */
export function packageOfFile(fileName: string): string | undefined {
  const index = fileName.lastIndexOf('/node_modules/');
  if (index === -1) return undefined;
  const rest = fileName.slice(index + '/node_modules/'.length).split('/');
  const [first, second] = rest;
  if (first === undefined) return undefined;
  if (first.startsWith('@') && second !== undefined) return `${first}/${second}`;
  return first;
}

export function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/**
 * The symbol a reference denotes: for a shorthand property (`{ Ledger }`) its value, for `export { Ledger }` the
 * local it exports (the checker's symbol at those names is the property / the export).
 */
export function referencedSymbol(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  const { parent } = node;
  if (ts.isShorthandPropertyAssignment(parent) && parent.name === node) return checker.getShorthandAssignmentValueSymbol(parent);
  if (ts.isExportSpecifier(parent) && (parent.propertyName ?? parent.name) === node) {
    return checker.getExportSpecifierLocalTargetSymbol(parent);
  }
  return checker.getSymbolAtLocation(node);
}

/** Where a symbol is declared: its name and the package of its first declaration (undefined for project files). */
export function symbolOrigin(
  checker: ts.TypeChecker,
  symbol: ts.Symbol | undefined,
): { name: string; pkg: string | undefined; file: string } | undefined {
  if (!symbol) return undefined;
  const resolved = resolveAlias(checker, symbol);
  const declaration = resolved.declarations?.[0];
  if (!declaration) return undefined;
  const file = declaration.getSourceFile().fileName;
  return { name: resolved.name, pkg: packageOfFile(file), file };
}

export interface DecoratorUse {
  /** The decorator function's declared name (after import aliases are resolved). */
  name: string;
  /** The package declaring the decorator; undefined when it is the project's own. */
  pkg: string | undefined;
  args: readonly ts.Expression[];
  node: ts.Decorator;
}

/** Decorators on a class or member, resolved to the function they call (`@Entity()`, `@orm.Entity()`, `@UpdatedAt`). */
export function decoratorsOf(checker: ts.TypeChecker, node: ts.Node): DecoratorUse[] {
  if (!ts.canHaveDecorators(node)) return [];
  const decorators = ts.getDecorators(node);
  if (!decorators) return [];
  const uses: DecoratorUse[] = [];
  for (const decorator of decorators) {
    let callee = decorator.expression;
    let args: readonly ts.Expression[] = [];
    if (ts.isCallExpression(callee)) {
      args = callee.arguments;
      callee = callee.expression;
    }
    const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    if (!ts.isIdentifier(nameNode)) continue;
    const origin = symbolOrigin(checker, checker.getSymbolAtLocation(nameNode));
    uses.push({ name: origin?.name ?? nameNode.text, pkg: origin?.pkg, args, node: decorator });
  }
  return uses;
}

/** The object literal passed as the first argument whose value is an object literal, if any. */
export function optionsObject(args: readonly ts.Expression[]): ts.ObjectLiteralExpression | undefined {
  for (const arg of args) if (ts.isObjectLiteralExpression(arg)) return arg;
  return undefined;
}

/** The initializer of `key` in an object literal (`{ key: value }`), or `true` for a method/shorthand. */
export function objectProperty(object: ts.ObjectLiteralExpression | undefined, key: string): ts.Expression | undefined {
  if (!object) return undefined;
  for (const property of object.properties) {
    const name = property.name;
    if (!name || !(ts.isIdentifier(name) || ts.isStringLiteral(name)) || name.text !== key) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
    if (ts.isMethodDeclaration(property) && ts.isIdentifier(property.name)) return property.name;
  }
  return undefined;
}

export function isFalseLiteral(node: ts.Expression | undefined): boolean {
  return node?.kind === ts.SyntaxKind.FalseKeyword;
}

/** The flags of types whose values are primitives (no object to hold an entity), `null`/`undefined`/`never` included. */
export const PRIMITIVE_TYPE_FLAGS =
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.ESSymbolLike |
  ts.TypeFlags.Void |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Null |
  ts.TypeFlags.Never;

/** An assignment with any assignment operator (`=`, `+=`, `??=`, …). */
export function isAssignment(node: ts.Node): node is ts.AssignmentExpression<ts.AssignmentOperatorToken> {
  return ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

/** What a node writes: the left side of an assignment, or the operand of `++`/`--`; undefined for anything else. */
export function writtenTarget(node: ts.Node): ts.Expression | undefined {
  if (isAssignment(node)) return node.left;
  if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
    return node.operand;
  }
  return undefined;
}

/**
 * Whether `body` assigns property `field` (`x.updatedBy = ...`, `x.n += 1`) on an object `isReceiver` accepts: `this`
 * and a hook's instance parameter for an entity's own hook methods, `args.entity` for a MikroORM schema hook.
 */
export function assignsProperty(body: ts.Node, field: string, isReceiver: (object: ts.Expression) => boolean): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      isAssignment(node) &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.name.text === field &&
      isReceiver(node.left.expression)
    ) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/** `this`, or an identifier named one of `names`: the receivers of an entity's own hook method. */
export function thisOrNamed(names: ReadonlySet<string>): (object: ts.Expression) => boolean {
  return object => object.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(object) && names.has(object.text));
}

/**
 * The name a message gives a class: its own name; for an anonymous class the variable or property it is assigned to
 * (`const Ledger = class extends Model {}`), or `default export of ledger.ts`; never the compiler's internal
 * `__class` or `default`.
 */
export function classDisplayName(symbol: ts.Symbol, declaration: ts.ClassLikeDeclaration): string {
  if (declaration.name) return declaration.name.text;
  const internal = symbol.escapedName === ts.InternalSymbolName.Class || symbol.escapedName === ts.InternalSymbolName.Default;
  if (!internal) return symbol.name;
  let holder: ts.Node = declaration.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) holder = holder.parent;
  if ((ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) && ts.isIdentifier(holder.name)) {
    return holder.name.text;
  }
  return `default export of ${declaration.getSourceFile().fileName.split(/[\\/]/u).at(-1) ?? 'its file'}`;
}

/**
 * The type `this` has at a node by declaration: the enclosing class's instance type in its methods, accessors,
 * constructor and field initialisers (arrow functions pass `this` through), its constructor type in static members.
 * Undefined elsewhere (a plain function, an object literal's method, a decorator). Asking the checker for the type of
 * `this` where it is written would run flow analysis back through the function.
 */
export function declaredThisType(checker: ts.TypeChecker, node: ts.Node): ts.Type | undefined {
  // A SourceFile's `parent` is undefined at run time, whatever its declared type says.
  for (let current: ts.Node | undefined = node.parent; current !== undefined; current = current.parent as ts.Node | undefined) {
    if (ts.isArrowFunction(current)) continue;
    if (ts.isDecorator(current) || ts.isComputedPropertyName(current)) return undefined;
    if (ts.isClassLike(current.parent) && (ts.isClassElement(current) || ts.isClassStaticBlockDeclaration(current))) {
      if (!(ts.isMethodDeclaration(current) || ts.isConstructorDeclaration(current) || ts.isAccessor(current) || ts.isPropertyDeclaration(current) || ts.isClassStaticBlockDeclaration(current))) return undefined;
      const symbol = current.parent.name && checker.getSymbolAtLocation(current.parent.name);
      if (!symbol) return undefined;
      const isStatic = ts.isClassStaticBlockDeclaration(current) || (ts.getCombinedModifierFlags(current) & ts.ModifierFlags.Static) !== 0;
      return isStatic ? checker.getTypeOfSymbol(symbol) : checker.getDeclaredTypeOfSymbol(symbol);
    }
    if (ts.isFunctionLike(current) || ts.isSourceFile(current) || ts.isModuleBlock(current)) return undefined;
  }
  return undefined;
}

/**
 * The type a reference is declared with, without flow analysis where it is written: `this` (`declaredThisType`), a
 * name's symbol's type (annotated, or inferred from its initialiser once per declaration; an array literal's for a
 * variable initialised with one), the instance type of a
 * non-generic class constructed in place (`new Task()`), the asserted type of `x as T` and `<T>x`, and each property of
 * a member chain read from the type before it (`this.service.queue`), a call's declared result included
 * (`declaredPropertyOf`). Undefined for any other expression.
 */
export function declaredTypeOfReference(checker: ts.TypeChecker, node: ts.Expression): ts.Type | undefined {
  let inner = node;
  while (ts.isParenthesizedExpression(inner) || ts.isNonNullExpression(inner) || ts.isSatisfiesExpression(inner)) inner = inner.expression;
  // `x as T` and `<T>x` are of type T whatever x was declared as; `as const` names no type.
  if (ts.isAsExpression(inner) || ts.isTypeAssertionExpression(inner)) {
    return ts.isConstTypeReference(inner.type) ? undefined : checker.getTypeFromTypeNode(inner.type);
  }
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return declaredThisType(checker, inner);
  if (ts.isIdentifier(inner)) {
    const symbol = checker.getSymbolAtLocation(inner);
    if (!symbol) return undefined;
    const resolved = resolveAlias(checker, symbol);
    // A variable initialised with an array literal is typed by the literal: an array that `push` builds up has no
    // declared type of its own (its symbol's is the evolving array's, resolved by typing every `push`).
    const initializer = unannotatedInitializer(resolved, false);
    if (initializer && ts.isArrayLiteralExpression(initializer)) return checker.getTypeAtLocation(initializer);
    return (initializer && ts.isNewExpression(initializer) && constructedType(checker, initializer)) || checker.getTypeOfSymbol(resolved);
  }
  if (ts.isNewExpression(inner)) return constructedType(checker, inner);
  if (ts.isPropertyAccessExpression(inner) && ts.isIdentifier(inner.name)) {
    const property = declaredPropertyOf(checker, inner.expression, inner.name.text);
    const type = property && checker.getTypeOfSymbol(property);
    // A member of a call's declared result (`repo.find().items`) may be typed with the callee's own type parameters,
    // which the call would infer: only a concrete object type says what its members are.
    return type && (!readsCallResult(checker, inner.expression) || isConcreteObject(checker.getNonNullableType(type))) ? type : undefined;
  }
  return undefined;
}

/** Whether an expression is a call's result (`callResultOf`), or a member chain read from one (`a.b().c`). */
function readsCallResult(checker: ts.TypeChecker, node: ts.Expression): boolean {
  let inner = node;
  while (ts.isParenthesizedExpression(inner) || ts.isNonNullExpression(inner) || ts.isPropertyAccessExpression(inner)) inner = inner.expression;
  return callResultOf(checker, inner) !== undefined;
}

/** A call whose result an expression is: the call itself, or the `const` declared without a type it initialises. */
interface CallResult {
  readonly call: ts.CallExpression;
  /** A `const` holds the result. */
  readonly held: boolean;
  /** It holds the awaited result (`const order = await service.findOne(id)`). */
  readonly awaited: boolean;
}

function callResultOf(checker: ts.TypeChecker, node: ts.Expression): CallResult | undefined {
  let inner = node;
  while (ts.isParenthesizedExpression(inner) || ts.isNonNullExpression(inner)) inner = inner.expression;
  if (ts.isCallExpression(inner)) return { call: inner, held: false, awaited: false };
  if (!ts.isIdentifier(inner)) return undefined;
  const symbol = checker.getSymbolAtLocation(inner);
  let initializer = symbol && unannotatedInitializer(symbol, true);
  const awaited = initializer !== undefined && ts.isAwaitExpression(initializer);
  while (initializer && (ts.isAwaitExpression(initializer) || ts.isParenthesizedExpression(initializer))) initializer = initializer.expression;
  return initializer && ts.isCallExpression(initializer) ? { call: initializer, held: true, awaited } : undefined;
}

/**
 * The type `new C(...)` constructs, read from C's declaration without resolving the construction (which types its
 * arguments): the instance type of a class without type parameters, or the one return type of a declared
 * constructor value's construct signatures when none has type parameters (`declare var URL: { new (...): URL }`).
 */
export function constructedType(checker: ts.TypeChecker, node: ts.NewExpression): ts.Type | undefined {
  if (!ts.isIdentifier(node.expression)) return undefined;
  const symbol = checker.getSymbolAtLocation(node.expression);
  const resolved = symbol && resolveAlias(checker, symbol);
  const declaration = resolved?.valueDeclaration;
  if (!resolved || !declaration) return undefined;
  if (resolved.flags & ts.SymbolFlags.Class) {
    return ts.isClassLike(declaration) && !declaration.typeParameters ? checker.getDeclaredTypeOfSymbol(resolved) : undefined;
  }
  if (!ts.isVariableDeclaration(declaration) || !declaration.type) return undefined;
  const signatures = checker.getTypeOfSymbol(resolved).getConstructSignatures();
  if (signatures.length === 0 || signatures.some(signature => signature.typeParameters)) return undefined;
  const [first, ...rest] = signatures.map(signature => checker.getReturnTypeOfSignature(signature));
  return rest.every(type => type === first) ? first : undefined;
}

/** `constructedType` of the `new C(...)` a `const` without a type annotation is initialised with. */
export function constructedConstType(checker: ts.TypeChecker, name: ts.Node): ts.Type | undefined {
  const symbol = ts.isIdentifier(name) ? checker.getSymbolAtLocation(name) : undefined;
  const initializer = symbol && unannotatedInitializer(resolveAlias(checker, symbol), true);
  return initializer && ts.isNewExpression(initializer) ? constructedType(checker, initializer) : undefined;
}

/** Binary operators whose result is the operand itself (`??`, `||`, `&&`, `,`, assignments): anything else is primitive. */
const passThroughOperators: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.QuestionQuestionToken,
  ts.SyntaxKind.BarBarToken,
  ts.SyntaxKind.AmpersandAmpersandToken,
  ts.SyntaxKind.CommaToken,
]);

/**
 * Whether an expression's value is a primitive by its syntax alone: a literal or template, a prefix or postfix
 * operator (`-1`, `!x`, `typeof x`, `i++`), a binary operator other than `??`, `||`, `&&`, `,` and assignments.
 */
export function isPrimitiveSyntax(node: ts.Expression): boolean {
  let inner = node;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  switch (inner.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.TypeOfExpression:
    case ts.SyntaxKind.PrefixUnaryExpression:
    case ts.SyntaxKind.PostfixUnaryExpression:
      return true;
    case ts.SyntaxKind.BinaryExpression: {
      const operator = (inner as ts.BinaryExpression).operatorToken.kind;
      return !passThroughOperators.has(operator) && !(operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment);
    }
    default:
      return false;
  }
}

/**
 * The initialiser of the variable `symbol` (alias resolved) declares without a type annotation, parentheses taken off;
 * `constOnly`: only of a `const`. What such a variable holds is what its initialiser makes.
 */
export function unannotatedInitializer(symbol: ts.Symbol, constOnly: boolean): ts.Expression | undefined {
  const declaration = symbol.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.type) return undefined;
  if (constOnly && !(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  let initializer = declaration.initializer;
  while (initializer && ts.isParenthesizedExpression(initializer)) initializer = initializer.expression;
  return initializer;
}

/**
 * The property `name` of a receiver's declared type (`declaredTypeOfReference`, `null`/`undefined` taken off);
 * undefined when the receiver has no declared type, is `any`/`unknown`, or its type has no such property. A receiver
 * that is a call (`repo.createQueryBuilder().relation(...).of(x)`), or a `const` declared without a type that a call
 * initialises (`const facet = await facetService.create(...)`), is read from what the callee declares to return
 * (`returnedPropertyOf`), without resolving the call.
 */
export function declaredPropertyOf(checker: ts.TypeChecker, receiver: ts.Expression, name: string): ts.Symbol | undefined {
  const result = callResultOf(checker, receiver);
  if (result) {
    const returned = returnedPropertyOf(checker, result, name);
    // A `const` the call initialises still has its declared type when the callee's declaration does not say.
    if (returned || !result.held) return returned;
  }
  const type = declaredTypeOfReference(checker, receiver);
  if (!type || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  return checker.getPropertyOfType(checker.getNonNullableType(type), name);
}

/**
 * The member `name` of what a call returns, by its callee's declared signatures: the callee is a name or a member of
 * a declared receiver (a call in turn, link by link), and every signature's return type is a concrete object type
 * (type arguments may be the signature's own type parameters: `getRepository<E>(...): Repository<E>`) whose member of
 * that name has the same declarations. Which declaration a member resolves to does not depend on how the call's type
 * parameters are inferred; inferring them types the arguments and picks among overloads, which is what a chain of
 * query-builder calls costs. Awaited where a `const` holds the awaited result. Undefined when a return type is a type
 * parameter, conditional, mapped or `any` (the member then depends on the call), or the signatures disagree.
 */
function returnedPropertyOf(checker: ts.TypeChecker, { call, awaited }: CallResult, name: string): ts.Symbol | undefined {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee)) callee = callee.expression;
  let calleeSymbol: ts.Symbol | undefined;
  if (ts.isIdentifier(callee)) {
    const symbol = checker.getSymbolAtLocation(callee);
    calleeSymbol = symbol && resolveAlias(checker, symbol);
  } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) {
    calleeSymbol = declaredPropertyOf(checker, callee.expression, callee.name.text);
  }
  if (!calleeSymbol) return undefined;
  const signatures = checker.getNonNullableType(checker.getTypeOfSymbol(calleeSymbol)).getCallSignatures();
  let found: ts.Symbol | undefined;
  for (const signature of signatures) {
    const declared = signature.getReturnType();
    const returned = checker.getNonNullableType(awaited ? (checker.getAwaitedType(declared) ?? declared) : declared);
    if (!isConcreteObject(returned)) return undefined;
    const property = checker.getPropertyOfType(returned, name);
    if (!property || (found && !sameDeclarations(found, property))) return undefined;
    found ??= property;
  }
  return found;
}

/** An object type, or a union or intersection of them, that is neither generic in itself nor mapped. */
function isConcreteObject(type: ts.Type): boolean {
  if (type.isUnionOrIntersection()) return type.types.every(isConcreteObject);
  return (type.flags & ts.TypeFlags.Object) !== 0 && ((type as ts.ObjectType).objectFlags & (ts.ObjectFlags.Mapped | ts.ObjectFlags.ReverseMapped)) === 0;
}

function sameDeclarations(a: ts.Symbol, b: ts.Symbol): boolean {
  const left = a.declarations ?? [];
  const right = b.declarations ?? [];
  return left.length > 0 && left.length === right.length && left.every((d, i) => d === right[i]);
}

/**
 * The symbol a callee's name (`m` in `a.b.m()`) resolves to, read from its receiver's declared type where there is
 * one (`declaredTypeOfReference`), else the checker's symbol at the name, which types the receiver where it is
 * written. On a receiver narrowed to a subtype inside the function the declared type's member is found instead.
 */
export function declaredMemberSymbol(checker: ts.TypeChecker, name: ts.Node): ts.Symbol | undefined {
  const access = name.parent;
  const declared = ts.isPropertyAccessExpression(access) && access.name === name ? declaredPropertyOf(checker, access.expression, access.name.text) : undefined;
  return declared ?? checker.getSymbolAtLocation(name);
}
