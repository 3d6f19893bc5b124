import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import * as ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { argumentSelector, type Parameter } from '../../src/util/arguments.js';
import { declaredResult } from '../../src/util/declared-result.js';
import { constructedConstType, declaredPropertyOf, isPrimitiveSyntax } from '../../src/util/ts-nodes.js';
import { isThenableType } from '../../src/util/type-predicates.js';
import { parseFixture, type ParsedFixture } from '../typed-program.js';

// The typed rules avoid the checker's costliest question, resolving a call, where declarations answer exactly. These
// tests pin down when the shortcuts answer, and that they give the answer the resolved call would.

let fixture: ParsedFixture;
let checker: ts.TypeChecker;

beforeAll(() => {
  fixture = parseFixture('type-shortcuts-cases.ts');
  checker = fixture.services.program.getTypeChecker();
});

function init(name: string): TSESTree.CallExpression {
  const id = fixture.variable(name);
  for (const statement of fixture.ast.body) {
    if (statement.type !== AST_NODE_TYPES.ExportNamedDeclaration || statement.declaration?.type !== AST_NODE_TYPES.VariableDeclaration) continue;
    const declarator = statement.declaration.declarations.find(d => d.id === id);
    if (declarator?.init?.type === AST_NODE_TYPES.CallExpression) return declarator.init;
  }
  throw new Error(`no call initialises ${name}`);
}

/** The receiver of `init(name)`'s method call (`db.update(phases)` in `db.update(phases).set(...)`). */
function receiver(name: string): TSESTree.Node {
  const callee = init(name).callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) throw new Error(name);
  return callee.object;
}

const typeName = (type: ts.Type | undefined): string | undefined => type && checker.typeToString(type);

describe('declaredResult: a call receiver typed from its callee declaration', () => {
  it('binds a type parameter a single parameter takes naked to the argument type (db.update(table))', () => {
    const call = receiver('drizzleUpdate');
    const result = declaredResult(fixture.services, call);
    expect(result).toBeDefined();
    const owner = checker.getPropertyOfType(checker.getApparentType(result!.type), 'set')?.declarations?.[0]?.parent;
    expect(owner && ts.isClassDeclaration(owner) ? owner.name?.text : undefined).toBe('PgUpdateBuilder');
    const [table] = checker.getTypeArguments(result!.type as ts.TypeReference);
    const resolved = fixture.services.getTypeAtLocation(call) as ts.TypeReference;
    // The same table type the resolved call infers.
    expect(result!.bind(table!)).toBe(checker.getTypeArguments(resolved)[0]);
  });

  it('follows a chain whose methods have overloads returning one type (db.insert(t).values(v))', () => {
    const call = receiver('drizzleUpsert');
    const result = declaredResult(fixture.services, call);
    expect(result).toBeDefined();
    const [table] = checker.getTypeArguments(result!.type as ts.TypeReference);
    const resolved = fixture.services.getTypeAtLocation(call) as ts.TypeReference;
    expect(typeName(table)).not.toBe(typeName(checker.getTypeArguments(resolved)[0]));
    expect(result!.bind(table!)).toBe(checker.getTypeArguments(resolved)[0]);
  });

  it('does not bind a type parameter it cannot infer exactly', () => {
    // `pick<T, U>(first: T, second: T, other: U)`: T comes from two arguments.
    const pick = declaredResult(fixture.services, init('twoMentions'));
    expect(pick).toBeDefined();
    const [t, u] = checker.getTypeArguments(pick!.type as ts.TypeReference);
    expect(typeName(t)).toBe('T');
    expect(pick!.bind(t!)).toBeUndefined();
    // U comes from one argument, but a literal (`1`) could be widened by inference.
    expect(typeName(u)).toBe('U');
    expect(pick!.bind(u!)).toBeUndefined();
    // `updateTable<TE>(tables: TE)` with `'phase'`: a literal too; the result type (a conditional alias) stays open.
    const kysely = declaredResult(fixture.services, receiver('kyselyUpdate'));
    expect(kysely).toBeDefined();
    expect(kysely!.bind(kysely!.type)).toBeUndefined();
  });

  it('answers nothing for a receiver that is not a call', () => {
    const call = init('repositoryUpdate');
    expect(declaredResult(fixture.services, call.callee.type === AST_NODE_TYPES.MemberExpression ? call.callee.object : call)).toBeUndefined();
  });
});

describe('argumentSelector: arguments lined up from declared signatures', () => {
  function select(name: string, parameterNames: readonly string[]): { nodes: string[]; resolved: number } {
    const call = init(name);
    const declared = fixture.services.getTypeAtLocation(call.callee).getCallSignatures();
    let resolved = 0;
    const selector = argumentSelector(declared, call.arguments, () => {
      resolved++;
      return checker.getResolvedSignature(fixture.services.esTreeNodeToTSNodeMap.get(call));
    });
    const byName = (parameters: readonly Parameter[] | undefined): TSESTree.Node[] =>
      (parameters ?? []).flatMap((p, index) =>
        parameterNames.includes(p.name) ? (p.rest ? call.arguments.slice(index) : call.arguments.slice(index, index + 1)) : [],
      );
    const nodes = selector(byName).map(fixtureText);
    return { nodes, resolved };
  }

  const fixtureText = (node: TSESTree.Node): string => fixture.services.esTreeNodeToTSNodeMap.get(node).getText();

  it('a single signature needs no resolution', () => {
    expect(select('repositoryUpdate', ['partialEntity'])).toEqual({ nodes: ["{ state: 'Done' }"], resolved: 0 });
  });

  it('overloads that agree need no resolution (Object.assign(target, source) vs (target, ...sources))', () => {
    expect(select('objectAssign', ['source', 'source1', 'source2', 'source3', 'sources'])).toEqual({ nodes: ["{ state: 'Done' }"], resolved: 0 });
    expect(select('objectAssign', ['target'])).toEqual({ nodes: ['target'], resolved: 0 });
  });

  it('overloads that disagree are resolved (Sequelize set(key, value) vs set(keys, options))', () => {
    expect(select('reportSetKeys', ['keys'])).toEqual({ nodes: ["{ title: 'Q3' }"], resolved: 1 });
    expect(select('reportSetKey', ['key'])).toEqual({ nodes: ["'title'"], resolved: 1 });
  });
});

describe('constructedConstType: a const initialised with a construction, typed from the constructor declaration', () => {
  const tsName = (name: string): ts.Node => fixture.services.esTreeNodeToTSNodeMap.get(fixture.variable(name));

  it('is the type the checker gives the variable, for a class and for a declared constructor value (URL)', () => {
    for (const name of ['constructedClass', 'constructedUrl']) {
      const constructed = constructedConstType(checker, tsName(name));
      expect(constructed, name).toBeDefined();
      expect(constructed, name).toBe(checker.getTypeAtLocation(tsName(name)));
    }
    expect(typeName(constructedConstType(checker, tsName('constructedUrl')))).toBe('URL');
  });

  it('does not answer where the arguments decide the type (generic classes and constructors) or for a let', () => {
    for (const name of ['constructedGeneric', 'constructedMap', 'reassignable']) {
      expect(constructedConstType(checker, tsName(name)), name).toBeUndefined();
    }
  });
});

describe('declaredPropertyOf: a member of what a call returns, read from the callee declaration', () => {
  /** The member access written as `text` in the fixture. */
  const access = (text: string): ts.PropertyAccessExpression => {
    let found: ts.PropertyAccessExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (!found && ts.isPropertyAccessExpression(node) && node.getText() === text) found = node;
      else ts.forEachChild(node, visit);
    };
    visit(fixture.services.esTreeNodeToTSNodeMap.get(fixture.ast));
    if (!found) throw new Error(`no ${text}`);
    return found;
  };
  const declared = (text: string): ts.Symbol | undefined => {
    const node = access(text);
    return declaredPropertyOf(checker, node.expression, node.name.text);
  };

  it('finds the declaration the checker resolves, link by link, across overloads and awaited results', () => {
    for (const text of [
      "repo.createQueryBuilder('phase').where('phase.id = :id', { id: 1 }).andWhere",
      "repo.createQueryBuilder('phase').where",
      "repositoryOf('phase').find",
      'loaded.push',
    ]) {
      const symbol = declared(text);
      expect(symbol, text).toBeDefined();
      expect(symbol!.declarations, text).toEqual(checker.getSymbolAtLocation(access(text).name)!.declarations);
    }
  });

  it('does not answer where the member depends on inference (a type parameter or mapped type returned)', () => {
    expect(declared('firstOf([report]).save')).toBeUndefined();
    expect(declared('partialOf(target).toString')).toBeUndefined();
  });
});

describe('isPrimitiveSyntax: values that are primitives whatever their operands are', () => {
  const expression = (text: string): ts.Expression => {
    const file = ts.createSourceFile('x.ts', `(${text});`, ts.ScriptTarget.Latest, true);
    const [statement] = file.statements;
    if (!statement || !ts.isExpressionStatement(statement)) throw new Error(text);
    return statement.expression;
  };

  it('answers for literals, templates, unary and non-logical binary operators', () => {
    for (const text of ["'Populate'", '42', '`${a}-b`', '!a', 'typeof a', '-a', 'a++', 'a + b', 'a instanceof B', 'a === b']) {
      expect(isPrimitiveSyntax(expression(text)), text).toBe(true);
    }
  });

  it('does not answer for operators that pass an operand on, or anything else', () => {
    for (const text of ['a ?? b', 'a || b', 'a && b', '(a, b)', 'a = b', 'a += b', 'a', 'a.b', 'f()', 'new A()', '[1]']) {
      expect(isPrimitiveSyntax(expression(text)), text).toBe(false);
    }
  });
});

describe('isThenableType: a then method that takes a callback, as await requires', () => {
  it('holds for promises, PromiseLike, an ORM query and a union with one, not for a then that takes no callback', () => {
    const object = fixture.services.esTreeNodeToTSNodeMap.get(fixture.variable('thenables'));
    const type = checker.getTypeAtLocation(object);
    const verdicts = Object.fromEntries(
      type.getProperties().map(p => [p.name, isThenableType(checker, object, checker.getTypeOfSymbolAtLocation(p, object))]),
    );
    expect(verdicts).toEqual({ promise: true, like: true, query: true, union: true, fake: false, noCallback: false, rest: true, plain: false });
  });
});
