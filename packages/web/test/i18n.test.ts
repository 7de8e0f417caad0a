// Every user-visible string goes through the one dictionary (issue 6): both languages have the
// same keys, no text is empty, placeholders match, and no component renders a literal string —
// JSX text, or a literal in an attribute a reader sees (title, placeholder, aria-label, alt,
// label). Chinese characters may appear only in the dictionaries.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.ts';
import { zh } from '../src/i18n/zh.ts';

const SRC = join(import.meta.dirname, '../src');
const DICTIONARIES = new Set(['i18n/zh.ts', 'i18n/en.ts']);
/** Attributes whose text a reader sees or a screen reader speaks. */
const VISIBLE_ATTRIBUTES = new Set(['title', 'placeholder', 'aria-label', 'alt', 'label']);
/** Text without a letter (numbers, punctuation, symbols such as → or ◆) is not language. */
const NOT_WORDS = /^\P{L}*$/u;
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/u;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string).sort();
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

/** Literal text a component renders: JSX text and literal visible attributes. */
export function literalStrings(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: Finding[] = [];
  const at = (node: ts.Node, text: string) =>
    found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const text = node.getText().trim();
      if (text !== '' && !NOT_WORDS.test(text)) at(node, text);
    } else if (ts.isJsxAttribute(node) && node.initializer) {
      const name = node.name.getText();
      const init = node.initializer;
      const literal = ts.isStringLiteral(init)
        ? init.text
        : ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression)
          ? init.expression.text
          : undefined;
      if (literal !== undefined && VISIBLE_ATTRIBUTES.has(name) && !NOT_WORDS.test(literal))
        at(node, `${name}="${literal}"`);
    } else if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteralLike(node.expression)) {
      // {'text'} as a child
      const text = node.expression.text;
      if (ts.isJsxElement(node.parent) && !NOT_WORDS.test(text)) at(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('the dictionary', () => {
  const zhKeys = Object.keys(zh).sort();
  const enKeys = Object.keys(en).sort();

  it('has the same keys in Chinese and English', () => {
    expect(
      zhKeys.filter((k) => !(k in en)),
      'missing in en.ts',
    ).toEqual([]);
    expect(
      enKeys.filter((k) => !(k in zh)),
      'missing in zh.ts',
    ).toEqual([]);
    expect(zhKeys.length).toBeGreaterThan(300);
  });

  it('has no empty text and the same placeholders in both languages', () => {
    const zhTexts: Record<string, string> = zh;
    const enTexts: Record<string, string> = en;
    for (const key of zhKeys) {
      const a = zhTexts[key] ?? '';
      const b = enTexts[key] ?? '';
      expect(a.trim(), `zh ${key}`).not.toBe('');
      expect(b.trim(), `en ${key}`).not.toBe('');
      expect(placeholders(b), `placeholders of ${key}`).toEqual(placeholders(a));
    }
  });

  it('has no Chinese in English text, except the language switch’s own names', () => {
    const enTexts: Record<string, string> = en;
    const chinese = enKeys.filter((k) => k !== 'lang.zh' && CJK.test(enTexts[k] ?? ''));
    expect(chinese).toEqual([]);
  });
});

describe('components', () => {
  const files = sourceFiles(SRC).filter((f) => !DICTIONARIES.has(relative(SRC, f).replaceAll('\\', '/')));

  it('render no literal user-visible strings (everything goes through the dictionary)', () => {
    const findings = files
      .filter((f) => f.endsWith('.tsx'))
      .flatMap((f) => literalStrings(relative(SRC, f), readFileSync(f, 'utf8')));
    expect(findings.map((x) => `${x.file}:${x.line} ${x.text}`)).toEqual([]);
  });

  it('hold no Chinese text outside the dictionaries', () => {
    const findings: string[] = [];
    for (const f of files) {
      const lines = readFileSync(f, 'utf8').split('\n');
      lines.forEach((line, i) => {
        // Comments may be in any language; code and strings may not.
        const code = line.replace(/\/\/.*$/, '').replace(/\/\*.*?\*\//g, '');
        if (CJK.test(code) && !/^\s*\*/.test(line))
          findings.push(`${relative(SRC, f)}:${i + 1} ${line.trim()}`);
      });
    }
    expect(findings).toEqual([]);
  });

  it('are checked by a detector that finds literal strings', () => {
    // The detector itself: literal JSX text and visible attributes are found, keys and symbols not.
    const sample = [
      'export const A = () => (',
      '  <div title="Hello" data-testid="x" className="y">',
      '    Sign in',
      "    {t('key')} · {'—'} {'More'}",
      '    <input placeholder={"名称"} aria-label={t(\'a\')} />',
      '  </div>',
      ');',
    ].join('\n');
    expect(literalStrings('sample.tsx', sample).map((f) => f.text)).toEqual([
      'title="Hello"',
      'Sign in',
      'More',
      'placeholder="名称"',
    ]);
  });
});
