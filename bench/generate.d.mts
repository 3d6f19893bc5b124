/** Types for bench/generate.mjs (plain ESM so `npm run bench` needs no build step). */
export declare const UNITS_PER_SCALE: number;

export interface GeneratedManifest {
  scale: number;
  seed: number;
  units: number;
  files: number;
  lines: number;
  byOrm: Record<'typeorm' | 'mikro-orm' | 'sequelize' | 'prisma' | 'drizzle', number>;
}

/** The synthetic project in memory: relative path → text, in a fixed order, and its size. */
export declare function generateProject(options?: { scale?: number; seed?: number; units?: number }): {
  files: Map<string, string>;
  manifest: GeneratedManifest;
};

/** Writes the files into `dir`, replacing a previous generation. */
export declare function writeProject(dir: string, files: Map<string, string>): void;

/** The `.ts` files under `dir/src`, sorted, absolute. */
export declare function sourceFiles(dir: string): string[];
