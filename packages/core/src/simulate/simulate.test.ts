// The simulated files follow the export contract and the rare earth invoice rules, add up to the
// plan exactly, are deterministic, work for other years, and (dirty mode) carry exactly the bad and
// anomalous rows the truth lists. Round trips go through this package's own encoders only.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import {
  checkTaxId,
  createCatalogue,
  dayNumberOf,
  parseExactDecimal,
  parseUnit,
  reoPerKgForLine,
  vatRateOn,
} from '../domain/index.ts';
import {
  DIRTY_KINDS,
  VIOLATION_KINDS,
  chineseAmount,
  createInvoiceCsvEncoder,
  createInvoiceCsvStream,
  createInvoiceLineStream,
  createScenario,
  createXlsxWriter,
  encodeEInvoiceXml,
  encodeEnterprisesCsv,
  encodePricesCsv,
  encodeQuotasCsv,
  enterpriseTable,
  invoiceIdOf,
  invoiceLineValues,
  invoiceLineXlsxCells,
  invoiceXlsxHeader,
  priceTable,
  quotaTable,
  truthJson,
  validateSimulationOptions,
  DEFAULT_SIMULATION,
} from './index.ts';
import type { Scenario, SimulatedInvoiceLine, SimulationOptions } from './index.ts';

const catalogue = createCatalogue();

function linesOf(s: Scenario, max = Infinity): SimulatedInvoiceLine[] {
  const out: SimulatedInvoiceLine[] = [];
  const stream = createInvoiceLineStream(s);
  for (let c = stream.next(10_000); c && out.length < max; c = stream.next(10_000)) out.push(...c);
  return out.slice(0, Math.min(out.length, max));
}

/** A minimal RFC 4180 reader for the round trips (quotes, doubled quotes, CRLF). */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

const fen = (text: string): number => Math.round(Number(text) * 100);
const BASE: SimulationOptions = { seed: 1, year: 2013, enterprises: 200, lines: 50_000, dirty: false };

describe('invoice lines follow the export contract and the rare earth invoice rules', () => {
  const s = createScenario(BASE);
  const lines = linesOf(s);

  it('returns exactly `total` lines, in date order', () => {
    expect(lines).toHaveLength(createInvoiceLineStream(s).total);
    for (let i = 1; i < lines.length; i++)
      expect((lines[i]?.issueDate ?? '') >= (lines[i - 1]?.issueDate ?? '')).toBe(true);
    expect(lines[0]?.issueDate.startsWith('2013-')).toBe(true);
  });

  it('writes well-formed fields with exact arithmetic', () => {
    const bad: string[] = [];
    for (const l of lines) {
      const fields = invoiceLineValues(l);
      if (fields.length !== 25) bad.push('field count');
      if (!/^\d{10}$|^\d{12}$/.test(l.invoiceCode) || !/^\d{8}$/.test(l.invoiceNumber))
        bad.push(`number ${l.invoiceCode}`);
      if (l.eInvoiceNumber !== '') bad.push('e-invoice in 2013');
      if (!/^[1-7]$/.test(l.lineNo)) bad.push(`line no ${l.lineNo}`);
      if (!/^\d{19}$/.test(l.taxCode)) bad.push('tax code');
      if (l.specialBusiness !== '稀土') bad.push('special business');
      const match = catalogue.matchItemName(l.itemName);
      if (!match.productId || match.prefixMismatch || !/^\*[^*]+\*/.test(l.itemName))
        bad.push(`item ${l.itemName}`);
      if (l.unit !== '吨' && l.unit !== '公斤') bad.push(`unit ${l.unit}`);
      for (const id of [l.sellerTaxId, l.buyerTaxId]) {
        const c = checkTaxId(id);
        if (!c || c.checksumOk === false || c.orgCodeOk === false) bad.push(`tax id ${id}`);
      }
      const qty = Number(l.quantity);
      const price = Number(l.unitPrice);
      const amount = fen(l.amount);
      const tax = fen(l.taxAmount);
      if (Math.abs(qty * price - Number(l.amount)) > 0.01)
        bad.push(`amount ${l.quantity}×${l.unitPrice}≠${l.amount}`);
      if (fen(l.totalWithTax) !== amount + tax) bad.push('total');
      const rate = Number(l.taxRate.replace('%', '')) / 100;
      if (rate !== vatRateOn(l.issueDate)) bad.push(`rate ${l.taxRate}`);
      if (Math.abs(amount * rate - tax) > 6) bad.push(`tax ${l.amount} ${l.taxAmount}`);
      if (!['正常', '作废', '已红冲', '部分红冲'].includes(l.status)) bad.push(`status ${l.status}`);
      const red = l.isPositive === '否';
      if (red !== qty < 0 || red !== amount < 0 || red !== (l.originalInvoice !== '')) bad.push('red sign');
      if (l.invoiceKind !== '增值税专用发票') bad.push(`kind ${l.invoiceKind}`);
      if (price <= 0) bad.push('price');
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it('keeps invoices to ≤ 7 lines, one class of goods, one seller and buyer', () => {
    const byInvoice = new Map<string, SimulatedInvoiceLine[]>();
    for (const l of lines) {
      const list = byInvoice.get(invoiceIdOf(l)) ?? [];
      list.push(l);
      byInvoice.set(invoiceIdOf(l), list);
    }
    for (const [, list] of byInvoice) {
      expect(list.length).toBeLessThanOrEqual(7);
      expect(list.map((l) => l.lineNo)).toEqual(list.map((_, i) => String(i + 1)));
      const cats = new Set(
        list.map((l) => {
          const cat = catalogue.getProductOrThrow(
            catalogue.matchItemName(l.itemName).productId ?? '',
          ).category;
          return cat === 'alloy' ? 'metal' : cat;
        }),
      );
      expect(cats.size).toBe(1);
      expect(
        new Set(list.map((l) => `${l.sellerTaxId}>${l.buyerTaxId}|${l.issueDate}|${l.status}`)).size,
      ).toBe(1);
    }
  });

  it('numbers each seller’s invoices upwards within its code', () => {
    const last = new Map<string, { number: number; date: string }>();
    for (const l of lines) {
      if (l.lineNo !== '1') continue;
      const key = `${l.sellerTaxId}|${l.invoiceCode}`;
      const n = Number(l.invoiceNumber);
      const prev = last.get(key);
      if (prev) expect(n).toBeGreaterThan(prev.number);
      last.set(key, { number: n, date: l.issueDate });
    }
    // Sellers sharing a code never share a number.
    expect(new Set(lines.map((l) => invoiceIdOf(l))).size).toBe(
      new Set(lines.map((l) => `${l.sellerTaxId}|${invoiceIdOf(l)}`)).size,
    );
  });

  it('reverses only earlier blue invoices, never more than they carried, and voids some', () => {
    const blue = new Map<string, SimulatedInvoiceLine[]>();
    const reversed = new Map<string, number>();
    let voided = 0;
    let reds = 0;
    for (const l of lines) {
      if (l.status === '作废') voided++;
      if (l.isPositive === '是') {
        const list = blue.get(invoiceIdOf(l)) ?? [];
        list.push(l);
        blue.set(invoiceIdOf(l), list);
        continue;
      }
      reds++;
      const [code, number] = l.originalInvoice.split(' ');
      const original = blue.get(`${code}-${number}`);
      expect(original, l.originalInvoice).toBeDefined();
      const o = original?.[0];
      expect(o?.sellerTaxId).toBe(l.sellerTaxId);
      expect(['已红冲', '部分红冲']).toContain(o?.status);
      expect((o?.issueDate ?? '') <= l.issueDate).toBe(true);
      const key = `${l.originalInvoice}|${l.itemName}`;
      reversed.set(key, (reversed.get(key) ?? 0) - Number(l.quantity));
      const carried = (original ?? [])
        .filter((x) => x.itemName === l.itemName)
        .reduce((a, x) => a + Number(x.quantity), 0);
      expect(reversed.get(key) ?? 0).toBeLessThanOrEqual(carried + 1e-9);
    }
    expect(voided).toBeGreaterThan(0);
    expect(reds).toBeGreaterThan(0);
  });

  it('adds up to the planned quantities exactly (net of red letters, without voided copies)', () => {
    const planned = new Map<string, number>();
    for (const st of s.streams)
      for (const it of st.items) {
        const key = `${s.enterprises[st.seller]?.taxId}>${s.enterprises[st.buyer]?.taxId}|${it.productId}|${it.spec}`;
        planned.set(key, (planned.get(key) ?? 0) + (it.unit === 't' ? it.units : it.units / 100));
      }
    const actual = new Map<string, number>();
    for (const l of lines) {
      if (l.status === '作废') continue;
      const id = catalogue.matchItemName(l.itemName).productId ?? '';
      const key = `${l.sellerTaxId}>${l.buyerTaxId}|${id}|${l.specification}`;
      actual.set(key, (actual.get(key) ?? 0) + Number(l.quantity) * (parseUnit(l.unit)?.kgPerUnit ?? 0));
    }
    expect(actual.size).toBe(planned.size);
    for (const [key, kg] of planned) expect(actual.get(key) ?? 0, key).toBeCloseTo(kg, 6);
  });

  it('prices legal lines within a few per cent of the day’s reference quote', () => {
    let within = 0;
    let priced = 0;
    const legal = new Set(s.enterprises.filter((e) => e.part === 'legal').map((e) => e.taxId));
    for (const l of lines) {
      if (l.status !== '正常' || !legal.has(l.sellerTaxId)) continue;
      const p = catalogue.getProductOrThrow(catalogue.matchItemName(l.itemName).productId ?? '');
      if (p.category === 'fee') continue;
      const day = (dayNumberOf(l.issueDate) ?? 0) - s.calendar.firstDay;
      const series = s.prices.byProduct.get(p.id);
      if (!series) continue;
      const qi = s.prices.latest[day + 17] ?? -1;
      const quote = series.values[qi] ?? 0;
      let ref = series.unit === 'CNY/t' ? quote / 1000 : quote;
      if (series.vatIncluded) ref /= 1 + vatRateOn(s.prices.quoteDates[qi] ?? '');
      const perKg = Number(l.unitPrice) / (parseUnit(l.unit)?.kgPerUnit ?? 1);
      const content = ['compound-re-carbonate', 'compound-re-chloride', 'recycled-ndfeb-scrap'].includes(p.id)
        ? reoPerKgForLine(p, l.specification) / p.reoPerKg
        : 1;
      priced++;
      if (Math.abs(perKg / (ref * content) - 1) < 0.06) within++;
    }
    expect(priced).toBeGreaterThan(10_000);
    expect(within / priced).toBeGreaterThan(0.995);
  });
});

describe('determinism', () => {
  const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
  const digest = (opts: SimulationOptions): string[] => {
    const s = createScenario(opts);
    const enc = createInvoiceCsvEncoder('gbk');
    const h = createHash('sha256');
    h.update(enc.header());
    const stream = createInvoiceLineStream(s);
    let n = 0;
    for (let c = stream.next(5000); c && n < 20_000; c = stream.next(5000)) {
      h.update(enc.encode(c));
      n += c.length;
    }
    return [
      sha(encodeEnterprisesCsv(s, 'gbk')),
      sha(encodeQuotasCsv(s, 'utf8')),
      sha(encodePricesCsv(s, 'gbk')),
      sha(truthJson(s)),
      h.digest('hex'),
    ];
  };

  it('gives byte-identical files for the same seed, different ones for another seed', () => {
    const opts: SimulationOptions = { ...BASE, dirty: true };
    const a = digest(opts);
    expect(digest(opts)).toEqual(a);
    const b = digest({ ...opts, seed: 2 });
    for (let i = 0; i < a.length; i++) expect(b[i]).not.toBe(a[i]);
  });
});

describe('other years', () => {
  it('switches VAT 17% → 16% on 2018-05-01', () => {
    const s = createScenario({ ...BASE, year: 2018, lines: 20_000 });
    const lines = linesOf(s);
    const rates = new Set(
      lines.map((l) => `${l.issueDate < '2018-05-01' ? 'before' : 'after'}:${l.taxRate}`),
    );
    expect([...rates].sort()).toEqual(['after:16%', 'before:17%']);
    expect(lines.every((l) => l.eInvoiceNumber === '')).toBe(true);
  });

  it('switches 16% → 13% on 2019-04-01', () => {
    const lines = linesOf(createScenario({ ...BASE, year: 2019, lines: 20_000 }));
    const rates = new Set(
      lines.map((l) => `${l.issueDate < '2019-04-01' ? 'before' : 'after'}:${l.taxRate}`),
    );
    expect([...rates].sort()).toEqual(['after:13%', 'before:16%']);
  });

  it('issues fully digital e-invoices with 20-digit numbers from the 2021 pilot on', () => {
    const s = createScenario({ ...BASE, year: 2023, lines: 30_000 });
    const lines = linesOf(s);
    const digital = lines.filter((l) => l.eInvoiceNumber !== '');
    expect(digital.length / lines.length).toBeGreaterThan(0.4);
    for (const l of digital) {
      expect(l.eInvoiceNumber).toMatch(/^23\d{18}$/);
      expect(l.invoiceCode + l.invoiceNumber).toBe('');
      expect(l.invoiceKind).toBe('数电票(增值税专用发票)');
      expect(l.status).not.toBe('作废'); // fully digital e-invoices cannot be voided
      const seller = s.enterprises.find((e) => e.taxId === l.sellerTaxId);
      expect(l.eInvoiceNumber.slice(2, 4)).toBe(seller?.province.slice(0, 2));
      expect(l.taxRate).toBe('13%');
    }
    const legacy = lines.filter((l) => l.eInvoiceNumber === '');
    expect(legacy.some((l) => l.invoiceCode.length === 12 && l.invoiceKind === '增值税电子专用发票')).toBe(
      true,
    );
    for (const red of digital.filter((l) => l.isPositive === '否'))
      expect(red.originalInvoice).toMatch(/^23\d{18}$/);

    const y2021 = linesOf(createScenario({ ...BASE, year: 2021, lines: 20_000 }));
    const d2021 = y2021.filter((l) => l.eInvoiceNumber !== '');
    expect(d2021.length).toBeGreaterThan(0);
    expect(d2021.every((l) => l.issueDate >= '2021-12-01')).toBe(true);
  });
});

describe('dirty mode', () => {
  const s = createScenario({ ...BASE, dirty: true });
  const lines = linesOf(s);
  const truth = JSON.parse(truthJson(s)) as {
    dirtyRows: { file: string; row: number; kind: string }[];
    lines: number;
  };
  const invoiceDirt = truth.dirtyRows.filter((d) => d.file === 'invoices.csv');
  const byRow = new Map(invoiceDirt.map((d) => [d.row, d.kind]));

  it('lists ~0.5% dirty rows of every kind', () => {
    expect(truth.lines).toBe(lines.length);
    expect(invoiceDirt.length / lines.length).toBeGreaterThan(0.003);
    expect(invoiceDirt.length / lines.length).toBeLessThan(0.008);
    expect(new Set(invoiceDirt.map((d) => d.kind))).toEqual(new Set(DIRTY_KINDS));
    expect(truth.dirtyRows.some((d) => d.file === 'prices.csv')).toBe(true);
  });

  it('has each listed problem exactly at its row, and none elsewhere', () => {
    const problemsOf = (l: SimulatedInvoiceLine, previous: SimulatedInvoiceLine | undefined): string[] => {
      const p: string[] = [];
      const required = [
        l.issueDate,
        l.sellerTaxId,
        l.sellerName,
        l.buyerTaxId,
        l.buyerName,
        l.itemName,
        l.unit,
        l.quantity,
        l.unitPrice,
        l.amount,
        l.taxRate,
        l.taxAmount,
      ];
      if (required.some((v) => v === '')) p.push('missing_value');
      else {
        if (!parseExactDecimal(l.quantity)) p.push('bad_number');
        if (dayNumberOf(l.issueDate) === undefined) p.push('bad_date');
        if (!parseUnit(l.unit)) p.push('unknown_unit');
        if (!checkTaxId(l.buyerTaxId)) p.push('bad_tax_id');
      }
      if (p.length > 0) return p;
      const qty = parseExactDecimal(l.quantity)?.value ?? 0;
      const amount = parseExactDecimal(l.amount)?.value ?? 0;
      if (Math.abs(qty * Number(l.unitPrice) - amount) > 0.01) p.push('amount_mismatch');
      if (Number(l.taxRate.replace('%', '')) / 100 !== vatRateOn(l.issueDate))
        p.push('vat_rate_not_in_force');
      const buyer = checkTaxId(l.buyerTaxId);
      if (buyer && (buyer.checksumOk === false || buyer.orgCodeOk === false)) p.push('tax_id_checksum');
      if (!catalogue.matchItemName(l.itemName).productId) p.push('unknown_item');
      if (/[０-９]/.test(l.quantity + l.amount)) p.push('full_width_digits');
      if (/E\+/.test(l.eInvoiceNumber + l.taxCode)) p.push('scientific_notation');
      if (l.invoiceNumber !== '' && l.invoiceNumber.length < 8) p.push('leading_zeros_lost');
      if (previous && invoiceLineValues(previous).join('|') === invoiceLineValues(l).join('|'))
        p.push('duplicate_line');
      return p;
    };
    const mismatches: string[] = [];
    lines.forEach((l, i) => {
      const row = i + 2;
      const expected = byRow.get(row);
      const found = problemsOf(l, lines[i - 1]);
      // amount_mismatch also breaks the tax check; full-width amounts are read fine.
      const main = found.filter((f) => !(expected === 'full_width_digits' && f === 'amount_mismatch'));
      if (expected === undefined ? main.length > 0 : !main.includes(expected))
        mismatches.push(`${row}: ${expected} vs ${main.join(',')}`);
    });
    expect(mismatches.slice(0, 10)).toEqual([]);
  });

  it('inserts bad price rows only where listed', () => {
    const t = priceTable(s);
    const listed = new Set(truth.dirtyRows.filter((d) => d.file === 'prices.csv').map((d) => d.row));
    t.rows.forEach((r, i) => {
      const bad = dayNumberOf(r[0] ?? '') === undefined || !/^\d+(\.\d+)?(-\d+(\.\d+)?)?$/.test(r[2] ?? '');
      expect(bad, `row ${i + 2}`).toBe(listed.has(i + 2));
    });
  });
});

describe('encoders', () => {
  const s = createScenario({ ...BASE, lines: 10_000 });
  const lines = linesOf(s);

  it('round-trips the registry, quotas and prices through GBK and UTF-8 CSV', () => {
    const gbk = new TextDecoder('gbk');
    for (const [bytes, table] of [
      [encodeEnterprisesCsv(s, 'gbk'), enterpriseTable(s)],
      [encodeQuotasCsv(s, 'gbk'), quotaTable(s)],
      [encodePricesCsv(s, 'gbk'), priceTable(s)],
    ] as const) {
      expect(readCsv(gbk.decode(bytes))).toEqual([table.header, ...table.rows]);
    }
    const utf8 = encodeEnterprisesCsv(s, 'utf8', 'en');
    expect([...utf8.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(readCsv(new TextDecoder().decode(utf8))[0]?.[0]).toBe('tax_id');
    expect(enterpriseTable(s).header).toEqual([
      '纳税人识别号',
      '企业名称',
      '企业类型',
      '行政区划代码',
      '所属集团',
      '采矿许可证号',
      '成立日期',
      '注销日期',
      '期初库存(吨REO)',
    ]);
  });

  it('round-trips invoice lines through the streaming CSV encoder', () => {
    for (const encoding of ['gbk', 'utf8'] as const) {
      const enc = createInvoiceCsvEncoder(encoding);
      const parts = [enc.header(), enc.encode(lines.slice(0, 3000)), enc.encode(lines.slice(3000, 6000))];
      const bytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
      let o = 0;
      for (const p of parts) {
        bytes.set(p, o);
        o += p.length;
      }
      const text = new TextDecoder(encoding === 'gbk' ? 'gbk' : 'utf-8').decode(bytes);
      const rows = readCsv(text);
      expect(rows[0]?.[0]).toBe('发票代码');
      expect(rows.slice(1)).toEqual(lines.slice(0, 6000).map(invoiceLineValues));
    }
    // A field holding a comma or a quote is quoted (the slow path).
    const odd = { ...lines[0], remark: '含运费, 合同"BT-88"' } as SimulatedInvoiceLine;
    const text = new TextDecoder().decode(createInvoiceCsvEncoder('utf8').encode([odd]));
    expect(readCsv(text)[0]).toEqual(invoiceLineValues(odd));
  });

  it('writes the same CSV bytes straight from the generator as through line objects', () => {
    const concat = (parts: Uint8Array[]): Uint8Array => {
      const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
      let o = 0;
      for (const p of parts) {
        out.set(p, o);
        o += p.length;
      }
      return out;
    };
    for (const dirty of [false, true])
      for (const encoding of ['gbk', 'utf8'] as const) {
        const sc = createScenario({ ...BASE, lines: 8_000, dirty, seed: 9 });
        const viaObjects: Uint8Array[] = [];
        const enc = createInvoiceCsvEncoder(encoding, 'en');
        viaObjects.push(enc.header());
        const stream = createInvoiceLineStream(sc);
        for (let c = stream.next(3000); c; c = stream.next(3000)) viaObjects.push(enc.encode(c));
        const direct = createInvoiceCsvStream(sc, encoding, 'en');
        const parts = [direct.header()];
        for (let b = direct.next(3000); b; b = direct.next(3000)) parts.push(b);
        expect(direct.total).toBe(stream.total);
        expect(Buffer.compare(concat(parts), concat(viaObjects))).toBe(0);
      }
  });

  it('writes a streaming XLSX with real dates, numbers and text codes', () => {
    const chunks: Uint8Array[] = [];
    const w = createXlsxWriter({ onChunk: (c) => chunks.push(c), sheetName: '发票明细' });
    w.addRow(invoiceXlsxHeader());
    for (const l of lines.slice(0, 500)) w.addRow(invoiceLineXlsxCells(l));
    w.finish();
    const zip = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
    let o = 0;
    for (const c of chunks) {
      zip.set(c, o);
      o += c.length;
    }
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    const sheet = new TextDecoder().decode(files['xl/worksheets/sheet1.xml']);
    const cells = new Map<string, string>();
    let ref = '';
    let text = '';
    let row = 0;
    let col = -1;
    const letters = (i: number): string =>
      i < 26 ? String.fromCharCode(65 + i) : `A${String.fromCharCode(39 + i)}`;
    const parser = new SaxesParser();
    parser.on('opentag', (t) => {
      if (t.name === 'row') {
        row = Number(t.attributes.r);
        col = -1;
      }
      if (t.name === 'c') {
        // Cells without a reference follow the previous one (ECMA-376 §18.3.1.4).
        const r = t.attributes.r === undefined ? undefined : String(t.attributes.r);
        col = r === undefined ? col + 1 : r.charCodeAt(0) - 65;
        ref = `${r ?? `${letters(col)}${row}`}${t.attributes.s === '1' ? ':date' : ''}`;
      }
      text = '';
    });
    parser.on('text', (t) => {
      text += t;
    });
    parser.on('closetag', (t) => {
      if (t.name === 'v' || t.name === 't') cells.set(ref, text);
    });
    parser.write(sheet).close();
    const first = lines[0];
    expect(cells.get('A1')).toBe('发票代码');
    expect(cells.get('A2')).toBe(first?.invoiceCode);
    expect(cells.get('B2')).toBe(first?.invoiceNumber); // leading zeros kept as text
    const serial = Number(cells.get('E2:date'));
    expect(serial).toBe((dayNumberOf(first?.issueDate ?? '') ?? 0) + 25569);
    expect(Number(cells.get('Q2'))).toBe(Number(first?.amount));
    expect(w.rowCount).toBe(501);
  });

  it('writes fully digital e-invoices as XML whose totals add up', () => {
    const sd = createScenario({ ...BASE, year: 2024, lines: 10_000 });
    const all = linesOf(sd).filter((l) => l.eInvoiceNumber !== '' && l.status !== '作废');
    const byNumber = new Map<string, SimulatedInvoiceLine[]>();
    for (const l of all) byNumber.set(l.eInvoiceNumber, [...(byNumber.get(l.eInvoiceNumber) ?? []), l]);
    let checked = 0;
    let reds = 0;
    for (const [number, inv] of byNumber) {
      const xml = new TextDecoder().decode(encodeEInvoiceXml(inv));
      const values = new Map<string, string[]>();
      let text = '';
      const parser = new SaxesParser();
      parser.on('opentag', () => {
        text = '';
      });
      parser.on('text', (t) => {
        text += t;
      });
      parser.on('closetag', (t) => values.set(t.name, [...(values.get(t.name) ?? []), text]));
      parser.write(xml).close();
      expect(values.get('EIid')).toEqual([number]);
      expect(values.get('InvoiceNumber')).toEqual([number]);
      expect(values.get('ItemName')).toHaveLength(inv.length);
      const amount = inv.reduce((a, l) => a + fen(l.amount), 0);
      const tax = inv.reduce((a, l) => a + fen(l.taxAmount), 0);
      expect(fen(values.get('TotalAmWithoutTax')?.[0] ?? '')).toBe(amount);
      expect(fen(values.get('TotalTax-includedAmount')?.[0] ?? '')).toBe(amount + tax);
      expect(values.get('SpecificBusinessCode')).toEqual(['02']);
      if (inv[0]?.isPositive === '否') {
        reds++;
        expect(values.get('OriginalInvoiceNumber')).toEqual([inv[0]?.originalInvoice]);
      }
      if (++checked > 300 && reds > 0) break;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('writes amounts in Chinese capitals as invoices print them', () => {
    expect(chineseAmount(52153846)).toBe('伍拾贰万壹仟伍佰叁拾捌圆肆角陆分');
    expect(chineseAmount(100)).toBe('壹圆整');
    expect(chineseAmount(10010000)).toBe('壹拾万零壹佰圆整');
    expect(chineseAmount(1000000100)).toBe('壹仟万零壹圆整');
    expect(chineseAmount(1005)).toBe('壹拾圆零伍分');
    expect(chineseAmount(-29500000)).toBe('负数贰拾玖万伍仟圆整');
  });
});

describe('truth and options', () => {
  it('lists every violator kind with its expected list and signals, and the totals', () => {
    const s = createScenario(BASE);
    const truth = JSON.parse(truthJson(s)) as {
      schema: string;
      violators: { kinds: string[]; expectedList: string; signals: string[] }[];
      exposed: { expectedList: string; illegalShareApprox: number }[];
      cycles: { members: string[] }[];
      totals: { legalMinedT: number; illegalSupplyT: number };
    };
    expect(truth.schema).toBe('oresight.simulation.truth/1');
    expect(new Set(truth.violators.flatMap((v) => v.kinds))).toEqual(new Set(VIOLATION_KINDS));
    for (const v of truth.violators) {
      expect(['black', 'grey']).toContain(v.expectedList);
      expect(v.signals.length).toBeGreaterThan(0);
    }
    expect(
      truth.violators
        .filter((v) => v.kinds.includes('pass_through_shell'))
        .every((v) => v.expectedList === 'grey'),
    ).toBe(true);
    expect(truth.exposed.every((x) => (x.expectedList === 'grey') === x.illegalShareApprox >= 0.2)).toBe(
      true,
    );
    expect(truth.cycles.every((c) => c.members.length >= 2 && c.members.length <= 4)).toBe(true);
    expect(truth.totals.illegalSupplyT / truth.totals.legalMinedT).toBeGreaterThan(0.4);
    expect(truthJson(s)).toBe(truthJson(s));
  });

  it('reports invalid options as values and refuses them', () => {
    expect(validateSimulationOptions(DEFAULT_SIMULATION)).toEqual([]);
    expect(validateSimulationOptions({ ...DEFAULT_SIMULATION, year: 1990 }).map((p) => p.field)).toEqual([
      'year',
    ]);
    expect(
      validateSimulationOptions({ ...DEFAULT_SIMULATION, enterprises: 10, illegalRatio: 3 }).map(
        (p) => p.field,
      ),
    ).toEqual(['enterprises', 'illegalRatio']);
    expect(() => createScenario({ ...DEFAULT_SIMULATION, lines: 5 })).toThrow(/lines/);
  });
});
