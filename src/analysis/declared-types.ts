/**
 * What an expression refers to and holds, read from declarations and syntax without flow analysis at the expression.
 *
 * Typing an expression where it is written (`getTypeAtLocation`) makes the checker narrow it along every path that
 * reaches it, and for an unannotated callee infer its body. The answers here come from the declaration instead: the
 * symbol a name binds, the type that symbol is declared with, the members of that type. They are what the async rule
 * asks first about a dropped call and its arguments, so that most calls are settled before the call itself is typed.
 */
import { AST_NODE_TYPES, type ParserServicesWithTypeInformation, type TSESTree } from '@typescript-eslint/utils';
import * as ts from 'typescript';
import { receiverChain, skipTypeWrappers } from '../util/ast.js';
import { declaredWithTypes, isInlineFunction } from '../util/async-flow.js';
import { unionMembers } from '../util/type-predicates.js';
import { declaredPropertyOf, isPrimitiveSyntax, PRIMITIVE_TYPE_FLAGS, referencedSymbol as referencedTsSymbol, resolveAlias, unannotatedInitializer } from '../util/ts-nodes.js';

/** Expressions whose value is a primitive whatever their operands are. */
export const primitiveSyntax: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.Literal,
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.BinaryExpression,
  AST_NODE_TYPES.UnaryExpression,
  AST_NODE_TYPES.UpdateExpression,
]);

/** Whether an argument can hold an object, by syntax: not when it is built of primitives only (`'a'`, `{ n: 1 }`). */
export function mayCarryEntity(node: TSESTree.Node): boolean {
  const inner = skipTypeWrappers(node);
  if (primitiveSyntax.has(inner.type)) return false;
  if (inner.type === AST_NODE_TYPES.ObjectExpression) {
    return inner.properties.some(p => p.type === AST_NODE_TYPES.SpreadElement || mayCarryEntity(p.value));
  }
  if (inner.type === AST_NODE_TYPES.ArrayExpression) return inner.elements.some(e => e !== null && mayCarryEntity(e));
  return true;
}

/** Types whose values narrowing can turn into anything, `instanceof` included: a declaration of them settles nothing. */
const OPEN_TYPE_FLAGS = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive | ts.TypeFlags.TypeVariable | ts.TypeFlags.Conditional;

/**
 * Whether a declared type, or a member of it, is open (`OPEN_TYPE_FLAGS`). Asked before `null`/`undefined` are taken
 * off: `NonNullable<unknown>` is `{}`, which is closed.
 */
export function isOpenType(type: ts.Type): boolean {
  return unionMembers(type).some(member => member.flags & OPEN_TYPE_FLAGS);
}

export interface DeclaredTypes {
  /** The declaration an identifier or a member name (`x.<name>`) refers to, through import aliases. */
  readonly declaredSymbol: (node: TSESTree.Node) => ts.Symbol | undefined;
  /**
   * The declaration a reference refers to: `declaredSymbol`, except for a shorthand property's name (`{ title }`),
   * whose symbol at its location is the object literal's property: the variable it reads is asked for instead.
   */
  readonly referencedSymbol: (node: TSESTree.Node) => ts.Symbol | undefined;
  /** The type the symbol of `declaredSymbol` is declared with. */
  readonly declaredType: (node: TSESTree.Node) => ts.Type | undefined;
  /**
   * The method a member callee names on its receiver's declared type (`declaredPropertyOf` in util/ts-nodes.ts:
   * `items`, `this.cache`, `config.options.checks`, `new Task()`). Asked before the callee is typed at the call,
   * which types the receiver with flow analysis: the declared type is where that starts, so this costs no more, and
   * for an array built by `push` in a loop it saves typing every value pushed.
   */
  readonly declaredReceiverMethod: (callee: TSESTree.Node) => ts.Symbol | undefined;
  /**
   * Whether a member callee's receiver chain starts at `this`, or at a name whose declaration is annotated with its
   * type (`refundInputs: RefundOrderInput[]`, `ctx: RequestContext`): reading its declared type infers no initialiser.
   */
  readonly hasDeclaredReceiver: (callee: TSESTree.Node) => boolean;
  /**
   * Whether an argument holds no entity by what its declaration states: a primitive by syntax, an inline function, a
   * `const` initialised with a primitive by syntax (`const loggerCtx = 'Populate'`), a variable, parameter or `this`
   * property annotated with a type that is no entity (nor an array of them), and object and array literals of such.
   * Another unannotated declaration does not answer (inferring its initializer costs what typing the callee does),
   * nor does a declared `any`, `unknown`, `object` or type parameter.
   */
  readonly declaredNoEntity: (node: TSESTree.Node) => boolean;
  /**
   * Whether a variable a closure captures holds no entity: `declaredNoEntity`, or a `const` declared without a type
   * whose initialiser's type holds none (`const index = await loadIndex(...)`). Typing that initialiser is what the
   * capture's check costs anyway; it is asked before the call the closure is handed to, whose receiver may be an
   * ORM query's result (`rows.forEach(row => { row.index = index[row.id]; })`).
   */
  readonly capturedNoEntity: (reference: TSESTree.Identifier) => boolean;
  /**
   * Whether `node` names a `const` declared without a type annotation and initialised with an object or array
   * literal (`const payload = { phase }`): its type is the literal's, written in this program, so what it holds is
   * what the type says.
   */
  readonly holdsLiteral: (node: TSESTree.Node) => boolean;
}

/**
 * The declaration readers of one file's lint. `holdsEntity` answers for a declared type that is neither primitive nor
 * open whether it is an entity or an array of entities (the rule's entity model decides).
 */
export function declaredTypes(services: ParserServicesWithTypeInformation, holdsEntity: (declared: ts.Type) => boolean): DeclaredTypes {
  const checker = services.program.getTypeChecker();
  const tsNode = (node: TSESTree.Node): ts.Node => services.esTreeNodeToTSNodeMap.get(node);

  const declaredSymbol = (node: TSESTree.Node): ts.Symbol | undefined => {
    // `this.<name>` from the enclosing class's declared type: the checker's symbol at the name would type
    // `this.<name>` where it is written, which runs flow analysis back through the whole method.
    if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier) {
      const member = declaredPropertyOf(checker, tsNode(node.object) as ts.Expression, node.property.name);
      if (member) return member;
    }
    const nameNode = node.type === AST_NODE_TYPES.MemberExpression && !node.computed ? node.property : node;
    if (nameNode.type !== AST_NODE_TYPES.Identifier) return undefined;
    const symbol = checker.getSymbolAtLocation(tsNode(nameNode));
    return symbol && resolveAlias(checker, symbol);
  };

  const referencedSymbol = (node: TSESTree.Node): ts.Symbol | undefined => {
    const parent = node.parent;
    if (node.type === AST_NODE_TYPES.Identifier && parent?.type === AST_NODE_TYPES.Property && parent.shorthand && parent.value === node) {
      const symbol = referencedTsSymbol(checker, tsNode(node));
      return symbol && resolveAlias(checker, symbol);
    }
    return declaredSymbol(node);
  };

  const declaredType = (node: TSESTree.Node): ts.Type | undefined => {
    const symbol = declaredSymbol(node);
    return symbol && checker.getTypeOfSymbol(symbol);
  };

  const declaredReceiverMethod = (callee: TSESTree.Node): ts.Symbol | undefined => {
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.computed || callee.property.type !== AST_NODE_TYPES.Identifier) return undefined;
    const receiver = tsNode(skipTypeWrappers(callee.object));
    return ts.isExpression(receiver) ? declaredPropertyOf(checker, receiver, callee.property.name) : undefined;
  };

  const hasDeclaredReceiver = (callee: TSESTree.Node): boolean => {
    const chain = callee.type === AST_NODE_TYPES.MemberExpression ? receiverChain(callee.object) : undefined;
    if (!chain) return false;
    if (chain.root.type === AST_NODE_TYPES.ThisExpression) return true;
    const symbol = referencedSymbol(chain.root);
    return symbol !== undefined && declaredWithTypes(symbol);
  };

  const declaredNoEntity = (node: TSESTree.Node): boolean => {
    const inner = skipTypeWrappers(node);
    if (!mayCarryEntity(inner) || isInlineFunction(inner)) return true;
    if (inner.type === AST_NODE_TYPES.ObjectExpression) {
      return inner.properties.every(p => declaredNoEntity(p.type === AST_NODE_TYPES.SpreadElement ? p.argument : p.value));
    }
    if (inner.type === AST_NODE_TYPES.ArrayExpression) {
      return inner.elements.every(e => e === null || declaredNoEntity(e.type === AST_NODE_TYPES.SpreadElement ? e.argument : e));
    }
    const named =
      inner.type === AST_NODE_TYPES.Identifier ||
      (inner.type === AST_NODE_TYPES.MemberExpression && !inner.computed && inner.object.type === AST_NODE_TYPES.ThisExpression);
    const symbol = named ? referencedSymbol(inner) : undefined;
    if (!symbol) return false;
    // `const loggerCtx = 'Populate'` holds what its initialiser makes, a primitive.
    const initializer = unannotatedInitializer(symbol, true);
    if (initializer && isPrimitiveSyntax(initializer)) return true;
    return declaredWithTypes(symbol) && typeHoldsNoEntity(checker.getTypeOfSymbol(symbol));
  };

  const typeHoldsNoEntity = (type: ts.Type): boolean => {
    if (isOpenType(type)) return false;
    const declared = checker.getNonNullableType(type);
    if (declared.flags & PRIMITIVE_TYPE_FLAGS) return true;
    return !holdsEntity(declared);
  };

  const capturedNoEntity = (reference: TSESTree.Identifier): boolean => {
    if (declaredNoEntity(reference)) return true;
    const symbol = referencedSymbol(reference);
    const declaration = symbol?.valueDeclaration;
    if (!symbol || !declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name) || !declaration.initializer) return false;
    if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return false;
    return typeHoldsNoEntity(checker.getTypeOfSymbol(symbol));
  };

  const holdsLiteral = (node: TSESTree.Node): boolean => {
    const symbol = node.type === AST_NODE_TYPES.Identifier ? declaredSymbol(node) : undefined;
    let initializer = symbol && unannotatedInitializer(symbol, true);
    while (initializer && (ts.isParenthesizedExpression(initializer) || ts.isSatisfiesExpression(initializer))) initializer = initializer.expression;
    return initializer !== undefined && (ts.isObjectLiteralExpression(initializer) || ts.isArrayLiteralExpression(initializer));
  };

  return { declaredSymbol, referencedSymbol, declaredType, declaredReceiverMethod, hasDeclaredReceiver, declaredNoEntity, capturedNoEntity, holdsLiteral };
}
