// Benchmark of the in-memory inspection (core/inspect) on a synthetic but structured year:
// 1,594 enterprises along the chain (mining → separation → metal → trading → users/export, with
// recycling), ~30 products, mass roughly conserved tier by tier, and planted anomalies
// (over-producing plants, under-invoiced buyers, trader rings, short-lived issuers, off-register
// parties, red and voided lines, invoice-rule breaches). Lines are written straight into typed
// arrays and ordered by date, as an import would store them.
//
//   npx tsx --expose-gc bench/inspect-core.bench.ts [lines]     (default 1,000,000)
//   RUNS=5 npx tsx --expose-gc bench/inspect-core.bench.ts 10000000
//
// Reports generation time, dataset size, wall and CPU time per run with the time of each stage,
// the load average (the machine is shared: compare CPU time when it is busy), the best run, and
// peak RSS (the whole process, generation included).
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { createCatalogue, dayNumberOrThrow, isoDateOf } from '@oresight/core/domain';
import type { EnterpriseRole, Product } from '@oresight/core/domain';
import { DEFAULT_POLICY, inspect, serializeResult } from '@oresight/core/inspect';
import type { Dataset, DatasetEnterprise, DatasetQuota, DatasetQuote } from '@oresight/core/inspect';

const N = 1594;
const YEAR_FROM = dayNumberOrThrow('2013-01-01');
const DAYS = 365;
const LINE_FLAG_RED = 1 << 14;
const LINE_FLAG_VOIDED = 1 << 13;

/**
 * A flat copy of a string. Template literals make cons strings (a tree of parts), which doubled the
 * heap and tripled the cost of a full GC in a first version of this benchmark; keys decoded from
 * a file or a store are flat, as here.
 */
function flat(s: string): string {
  s.charCodeAt(0); // flattens a cons string in place
  return s;
}

// Seeded PRNG (mulberry32): same data every run.
let seed = 20130815;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randInt = (n: number) => Math.floor(rand() * n);
const lognormal = (sigma: number) =>
  Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));

/** The synthetic dataset (deterministic for a given size). */
export function generate(targetLines: number): Dataset {
  const keep = [
    'ore-hy-oxide',
    'ore-myeu-oxide',
    'ore-lyle-oxide',
    'ore-concentrate-baiyunebo',
    'oxide-la',
    'oxide-ce',
    'oxide-pr',
    'oxide-nd',
    'oxide-sm',
    'oxide-eu',
    'oxide-gd',
    'oxide-tb',
    'oxide-dy',
    'oxide-y',
    'oxide-prnd',
    'oxide-lace',
    'compound-re-chloride',
    'compound-re-carbonate',
    'metal-la',
    'metal-ce',
    'metal-nd',
    'metal-dy',
    'metal-tb',
    'metal-prnd',
    'alloy-dyfe',
    'recycled-ndfeb-scrap',
    'recycled-polishing-powder',
    'oxide-er',
    'oxide-ho',
    'fee-processing',
  ];
  const catalogue = createCatalogue();
  const products: Product[] = keep.map((id) => catalogue.getProductOrThrow(id));
  const pIndex = new Map(products.map((p, i) => [p.id, i]));
  const pi = (id: string) => pIndex.get(id) as number;
  // Base ex-VAT CNY per kg of product.
  const basePrice: Record<string, number> = {
    'ore-hy-oxide': 140,
    'ore-myeu-oxide': 120,
    'ore-lyle-oxide': 100,
    'ore-concentrate-baiyunebo': 25,
    'oxide-la': 25,
    'oxide-ce': 25,
    'oxide-pr': 500,
    'oxide-nd': 400,
    'oxide-sm': 20,
    'oxide-eu': 5000,
    'oxide-gd': 150,
    'oxide-tb': 3500,
    'oxide-dy': 1500,
    'oxide-y': 50,
    'oxide-prnd': 300,
    'oxide-lace': 20,
    'compound-re-chloride': 12,
    'compound-re-carbonate': 15,
    'metal-la': 35,
    'metal-ce': 35,
    'metal-nd': 500,
    'metal-dy': 2000,
    'metal-tb': 4500,
    'metal-prnd': 400,
    'alloy-dyfe': 1600,
    'recycled-ndfeb-scrap': 90,
    'recycled-polishing-powder': 8,
    'oxide-er': 200,
    'oxide-ho': 400,
    'fee-processing': 5,
  };
  // Daily price index per product: a slow random walk.
  const priceIdx = products.map(() => {
    const a = new Float64Array(DAYS);
    let v = 1;
    for (let d = 0; d < DAYS; d++) {
      v *= 1 + (rand() - 0.5) * 0.02;
      a[d] = v;
    }
    return a;
  });
  const refPrice = (p: number, d: number) => (basePrice[products[p]!.id] ?? 10) * priceIdx[p]![d]!;

  // Enterprises by tier.
  type Tier = 'rock' | 'ionic' | 'separation' | 'metal' | 'recycling' | 'trading' | 'user' | 'export';
  const tiers: [Tier, number][] = [
    ['rock', 20],
    ['ionic', 40],
    ['separation', 90],
    ['metal', 120],
    ['recycling', 60],
    ['trading', 500],
    ['user', 700],
    ['export', 64],
  ];
  const tierOf: Tier[] = [];
  for (const [t, k] of tiers) for (let i = 0; i < k; i++) tierOf.push(t);
  const byTier = (t: Tier) => tierOf.flatMap((x, i) => (x === t ? [i] : []));
  const groups = ['northern', 'chinalco', 'minmetals', 'southern', 'xiamen-tungsten', 'guangdong'];
  const enterprises: DatasetEnterprise[] = tierOf.map((t, i) => {
    const roles: EnterpriseRole[] =
      t === 'rock' || t === 'ionic' ? ['mining'] : t === 'user' ? ['user'] : [t as EnterpriseRole];
    if (t === 'separation' && i % 9 === 0) roles.push('mining');
    const offRegister = (t === 'user' && i % 10 === 0) || (t === 'trading' && i % 25 === 0);
    const shortLived = t === 'trading' && i % 50 === 7;
    return {
      taxId: flat(`9136${String(100000 + i).padStart(6, '0')}MA${String(i).padStart(6, '0')}`.slice(0, 18)),
      name: `企业${i}`,
      roles: offRegister ? [] : roles,
      region: t === 'rock' ? '150200' : '360700',
      group: t === 'rock' || t === 'ionic' || t === 'separation' ? (groups[i % groups.length] ?? null) : null,
      registered: !offRegister,
      founded: shortLived ? '2012-11-01' : '2005-01-01',
      deregistered: shortLived ? '2014-01-15' : null,
      openingStockKg: t === 'separation' || t === 'metal' || t === 'trading' ? 5000 + randInt(20000) : null,
      openingStockComposition: null,
      firstInvoiceDay: shortLived ? dayNumberOrThrow('2013-01-05') : dayNumberOrThrow('2008-01-01'),
      lastInvoiceDay: dayNumberOrThrow('2013-12-28'),
    };
  });

  // Edges (seller, buyer, product mix) with REO volumes flowing tier by tier. Each enterprise
  // sells the mix it bought (separation: the oxides of its ore's elements; metal makers: the
  // metals of the oxides they bought), so that mass and elements roughly balance.
  const P = products.length;
  interface Edge {
    s: number;
    b: number;
    /** Product shares of the edge's REO. */
    mix: Float64Array;
    vol: number;
    under: boolean;
    window: [number, number] | null;
  }
  const edges: Edge[] = [];
  const inflow = new Float64Array(N * P);
  const inTotal = (e: number) => {
    let t = 0;
    for (let p = 0; p < P; p++) t += inflow[e * P + p]!;
    return t;
  };
  const pickBuyers = (pool: number[], k: number) => {
    const out = new Set<number>();
    while (out.size < Math.min(k, pool.length)) out.add(pool[randInt(pool.length)]!);
    return [...out];
  };
  const sep = byTier('separation');
  const metal = byTier('metal');
  const trading = byTier('trading');
  const users = byTier('user');
  const exporters = byTier('export');
  const recyclers = byTier('recycling');
  const underBuyers = new Set(trading.filter((_, j) => j % 100 === 3));
  const overProducers = new Set(sep.filter((_, j) => j % 11 === 5));
  /** Splits REO `mix` (per product) of seller s among buyers with lognormal weights. */
  const spread = (s: number, mix: Float64Array, factor: number, buyers: number[]) => {
    let out = 0;
    for (let p = 0; p < P; p++) out += mix[p]!;
    out *= factor;
    if (!(out > 0) || buyers.length === 0) return;
    const shares = new Float64Array(P);
    for (let p = 0; p < P; p++) shares[p] = (mix[p]! * factor) / out;
    const w = buyers.map(() => lognormal(1));
    const tw = w.reduce((a, b) => a + b, 0);
    buyers.forEach((b, j) => {
      const vol = (out * w[j]!) / tw;
      edges.push({ s, b, mix: shares, vol, under: underBuyers.has(b), window: null });
      for (let p = 0; p < P; p++) inflow[b * P + p]! += (vol * (mix[p]! * factor)) / out;
    });
  };
  const oxideOf: Record<string, string> = {
    La: 'oxide-la',
    Ce: 'oxide-ce',
    Pr: 'oxide-prnd',
    Nd: 'oxide-prnd',
    Sm: 'oxide-sm',
    Eu: 'oxide-eu',
    Gd: 'oxide-gd',
    Tb: 'oxide-tb',
    Dy: 'oxide-dy',
    Ho: 'oxide-ho',
    Er: 'oxide-er',
    Tm: 'oxide-er',
    Yb: 'oxide-er',
    Lu: 'oxide-er',
    Y: 'oxide-y',
  };
  const metalOf: Record<string, string> = {
    'oxide-nd': 'metal-nd',
    'oxide-prnd': 'metal-prnd',
    'oxide-dy': 'metal-dy',
    'oxide-tb': 'metal-tb',
    'oxide-la': 'metal-la',
    'oxide-ce': 'metal-ce',
  };
  /** REO by product of everything an enterprise bought, separated into oxides by element. */
  const separated = (e: number) => {
    const mix = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      const v = inflow[e * P + p]!;
      if (v === 0) continue;
      for (const [el, sh] of Object.entries(products[p]!.composition))
        mix[pi(oxideOf[el]!)]! += v * (sh ?? 0);
    }
    return mix;
  };
  const quotas: DatasetQuota[] = [];
  // Miners: output = quota.
  for (const m of [...byTier('rock'), ...byTier('ionic')]) {
    const rock = tierOf[m] === 'rock';
    const q = (rock ? 2_000_000 : 400_000) * (0.5 + rand());
    quotas.push({
      year: 2013,
      enterprise: m,
      group: null,
      kind: rock ? 'mining_rock' : 'mining_ionic',
      kg: q,
    });
    const ore = rock
      ? pi('ore-concentrate-baiyunebo')
      : pi(['ore-hy-oxide', 'ore-myeu-oxide', 'ore-lyle-oxide'][m % 3]!);
    const mix = new Float64Array(P);
    mix[ore] = q;
    spread(m, mix, 0.98, pickBuyers(sep, 3 + randInt(3)));
  }
  // Separation: oxides of the ore's elements (+30% for the over-producers).
  for (const s of sep) {
    quotas.push({ year: 2013, enterprise: s, group: null, kind: 'separation', kg: inTotal(s) * 0.97 });
    const buyers = [...pickBuyers(metal, 8), ...pickBuyers(trading, 8), ...pickBuyers(users, 4)];
    spread(s, separated(s), 0.94 * (overProducers.has(s) ? 1.3 : 1), buyers);
  }
  for (const m of metal) {
    const mix = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      const to = metalOf[products[p]!.id];
      mix[to ? pi(to) : p]! += inflow[m * P + p]!;
    }
    spread(m, mix, 0.95, [...pickBuyers(users, 12), ...pickBuyers(trading, 6), ...pickBuyers(exporters, 2)]);
  }
  for (const t of trading) {
    const later = trading.filter((x) => x > t);
    const buyers = [
      ...pickBuyers(users, 18),
      ...pickBuyers(metal, 6),
      ...pickBuyers(exporters, 3),
      ...pickBuyers(later, 3),
    ];
    spread(t, inflow.slice(t * P, (t + 1) * P), 0.99, buyers);
  }
  // Users sell polishing-powder scrap to recyclers; recyclers sell its oxides to users and exporters.
  for (const u of users.filter((_, j) => j % 5 === 0)) {
    const mix = new Float64Array(P);
    mix[pi('recycled-polishing-powder')] = inTotal(u) * 0.05;
    spread(u, mix, 1, pickBuyers(recyclers, 2));
  }
  for (const r of recyclers)
    spread(r, separated(r), 0.88, [...pickBuyers(users, 6), ...pickBuyers(exporters, 2)]);
  // Rings of traders: equal large flows of PrNd oxide within a 60-day window.
  for (let k = 0; k < 10; k++) {
    const len = 3 + (k % 2);
    const members = pickBuyers(trading, len);
    const vol = 60_000 + randInt(40_000);
    const start = randInt(DAYS - 60);
    const ringMix = new Float64Array(P);
    ringMix[pi('oxide-prnd')] = 1;
    members.forEach((s, j) => {
      const b = members[(j + 1) % len]!;
      edges.push({
        s,
        b,
        mix: ringMix,
        vol: vol * (0.95 + rand() * 0.1),
        under: false,
        window: [start, start + 59],
      });
    });
  }

  // Lines per edge ∝ √volume, to reach the target; within an edge, per product in proportion
  // to its share (lines are shipments of similar size).
  const weights = edges.map((e) => Math.sqrt(e.vol));
  const tw = weights.reduce((a, b) => a + b, 0);
  const perProduct = edges.map((e, ei) => {
    const c = Math.max(1, Math.round((targetLines * weights[ei]!) / tw));
    const out = new Int32Array(P);
    for (let p = 0; p < P; p++) if (e.mix[p]! > 0) out[p] = Math.max(1, Math.round(c * e.mix[p]!));
    return out;
  });
  let total = 0;
  for (const pp of perProduct) for (let p = 0; p < P; p++) total += pp[p]!;

  const day = new Int32Array(total);
  const seller = new Int32Array(total);
  const buyer = new Int32Array(total);
  const product = new Int32Array(total);
  const unit = new Uint8Array(total);
  const kg = new Float64Array(total);
  const reoKg = new Float64Array(total);
  const amount = new Float64Array(total);
  const taxRate = new Float64Array(total);
  const flags = new Int32Array(total);
  const invoice = new Int32Array(total);
  const lineNo = new Int32Array(total);
  let n = 0;
  let inv = -1;
  const invoiceSellerBreach = new Set(trading.filter((_, j) => j % 40 === 11));
  edges.forEach((e, ei) => {
    let left = 0;
    let d = 0;
    let no = 0;
    const big = invoiceSellerBreach.has(e.s);
    const pp = perProduct[ei]!;
    for (let p = 0; p < P; p++) {
      const c = pp[p]!;
      if (c === 0) continue;
      const per = (e.vol * e.mix[p]!) / c;
      const prod = products[p]!;
      const perKg = prod.basis === 'reo' ? 1 : prod.reoPerKg;
      for (let j = 0; j < c; j++) {
        if (left === 0) {
          inv++;
          left = big ? 9 : 1 + randInt(3);
          d = e.window ? e.window[0] + randInt(e.window[1] - e.window[0] + 1) : randInt(DAYS);
          no = 0;
        }
        left--;
        no++;
        const reo = per * (0.8 + 0.4 * rand());
        const k = reo / perKg;
        day[n] = YEAR_FROM + d;
        seller[n] = e.s;
        buyer[n] = e.b;
        product[n] = rand() < 0.003 ? -1 : p;
        unit[n] = k >= 1000 ? 0 : 1;
        kg[n] = k;
        reoKg[n] = product[n] === -1 ? 0 : reo;
        amount[n] = Math.round(k * refPrice(p, d) * (0.9 + rand() * 0.2) * (e.under ? 0.5 : 1) * 100) / 100;
        taxRate[n] = 0.17;
        flags[n] = rand() < 0.003 ? LINE_FLAG_VOIDED : 0;
        invoice[n] = inv;
        lineNo[n] = no;
        n++;
      }
    }
  });
  // Red lines: the last line of some invoices reversed on a new invoice (overwrite a few slots).
  const nInvoices = inv + 1;
  const invoiceKeys: string[] = new Array(nInvoices + Math.ceil(total / 200) + 1);
  for (let i = 0; i < nInvoices; i++)
    invoiceKeys[i] = flat(`3600131${String(130 + (i % 870)).padStart(3, '0')}-${String(i).padStart(8, '0')}`);
  let reds = nInvoices;
  for (let i = 200; i < total; i += 200) {
    const src = i - 1;
    if ((flags[src]! & LINE_FLAG_VOIDED) !== 0) continue;
    day[i] = Math.min(YEAR_FROM + DAYS - 1, day[src]! + randInt(10));
    seller[i] = seller[src]!;
    buyer[i] = buyer[src]!;
    product[i] = product[src]!;
    unit[i] = unit[src]!;
    kg[i] = -kg[src]!;
    reoKg[i] = -reoKg[src]!;
    amount[i] = -amount[src]!;
    taxRate[i] = taxRate[src]!;
    flags[i] = LINE_FLAG_RED;
    invoice[i] = reds;
    invoiceKeys[reds] = flat(`R${String(reds).padStart(10, '0')}`);
    lineNo[i] = 1;
    reds++;
  }
  invoiceKeys.length = reds;

  // Order lines by date (counting sort), as a store would.
  const byDay = new Int32Array(DAYS + 1);
  for (let i = 0; i < total; i++) byDay[day[i]! - YEAR_FROM + 1]!++;
  for (let d = 0; d < DAYS; d++) byDay[d + 1]! += byDay[d]!;
  const perm = new Int32Array(total);
  for (let i = 0; i < total; i++) perm[byDay[day[i]! - YEAR_FROM]!++] = i;
  const permute = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
    const out = new (a.constructor as new (n: number) => T)(total);
    for (let i = 0; i < total; i++) out[i] = a[perm[i]!]!;
    return out;
  };
  // Invoice ids in order of first appearance, as a store dictionary-encodes them while importing.
  const invoiceSorted = permute(invoice);
  const renumber = new Int32Array(invoiceKeys.length).fill(-1);
  const keysSorted: string[] = [];
  for (let i = 0; i < total; i++) {
    const old = invoiceSorted[i]!;
    let id = renumber[old]!;
    if (id < 0) {
      id = keysSorted.length;
      renumber[old] = id;
      keysSorted.push(invoiceKeys[old]!);
    }
    invoiceSorted[i] = id;
  }
  const quotes: DatasetQuote[] = [];
  products.forEach((p, idx) => {
    // Five products carry no quotes: their lines fall back on the peer median.
    if (idx % 6 === 5 || p.category === 'fee') return;
    for (let d = 0; d < DAYS; d += 7) {
      const exVat = refPrice(idx, d);
      quotes.push({
        product: idx,
        day: YEAR_FROM + d,
        price: exVat * 1.17 * 1000,
        unit: 'CNY/t',
        vatIncluded: true,
      });
    }
  });
  const id = new Float64Array(total);
  for (let i = 0; i < total; i++) id[i] = i + 1;
  const invoiceIsSpecial = new Uint8Array(keysSorted.length).fill(1);
  for (let i = 0; i < keysSorted.length; i += 97) invoiceIsSpecial[i] = 0;
  return {
    period: { from: '2013-01-01', to: '2013-12-31' },
    fingerprint: `bench:${targetLines}`,
    enterprises,
    products,
    invoiceKeys: keysSorted,
    invoiceIsSpecial,
    lines: {
      count: total,
      id,
      invoice: invoiceSorted,
      lineNo: permute(lineNo),
      day: permute(day),
      seller: permute(seller),
      buyer: permute(buyer),
      product: permute(product),
      unit: permute(unit),
      kg: permute(kg),
      reoKg: permute(reoKg),
      amount: permute(amount),
      taxRate: permute(taxRate),
      flags: permute(flags),
    },
    quotas,
    quotes,
  };
}

function main(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
  const t0 = performance.now();
  const dataset = generate(Number(process.argv[2] ?? 1_000_000));
  const tGen = performance.now() - t0;
  gc?.();
  const L = dataset.lines;
  const columnBytes =
    L.id.byteLength +
    L.invoice.byteLength +
    L.lineNo.byteLength +
    L.day.byteLength +
    L.seller.byteLength +
    L.buyer.byteLength +
    L.product.byteLength +
    L.unit.byteLength +
    L.kg.byteLength +
    L.reoKg.byteLength +
    L.amount.byteLength +
    L.taxRate.byteLength +
    L.flags.byteLength;
  const rssBefore = process.memoryUsage().rss;
  console.log(
    `machine: ${process.platform} ${process.arch}, node ${process.version}; lines ${L.count.toLocaleString('en')}, ` +
      `invoices ${dataset.invoiceKeys.length.toLocaleString('en')}, enterprises ${dataset.enterprises.length}, ` +
      `products ${dataset.products.length}; generated in ${(tGen / 1000).toFixed(1)} s; columns ${mb(columnBytes)}, RSS before inspect ${mb(rssBefore)}`,
  );

  const runs = Number(process.env.RUNS ?? 1);
  let bestWall = Infinity;
  let bestCpu = Infinity;
  for (let run = 0; run < runs; run++) {
    gc?.();
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const result = inspect(dataset, DEFAULT_POLICY, { now: () => performance.now() });
    const total = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    bestWall = Math.min(bestWall, total);
    bestCpu = Math.min(bestCpu, (cpu.user + cpu.system) / 1000);
    const stages = (result.timings ?? []).map((t) => `${t.stage} ${t.ms.toFixed(0)}`).join(', ');
    // CPU time (all threads, GC helpers included) next to wall time: the machine is shared.
    console.log(
      `run ${run + 1}: inspect ${(total / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU ` +
        `[${stages} ms]; load average ${os.loadavg()[0]!.toFixed(1)}`,
    );
    if (run === 0) {
      const t1 = performance.now();
      const json = serializeResult(result);
      console.log(
        `  serialize ${(performance.now() - t1).toFixed(0)} ms (${mb(json.length)}); lists ${JSON.stringify(result.counts)}; ` +
          `cycles ${result.cycles.length} (${result.cycleSearch.candidateEdges} candidate edges, ${result.cycleSearch.windows} windows, ` +
          `${result.cycleSearch.steps} steps); caps ${result.caps.length}; tracing components ${result.tracing.components}, ` +
          `largest ${result.tracing.largestComponent}, converged ${result.tracing.converged}; peer weeks ${result.prices.peerWeeks}; ` +
          `first day ${isoDateOf(L.day[0]!)}`,
      );
    }
  }
  if (runs > 1)
    console.log(
      `best of ${runs}: ${(bestWall / 1000).toFixed(2)} s wall, ${(bestCpu / 1000).toFixed(2)} s CPU`,
    );
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(`peak RSS ${mb(peak)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
