// A small, fast, streaming XML tokenizer and a tree builder for small documents. Written by hand
// rather than taken from a library because the XLSX sheet path pushes hundreds of megabytes of
// XML through it (a 1,048,576-row sheet does not fit in one JS string), and because what we read
// — OOXML parts and tax-system e-invoices — needs only elements, attributes, text, CDATA and the
// predefined and numeric entities. DTDs are skipped, never expanded (no entity expansion attacks).

/** A document that is not well-formed XML (unbalanced tags, a truncated tag, no root). */
export class XmlSyntaxError extends Error {
  /** Character offset in the decoded text where the problem was seen. */
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} (at character ${position})`);
    this.name = 'XmlSyntaxError';
    this.position = position;
  }
}

/** Callbacks of the tokenizer. Names are as written (with any `prefix:`); use `localNameOf`. */
export interface XmlHandler {
  onOpen?(name: string, attributes: Readonly<Record<string, string>>): void;
  /** Character data, entities decoded; may arrive in several pieces for one text node. */
  onText?(text: string): void;
  onClose?(name: string): void;
}

export interface XmlTokenizer {
  /** Feeds the next piece of the decoded document. */
  push(text: string): void;
  /** Signals the end of the document; throws XmlSyntaxError when it is incomplete. */
  end(): void;
}

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g;
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes the five predefined entities and character references; unknown entities stay as written.
 * @example decodeXmlEntities('a &lt; b &#x7A00;') // 'a < b 稀'
 */
export function decodeXmlEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.charCodeAt(0) === 35 /* # */) {
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[body] ?? whole;
  });
}

/**
 * The name without its namespace prefix: namespaces vary between producers, names do not.
 * @example localNameOf('x:row') // 'row'
 */
export function localNameOf(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTRIBUTE.exec(source)) !== null) {
    const name = m[1] ?? '';
    attributes[name] = decodeXmlEntities(m[2] ?? m[3] ?? '');
  }
  return attributes;
}

function isNameEnd(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 47 || code === 62;
}

/**
 * A push tokenizer: feed decoded text in pieces of any size, get element and text callbacks.
 * @example
 * const t = createXmlTokenizer({ onOpen: (n) => names.push(n) });
 * t.push('<a><b/>'); t.push('</a>'); t.end(); // names = ['a', 'b']
 */
export function createXmlTokenizer(handler: XmlHandler): XmlTokenizer {
  let buf = '';
  let consumed = 0; // characters dropped from the front of buf (for error positions)
  const stack: string[] = [];
  let sawRoot = false;
  let ended = false;

  function emitText(raw: string): void {
    if (raw === '') return;
    if (stack.length === 0) {
      if (raw.trim() !== '') throw new XmlSyntaxError('text outside the root element', consumed);
      return;
    }
    // XML end-of-line handling (XML 1.0 §2.11): CRLF and lone CR read as LF.
    const text = raw.indexOf('\r') >= 0 ? raw.replace(/\r\n?/g, '\n') : raw;
    handler.onText?.(decodeXmlEntities(text));
  }

  /** Processes what it can of buf; returns the index of the first unprocessed character. */
  function run(final: boolean): number {
    const s = buf;
    const n = s.length;
    let pos = 0;
    while (pos < n) {
      if (s.charCodeAt(pos) !== 60 /* < */) {
        const lt = s.indexOf('<', pos);
        if (lt < 0) {
          if (!final) return pos; // an entity may be cut at the end of this piece
          emitText(s.slice(pos));
          return n;
        }
        emitText(s.slice(pos, lt));
        pos = lt;
        continue;
      }
      const c1 = s.charCodeAt(pos + 1);
      if (Number.isNaN(c1)) return pos;
      if (c1 === 63 /* ? */) {
        const close = s.indexOf('?>', pos + 2);
        if (close < 0) return pos;
        pos = close + 2;
        continue;
      }
      if (c1 === 33 /* ! */) {
        if (s.startsWith('<!--', pos)) {
          const close = s.indexOf('-->', pos + 4);
          if (close < 0) return pos;
          pos = close + 3;
        } else if (s.startsWith('<![CDATA[', pos)) {
          const close = s.indexOf(']]>', pos + 9);
          if (close < 0) return pos;
          if (stack.length === 0) throw new XmlSyntaxError('CDATA outside the root element', consumed + pos);
          const text = s.slice(pos + 9, close);
          if (text !== '') handler.onText?.(text.indexOf('\r') >= 0 ? text.replace(/\r\n?/g, '\n') : text);
          pos = close + 3;
        } else if (pos + 9 > n) {
          return pos; // too short to tell which declaration this is
        } else {
          // <!DOCTYPE …> possibly with an internal subset […]: skipped, never interpreted.
          let i = pos + 2;
          let depth = 0;
          for (; i < n; i++) {
            const c = s.charCodeAt(i);
            if (c === 91 /* [ */) depth++;
            else if (c === 93 /* ] */) depth--;
            else if (c === 62 /* > */ && depth <= 0) break;
          }
          if (i >= n) return pos;
          pos = i + 1;
        }
        continue;
      }
      if (c1 === 47 /* / */) {
        const close = s.indexOf('>', pos + 2);
        if (close < 0) return pos;
        const name = s.slice(pos + 2, close).trim();
        const open = stack.pop();
        if (open !== name)
          throw new XmlSyntaxError(`</${name}> does not close <${open ?? ''}>`, consumed + pos);
        handler.onClose?.(name);
        pos = close + 1;
        continue;
      }
      // A start tag: find its '>' outside quoted attribute values.
      let i = pos + 1;
      let quote = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (quote !== 0) {
          if (c === quote) quote = 0;
        } else if (c === 34 || c === 39) quote = c;
        else if (c === 62) break;
      }
      if (i >= n) return pos;
      let nameEnd = pos + 1;
      while (nameEnd < i && !isNameEnd(s.charCodeAt(nameEnd))) nameEnd++;
      const name = s.slice(pos + 1, nameEnd);
      if (name === '') throw new XmlSyntaxError('a tag without a name', consumed + pos);
      if (stack.length === 0 && sawRoot) throw new XmlSyntaxError('a second root element', consumed + pos);
      const selfClosing = s.charCodeAt(i - 1) === 47;
      const attrSource = s.slice(nameEnd, selfClosing ? i - 1 : i);
      const attributes = attrSource.indexOf('=') >= 0 ? parseAttributes(attrSource) : EMPTY;
      sawRoot = true;
      handler.onOpen?.(name, attributes);
      if (selfClosing) handler.onClose?.(name);
      else stack.push(name);
      pos = i + 1;
    }
    return pos;
  }

  return {
    push(text: string): void {
      if (ended) throw new Error('push after end');
      buf = buf === '' ? text : buf + text;
      const pos = run(false);
      consumed += pos;
      buf = pos === 0 ? buf : buf.slice(pos);
    },
    end(): void {
      if (ended) return;
      ended = true;
      const pos = run(true);
      if (pos < buf.length) throw new XmlSyntaxError('the document ends inside a tag', consumed + pos);
      if (!sawRoot) throw new XmlSyntaxError('no root element', consumed);
      if (stack.length > 0)
        throw new XmlSyntaxError(`the document ends before </${stack[stack.length - 1] ?? ''}>`, consumed);
      buf = '';
    },
  };
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/** An element of a small document read whole. */
export interface XmlElement {
  /** Name as written, with any prefix. */
  readonly name: string;
  /** Name without the namespace prefix. */
  readonly localName: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own character data (not its children's), concatenated. */
  text: string;
}

/**
 * Reads a whole (small) document into a tree. Throws XmlSyntaxError when it is not well-formed.
 * @example parseXml('<a><b>x</b></a>').children[0]?.text // 'x'
 */
export function parseXml(text: string): XmlElement {
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  const tokenizer = createXmlTokenizer({
    onOpen(name, attributes) {
      const el: XmlElement = { name, localName: localNameOf(name), attributes, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else root = el;
      stack.push(el);
    },
    onText(text) {
      const el = stack[stack.length - 1];
      if (el) el.text += text;
    },
    onClose() {
      stack.pop();
    },
  });
  tokenizer.push(text);
  tokenizer.end();
  if (!root) throw new XmlSyntaxError('no root element', 0);
  return root;
}

/**
 * The first element (depth first, document order) with this local name, the element itself included.
 * @example findFirstElement(parseXml('<a><x:b/></a>'), 'b')?.name // 'x:b'
 */
export function findFirstElement(el: XmlElement, localName: string): XmlElement | undefined {
  if (el.localName === localName) return el;
  for (const child of el.children) {
    const found = findFirstElement(child, localName);
    if (found) return found;
  }
  return undefined;
}

/** Every element (document order) with this local name below and including `el`. */
export function findAllElements(el: XmlElement, localName: string, out: XmlElement[] = []): XmlElement[] {
  if (el.localName === localName) out.push(el);
  for (const child of el.children) findAllElements(child, localName, out);
  return out;
}

/** The text of an element and all its descendants, in document order. */
export function deepText(el: XmlElement): string {
  if (el.children.length === 0) return el.text;
  let text = el.text;
  for (const child of el.children) text += deepText(child);
  return text;
}

/** Encoding labels TextDecoder knows that XML declarations of Chinese systems use. */
const XML_ENCODING_LABELS: ReadonlyMap<string, string> = new Map([
  ['utf-8', 'utf-8'],
  ['utf8', 'utf-8'],
  ['gbk', 'gb18030'],
  ['gb2312', 'gb18030'],
  ['gb18030', 'gb18030'],
  ['cp936', 'gb18030'],
  ['utf-16', 'utf-16le'],
  ['utf-16le', 'utf-16le'],
  ['utf-16be', 'utf-16be'],
]);

/** The encoding an XML document's bytes are in: BOM, else the declaration, else UTF-8 (XML 1.0 §4.3.3). */
export function sniffXmlEncoding(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0x3c && bytes[1] === 0x00) return 'utf-16le';
  if (bytes[0] === 0x00 && bytes[1] === 0x3c) return 'utf-16be';
  // The declaration is ASCII in every ASCII-compatible encoding.
  let head = '';
  for (let i = 0; i < Math.min(bytes.length, 200); i++) head += String.fromCharCode(bytes[i] ?? 0);
  const m = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  return (m && XML_ENCODING_LABELS.get((m[1] ?? '').toLowerCase())) ?? 'utf-8';
}

/**
 * Decodes XML bytes to text by BOM or declared encoding (UTF-8, GBK/GB2312/GB18030, UTF-16);
 * UTF-8 bytes that are not valid UTF-8 are read as GB18030. The BOM, if any, is removed.
 * @example decodeXmlBytes(new TextEncoder().encode('<a/>')) // '<a/>'
 */
export function decodeXmlBytes(bytes: Uint8Array): string {
  const encoding = sniffXmlEncoding(bytes);
  if (encoding !== 'utf-8') return new TextDecoder(encoding).decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Undeclared and not UTF-8: what Chinese Windows tools write is GBK.
    return new TextDecoder('gb18030').decode(bytes);
  }
}
