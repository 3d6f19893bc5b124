import path from 'node:path';
import type { TypeOrValueSpecifier } from '@typescript-eslint/type-utils';
import { typeMatchesSomeSpecifier } from '@typescript-eslint/type-utils';
import * as ts from 'typescript';
import { packageOfFile, resolveAlias } from '../util/ts-nodes.js';
import { plainEntity, type Recognition } from './recognition.js';
import type { EntityInfo } from './types.js';

/**
 * Entities the user names in `settings['orm-hygiene'].entityTypes`: tracked objects whose persisted fields are the
 * type's non-method properties; nothing maintains their audit fields but `managedFields`. A specifier names
 * - a type: that type (an interface, a class, a type alias);
 * - a base class: every class that extends it, at any depth (`{ from: 'file', name: 'TenantBaseEntity' }`);
 * - a decorator: every class it decorates (`{ from: 'file', name: 'TenantEntity' }`).
 */
export function customEntity(ctx: Recognition, type: ts.Type, declaration?: ts.Declaration): EntityInfo {
  const name = (type.aliasSymbol ?? type.getSymbol())?.name ?? ctx.checker.typeToString(type);
  const persisted = (prop: string): boolean => {
    const decl = type.getProperty(prop)?.valueDeclaration;
    return decl !== undefined && !ts.isMethodDeclaration(decl) && !ts.isGetAccessor(decl) && !ts.isSetAccessor(decl) && !ts.isMethodSignature(decl);
  };
  return plainEntity(ctx, { orm: 'custom', name, tracked: true, type, declaration, persisted, maintained: () => undefined });
}

/** Whether a (value) symbol, a decorator function, matches a specifier by name and declaring file/package/lib. */
export function symbolMatchesSpecifier(program: ts.Program, symbol: ts.Symbol, specifier: TypeOrValueSpecifier): boolean {
  const names = typeof specifier === 'string' ? [specifier] : typeof specifier.name === 'string' ? [specifier.name] : specifier.name;
  if (!names.includes(symbol.name)) return false;
  if (typeof specifier === 'string') return true;
  const files = (symbol.declarations ?? []).map(d => d.getSourceFile());
  switch (specifier.from) {
    case 'file':
      return files.some(
        f =>
          packageOfFile(f.fileName) === undefined &&
          !program.isSourceFileDefaultLibrary(f) &&
          (specifier.path === undefined || path.join(program.getCurrentDirectory(), specifier.path) === f.fileName),
      );
    case 'lib':
      return files.some(f => program.isSourceFileDefaultLibrary(f));
    case 'package':
      return files.some(f => packageOfFile(f.fileName) === specifier.package);
  }
}

/** A class that `entityTypes` names through one of its base classes or one of its decorators. */
export function configuredClassEntity(ctx: Recognition, symbol: ts.Symbol): EntityInfo | undefined {
  const specifiers = ctx.settings.entityTypes;
  if (specifiers.length === 0) return undefined;
  const declaration = symbol.declarations?.find(ts.isClassLike);
  if (!declaration) return undefined;
  const { checker, program } = ctx;
  const decorated = (ts.getDecorators(declaration) ?? []).some(decorator => {
    const expression = ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
    const nameNode = ts.isPropertyAccessExpression(expression) ? expression.name : expression;
    const target = ts.isIdentifier(nameNode) ? checker.getSymbolAtLocation(nameNode) : undefined;
    return target !== undefined && specifiers.some(s => symbolMatchesSpecifier(program, resolveAlias(checker, target), s));
  });
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  if (decorated || extendsSpecified(ctx, type, specifiers, 0)) return customEntity(ctx, type, declaration);
  return undefined;
}

function extendsSpecified(ctx: Recognition, type: ts.Type, specifiers: TypeOrValueSpecifier[], depth: number): boolean {
  if (depth > 8 || !(type.flags & ts.TypeFlags.Object) || !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface)) return false;
  for (const base of ctx.checker.getBaseTypes(type as ts.InterfaceType)) {
    if (typeMatchesSomeSpecifier(base, specifiers, ctx.program) || extendsSpecified(ctx, base, specifiers, depth + 1)) return true;
  }
  return false;
}
