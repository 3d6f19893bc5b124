// The editor path with the real client's server: `vscode-eslint-language-server` (the server the VS Code ESLint
// extension runs, from the pinned devDependency vscode-langservers-extracted) over stdio, with the settings the VS
// Code client sends. This server answers pull diagnostics (`textDocument/diagnostic`), it does not push them.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lintJson, requireBuild, root, runEslint, scratchCopy, type LintMessage } from './helpers.js';

requireBuild();
vi.setConfig({ testTimeout: 120_000, hookTimeout: 300_000 });

const server = path.join(root, 'node_modules/vscode-langservers-extracted/bin/vscode-eslint-language-server');
const file = 'src/services/data-owner.service.ts';

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface Diagnostic {
  range: Range;
  message: string;
  source?: string;
  code?: string;
  codeDescription?: { href: string };
}
interface TextEdit {
  range: Range;
  newText: string;
}
interface CodeAction {
  title: string;
  kind?: string;
  command?: { command: string; arguments?: unknown[] };
  edit?: { documentChanges?: { edits: TextEdit[] }[] };
}

/** A JSON-RPC client over the server's stdio (LSP base protocol: `Content-Length` headers). */
class LanguageClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly stderr: string[] = [];
  /** Edits the server asks the client to apply (`workspace/applyEdit`, e.g. after a quick-fix command). */
  readonly appliedEdits: unknown[] = [];

  constructor(private readonly settings: Record<string, unknown>) {
    this.child = spawn(process.execPath, [server, '--stdio'], { env: { ...process.env, NO_COLOR: '1' } });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.drain();
    });
    this.child.stderr.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
  }

  private send(message: Record<string, unknown>): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(`Content-Length: ${String(body.length)}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private drain(): void {
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/iu.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.receive(JSON.parse(body) as { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } });
    }
  }

  private receive(message: { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } }): void {
    if (message.method === undefined) {
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id!);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result);
      return;
    }
    if (message.id === undefined) return; // notifications: eslint/status, window/logMessage, ...
    // Requests from the server, answered as the VS Code client answers them.
    let result: unknown = null;
    if (message.method === 'workspace/configuration') {
      result = (message.params as { items: unknown[] }).items.map(() => this.settings);
    } else if (message.method === 'workspace/applyEdit') {
      this.appliedEdits.push(message.params);
      result = { applied: true };
    }
    this.send({ id: message.id, result });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    this.send({ id, method, params });
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  async stop(): Promise<void> {
    await this.request('shutdown', null).catch(() => undefined);
    this.notify('exit', null);
    this.child.kill();
  }
}

/** Applies LSP text edits (non-overlapping) to `text`. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position): number => (lineStarts[p.line] ?? text.length) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((out, e) => out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end)), text);
}

/** A CLI finding as the server turns it into a diagnostic (0-based positions). */
function asDiagnostic(m: LintMessage & { endLine?: number; endColumn?: number }): { rule: string; range: Range; message: string } {
  return {
    rule: m.ruleId ?? '',
    range: {
      start: { line: m.line - 1, character: m.column - 1 },
      end: { line: (m.endLine ?? m.line) - 1, character: (m.endColumn ?? m.column) - 1 },
    },
    message: m.message,
  };
}

describe(`vscode-eslint-language-server on examples/typeorm/${file}`, () => {
  const lspCopy = scratchCopy('typeorm', 'lsp');
  const cliCopy = scratchCopy('typeorm', 'lsp-cli');
  const filePath = path.join(lspCopy.dir, file);
  const uri = pathToFileURL(filePath).href;
  const folderUri = pathToFileURL(lspCopy.dir).href;
  const text = readFileSync(filePath, 'utf8');
  let client: LanguageClient;
  let cliFindings: ReturnType<typeof asDiagnostic>[];
  let cliFixed: string;
  let version = 1;
  const fixCopies: { remove: () => void }[] = [];

  const pull = async (): Promise<Diagnostic[]> =>
    (await client.request<{ kind: string; items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } })).items;

  beforeAll(async () => {
    // What the CLI says about the same file: the diagnostics and the `--fix` text the editor must agree with.
    const fixCopy = scratchCopy('typeorm', 'lsp-fix');
    fixCopies.push(fixCopy);
    const [{ results }] = await Promise.all([lintJson(10, cliCopy.dir, [file]), runEslint(10, fixCopy.dir, ['--fix', file])]);
    cliFindings = (results[0]?.messages ?? []).map(asDiagnostic);
    cliFixed = readFileSync(path.join(fixCopy.dir, file), 'utf8');

    // The settings the VS Code ESLint client sends for a workspace folder (its defaults).
    client = new LanguageClient({
      validate: 'on',
      packageManager: 'npm',
      useESLintClass: false,
      useFlatConfig: true,
      experimental: { useFlatConfig: false },
      codeActionOnSave: { enable: false, mode: 'all' },
      format: false,
      quiet: false,
      onIgnoredFiles: 'off',
      options: {},
      rulesCustomizations: [],
      run: 'onType',
      problems: { shortenToSingleLine: false },
      nodePath: null,
      workspaceFolder: { name: 'typeorm', uri: folderUri },
      codeAction: {
        disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
        showDocumentation: { enable: true },
      },
      timeBudget: { onValidation: { warn: 4000, error: 8000 }, onFixes: { warn: 3000, error: 6000 } },
    });
    await client.request('initialize', {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: 'typeorm' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, applyEdit: true },
        textDocument: {
          diagnostic: { dynamicRegistration: false },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll', 'source.fixAll.eslint'] } } },
        },
      },
    });
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text } });
  });

  afterAll(async () => {
    await (client as LanguageClient | undefined)?.stop(); // unset when beforeAll failed
    lspCopy.remove();
    cliCopy.remove();
    for (const copy of fixCopies) copy.remove();
  });

  let diagnostics: Diagnostic[];

  it('pulls the diagnostics of all three rules: the CLI findings, with rule id, range and message', async () => {
    const started = performance.now();
    diagnostics = await pull();
    const ms = performance.now() - started;
    const rules = new Set(diagnostics.map(d => d.code));
    expect(rules).toEqual(
      new Set(['orm-hygiene/require-audit-fields', 'orm-hygiene/no-unimported-models', 'orm-hygiene/no-entity-across-async-boundary']),
    );
    expect(diagnostics.map(d => ({ rule: d.code, range: d.range, message: d.message }))).toEqual(cliFindings);
    expect(diagnostics.every(d => d.source === 'eslint' && d.codeDescription?.href.endsWith(`/docs/rules/${d.code!.replace('orm-hygiene/', '')}.md`))).toBe(true);
    // A typed lint of one file through the server: seconds, not minutes (generous for a busy 2-core machine).
    expect(ms).toBeLessThan(60_000);
  });

  it('offers the quick fixes of each finding: fix, suggestion, disable, documentation', async () => {
    const titles = async (d: Diagnostic): Promise<string[]> =>
      (await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }))
        .filter(a => a.kind === 'quickfix')
        .map(a => a.title);
    const byRule = (rule: string) => diagnostics.filter(d => d.code === rule);
    const audit = byRule('orm-hygiene/require-audit-fields')[0]!;
    const unimported = byRule('orm-hygiene/no-unimported-models')[0]!;
    const boundary = byRule('orm-hygiene/no-entity-across-async-boundary');
    const common = (rule: string) => [
      `Disable ${rule} for this line`,
      `Disable ${rule} for the entire file`,
      `Show documentation for ${rule}`,
    ];
    expect(await titles(audit)).toEqual(expect.arrayContaining(['Fix this orm-hygiene/require-audit-fields problem', ...common('orm-hygiene/require-audit-fields')]));
    expect(await titles(unimported)).toEqual(
      expect.arrayContaining(['Fix this orm-hygiene/no-unimported-models problem', ...common('orm-hygiene/no-unimported-models')]),
    );
    const boundaryTitles = await Promise.all(boundary.map(titles));
    // No autofix across a boundary; the one with a quick fix offers it as a suggestion.
    for (const list of boundaryTitles) {
      expect(list).toEqual(expect.arrayContaining(common('orm-hygiene/no-entity-across-async-boundary')));
      expect(list.some(t => t.startsWith('Fix this'))).toBe(false);
    }
    expect(boundaryTitles.flat()).toContainEqual(expect.stringMatching(/^Pass `phaseId: phase\.id` instead .*\(orm-hygiene\/no-entity-across-async-boundary\)$/u));
  });

  it('source.fixAll.eslint gives exactly the text of the CLI --fix', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.eslint'] },
    });
    const edits = actions[0]?.edit?.documentChanges?.[0]?.edits ?? [];
    expect(edits.length).toBeGreaterThan(0);
    expect(applyEdits(text, edits)).toBe(cliFixed);
  });

  it('after an edit, the diagnostics follow the edited text', async () => {
    // Stamp the actor by hand where the first audit finding is: that finding goes, the others stay.
    const edited = text.replace("    phase.startedBy = userId;\n", "    phase.startedBy = userId;\n    phase.updatedBy = userId;\n");
    expect(edited).not.toBe(text);
    client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: edited }] });
    const after = await pull();
    const line = (d: Diagnostic): string => `${String(d.range.start.line + 1)} ${d.code ?? ''}`;
    const before = diagnostics.map(line);
    const firstAudit = before.find(l => l.endsWith('require-audit-fields'))!;
    const shifted = before.filter(l => l !== firstAudit).map(l => {
      const [n, rule] = l.split(' ');
      return Number(n) > Number(firstAudit.split(' ')[0]) ? `${String(Number(n) + 1)} ${rule!}` : l;
    });
    expect(after.map(line)).toEqual(shifted);
  });
});
