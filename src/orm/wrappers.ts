import * as ts from 'typescript';
import { decoratorsOf, packageOfFile, symbolOrigin, type DecoratorUse } from '../util/ts-nodes.js';
import { isOrmPackage } from './models.js';

/**
 * Decorators of the project's own that wrap an ORM's (`@TenantEntity()` calling TypeORM's `Entity()` and MikroORM's
 * `Entity()`; `@AuditColumn()` calling `Column()` and `Property()`; NestJS-style `applyDecorators(...)`): a decorator
 * counts as every ORM decorator its implementation calls, in its body or in the function it returns, followed through
 * the type checker up to `maxDepth` local functions deep. The ORM decorators found are cached per wrapper
 * declaration; their options are the inner call's arguments, or the wrapper's own argument where the inner call
 * forwards a parameter (`Property(options)`).
 */
const maxDepth = 3;

interface ImpliedDecorator {
  readonly name: string;
  readonly pkg: string;
  readonly args: readonly ts.Expression[];
  /** For each inner argument: the index of the wrapper parameter it forwards, when it is one. */
  readonly forwarded: readonly (number | undefined)[];
}

const implied = new WeakMap<ts.Node, readonly ImpliedDecorator[]>();

/** The function a decorator's callee denotes, when the project declares it. */
function wrapperDeclaration(checker: ts.TypeChecker, callee: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  if (!ts.isIdentifier(nameNode)) return undefined;
  let symbol = checker.getSymbolAtLocation(nameNode);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  for (const declaration of symbol?.declarations ?? []) {
    if (packageOfFile(declaration.getSourceFile().fileName) !== undefined || declaration.getSourceFile().isDeclarationFile) continue;
    if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration.body ? declaration : undefined;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
      const init = declaration.initializer;
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
    }
  }
  return undefined;
}

function impliedBy(checker: ts.TypeChecker, wrapper: ts.FunctionLikeDeclaration, depth: number, visiting: Set<ts.Node>): readonly ImpliedDecorator[] {
  const cached = implied.get(wrapper);
  if (cached) return cached;
  if (visiting.has(wrapper)) return [];
  visiting.add(wrapper);
  const parameters = wrapper.parameters.map(p => (ts.isIdentifier(p.name) ? checker.getSymbolAtLocation(p.name) : undefined));
  const found: ImpliedDecorator[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassLike(node)) return; // a class declared inside is not the wrapper's own work
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
      if (ts.isIdentifier(nameNode)) {
        const origin = symbolOrigin(checker, checker.getSymbolAtLocation(nameNode));
        if (origin?.pkg !== undefined && isOrmPackage(origin.pkg)) {
          const forwarded = node.arguments.map(arg => {
            if (!ts.isIdentifier(arg)) return undefined;
            const index = parameters.indexOf(checker.getSymbolAtLocation(arg));
            return index === -1 ? undefined : index;
          });
          found.push({ name: origin.name, pkg: origin.pkg, args: node.arguments, forwarded });
        } else if (depth < maxDepth) {
          const inner = wrapperDeclaration(checker, callee);
          if (inner) found.push(...impliedBy(checker, inner, depth + 1, visiting).map(d => ({ ...d, forwarded: d.args.map(() => undefined) })));
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  if (wrapper.body) visit(wrapper.body);
  visiting.delete(wrapper);
  implied.set(wrapper, found);
  return found;
}

/**
 * The decorators on a class or member with the project's wrappers expanded: each ORM decorator a wrapper calls is
 * listed (with that wrapper's decorator node) after the wrapper itself.
 */
export function expandedDecoratorsOf(checker: ts.TypeChecker, node: ts.Node): DecoratorUse[] {
  const uses = decoratorsOf(checker, node);
  if (uses.every(u => u.pkg !== undefined)) return uses;
  const out: DecoratorUse[] = [];
  for (const use of uses) {
    out.push(use);
    if (use.pkg !== undefined) continue;
    const expression = use.node.expression;
    const callee = ts.isCallExpression(expression) ? expression.expression : expression;
    const wrapper = wrapperDeclaration(checker, callee);
    if (!wrapper) continue;
    for (const inner of impliedBy(checker, wrapper, 1, new Set())) {
      const args = inner.args.map((arg, i) => {
        const index = inner.forwarded[i];
        return index === undefined ? arg : (use.args[index] ?? arg);
      });
      out.push({ name: inner.name, pkg: inner.pkg, args, node: use.node });
    }
  }
  return out;
}
