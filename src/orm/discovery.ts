import * as ts from 'typescript';
import { drizzleTableFactories } from './drizzle.js';

/**
 * The syntactic pre-pass of model discovery (no-unimported-models): top-level declarations that could be models,
 * before the type checker is asked. A class counts when it has a decorator or a heritage clause; a variable when it
 * is initialised by a Drizzle table factory, `defineEntity(...)` or `new EntitySchema(...)`.
 */
export interface ModelCandidate {
  readonly kind: 'class' | 'schema' | 'table';
  readonly nameNode: ts.Identifier;
  readonly callee: ts.Identifier | undefined;
  readonly exported: boolean;
}

const candidatesByFile = new WeakMap<ts.SourceFile, readonly ModelCandidate[]>();

/** Cached per source file (unchanged files keep their SourceFile across edits). */
export function modelCandidates(file: ts.SourceFile): readonly ModelCandidate[] {
  let candidates = candidatesByFile.get(file);
  if (candidates) return candidates;
  const list: ModelCandidate[] = [];
  for (const statement of file.statements) {
    const exported = ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some(m => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isClassDeclaration(statement) && statement.name) {
      const hasHint = (ts.getDecorators(statement)?.length ?? 0) > 0 || (statement.heritageClauses?.length ?? 0) > 0;
      if (hasHint) list.push({ kind: 'class', nameNode: statement.name, callee: undefined, exported });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (!init || !ts.isIdentifier(declaration.name)) continue;
        const callee = ts.isCallExpression(init) || ts.isNewExpression(init) ? init.expression : undefined;
        const calleeName = callee && (ts.isPropertyAccessExpression(callee) ? callee.name : callee);
        if (!calleeName || !ts.isIdentifier(calleeName)) continue;
        const kind = drizzleTableFactories.has(calleeName.text)
          ? 'table'
          : calleeName.text === 'defineEntity' || calleeName.text === 'EntitySchema'
            ? 'schema'
            : undefined;
        if (kind) list.push({ kind, nameNode: declaration.name, callee: calleeName, exported });
      }
    }
  }
  candidates = list;
  candidatesByFile.set(file, candidates);
  return candidates;
}
