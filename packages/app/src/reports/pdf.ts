// HTML → PDF through headless Chromium (issue 7), driven by playwright-core with the system's
// Chromium (Debian's `chromium` package, installed by scripts/install-system-deps.sh together
// with fonts-noto-cjk): never a browser download. Chinese text comes out as real text (it can be
// searched and extracted), set in Noto Sans CJK SC.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Failure } from '../shared/app-error.ts';
import { AppError } from '../shared/app-error.ts';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

/**
 * The Chromium executable: ORESIGHT_CHROMIUM when set, else the first of chromium,
 * chromium-browser, google-chrome on PATH (what `command -v chromium` finds).
 * @example findChromium() // '/usr/bin/chromium'
 */
export function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const explicit = env.ORESIGHT_CHROMIUM?.trim();
  if (explicit) return explicit;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of CANDIDATES) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

export const NO_CHROMIUM: Failure = {
  code: 'unavailable',
  zh: '未找到 Chromium，无法生成 PDF：请运行 scripts/install-system-deps.sh（或设置 ORESIGHT_CHROMIUM）',
  en: 'Chromium was not found, so no PDF can be made: run scripts/install-system-deps.sh (or set ORESIGHT_CHROMIUM)',
};

/** The flags the project runs Chromium with (no sandbox: it runs as an unprivileged service user in containers). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

/**
 * Renders a self-contained HTML document as an A4 PDF with page numbers.
 * Throws AppError(unavailable) when no Chromium is installed.
 * @example writeFileSync('dossier.pdf', await renderPdf(html));
 */
export async function renderPdf(
  html: string,
  options: { executablePath?: string } = {},
): Promise<Uint8Array> {
  const executablePath = options.executablePath ?? findChromium();
  if (!executablePath) throw new AppError(NO_CHROMIUM);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const pageHandle = await context.newPage();
    await pageHandle.setContent(html, { waitUntil: 'load' });
    const pdf = await pageHandle.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="width:100%;font-size:7pt;color:#777;text-align:center;font-family:sans-serif"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
}
