// Which reader a file needs: by its first bytes, then by its name.
import { looksLikeZip } from '../formats/zip-read.ts';

export type FileFormat = 'csv' | 'xlsx' | 'xml' | 'zip' | 'unknown';

function contains(head: Uint8Array, ascii: string): boolean {
  const first = ascii.charCodeAt(0);
  outer: for (
    let i = head.indexOf(first);
    i >= 0 && i + ascii.length <= head.length;
    i = head.indexOf(first, i + 1)
  ) {
    for (let k = 1; k < ascii.length; k++) if (head[i + k] !== ascii.charCodeAt(k)) continue outer;
    return true;
  }
  return false;
}

function extensionOf(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/**
 * The format of a file from its first bytes (a few KiB, or all of it) and its name. Magic bytes
 * first: `PK` is a zip, an XLSX when it holds `xl/workbook.xml` (an XLSX names its parts near the
 * start; when the head shows no part names, the extension decides); `<?xml` or `<` is XML (after a
 * BOM). Otherwise the extension: .csv/.txt/.tsv, .xlsx/.xlsm, .xml, .zip. Old binary .xls and
 * anything else is `unknown`.
 * @example detectFileFormat('发票.xlsx', bytes.subarray(0, 4096)) // 'xlsx'
 */
export function detectFileFormat(fileName: string, head: Uint8Array): FileFormat {
  const ext = extensionOf(fileName);
  if (looksLikeZip(head)) {
    if (contains(head, 'xl/workbook.xml') || contains(head, 'xl/worksheets/')) return 'xlsx';
    // A head that shows a whole archive (its end record) without xl/ parts is a plain zip.
    const wholeArchive = contains(head, 'PK\u0005\u0006');
    if (!wholeArchive && (ext === 'xlsx' || ext === 'xlsm')) return 'xlsx';
    return 'zip';
  }
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'unknown'; // legacy .xls
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d))
    i++;
  if (
    head[i] === 0x3c /* < */ &&
    (ext === 'xml' ||
      ext === '' ||
      contains(head.subarray(i, i + 5), '<?xml') ||
      /^[A-Za-z?!]$/.test(String.fromCharCode(head[i + 1] ?? 0)))
  )
    return 'xml';
  if (head[0] === 0xff && head[1] === 0xfe && head[2] === 0x3c) return 'xml';
  switch (ext) {
    case 'csv':
    case 'txt':
    case 'tsv':
      return 'csv';
    case 'xlsx':
    case 'xlsm':
      return 'xlsx';
    case 'xml':
      return 'xml';
    case 'zip':
      return 'zip';
    default:
      return 'unknown';
  }
}
