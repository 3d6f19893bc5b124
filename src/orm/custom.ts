import * as ts from 'typescript';
import { plainEntity, type Recognition } from './recognition.js';
import type { EntityInfo } from './types.js';

/**
 * Entities the user names in `settings['orm-hygiene'].entityTypes`: tracked objects whose persisted fields are the
 * type's non-method properties; nothing maintains their audit fields but `managedFields`.
 */
export function customEntity(ctx: Recognition, type: ts.Type): EntityInfo {
  const name = (type.aliasSymbol ?? type.getSymbol())?.name ?? ctx.checker.typeToString(type);
  const persisted = (prop: string): boolean => {
    const decl = type.getProperty(prop)?.valueDeclaration;
    return decl !== undefined && !ts.isMethodDeclaration(decl) && !ts.isGetAccessor(decl) && !ts.isSetAccessor(decl) && !ts.isMethodSignature(decl);
  };
  return plainEntity(ctx, { orm: 'custom', name, tracked: true, type, declaration: undefined, persisted, maintained: () => undefined });
}
