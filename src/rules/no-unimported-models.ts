import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import path from 'node:path';
import * as ts from 'typescript';
import { getEntityModel } from '../orm/entity-model.js';
import {
  candidateSpecifier,
  fileSystemReader,
  libGlobalOrigin,
  modelIndex,
  programReader,
  type ModelIndex,
} from '../orm/models.js';
import { isActiveRecordCallee, isModelPositionTyped } from '../orm/model-positions.js';
import {
  claimOnce,
  firstOrmImport,
  noEntitiesMessage,
  noEntitiesNotice,
  programImportsOrm,
  resolvesFromSomeFile,
} from '../orm/setup-notices.js';
import { createRule } from '../util/create-rule.js';
import { referencedSymbol } from '../util/ts-nodes.js';
import {
  addNamedImport,
  importDeclarations,
  makeValueImport,
  relativeImportStyle,
  relativeSpecifier,
  type ImportExtensionStyle,
} from '../util/imports.js';
import { getSettings } from '../util/settings.js';
import { getOptionalTypedServices } from '../util/type-information.js';

export type Options = [{ models: string[]; checkGlobalShadowing: boolean; ignore: string[] }];
export type MessageIds =
  | 'unresolvedModel'
  | 'globalShadowsModel'
  | 'typeOnlyModelImport'
  | 'unresolvedModelModule'
  | 'noEntitiesRecognised'
  | 'importFrom';

type Reference = TSESLint.Scope.Reference;

interface ImportTarget {
  readonly specifier: string;
  readonly typeOnly: boolean;
}

/** `typeof X` in a type: a type-only import is enough there. */
function inTypeQuery(node: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.TSTypeQuery) return true;
    if (current.type !== AST_NODE_TYPES.TSQualifiedName && current.type !== AST_NODE_TYPES.MemberExpression) return false;
  }
  return false;
}

/** The name of a reference: an identifier, or a JSX tag name (`<Ledger />`, typed as JSXIdentifier at runtime). */
function referenceName(identifier: TSESTree.Node): string | undefined {
  if (identifier.type === AST_NODE_TYPES.Identifier || identifier.type === AST_NODE_TYPES.JSXIdentifier) return identifier.name;
  return undefined;
}

function quoted(specifiers: readonly string[]): string {
  return specifiers.map(s => `'${s}'`).join(', ');
}

export default createRule<Options, MessageIds>({
  name: 'no-unimported-models',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require model identifiers to be imported from their model module, not left unresolved or resolved to a global',
      recommended: 'recommended',
      requiresTypeChecking: false,
    },
    fixable: 'code',
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          models: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Names of models, in addition to the exports of `modelModules` and (with type information) the models discovered in the program. Needed for files linted without type information.',
          },
          checkGlobalShadowing: {
            type: 'boolean',
            description:
              'Report model names that resolve to a global (a default `lib` such as `lib.dom.d.ts`, `@types/node`, or configured globals) where files that use models use them as a model (ORM API arguments and type arguments, relation targets, members only the model has), with a suggestion.',
          },
          ignore: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'Model names never to report.',
          },
        },
      },
    ],
    defaultOptions: [{ models: [], checkGlobalShadowing: true, ignore: [] }],
    messages: {
      unresolvedModel:
        'Model `{{name}}` is neither declared nor imported in this file: transpile-only runners and JavaScript only find out when this line runs (a ReferenceError). Import it {{source}}.',
      globalShadowsModel:
        '`{{name}}` resolves to a global declared in {{origin}}, not to the model `{{name}}`: the code type-checks but targets the wrong class. Import the model {{source}}.',
      typeOnlyModelImport:
        'Model `{{name}}` is imported with `import type` but used as a value: the import is erased, so this is a ReferenceError at runtime. Import it as a value.',
      unresolvedModelModule:
        "settings['orm-hygiene'].modelModules entry '{{specifier}}' resolves from no file of this program, so its models are not checked in it. Correct the specifier or the tsconfig `paths`, or set the entry only for the packages that have it (README \"Troubleshooting\"). Told once per program.",
      noEntitiesRecognised: noEntitiesMessage,
      importFrom: "Import `{{name}}` from '{{specifier}}'.",
    },
  },
  create(context, [options]) {
    const settings = getSettings(context);
    // Without typescript-eslint's type information (espree, or no projectService): the untyped mode, on ESLint's scopes.
    const services = getOptionalTypedServices(context);
    const program = services?.program;
    const { sourceCode } = context;
    // The program's name for the file (RuleTester may give ESLint a relative filename); ESLint's otherwise.
    const fileName = services
      ? services.esTreeNodeToTSNodeMap.get(sourceCode.ast).fileName
      : path.resolve(context.physicalFilename);
    const ignored = new Set(options.ignore);

    const entities = services ? getEntityModel(services, settings) : undefined;

    function buildIndex(): ModelIndex {
      return modelIndex({
        reader: program ? programReader(program) : fileSystemReader(settings),
        fileName,
        modelModules: settings.modelModules,
        models: options.models,
        discovered: entities ? name => entities.discoverModelsNamed(name) : undefined,
      });
    }

    /**
     * A `modelModules` entry that does not resolve from this file is told once per program (once per configuration
     * without type information), and only where models matter: a program that imports an ORM (a file that imports
     * one, or the entry, without types). An entry that resolves from other files of the program is no mistake.
     */
    function tellUnresolvedModule(specifier: string, ast: TSESTree.Program, ormImport: unknown, index: ModelIndex): boolean {
      if (entities) {
        const files = entities.projectFiles();
        if (!programImportsOrm(entities.program, files) || resolvesFromSomeFile(specifier, files, (s, from) => index.reader.resolve(s, from))) return false;
        return claimOnce(entities.program, `model-module:${specifier}`);
      }
      const importsEntry = ast.body.some(s => s.type === AST_NODE_TYPES.ImportDeclaration && s.source.value === specifier);
      return (ormImport !== undefined || importsEntry) && claimOnce(settings, `model-module:${specifier}`);
    }

    function extensionFallback(): ImportExtensionStyle {
      const resolution = program?.getCompilerOptions().moduleResolution;
      if (resolution === ts.ModuleResolutionKind.Node16 || resolution === ts.ModuleResolutionKind.NodeNext) return 'js';
      return program || !/\.m?js$/u.test(fileName) ? 'none' : 'js';
    }

    // Declaration files have no runtime, and an import would turn a global one into a module.
    if (/\.d\.[cm]?ts$/u.test(fileName)) return {};

    return {
      'Program:exit'(node) {
        const index = buildIndex();
        const ormImport = firstOrmImport(node);
        for (const specifier of index.unresolvedModules) {
          if (!tellUnresolvedModule(specifier, node, ormImport, index)) continue;
          context.report({
            ...(ormImport ? { node: ormImport } : { loc: { start: { line: 1, column: 0 }, end: { line: 1, column: 0 } } }),
            messageId: 'unresolvedModelModule',
            data: { specifier },
          });
        }
        if (entities) {
          const notice = noEntitiesNotice(node, entities);
          if (notice) context.report({ ...notice, messageId: 'noEntitiesRecognised' });
        }
        const globalScope = sourceCode.scopeManager?.globalScope;
        if (!globalScope) return;
        const canFix = node.sourceType === 'module' && context.languageOptions.sourceType !== 'commonjs';
        const imports = importDeclarations(node);
        let style: ImportExtensionStyle | undefined;
        const isSameModule = (specifier: string) => {
          const target = index.reader.resolve(specifier, fileName);
          return (declaration: TSESTree.ImportDeclaration): boolean =>
            declaration.source.value === specifier ||
            (target !== undefined && index.reader.resolve(declaration.source.value, fileName) === target);
        };

        // --- names that resolve to nothing, or to a global ------------------------------------------------------
        const byName = new Map<string, { reference: Reference; global: boolean }[]>();
        const collect = (reference: Reference, global: boolean): void => {
          const { identifier } = reference;
          // `<Ledger />` is a reference like any other (the scope manager gives JSX tag names as JSXIdentifier).
          const name = referenceName(identifier);
          if (name === undefined || ignored.has(name) || !index.has(name)) return;
          const list = byName.get(name) ?? [];
          list.push({ reference, global });
          byName.set(name, list);
        };
        for (const reference of globalScope.through) collect(reference, false);
        for (const variable of globalScope.variables) {
          if (variable.defs.length === 0) for (const reference of variable.references) collect(reference, true);
        }

        let usesModels: boolean | undefined;
        const fileUsesModels = (): boolean =>
          (usesModels ??= imports.some(
            d => index.isModelSource(d.source.value) || d.specifiers.some(s => index.has(s.local.name)),
          ));

        for (const [name, references] of byName) {
          const valueUse = references.some(r => r.reference.isValueReference);
          const candidates = index.candidates(name).filter(c => !(valueUse && c.export.typeOnly));
          const modelSymbol = candidates.length === 1 ? candidates[0]!.export.symbol : undefined;
          const targets: ImportTarget[] = candidates
            .map(c => ({
              specifier: candidateSpecifier(c, fileName, to =>
                relativeSpecifier(fileName, to, (style ??= relativeImportStyle(node, extensionFallback()))),
              ),
              typeOnly: c.export.typeOnly,
            }));
          const source =
            targets.length === 1
              ? `from '${targets[0]!.specifier}'`
              : targets.length > 1
                ? `from one of ${quoted(targets.map(t => t.specifier))}`
                : 'from the module that declares it';
          const importFix = (target: ImportTarget) => (fixer: TSESLint.RuleFixer) =>
            addNamedImport(sourceCode, fixer, { name, ...target, isSameModule: isSameModule(target.specifier) });
          const fix = canFix && targets.length === 1 ? importFix(targets[0]!) : null;
          const suggestions = canFix
            ? targets.map(target => ({ messageId: 'importFrom' as const, data: { name, specifier: target.specifier }, fix: importFix(target) }))
            : [];
          const suggest = targets.length > 1 ? suggestions : null;

          for (const { reference, global } of references) {
            let origin: string | undefined;
            let modelPosition = false;
            if (services) {
              const { program } = services;
              const checker = program.getTypeChecker();
              const tsNode = services.esTreeNodeToTSNodeMap.get(reference.identifier);
              const symbol = referencedSymbol(checker, tsNode);
              // Declared somewhere the scope manager cannot see (a project global): the author's declaration.
              // (An unresolved type name gets the checker's `unknown` symbol, which has no declarations.)
              if (symbol?.declarations?.length) {
                origin = libGlobalOrigin(program, symbol);
                if (origin === undefined) continue;
                modelPosition = ts.isIdentifier(tsNode) && isModelPositionTyped(checker, tsNode, modelSymbol);
              }
            } else if (global) {
              origin = 'the ESLint globals (`languageOptions.globals` or the parser `lib`)';
              const { parent } = reference.identifier;
              modelPosition =
                parent.type === AST_NODE_TYPES.MemberExpression &&
                parent.object === reference.identifier &&
                parent.property.type === AST_NODE_TYPES.Identifier &&
                !parent.computed &&
                isActiveRecordCallee(parent.property.name);
            }
            if (origin === undefined) {
              context.report({ node: reference.identifier, messageId: 'unresolvedModel', data: { name, source }, fix, suggest });
            } else if (options.checkGlobalShadowing && modelPosition && fileUsesModels()) {
              // Never a fix: the import changes what the name means in this file.
              context.report({ node: reference.identifier, messageId: 'globalShadowsModel', data: { name, origin, source }, suggest: suggestions });
            }
          }
        }

        // --- `import type` bindings used as values --------------------------------------------------------------
        for (const declaration of imports) {
          for (const specifier of declaration.specifiers) {
            const typeOnly =
              declaration.importKind === 'type' || (specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.importKind === 'type');
            if (!typeOnly) continue;
            const imported =
              specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.imported.type === AST_NODE_TYPES.Identifier
                ? specifier.imported.name
                : specifier.local.name;
            if (ignored.has(specifier.local.name) || !(index.has(imported) || index.has(specifier.local.name))) continue;
            const valueReferences = (sourceCode.getDeclaredVariables(specifier)[0]?.references ?? []).filter(
              r =>
                r.isValueReference &&
                !inTypeQuery(r.identifier) &&
                r.identifier.parent.type !== AST_NODE_TYPES.ExportSpecifier,
            );
            if (valueReferences.length === 0) continue;
            const module = index.reader.resolve(declaration.source.value, fileName);
            const exported = module === undefined ? undefined : index.reader.exportsOf(module).get(imported);
            const fixable = canFix && exported !== undefined && !exported.typeOnly;
            for (const reference of valueReferences) {
              context.report({
                node: reference.identifier,
                messageId: 'typeOnlyModelImport',
                data: { name: specifier.local.name },
                fix: fixable
                  ? fixer => makeValueImport(sourceCode, fixer, declaration, specifier, isSameModule(declaration.source.value))
                  : null,
              });
            }
          }
        }
      },
    };
  },
});
