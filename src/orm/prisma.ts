import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { ancestors, mapperTargets, plainEntity, propertyOrigin, type Recognition } from './recognition.js';
import type { EntityInfo } from './types.js';

/**
 * Prisma (plain rows). `@updatedAt` columns are filled by every Prisma Client write (`update`, `updateMany`,
 * `upsert`, ...) but not by raw SQL. The schema is read from the generated client (`schema.prisma` copied by
 * `prisma-client-js`, or the `inlineSchema` of Prisma 7's `prisma-client` output), else from the default locations.
 */
export interface PrismaField {
  readonly type: string;
  readonly updatedAt: boolean;
  readonly id: boolean;
}
export type PrismaSchema = ReadonlyMap<string, ReadonlyMap<string, PrismaField>>;

const payloadName = /^\$(\w+)Payload$/u;

/** `$PhasePayload` → `Phase`. */
export function modelNameOfPayload(name: string): string | undefined {
  return payloadName.exec(name)?.[1];
}

const generatedMarker = '@prisma/client/runtime';

/** Whether a file is Prisma Client output (generated into node_modules or into the project). */
export function isPrismaGeneratedFile(file: ts.SourceFile): boolean {
  if (file.fileName.includes('/.prisma/client/') || file.fileName.includes('/@prisma/client/')) return true;
  return file.text.slice(0, 4000).includes(generatedMarker);
}

export function parsePrismaSchema(text: string): PrismaSchema {
  const models = new Map<string, Map<string, PrismaField>>();
  for (const match of text.matchAll(/^\s*model\s+(\w+)\s*\{([^}]*)\}/gmu)) {
    const [, name, body] = match;
    if (name === undefined || body === undefined) continue;
    const fields = new Map<string, PrismaField>();
    for (const line of body.split('\n')) {
      const field = /^\s*(\w+)\s+(\w+)(\?|\[\])?(.*)$/u.exec(line.replace(/\/\/.*$/u, ''));
      if (!field?.[1] || !field[2]) continue;
      const rest = field[4] ?? '';
      fields.set(field[1], { type: field[2], updatedAt: /@updatedAt\b/u.test(rest), id: /@id\b/u.test(rest) });
    }
    models.set(name, fields);
  }
  return models;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function inlineSchemaOf(classFile: string): string | undefined {
  const text = readText(classFile);
  const literal = text && /"inlineSchema":\s*("(?:[^"\\]|\\.)*")/u.exec(text)?.[1];
  if (!literal) return undefined;
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

/** Schema text for the client that declares `file`: next to it, in its `internal/class.ts`, or the project's. */
function schemaTextFor(file: string, projectDir: string): string | undefined {
  let dir = path.dirname(file);
  for (let level = 0; level < 3; level++) {
    const text = readText(path.join(dir, 'schema.prisma')) ?? inlineSchemaOf(path.join(dir, 'internal', 'class.ts'));
    if (text) return text;
    dir = path.dirname(dir);
  }
  const pkg = readText(path.join(projectDir, 'package.json'));
  let configured: string | undefined;
  try {
    configured = pkg ? (JSON.parse(pkg) as { prisma?: { schema?: string } }).prisma?.schema : undefined;
  } catch {
    configured = undefined;
  }
  for (const candidate of [configured, 'prisma/schema.prisma', 'schema.prisma']) {
    const text = candidate && readText(path.resolve(projectDir, candidate));
    if (text) return text;
  }
  return undefined;
}

const schemas = new WeakMap<ts.Program, Map<string, PrismaSchema>>();

/** The parsed schema for the generated client file that declares a model, cached per program. */
export function prismaSchemaFor(program: ts.Program, declaringFile: string): PrismaSchema {
  let byDir = schemas.get(program);
  if (!byDir) {
    byDir = new Map();
    schemas.set(program, byDir);
  }
  const dir = path.dirname(declaringFile);
  let schema = byDir.get(dir);
  if (!schema) {
    const text = schemaTextFor(declaringFile, program.getCurrentDirectory());
    schema = text ? parsePrismaSchema(text) : new Map();
    byDir.set(dir, schema);
  }
  return schema;
}

/** A Prisma row type (`Prisma.$PhasePayload` through `GetPayload`/`Compute` mapped types) as an entity. */
export function prismaEntity(ctx: Recognition, type: ts.Type, probe: string): EntityInfo | undefined {
  let payload: ts.Node | undefined = ancestors(propertyOrigin(type, probe)).find(
    n => ts.isTypeAliasDeclaration(n) && modelNameOfPayload(n.name.text) !== undefined,
  );
  if (!payload) {
    // `Prisma.PhaseGetPayload<{ select: ... }>`: the payload type is one of the mapped type's sources.
    const source = mapperTargets(type).find(t => t.aliasSymbol && modelNameOfPayload(t.aliasSymbol.name) !== undefined);
    payload = source?.aliasSymbol?.declarations?.[0];
  }
  if (!payload || !ts.isTypeAliasDeclaration(payload)) return undefined;
  const file = payload.getSourceFile();
  if (!isPrismaGeneratedFile(file)) return undefined;
  const model = modelNameOfPayload(payload.name.text)!;
  const declaration = payload;
  return ctx.cachedByKey(`prisma:${file.fileName}:${model}:${ctx.checker.typeToString(type)}`, () => {
    const fields = prismaSchemaFor(ctx.program, file.fileName).get(model);
    let primaryKey: string | undefined;
    for (const [name, f] of fields ?? []) if (f.id) primaryKey ??= name;
    return plainEntity(ctx, {
      orm: 'prisma',
      name: model,
      tracked: false,
      type,
      declaration,
      persisted: name => (fields ? fields.has(name) : type.getProperty(name) !== undefined),
      maintained: name => (fields?.get(name)?.updatedAt ? { paths: ['update', 'upsert'], by: '@updatedAt' } : undefined),
      primaryKey,
    });
  });
}
