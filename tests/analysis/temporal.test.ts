import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { awaitedResults, exportedFunctions } from '../../src/analysis/temporal.js';
import { parseFixture } from '../typed-program.js';

const fixture = parseFixture('analysis/workflows-module.ts');

describe('exportedFunctions: the workflow functions of a workflows module', () => {
  it('finds function declarations, const arrow/function expressions, export specifiers and the default export', () => {
    expect(exportedFunctions(fixture.ast).map(f => f.name).sort()).toEqual(['arrow', 'declared', 'expression', 'main', 'renamed']);
  });
});

describe('awaitedResults', () => {
  it('awaits what a call gives', () => {
    const checker = fixture.services.program.getTypeChecker();
    const arrow = fixture.services.getTypeAtLocation(fixture.variable('arrow'));
    const [result] = awaitedResults(checker, arrow);
    expect(result && result.flags & ts.TypeFlags.String).toBeTruthy();
  });
});
