/** Measures the source tree for the structure test: file and function lengths, and where given names appear. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Files that are not source for these rules: tests, test support, fixtures, generated and built output. */
const NOT_SOURCE = [
  /\.test\.tsx?$/,
  /(^|\/)test-support\//,
  /(^|\/)fixtures\//,
  /(^|\/)node_modules\//,
  /(^|\/)dist\//,
  /\.d\.ts$/,
];

/** Every TypeScript source file under `dirs` (relative to `root`), tests and fixtures aside unless `tests`. */
export function sourceFiles(root: string, dirs: readonly string[], options: { tests?: boolean } = {}): string[] {
  const skip = options.tests ? NOT_SOURCE.filter((re) => /node_modules|dist|d\\.ts/.test(re.source)) : NOT_SOURCE;
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const rel = relative(root, path);
      if (skip.some((re) => re.test(rel))) continue;
      if (!existsSync(path)) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) out.push(rel);
    }
  };
  for (const dir of dirs) if (existsSync(join(root, dir))) walk(join(root, dir));
  return out.sort();
}

/** The number of lines of a file's text (a final newline does not start a line). */
export function lineCount(text: string): number {
  return text.replace(/\n$/, '').split('\n').length;
}

/** A function (declaration, method, arrow, expression, constructor, accessor) and how many lines it spans. */
export interface FunctionLength {
  name: string;
  line: number;
  lines: number;
}

/** Every function in a TypeScript source text with the lines it spans, nested ones included. */
export function functionLengths(fileName: string, text: string): FunctionLength[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const out: FunctionLength[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      out.push({ name: nameOf(node, source), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = node as { name?: ts.Node };
  if (named.name) return named.name.getText(source);
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  if (parent && ts.isPropertyDeclaration(parent)) return parent.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  return '(anonymous)';
}

/**
 * The statements of a TypeScript source text that do something when the module is loaded, beyond defining what it
 * exports: a top-level expression (a call, an assignment) or an import for its effects alone (`import './x'`).
 * Each as its line and its text's first line.
 */
export function topLevelEffects(fileName: string, text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  return source.statements
    .filter((s) => ts.isExpressionStatement(s) || (ts.isImportDeclaration(s) && s.importClause === undefined))
    .map((s) => ({
      line: source.getLineAndCharacterOfPosition(s.getStart(source)).line + 1,
      text: s.getText(source).split('\n')[0] ?? '',
    }));
}

/**
 * The top-level declarations of a file that build a zod schema as the module is evaluated: an initializer that is a
 * chain of calls on `z` (`z.object(…)`, `z.string().min(1)`) other than `z.lazy(…)`, whose builder runs on first use.
 */
export function eagerSchemas(fileName: string, text: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const rootOf = (e: ts.Expression): ts.Expression => {
    let at = e;
    while (ts.isCallExpression(at) || ts.isPropertyAccessExpression(at)) at = at.expression;
    return at;
  };
  const isLazy = (e: ts.Expression) =>
    ts.isCallExpression(e) &&
    ts.isPropertyAccessExpression(e.expression) &&
    ts.isIdentifier(e.expression.expression) &&
    e.expression.expression.text === 'z' &&
    e.expression.name.text === 'lazy';
  return source.statements
    .filter(ts.isVariableStatement)
    .flatMap((s) => s.declarationList.declarations)
    .filter((d) => {
      const init = d.initializer;
      if (!init || !ts.isCallExpression(init) || isLazy(init)) return false;
      const root = rootOf(init);
      return ts.isIdentifier(root) && root.text === 'z';
    })
    .map((d) => ({
      line: source.getLineAndCharacterOfPosition(d.getStart(source)).line + 1,
      text: d.getText(source).split('\n')[0] ?? '',
    }));
}

/** The text of a file under `root`. */
export function read(root: string, rel: string): string {
  return readFileSync(join(root, rel), 'utf8');
}
