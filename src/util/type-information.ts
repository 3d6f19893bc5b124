import type { ParserServicesWithTypeInformation, TSESLint } from '@typescript-eslint/utils';
import { configurationError } from './configuration-error.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/**
 * typescript-eslint's parser services with a program, or `undefined` when the file was parsed without type
 * information: by typescript-eslint's parser without `projectService`/`project`, or by another parser (ESLint's own
 * espree for `.js` files has no parser services at all). Unlike `ESLintUtils.getParserServices(context, true)` this
 * never throws, so a rule with an untyped mode can run on any parser.
 */
export function getOptionalTypedServices(context: Context): ParserServicesWithTypeInformation | undefined {
  const services = context.sourceCode.parserServices as Partial<ParserServicesWithTypeInformation> | undefined;
  if (!services?.program || !services.esTreeNodeToTSNodeMap || !services.tsNodeToESTreeNodeMap) return undefined;
  return services as ParserServicesWithTypeInformation;
}

/**
 * The parser services of a typed rule. Without type information it stops with one message that says what to
 * configure (typescript-eslint's own message names neither `projectService` nor the parser to set).
 */
export function getTypedParserServices(context: Context): ParserServicesWithTypeInformation {
  const services = getOptionalTypedServices(context);
  if (services) return services;
  const typescriptParser = context.sourceCode.parserServices?.esTreeNodeToTSNodeMap !== undefined;
  const parserHint = typescriptParser
    ? ''
    : "Set `languageOptions.parser: tseslint.parser` (typescript-eslint's parser; this file was parsed by another one) and ";
  throw configurationError(
    `The rule '${context.id}' requires type information, but ${context.filename} was linted without it. ` +
      `${parserHint || 'Set '}\`languageOptions.parserOptions.projectService: true\` (with \`tsconfigRootDir: import.meta.dirname\`) for ` +
      "TypeScript files, and use the 'orm-hygiene/disable-type-checked' config for files without types. " +
      'See https://tseslint.com/typed-linting',
  );
}
