import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { bindArguments, calleeBody, parameterReferences, type CallLike } from '../../src/analysis/callees.js';
import { parameterUses, synchronousEnd, type FlowPolicy } from '../../src/analysis/parameter-flow.js';
import { callKeepsArgument, type RetentionPolicy } from '../../src/analysis/retention.js';
import { entityRetentionPolicy, wrapperPolicy } from '../../src/analysis/entity-policy.js';
import { wrapperArguments } from '../../src/analysis/wrappers.js';
import { boundaryTables } from '../../src/orm/boundary-matcher.js';
import { getEntityModel } from '../../src/orm/entity-model.js';
import { defaultSettings } from '../../src/util/settings.js';
import { parseFixture } from '../typed-program.js';

const fixture = parseFixture('analysis/flow.ts');
const { program } = fixture.services;
const file = program.getSourceFile(fixture.services.esTreeNodeToTSNodeMap.get(fixture.ast).fileName);
if (!file) throw new Error('fixture not in its program');

/** The calls of the `calls` array, by the callee's text (`holder.hold`). */
function callsByCallee(): Map<string, CallLike> {
  const calls = new Map<string, CallLike>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'calls' && node.initializer && ts.isArrayLiteralExpression(node.initializer)) {
      for (const element of node.initializer.elements) {
        if (ts.isCallExpression(element)) calls.set(ts.isParenthesizedExpression(element.expression) ? 'inline' : element.expression.getText(), element);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file!);
  return calls;
}
const calls = callsByCallee();
const call = (name: string): CallLike => {
  const found = calls.get(name);
  if (!found) throw new Error(`no call of ${name}`);
  return found;
};

const model = getEntityModel(fixture.services, defaultSettings);
const policy: RetentionPolicy = entityRetentionPolicy(model, boundaryTables([], []));

describe('calleeBody', () => {
  it('finds functions, methods, arrow constants and inline functions in the program', () => {
    for (const name of ['readsBeforeAwait', 'holder.hold', 'holder.forward', 'Holder.create', 'arrow', 'inline']) {
      expect(calleeBody(program, call(name)), name).toBeDefined();
    }
    expect(calleeBody(program, call('arrow'))?.kind).toBe(ts.SyntaxKind.ArrowFunction);
  });
  it('has nothing for library calls (declarations in node_modules or .d.ts)', () => {
    expect(calleeBody(program, call('queue.add'))).toBeUndefined();
  });
});

describe('bindArguments', () => {
  it('lines up arguments with parameters, a rest parameter taking the rest', () => {
    const create = call('Holder.create');
    const bound = bindArguments(create, calleeBody(program, create)!);
    expect(bound.map(b => [b.index, b.parameter.name.getText(), b.rest])).toEqual([
      [0, 'phases', true],
      [1, 'phases', true],
    ]);
    const enqueue = call('enqueues');
    expect(bindArguments(enqueue, calleeBody(program, enqueue)!).map(b => b.parameter.name.getText())).toEqual(['queue', 'phase']);
  });
});

describe('parameterReferences', () => {
  it('finds the references of a parameter and of the names its pattern binds, by symbol', () => {
    const fn = calleeBody(program, call('aliasesThenAwaits'))!;
    expect(parameterReferences(program, fn.parameters[0]!).map(r => r.getText())).toEqual(['phase']);
    const hold = calleeBody(program, call('holder.hold'))!;
    // `this.held` is a property name, not the parameter.
    expect(parameterReferences(program, hold.parameters[0]!).map(r => r.parent.getText())).toEqual(['this.held = phase']);
  });
});

describe('parameterUses', () => {
  const anyObject: FlowPolicy = { carries: type => (type.flags & ts.TypeFlags.Object) !== 0 };
  it('marks uses after the first await and in deferred callbacks as late', () => {
    const uses = (name: string) => parameterUses(program, anyObject, calleeBody(program, call(name))!.parameters[0]!).map(u => [u.kind, u.node.getText(), u.late]);
    expect(uses('readsBeforeAwait')).toEqual([['read', 'phase', false]]);
    expect(uses('readsAfterAwait')).toEqual([['read', 'phase', true]]);
    expect(uses('defers')).toEqual([['argument', 'phase', true]]);
    expect(uses('awaitsInLoop')).toEqual([['argument', 'p', true]]);
    expect(uses('aliasesThenAwaits')).toEqual([['read', 'same', true]]);
    // `string[]` is an object: with this policy the mapped array still carries the value, and is returned.
    expect(uses('mapsSynchronously')).toEqual([['read', 'phases', false], ['read', 'p', false], ['return', 'phases.map(p => p.state)', false]]);
    expect(uses('holder.hold')).toEqual([['store', 'phase', false]]);
  });
  it('puts the end of the synchronous part at the first await operand', () => {
    const fn = calleeBody(program, call('readsAfterAwait'))!;
    expect(file.text.slice(synchronousEnd(fn) - 'ping()'.length, synchronousEnd(fn))).toBe('ping()');
    expect(synchronousEnd(calleeBody(program, call("mapsSynchronously"))!)).toBe(Infinity);
  });
});

describe('callKeepsArgument (entities)', () => {
  it('tells the callees that let go of the entity from those that keep it', () => {
    const keeps = (name: string, index = 0) => callKeepsArgument(program, policy, call(name), index);
    expect(keeps('readsBeforeAwait')).toBe(false);
    expect(keeps('readsKeyAfterAwait')).toBe(false);
    expect(keeps('mapsSynchronously')).toBe(false);
    expect(keeps('readsAfterAwait')).toBe(true);
    expect(keeps('defers')).toBe(true);
    expect(keeps('awaitsInLoop')).toBe(true);
    expect(keeps('aliasesThenAwaits')).toBe(true);
    expect(keeps('holder.hold')).toBe(true);
    expect(keeps('holder.forward')).toBe(true);
    expect(keeps('enqueues', 1)).toBe(true);
    expect(keeps('arrow')).toBe(false);
    expect(keeps('queue.add', 1)).toBeUndefined();
  });
});

describe('wrapperArguments', () => {
  const wrappers = wrapperPolicy(program, boundaryTables([], []));
  it('finds the arguments a callee forwards into a boundary payload, through an interface implemented in the program', () => {
    expect([...wrapperArguments(program, wrappers, call('appQueue.add'))]).toEqual([[0, 'bullmq.Queue.add']]);
    expect([...wrapperArguments(program, wrappers, call('direct.enqueue'))]).toEqual([[1, 'bullmq.Queue.add']]);
  });
  it('finds none in callees that keep the value to themselves or hand over primitives only', () => {
    for (const name of ['readsBeforeAwait', 'holder.hold', 'holder.forward', 'mapsSynchronously']) {
      expect(wrapperArguments(program, wrappers, call(name)).size, name).toBe(0);
    }
    // `enqueues(queue, phase)` puts `{ phase }` into `queue.add`: its second parameter is forwarded.
    expect([...wrapperArguments(program, wrappers, call('enqueues'))]).toEqual([[1, 'bullmq.Queue.add']]);
  });
});
