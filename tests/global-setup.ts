import { prismaGenerate } from '../scripts/prisma-generate.mjs';

/** Generates the fixture Prisma clients once before any test file runs. */
export default function setup(): void {
  prismaGenerate();
}
