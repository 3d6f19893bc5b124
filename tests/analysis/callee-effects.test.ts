import * as ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { functionWrites, returnsCreation } from '../../src/analysis/callee-effects.js';
import { calleeBody, type FunctionWithBody } from '../../src/analysis/callees.js';

/** A one-file program (plus TypeScript's library) for the analysis. */
function program(text: string): { program: ts.Program; file: ts.SourceFile } {
  const fileName = '/virtual/main.ts';
  const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, lib: ['lib.es2022.d.ts'] };
  const base = ts.createCompilerHost(options, true);
  const host: ts.CompilerHost = {
    ...base,
    fileExists: f => f === fileName || base.fileExists(f),
    readFile: f => (f === fileName ? text : base.readFile(f)),
    getSourceFile: (f, language, onError, create) =>
      f === fileName ? ts.createSourceFile(f, text, language, true) : base.getSourceFile(f, language, onError, create),
  };
  const created = ts.createProgram({ rootNames: [fileName], options, host });
  return { program: created, file: created.getSourceFile(fileName)! };
}

/** The calls whose callee text is `name`, in source order. */
function callsTo(file: ts.SourceFile, name: string): ts.CallExpression[] {
  const found: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.getText() === name) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function callee(source: { program: ts.Program; file: ts.SourceFile }, name: string): FunctionWithBody {
  const [call] = callsTo(source.file, name);
  const fn = call && calleeBody(source.program, call);
  if (!fn) throw new Error(`no callee for ${name}`);
  return fn;
}

const code = `
interface Row { a: number; b: number; c: number; d: number; }
function direct(row: Row, other: Row) { row.a = 1; other.b++; }
const viaAssign = (row: Row) => { Object.assign(row, { c: 1, d: 2 }); };
function level1(row: Row) { level2(row); }
function level2(row: Row) { level3(row); row.b = 2; }
function level3(row: Row) { row.c = 3; }
function shadow(row: Row) { { const row = { a: 0 }; row.a = 1; } }
function loop(row: Row): void { row.d = 4; loop(row); }
class Box {
  value = 0;
  stamp(): void { this.value = 1; }
  touch(): void { this.stamp(); }
  later = () => { this.value = 2; };
  nested(): void { [1].forEach(function (this: unknown) { (this as Box).value = 3; }); }
}
declare const row: Row;
declare const box: Box;
direct(row, row); viaAssign(row); level1(row); level2(row); shadow(row); loop(row);
box.stamp(); box.touch(); box.later(); box.nested(); [row].push(row);

class Made { id = 0; }
function make() { return new Made(); }
function makeLater(flag: boolean) { const made = new Made(); if (!flag) return null; return made; }
function makeViaOther() { return make(); }
function pass(made: Made) { return made; }
function mixed(made: Made, flag: boolean) { return flag ? made : new Made(); }
make(); makeLater(true); makeViaOther(); pass(new Made()); mixed(new Made(), true);
`;

describe('callee-effects: the callees it follows (callees.ts calleeBody)', () => {
  const source = program(code);
  it('resolves functions, const arrow functions, methods and arrow-function fields of the program', () => {
    expect(ts.isFunctionDeclaration(callee(source, 'direct'))).toBe(true);
    expect(ts.isArrowFunction(callee(source, 'viaAssign'))).toBe(true);
    expect(ts.isMethodDeclaration(callee(source, 'box.stamp'))).toBe(true);
    expect(ts.isArrowFunction(callee(source, 'box.later'))).toBe(true);
  });
  it('gives nothing for library methods', () => {
    const [push] = callsTo(source.file, '[row].push');
    expect(calleeBody(source.program, push!)).toBeUndefined();
  });
});

describe('callee-effects: functionWrites', () => {
  const source = program(code);
  const writes = (name: string, depth?: number) => functionWrites(source.program, callee(source, name), depth);
  const params = (name: string, depth?: number) => Object.fromEntries([...writes(name, depth).parameters].map(([i, s]) => [i, [...s].sort()]));

  it('records assignments, ++ and Object.assign keys per parameter', () => {
    expect(params('direct')).toEqual({ 0: ['a'], 1: ['b'] });
    expect(params('viaAssign')).toEqual({ 0: ['c', 'd'] });
  });
  it('follows the program functions a parameter is handed to, one call further by default', () => {
    expect(params('level2')).toEqual({ 0: ['b', 'c'] });
    expect(params('level2', 1)).toEqual({ 0: ['b'] });
    expect(params('level1')).toEqual({ 0: ['b'] });
    expect(params('level1', 3)).toEqual({ 0: ['b', 'c'] });
  });
  it('does not count a shadowing variable of the same name; survives recursion', () => {
    expect(params('shadow')).toEqual({});
    expect(params('loop')).toEqual({ 0: ['d'] });
  });
  it('records writes to this in methods and arrow-function fields, and through this.method()', () => {
    expect([...writes('box.stamp').self]).toEqual(['value']);
    expect([...writes('box.touch').self]).toEqual(['value']);
    expect([...writes('box.later').self]).toEqual(['value']);
  });
  it('does not take the this of a nested function for the method\'s', () => {
    expect([...writes('box.nested').self]).toEqual([]);
  });
  it('is cached per declaration', () => {
    expect(writes('direct')).toBe(writes('direct'));
  });
});

describe('callee-effects: returnsCreation', () => {
  const source = program(code);
  const isCreation = (node: ts.CallExpression | ts.NewExpression): boolean => ts.isNewExpression(node) && node.expression.getText() === 'Made';
  const factory = (name: string) => returnsCreation(source.program, callee(source, name), isCreation);

  it('a function that returns what it creates (directly, through a const, or through another factory) is a factory', () => {
    expect(factory('make')).toBe(true);
    expect(factory('makeLater')).toBe(true);
    expect(factory('makeViaOther')).toBe(true);
  });
  it('returning what it was handed, on any path, is not', () => {
    expect(factory('pass')).toBe(false);
    expect(factory('mixed')).toBe(false);
  });
});
