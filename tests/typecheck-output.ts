import path from 'node:path';
import * as ts from 'typescript';

/**
 * Type-checks a fixed output: compiles the project of `configFile` (a tsconfig.json, or compiler options for files
 * without one) with `text` served as the content of `fileName`, and returns the diagnostics of that file. Programs
 * are reused between calls (unchanged files keep their SourceFile), so each check costs one file.
 */
interface Project {
  readonly options: ts.CompilerOptions;
  readonly rootNames: readonly string[];
  readonly files: Map<string, ts.SourceFile | undefined>;
  program: ts.Program | undefined;
}

const projects = new Map<string, Project>();

function projectFor(configFile: string, fallbackOptions?: ts.CompilerOptions): Project {
  let project = projects.get(configFile);
  if (project) return project;
  if (fallbackOptions) {
    project = { options: fallbackOptions, rootNames: [], files: new Map(), program: undefined };
  } else {
    const host: ts.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: d => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } };
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, undefined, host);
    if (!parsed) throw new Error(`cannot read ${configFile}`);
    project = { options: parsed.options, rootNames: parsed.fileNames, files: new Map(), program: undefined };
  }
  projects.set(configFile, project);
  return project;
}

export function typecheckOutput(
  configFile: string,
  fileName: string,
  text: string,
  fallbackOptions?: ts.CompilerOptions,
): string[] {
  const project = projectFor(configFile, fallbackOptions);
  const target = path.resolve(fileName);
  const host = ts.createCompilerHost(project.options, true);
  const readFile = host.readFile.bind(host);
  host.readFile = file => (path.resolve(file) === target ? text : readFile(file));
  host.getSourceFile = (file, languageVersion) => {
    if (path.resolve(file) === target) return ts.createSourceFile(file, text, languageVersion, true);
    if (!project.files.has(file)) {
      const content = readFile(file);
      project.files.set(file, content === undefined ? undefined : ts.createSourceFile(file, content, languageVersion, true));
    }
    return project.files.get(file);
  };
  const rootNames = project.rootNames.includes(target) ? project.rootNames : [...project.rootNames, target];
  const program = ts.createProgram({ rootNames, options: project.options, host, oldProgram: project.program });
  project.program = program;
  const file = program.getSourceFile(target);
  if (!file) throw new Error(`${target} is not in the program`);
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map(
    d => `${d.start ?? 0}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
  );
}
