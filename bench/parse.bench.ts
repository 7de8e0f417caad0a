// Invoice CSV parsing throughput: `npx tsx bench/parse.bench.ts [lines] [chunkKiB] [rounds]`
// (or `node --expose-gc --import tsx bench/parse.bench.ts …` for a GC-clean RSS baseline).
// Generates an N-line tax-bureau invoice export in memory (GBK, and the same text in UTF-8),
// then parses each with the streaming CSV parser with all validation, in 1 MiB chunks, keeping
// no records (as the import does after writing a batch). Reports lines/s and peak RSS per run,
// then, per encoding, the median and spread over the rounds of the wall-clock rate and of the
// rate by the process's CPU time (steadier when other work shares the machine; it counts the
// GC's helper threads too).
import { createCatalogue, makeUscc } from '@oresight/core/domain';
import { createCsvParser } from '@oresight/core/ingest';

const lines = Number(process.argv[2] ?? 1_000_000);
const chunkSize = Number(process.argv[3] ?? 1024) * 1024;
const rounds = Number(process.argv[4] ?? 2);

/** Deterministic PRNG (mulberry32): the same file on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A GBK encoder for the characters we write, built by inverting the platform's GBK decoder. */
function gbkEncoder(): (text: string) => Uint8Array {
  const decoder = new TextDecoder('gbk');
  const table = new Map<number, number>();
  const pair = new Uint8Array(2);
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      pair[0] = a;
      pair[1] = b;
      const ch = decoder.decode(pair);
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch.charCodeAt(0)))
        table.set(ch.charCodeAt(0), (a << 8) | b);
    }
  return (text) => {
    const out = new Uint8Array(text.length * 2);
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) out[n++] = c;
      else {
        const g = table.get(c);
        if (g === undefined) throw new Error(`not in GBK: ${text[i]}`);
        out[n++] = g >> 8;
        out[n++] = g & 0xff;
      }
    }
    return out.subarray(0, n);
  };
}

const PRODUCTS: readonly [string, string, string, number][] = [
  ['*稀土冶炼分离产品*氧化镨钕', 'TREO≥99%', '吨', 316239.32],
  ['*稀土冶炼分离产品*氧化钕', '99.5%', '吨', 341880.34],
  ['*稀土冶炼分离产品*氧化镧', '99.99%', '吨', 25641.03],
  ['*稀土冶炼分离产品*氧化铈', '99.95%', '吨', 27350.43],
  ['*稀土冶炼分离产品*氧化镝', '99.5%', '公斤', 2222.22],
  ['*稀土冶炼分离产品*氧化铽', '99.99%', '公斤', 3760.68],
  ['*稀土冶炼分离产品*氧化钇', '99.999%', '吨', 42735.04],
  ['*稀土冶炼分离产品*氧化铕', '99.99%', '公斤', 4273.5],
  ['*稀土冶炼分离产品*碳酸稀土', 'REO≥42%', '吨', 23504.27],
  ['*稀土冶炼分离产品*氯化稀土', 'REO≥45%', '吨', 11965.81],
  ['*稀土矿产品*中钇富铕混合稀土氧化物', 'REO≥92%', '吨', 170940.17],
  ['*稀土矿产品*低钇低铕混合稀土氧化物', 'REO≥92%', '吨', 153846.15],
  ['*稀土矿产品*稀土精矿', 'REO 50%', '吨', 16269],
  ['*稀土金属及合金*镨钕金属', '', '吨', 380341.88],
  ['*稀土金属及合金*金属钕', '99.5%', '吨', 380341.88],
  ['*稀土金属及合金*镝铁合金', 'Dy≥80%', '公斤', 1794.87],
  ['*稀土废料*钕铁硼废料', 'REO 28%', '吨', 45299.15],
  ['*加工劳务*加工费', '', '吨', 1709.4],
];
const REGIONS = ['150200', '360700', '330200', '513400', '350800', '440200', '320500'];
const NAME_STEMS = [
  '金蒙',
  '瑞鑫',
  '天骄',
  '红金',
  '恒源',
  '科宁达',
  '方兴',
  '华美',
  '鑫源',
  '宏达',
  '盛和',
  '金力',
];
const SUFFIXES = [
  '稀土有限公司',
  '稀土贸易有限公司',
  '磁业有限公司',
  '稀土金属有限公司',
  '新材料股份有限公司',
];

/** The file as bytes, generated 10,000 lines at a time so that no JS string of the whole file lives. */
function generate(n: number, encode: (text: string) => Uint8Array): Uint8Array {
  const rnd = prng(20130815);
  const enterprises = Array.from({ length: 1600 }, (_, i) => {
    const region = REGIONS[i % REGIONS.length]!;
    const body = String(10_000_000 + i * 7919).slice(-8);
    return {
      id: makeUscc('91', region, body),
      name: `${region.startsWith('15') ? '包头市' : '赣州市'}${NAME_STEMS[i % 12]}${i}${SUFFIXES[i % 5]}`,
    };
  });
  const header =
    '发票代码,发票号码,开票日期,销方识别号,销方名称,购方识别号,购买方名称,货物或应税劳务名称,规格型号,单位,数量,单价,金额,税率,税额,价税合计,发票状态\r\n';
  let parts: string[] = [header];
  const encoded: Uint8Array[] = [];
  let written = 0;
  let invoice = 0;
  while (written < n) {
    invoice++;
    const seller = enterprises[Math.floor(rnd() * 1600)]!;
    const buyer = enterprises[Math.floor(rnd() * 1600)]!;
    const day = 1 + Math.floor(rnd() * 28);
    const month = 1 + Math.floor(rnd() * 12);
    const date = `2013-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const code = `${seller.id.slice(2, 6)}131140`;
    const number = String(invoice % 100_000_000).padStart(8, '0');
    const count = 1 + Math.floor(rnd() * 4);
    for (let k = 0; k < count && written < n; k++, written++) {
      const [item, spec, unit, price] = PRODUCTS[Math.floor(rnd() * PRODUCTS.length)]!;
      const qty =
        unit === '吨' ? (1 + Math.floor(rnd() * 400) / 10).toFixed(1) : String(10 + Math.floor(rnd() * 500));
      const amountFen = Math.round(Number(qty) * price * 100);
      const taxFen = Math.round(amountFen * 0.17);
      const yuan = (f: number): string => (f / 100).toFixed(2);
      parts.push(
        `${code},${number},${date},${seller.id},${seller.name},${buyer.id},${buyer.name},${item},${spec},${unit},${qty},${price.toFixed(2)},${yuan(amountFen)},17%,${yuan(taxFen)},${yuan(amountFen + taxFen)},正常\r\n`,
      );
    }
    if (parts.length >= 10_000) {
      encoded.push(encode(parts.join('')));
      parts = [];
    }
  }
  encoded.push(encode(parts.join('')));
  const out = new Uint8Array(encoded.reduce((a, b) => a + b.length, 0));
  let at = 0;
  for (const e of encoded) {
    out.set(e, at);
    at += e.length;
  }
  return out;
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

/** lines/s of each run, by wall clock and by CPU time, per label. */
const rates = new Map<string, { wall: number[]; cpu: number[] }>();

function run(label: string, bytes: Uint8Array, encoding: 'auto' | 'utf8' | 'gb18030'): void {
  const catalogue = createCatalogue();
  globalThis.gc?.(); // run with `node --expose-gc --import tsx` for a clean baseline
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const parser = createCsvParser('invoices', { source: 'bench.csv', catalogue, encoding });
  let records = 0;
  let issues = 0;
  let reoKg = 0;
  for (let i = 0; i < bytes.length; i += chunkSize) {
    const out = parser.push(bytes.subarray(i, i + chunkSize));
    records += out.records.length;
    issues += out.issues.length;
    for (const r of out.records) reoKg += r.reoKg;
    if ((i / chunkSize) % 16 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const last = parser.end();
  records += last.records.length;
  issues += last.issues.length;
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  peak = Math.max(peak, process.memoryUsage().rss);
  const rate = rates.get(label) ?? { wall: [], cpu: [] };
  rate.wall.push(records / seconds);
  rate.cpu.push(records / cpuSeconds);
  rates.set(label, rate);
  console.log(
    `${label}: ${records.toLocaleString('en')} lines (${issues} issues, encoding ${parser.encoding}) in ${seconds.toFixed(2)} s = ` +
      `${Math.round(records / seconds).toLocaleString('en')} lines/s (CPU ${cpuSeconds.toFixed(2)} s = ${Math.round(records / cpuSeconds).toLocaleString('en')} lines/s), ` +
      `${(bytes.length / 1e6 / seconds).toFixed(0)} MB/s; ` +
      `RSS ${mb(rssBefore)} before (file in memory), peak ${mb(peak)} (+${mb(peak - rssBefore)}); ΣREO ${Math.round(reoKg)} kg`,
  );
}

function spread(xs: readonly number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const k = (x: number): string => `${Math.round(x / 1000)}k`;
  const median = s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return `median ${k(median)} (${k(s[0]!)}–${k(s[s.length - 1]!)})`;
}

const t0 = performance.now();
const gbk = generate(lines, gbkEncoder());
const encoder = new TextEncoder();
const utf8 = generate(lines, (text) => encoder.encode(text));
console.log(
  `generated ${lines.toLocaleString('en')} lines in ${((performance.now() - t0) / 1000).toFixed(1)} s: GBK ${mb(gbk.length)}, UTF-8 ${mb(utf8.length)}; chunks ${chunkSize / 1024} KiB; node ${process.version}`,
);
for (let r = 0; r < rounds; r++) {
  run('UTF-8 (auto)', utf8, 'auto');
  run('GBK   (auto)', gbk, 'auto');
}
for (const [label, rate] of rates)
  console.log(
    `${label} over ${rate.wall.length} runs: lines/s ${spread(rate.wall)}; by CPU time ${spread(rate.cpu)}`,
  );
