import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { bindsRestParameter, objectLiteralFits } from '../../src/analysis/payload-shape.js';
import { parseFixture } from '../typed-program.js';

const fixture = parseFixture('analysis/payload-shape.ts');
const { services } = fixture;
const checker = services.program.getTypeChecker();
const typeOf = (name: string): ts.Type => services.getTypeAtLocation(fixture.variable(name));
const callOf = (name: string): ts.CallExpression => {
  const declaration = services.esTreeNodeToTSNodeMap.get(fixture.variable(name)).parent;
  const call = ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  if (!call || !ts.isCallExpression(call)) throw new Error(`${name} is no call`);
  return call;
};

describe('objectLiteralFits: whether `{ id: value }` type-checks against a declared payload type', () => {
  it.each([
    ['idOnly', true],
    ['nullable', true],
    ['anObject', true],
    ['indexed', true],
    ['empty', true],
    ['needsMore', false],
    ['numericId', false],
    ['entity', false],
    ['text', false],
  ])('%s: %s', (name, fits) => {
    expect(objectLiteralFits(checker, typeOf(name), 'id', typeOf('idValue'))).toBe(fits);
  });

  it('fits anywhere when nothing is required', () => {
    expect(objectLiteralFits(checker, undefined, 'id', typeOf('idValue'))).toBe(true);
  });
});

describe('bindsRestParameter: positional arguments of a function', () => {
  it('tells a rest parameter from a single payload parameter', () => {
    expect(bindsRestParameter(checker, callOf('restCall'), 1)).toBe(true);
    expect(bindsRestParameter(checker, callOf('restCall'), 2)).toBe(true);
    expect(bindsRestParameter(checker, callOf('restCall'), 0)).toBe(false);
    expect(bindsRestParameter(checker, callOf('singleCall'), 1)).toBe(false);
  });
});
