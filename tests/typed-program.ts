import { AST_NODE_TYPES, type ParserServicesWithTypeInformation, type TSESTree } from '@typescript-eslint/utils';
import { parseAndGenerateServices } from '@typescript-eslint/typescript-estree';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from './rule-tester.js';

export interface ParsedFixture {
  ast: TSESTree.Program;
  services: ParserServicesWithTypeInformation;
  /** The identifier of the top-level variable declared as `name`. */
  variable(name: string): TSESTree.Identifier;
}

/** Parses a file under tests/fixtures with the fixture tsconfig (the same program RuleTester cases get). */
export function parseFixture(relativePath: string): ParsedFixture {
  const filePath = path.join(fixturesDir, relativePath);
  const code = readFileSync(filePath, 'utf8');
  const { ast, services } = parseAndGenerateServices(code, {
    filePath,
    projectService: true,
    tsconfigRootDir: fixturesDir,
    range: true,
    loc: true,
  });
  if (!services.program) throw new Error(`no type information for ${filePath}`);
  const typed: ParserServicesWithTypeInformation = { ...services, program: services.program };
  const variables = new Map<string, TSESTree.Identifier>();
  for (const statement of ast.body) {
    const declaration =
      statement.type === AST_NODE_TYPES.VariableDeclaration
        ? statement
        : statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration?.type === AST_NODE_TYPES.VariableDeclaration
          ? statement.declaration
          : undefined;
    for (const declarator of declaration?.declarations ?? []) {
      if (declarator.id.type === AST_NODE_TYPES.Identifier) variables.set(declarator.id.name, declarator.id);
    }
  }
  return {
    ast,
    services: typed,
    variable(name) {
      const found = variables.get(name);
      if (!found) throw new Error(`no variable ${name} in ${relativePath}`);
      return found;
    },
  };
}
