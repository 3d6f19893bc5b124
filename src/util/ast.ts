import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/** Pure TSESTree predicates and accessors: no type checker, no scope manager. */

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression
  );
}

/** The nearest enclosing function, or the Program for top-level code. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | TSESTree.Program {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return current;
    if (current.type === AST_NODE_TYPES.Program) return current;
  }
  throw new Error('node outside a Program');
}

/**
 * The function that binds `this` at a node (arrow functions do not), or the class body member that does (field
 * initialisers, static blocks), or the Program.
 */
export function thisOwner(node: TSESTree.Node): TSESTree.Node {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration || current.type === AST_NODE_TYPES.FunctionExpression) return current;
    if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.StaticBlock) return current;
    if (current.type === AST_NODE_TYPES.Program) return current;
  }
  throw new Error('node outside a Program');
}

/** Whether a function is a class constructor (`constructor() { this.x = ... }`). */
export function isConstructor(node: TSESTree.Node): boolean {
  return node.parent?.type === AST_NODE_TYPES.MethodDefinition && node.parent.kind === 'constructor';
}

/** `a!`, `a as T`, `<T>a`, `a satisfies T` → `a`. */
export function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    if (
      current.type === AST_NODE_TYPES.TSNonNullExpression ||
      current.type === AST_NODE_TYPES.TSAsExpression ||
      current.type === AST_NODE_TYPES.TSTypeAssertion ||
      current.type === AST_NODE_TYPES.TSSatisfiesExpression
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** The inverse of `skipTypeWrappers`: `a` → `a as T` (or `a!`, `<T>a`, `a satisfies T`) when `a` is written inside one. */
export function outerTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (let parent = current.parent; parent; parent = current.parent) {
    if (
      (parent.type === AST_NODE_TYPES.TSNonNullExpression ||
        parent.type === AST_NODE_TYPES.TSAsExpression ||
        parent.type === AST_NODE_TYPES.TSTypeAssertion ||
        parent.type === AST_NODE_TYPES.TSSatisfiesExpression) &&
      parent.expression === current
    ) {
      current = parent;
    } else {
      break;
    }
  }
  return current;
}

/** The static name of a member access (`a.b`, `a['b']`), or undefined for computed keys. */
export function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed) return node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : undefined;
  return node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === 'string' ? node.property.value : undefined;
}

/** The static name of an object-literal key (`a: 1`, `'a': 1`, `[`a`]: 1` is not static). */
export function propertyKeyName(property: TSESTree.Property): string | undefined {
  const { key } = property;
  if (!property.computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return undefined;
}

/** The property of an object literal named `name`, if it is written statically. */
export function findProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.Property && propertyKeyName(property) === name) return property;
  }
  return undefined;
}

/** `{ key: <object literal> }` → that object literal. */
export function objectValueOf(object: TSESTree.ObjectExpression, name: string): TSESTree.ObjectExpression | undefined {
  const value = findProperty(object, name)?.value;
  return value?.type === AST_NODE_TYPES.ObjectExpression ? value : undefined;
}

/** Whether an object literal has `key: true`. */
export function hasTrueProperty(object: TSESTree.ObjectExpression, name: string): boolean {
  const value = findProperty(object, name)?.value;
  return value?.type === AST_NODE_TYPES.Literal && value.value === true;
}

/** Whether an object literal sets `name: false` (the literal itself). */
export function hasFalseProperty(object: TSESTree.ObjectExpression, name: string): boolean {
  const value = findProperty(object, name)?.value;
  return value?.type === AST_NODE_TYPES.Literal && value.value === false;
}

/** A receiver the rule can follow: an identifier or `this`, optionally followed by static member names. */
export interface ReceiverChain {
  readonly root: TSESTree.Identifier | TSESTree.ThisExpression;
  /** Member names after the root (`this.phase` → `['phase']`). */
  readonly path: readonly string[];
}

/** `phase`, `this`, `this.phase`, `ctx.phase!` → the chain; anything else (calls, computed keys) → undefined. */
export function receiverChain(node: TSESTree.Node): ReceiverChain | undefined {
  const path: string[] = [];
  let current = skipTypeWrappers(node);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(current);
    if (name === undefined || current.object.type === AST_NODE_TYPES.Super) return undefined;
    path.unshift(name);
    current = skipTypeWrappers(current.object);
  }
  if (current.type === AST_NODE_TYPES.Identifier || current.type === AST_NODE_TYPES.ThisExpression) return { root: current, path };
  return undefined;
}

export type StatementListParent =
  | TSESTree.BlockStatement
  | TSESTree.Program
  | TSESTree.StaticBlock
  | TSESTree.SwitchCase
  | TSESTree.TSModuleBlock;

/** The expression statement whose expression is `node`, directly or awaited (`await em.assign(...);`). */
function ownStatement(node: TSESTree.Node): TSESTree.ExpressionStatement | undefined {
  const current = node.parent?.type === AST_NODE_TYPES.AwaitExpression ? node.parent : node;
  const statement = current.parent;
  return statement?.type === AST_NODE_TYPES.ExpressionStatement && statement.expression === current ? statement : undefined;
}

/**
 * The expression statement whose expression is `node` (directly, or awaited: `await em.assign(...)`), when that
 * statement sits in a statement list (a block, the program, a case); undefined otherwise (`if (x) a.b = 1;`).
 */
export function statementInList(node: TSESTree.Node): TSESTree.ExpressionStatement | undefined {
  const statement = ownStatement(node);
  if (!statement) return undefined;
  const list = statement.parent;
  if (
    list.type === AST_NODE_TYPES.BlockStatement ||
    list.type === AST_NODE_TYPES.Program ||
    list.type === AST_NODE_TYPES.StaticBlock ||
    list.type === AST_NODE_TYPES.SwitchCase ||
    list.type === AST_NODE_TYPES.TSModuleBlock
  ) {
    return statement;
  }
  return undefined;
}

/** The statements of a statement-list parent. */
export function statementsOf(list: TSESTree.Node): readonly TSESTree.Node[] {
  switch (list.type) {
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.Program:
    case AST_NODE_TYPES.StaticBlock:
    case AST_NODE_TYPES.TSModuleBlock:
      return list.body;
    case AST_NODE_TYPES.SwitchCase:
      return list.consequent;
    default:
      return [];
  }
}

/** Whether `inner` lies inside `outer` (by source range). */
export function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** `userId`, `user.id`, `ctx.user.id` → the identifier names; anything else → undefined. */
export function parseDottedPath(expression: string): string[] | undefined {
  const parts = expression.split('.');
  return parts.every(p => /^[A-Za-z_$][\w$]*$/u.test(p)) ? parts : undefined;
}

/** Whether a property key can be written without quotes. */
export function isIdentifierName(name: string): boolean {
  return /^[A-Za-z_$][\w$]*$/u.test(name);
}

/**
 * Whether an expression's value is used as a condition (the test of `if`, a loop, `?:` or a `case`, an operand of
 * `&&`, `||`, `??` or `!`) or is a statement of its own: where a call to a type predicate or to an assertion function
 * narrows its arguments.
 */
export function isConditionOrStatement(node: TSESTree.Node): boolean {
  const outer = outerTypeWrappers(node);
  const parent = outer.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.LogicalExpression:
      return true;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!';
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.SwitchCase:
      return parent.test === outer;
    default:
      return false;
  }
}

/**
 * The condition under which `child` runs inside `parent`: the test of an `if`, a loop or `?:` whose branch or body
 * `child` is, or the left operand of `&&`, `||`, `??` for its right one; undefined where `child` runs unconditionally.
 */
export function conditionOf(parent: TSESTree.Node, child: TSESTree.Node): TSESTree.Node | undefined {
  switch (parent.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return parent.test === child ? undefined : parent.test;
    case AST_NODE_TYPES.ForStatement:
      return parent.test && parent.body === child ? parent.test : undefined;
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return parent.body === child ? parent.right : undefined;
    case AST_NODE_TYPES.LogicalExpression:
      return parent.right === child ? parent.left : undefined;
    default:
      return undefined;
  }
}

/**
 * The expression statement whose expression is `node` (directly, or awaited), when that statement is a whole branch
 * of an `if` or the body of a loop, without braces (`if (phase) phase.state = 'Done';`).
 */
export function branchStatement(node: TSESTree.Node): TSESTree.ExpressionStatement | undefined {
  const statement = ownStatement(node);
  if (!statement) return undefined;
  const owner = statement.parent;
  switch (owner.type) {
    case AST_NODE_TYPES.IfStatement:
      return owner.consequent === statement || owner.alternate === statement ? statement : undefined;
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
      return owner.body === statement ? statement : undefined;
    default:
      return undefined;
  }
}
