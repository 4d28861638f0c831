/**
 * The size rule (issue 18): no source file over 400 lines unless its first lines say why, in a
 * comment beginning `// Over 400 lines because …`. Run by `npm run lint`; exits 1 naming each file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const MAX_LINES = 400;
const ROOTS = ['core', 'functions', 'local', 'stacks', 'bench', 'tests', 'scripts'];
/** How far from the top the reason may stand (after a pragma or an import or two). */
const REASON_WITHIN = 10;
const root = join(import.meta.dirname, '..');

function* sources(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.tsx?$/.test(entry.name)) yield path;
  }
}

function oversized(text: string): { lines: number; stated: boolean } {
  const lines = text.split('\n');
  const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
  const stated = lines.slice(0, REASON_WITHIN).some((line) => /^\s*\/\/ Over 400 lines because \S/.test(line));
  return { lines: count, stated };
}

const offenders = ROOTS.flatMap((dir) => [...sources(join(root, dir))])
  .map((path) => ({ path: relative(root, path), ...oversized(readFileSync(path, 'utf8')) }))
  .filter((file) => file.lines > MAX_LINES && !file.stated);

if (offenders.length > 0) {
  for (const file of offenders)
    console.error(`${file.path}: ${file.lines} lines; split it, or say why at its top ("// Over 400 lines because …")`);
  process.exit(1);
}
