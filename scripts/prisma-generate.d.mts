/** Generates the Prisma clients for a schema (default: the test fixture schema), skipping when up to date. */
export function prismaGenerate(schema?: string): void;
