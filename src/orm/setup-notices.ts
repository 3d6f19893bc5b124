import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { drizzlePackage, drizzleTableFactories } from './drizzle.js';
import type { EntityModel } from './entity-model.js';
import { mikroOrm } from './mikro-orm.js';
import { isOrmPackage } from './models.js';
import { sequelize } from './sequelize.js';
import { typeorm } from './typeorm.js';

/**
 * Setup problems (nothing recognised, a `modelModules` entry that resolves nowhere) are told once per program: on the
 * first linted file of that program that shows the problem, as a report of the rule that noticed it, located at the
 * import that reveals it (or at 1:1). Not a thrown error: one flat config usually serves several programs (a
 * monorepo), and the setting may be right for the others. Not a per-file report either: the same message on every
 * file hides the findings. The claim is shared by the rules, so three enabled rules still say it once.
 */
const claimed = new WeakMap<object, Set<string>>();

/** `true` the first time `key` is claimed for `owner` (a ts.Program, or the settings object without a program). */
export function claimOnce(owner: object, key: string): boolean {
  let keys = claimed.get(owner);
  if (!keys) {
    keys = new Set();
    claimed.set(owner, keys);
  }
  if (keys.has(key)) return false;
  keys.add(key);
  return true;
}

/** Names whose import from an ORM package means the file declares entities (decorators, base classes, schemas). */
const entityDeclaringNames: readonly { readonly isPackage: (pkg: string) => boolean; readonly names: ReadonlySet<string> }[] = [
  ...[typeorm, mikroOrm, sequelize].map(spec => ({
    isPackage: (pkg: string) => spec.packages.has(pkg) || (spec === mikroOrm && pkg.startsWith('@mikro-orm/')),
    names: new Set([...spec.entityDecorators, ...spec.baseClasses, 'EntitySchema', 'defineEntity']),
  })),
  { isPackage: (pkg: string) => pkg === drizzlePackage || pkg.startsWith(`${drizzlePackage}/`), names: drizzleTableFactories },
];

/** The first import of the file that declares entities with an ORM (`import { Entity } from 'typeorm'`). */
export function entityDeclaringImport(ast: TSESTree.Program): { node: TSESTree.ImportDeclaration; names: string[] } | undefined {
  for (const statement of ast.body) {
    if (statement.type !== AST_NODE_TYPES.ImportDeclaration || statement.importKind === 'type') continue;
    const pkg = statement.source.value;
    const family = entityDeclaringNames.find(f => f.isPackage(pkg));
    if (!family) continue;
    const names = statement.specifiers.flatMap(s =>
      s.type === AST_NODE_TYPES.ImportSpecifier && s.importKind !== 'type' && s.imported.type === AST_NODE_TYPES.Identifier && family.names.has(s.imported.name)
        ? [s.imported.name]
        : [],
    );
    if (names.length > 0) return { node: statement, names };
  }
  return undefined;
}

/** The first import of an ORM package in the file, where a notice about the program is placed. */
export function firstOrmImport(ast: TSESTree.Program): TSESTree.ImportDeclaration | undefined {
  return ast.body.find((s): s is TSESTree.ImportDeclaration => s.type === AST_NODE_TYPES.ImportDeclaration && isOrmPackage(s.source.value));
}

const importsOrm = new WeakMap<ts.Program, boolean>();

/** Whether any of the program's own files imports an ORM package (a syntactic scan, once per program). */
export function programImportsOrm(program: ts.Program, files: readonly ts.SourceFile[]): boolean {
  let result = importsOrm.get(program);
  if (result === undefined) {
    result = files.some(file =>
      file.statements.some(s => {
        const specifier = (s as { moduleSpecifier?: ts.Expression }).moduleSpecifier;
        return specifier !== undefined && 'text' in specifier && isOrmPackage((specifier as ts.StringLiteral).text);
      }),
    );
    importsOrm.set(program, result);
  }
  return result;
}

export const noEntitiesMessage =
  "orm-hygiene recognises no entity in this program, although it imports {{names}} from '{{pkg}}': its rules check nothing here. If entities are declared through your own decorators or base classes, name those in settings['orm-hygiene'].entityTypes (README \"Troubleshooting\"). Told once per program.";

/**
 * The once-per-program notice that the entity model recognises nothing although the linted file declares entities
 * with an ORM: the descriptor to report, or undefined. Cheap first: only files with such an import ask the model,
 * and the model stops at its first entity.
 */
export function noEntitiesNotice(
  ast: TSESTree.Program,
  entities: EntityModel,
): { node: TSESTree.ImportDeclaration; messageId: 'noEntitiesRecognised'; data: Record<string, string> } | undefined {
  if (entities.settings.entityTypes.length > 0) return undefined; // the user has said what the entities are
  const declaring = entityDeclaringImport(ast);
  if (!declaring || entities.hasModels()) return undefined;
  if (!claimOnce(entities.program, 'no-entities')) return undefined;
  return {
    node: declaring.node,
    messageId: 'noEntitiesRecognised',
    data: { names: declaring.names.map(n => `\`${n}\``).join(', '), pkg: declaring.node.source.value },
  };
}

/**
 * Whether a specifier that does not resolve from the linted file resolves from another file of the program: only a
 * relative entry (`../models`) or a package `imports` alias (`#models`) depends on where it is written from (`paths`
 * are program-wide). One file per directory is asked; resolutions are cached by the reader.
 */
export function resolvesFromSomeFile(
  specifier: string,
  files: readonly ts.SourceFile[],
  resolve: (specifier: string, fromFile: string) => string | undefined,
): boolean {
  if (!specifier.startsWith('.') && !specifier.startsWith('#')) return false;
  const directories = new Set<string>();
  for (const file of files) {
    const directory = file.fileName.slice(0, file.fileName.lastIndexOf('/'));
    if (directories.has(directory)) continue;
    directories.add(directory);
    if (resolve(specifier, file.fileName) !== undefined) return true;
  }
  return false;
}
