// `oresight override|publish|export|report` as a person runs them, on SQLite and PostgreSQL:
// four eyes through the CLI, the lists exported with overrides applied (XLSX and CSV), and the
// dossier and campaign report as PDFs whose Chinese text pdftotext (poppler-utils) reads back.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportKind } from '@oresight/app';
import { createUser, importFile, runInspection } from '@oresight/app';
import { openXlsx } from '@oresight/core/formats';
import type { TestStore } from '@oresight/store/testing';
import { createTestStore, storeKinds } from '@oresight/store/testing';
import { cliFor } from './run-cli.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures');

const TIANJIAO = '91150200761066880T';
const KENINGDA = '91330200144077533C';
const SALES = [
  'invoice_code,invoice_number,line_no,issue_date,seller_tax_id,seller_name,buyer_tax_id,buyer_name,item_name,specification,unit,quantity,unit_price,amount,tax_rate,tax_amount',
  ...[0, 1, 2, 3, 4].map(
    (i) =>
      `1500131150,0088000${i},1,2013-10-1${i},${TIANJIAO},包头市天骄稀土金属有限公司,${KENINGDA},宁波市科宁达磁业有限公司,*稀土冶炼分离产品*氧化镨钕,TREO≥99%,吨,40,300000.00,12000000.00,0.17,2040000.00`,
  ),
].join('\n');
const QUOTE = 'date,product,price,unit,vat_included,source\n2013-10-01,氧化镨钕,351000,元/吨,是,test\n';

/** Text of a PDF as pdftotext extracts it, with all whitespace removed (lines may wrap anywhere). */
async function pdfText(path: string): Promise<string> {
  const { stdout } = await promisify(execFile)('pdftotext', ['-enc', 'UTF-8', path, '-']);
  return stdout.replace(/\s+/g, '');
}

describe.each(storeKinds())(
  'oresight governance, exports and reports on %s',
  { timeout: 300_000 },
  (kind) => {
    let t: TestStore;
    let dir: string;
    let runId: number;
    const cli = cliFor(() => t.env, { ORESIGHT_USER: '' });

    beforeAll(async () => {
      t = await createTestStore(kind);
      dir = mkdtempSync(join(tmpdir(), 'oresight-report-cli-'));
      writeFileSync(join(dir, 'sales.csv'), `${SALES}\n`);
      writeFileSync(join(dir, 'quote.csv'), QUOTE);
      const files: [string, ImportKind][] = [
        [join(FIXTURES, 'registry/enterprises.gbk.csv'), 'enterprises'],
        [join(FIXTURES, 'invoices/tax-bureau-export.gbk.csv'), 'invoices'],
        [join(dir, 'sales.csv'), 'invoices'],
        [join(FIXTURES, 'registry/prices.csv'), 'prices'],
        [join(dir, 'quote.csv'), 'prices'],
        [join(FIXTURES, 'registry/quotas.csv'), 'quotas'],
      ];
      for (const [path, k] of files)
        expect((await importFile(t.store, path, { kind: k })).status).toBe('committed');
      for (const [name, role, regions] of [
        ['analyst', 'analyst', []],
        ['baotou', 'inspector', ['150200']],
      ] as const) {
        const r = await createUser(
          t.store,
          { username: name, role, regions: [...regions], password: 'report-Cli-8-paper' },
          'test',
        );
        if (!r.ok) throw new Error(r.error.en);
      }
      runId = (await runInspection(t.store, { period: { from: '2013-01-01', to: '2013-12-31' } })).runId;
    });
    afterAll(async () => {
      await t?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('enforces four eyes from the command line too', async () => {
      const req = await cli([
        'override',
        'request',
        TIANJIAO,
        '--run',
        String(runId),
        '--list',
        'grey',
        '--reason',
        '现场核实库存来源合法',
        '--as',
        'baotou',
      ]);
      expect(req.code, req.stderr).toBe(0);
      expect(req.stdout).toContain(
        'override 1: 包头市天骄稀土金属有限公司 black → grey — pending (needs approval by another user)',
      );
      const own = await cli(['override', 'approve', '1', '--as', 'baotou']);
      expect(own.code).toBe(2);
      expect(own.stderr).toContain('Only administrators and analysts can do this');
      const anonymous = await cli(['override', 'approve', '1']);
      expect(anonymous.code).toBe(2);
      expect(anonymous.stderr).toContain('give --as <username>');
      const ok = await cli(['override', 'approve', '1', '--as', 'analyst', '--note', '同意']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain('override 1 approved by analyst: 包头市天骄稀土金属有限公司 now grey');
      const campaign = await cli([
        'campaign',
        'create',
        '--name',
        '打击稀土违法违规行为专项行动',
        '--from',
        '2013-08-15',
        '--to',
        '2013-11-15',
        '--region',
        '150000',
        '--as',
        'analyst',
      ]);
      expect(campaign.stdout).toContain('campaign 1: 打击稀土违法违规行为专项行动');
      const tasks = await cli([
        'task',
        'generate',
        '1',
        '--run',
        String(runId),
        '--as-of',
        '2013-08-15',
        '--as',
        'analyst',
      ]);
      expect(tasks.code, tasks.stderr).toBe(0);
      expect(tasks.stdout).toMatch(
        /91150200761066880T\s+包头市天骄稀土金属有限公司\s+grey\s+document_request\s+2013-08-30\s+baotou/,
      );
    });

    it('exports the lists with the overrides applied, as XLSX and CSV', async () => {
      const xlsx = join(dir, 'lists.xlsx');
      const csv = join(dir, 'lists.csv');
      const r = await cli(['export', 'list', '--run', String(runId), '--xlsx', xlsx, '--csv', csv]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`wrote ${xlsx} (10 rows)`);
      const text = readFileSync(csv, 'utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const row = text.split('\r\n').find((l) => l.startsWith(TIANJIAO));
      expect(row).toMatch(
        /^91150200761066880T,包头市天骄稀土金属有限公司,150200,内蒙古自治区 包头市,金属冶炼,.*,黑名单,灰名单,是,现场核实库存来源合法,,98\.3,/,
      );
      const book = openXlsx(new Uint8Array(readFileSync(xlsx)));
      const rows: string[][] = [];
      book.readRows(book.sheetNames[0] ?? '', (_n, cells) =>
        rows.push(Array.from(cells, (c) => c?.text ?? '')),
      );
      expect(rows[0]?.[7]).toBe('最终名单');
      expect(rows.find((x) => x[0] === TIANJIAO)?.slice(6, 9)).toEqual(['黑名单', '灰名单', '是']);
      const missing = await cli(['export', 'list', '--run', '99', '--csv', csv]);
      expect(missing.code).toBe(2);
    });

    it('renders the dossier as a PDF whose Chinese text reads back', async () => {
      const pdf = join(dir, 'dossier.pdf');
      const html = join(dir, 'dossier.html');
      const r = await cli(['report', 'dossier', TIANJIAO, '--pdf', pdf, '--html', html, '--lang', 'zh']);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = await pdfText(pdf);
      for (const s of [
        '企业档案',
        '包头市天骄稀土金属有限公司',
        '91150200761066880T',
        '基本信息',
        '检查结论',
        '指标与阈值',
        '触发规则与证据',
        '名单调整',
        '现场核实库存来源合法',
        '*氧化镨钕',
        '¥12,000,000.00',
        '无法解释的产出99,072kgREO',
      ])
        expect(text, s).toContain(s);
      expect(readFileSync(html, 'utf8')).toContain('<html lang="zh-CN">');
      const hidden = await cli(['report', 'dossier', '9136070078142266X5', '--pdf', pdf, '--as', 'baotou']);
      expect(hidden.code).toBe(2);
      expect(hidden.stderr).toContain('Enterprise 9136070078142266X5 not found');
    });

    it('renders the campaign report as a bilingual PDF, and audits every report and export', async () => {
      const pdf = join(dir, 'campaign.pdf');
      const r = await cli(['report', 'campaign', '1', '--pdf', pdf]);
      expect(r.code, r.stderr).toBe(0);
      const text = await pdfText(pdf);
      for (const s of [
        '专项行动报告',
        'Campaignreport',
        '打击稀土违法违规行为专项行动',
        '企业登记进度',
        '内蒙古自治区',
        '检查任务',
        '查处结果',
      ])
        expect(text, s).toContain(s);
      const audit = await cli(['audit', 'list', '--action', 're', '--json']);
      const page = JSON.parse(audit.stdout) as { items: { action: string }[] };
      expect(page.items.map((e) => e.action)).toEqual(['report.campaign', 'report.dossier']);
      const exports = JSON.parse((await cli(['audit', 'list', '--action', 'export', '--json'])).stdout) as {
        items: { action: string; details: { format: string } }[];
      };
      expect(exports.items.map((e) => `${e.action} ${e.details.format}`)).toEqual([
        'export.list csv',
        'export.list xlsx',
      ]);
      expect((await cli(['audit', 'verify'])).code).toBe(0);
    });
  },
);
