// `oresight catalogue list|set|remove` and `oresight rederive` (issue 2): the product catalogue the
// import matches item names against, extended by the user's overrides (docs/catalogue.md), and
// the command that applies it to lines already stored (decision 0002). A change to the catalogue
// reaches stored lines only through rederive: each command says so.
import type { Command } from 'commander';
import type { EffectiveProduct, RederiveOutcome } from '@oresight/app';
import {
  listEffectiveCatalogue,
  rederive,
  removeCatalogueOverride,
  setCatalogueOverridesFromFile,
} from '@oresight/app';
import { createProgressBar } from '../ui/progress.ts';
import { printTable } from '../ui/table.ts';
import { AS_OPTION, cliActor, orExit, withStore } from './campaign.command.ts';

const STATUS_TEXT: Record<EffectiveProduct['status'], string> = {
  shipped: '随附 shipped',
  overridden: '已调整 overridden',
  added: '新增 added',
};

const REDERIVE_HINT =
  '已存发票行保持原派生值，运行 `oresight rederive` 将目录应用于它们（--dry-run 预览）\n' +
  'Stored lines keep their derived values until `oresight rederive` applies the catalogue to them (--dry-run to preview)\n';

function short(list: readonly string[], max = 40): string {
  const text = list.join(', ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) process.stdout.write(`  ! ${w}\n`);
}

const signed = (n: number) => (n > 0 ? `+${n.toLocaleString('en-US')}` : n.toLocaleString('en-US'));

function printRederive(r: RederiveOutcome): void {
  const out = process.stdout;
  out.write(
    r.dryRun
      ? 'rederive: 试运行，未写入 dry run, nothing written — this is what would change\n'
      : `rederive: 已完成 done in ${(r.durationMs / 1000).toFixed(1)} s\n`,
  );
  out.write(
    `  items 品名 ${r.itemsChecked.toLocaleString('en-US')} checked, ${r.itemsRematched.toLocaleString('en-US')} re-matched\n`,
  );
  for (const i of r.rematched)
    out.write(
      `    ${i.itemName}${i.specification ? ` [${i.specification}]` : ''}: ${i.from ?? '— (unmatched)'} → ${i.to ?? '— (unmatched)'} (${i.lines.toLocaleString('en-US')} line${i.lines === 1 ? '' : 's'})\n`,
    );
  if (r.itemsRematched > r.rematched.length)
    out.write(`    … ${(r.itemsRematched - r.rematched.length).toLocaleString('en-US')} more\n`);
  out.write(
    `  lines 发票行 ${r.linesChecked.toLocaleString('en-US')} checked, ${r.linesChanged.toLocaleString('en-US')} changed; REO kg ${signed(r.reoKgDelta)}\n`,
  );
  const flags = Object.entries(r.flags)
    .map(([name, c]) => `${name} +${c.set} −${c.cleared}`)
    .join(', ');
  if (flags) out.write(`  flags 标记: ${flags}\n`);
  out.write(
    `  batches 批次 ${r.batchesAffected.length}${r.batchesAffected.length > 0 ? ` (${short(r.batchesAffected.map(String), 60)})` : ''}, segments ${r.dryRun ? 'to rebuild' : 'rebuilt'} ${r.segmentsRebuilt}\n`,
  );
  if (r.dryRun && r.linesChanged > 0)
    out.write('  run `oresight rederive` to apply / 运行 `oresight rederive` 以应用\n');
  if (!r.dryRun && r.linesChanged === 0) out.write('  nothing to change / 无需更改\n');
}

export function registerCatalogueCommands(program: Command): void {
  const catalogue = program
    .command('catalogue')
    .summary('the product catalogue: list it, override or add products')
    .description(
      'Item names on invoices are matched to the catalogue (the `*类别*` prefix, names and aliases, full-width characters).\n' +
        'The shipped catalogue (STA 2012 No. 17 products, metals, recycled inputs, fees) is extended by overrides: JSON objects\n' +
        'that change fields of a shipped product by id or add a product (docs/catalogue.md). New imports use the catalogue in\n' +
        'force; `oresight rederive` applies it to lines already stored.',
    );

  catalogue
    .command('list')
    .summary('the catalogue in force, marking overridden and added products')
    .option('--changed', 'only overridden and added products')
    .option(
      '--json',
      'print JSON: [{"id","nameZh","nameEn","aliases","category","basis","reoPerKg","composition","status","overriddenFields",…}]',
    )
    .action(async (opts: { changed?: boolean; json?: boolean }) =>
      withStore(async (store) => {
        const all = await listEffectiveCatalogue(store);
        const products = opts.changed ? all.filter((p) => p.status !== 'shipped') : all;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(products, null, 2)}\n`);
          return;
        }
        printTable(
          ['id', 'name', 'category', 'basis', 'REO/kg', 'aliases', 'status'],
          products.map((p) => [
            p.id,
            p.nameZh,
            p.category,
            p.basis,
            p.reoPerKg,
            short(p.aliases),
            p.status === 'overridden'
              ? `${STATUS_TEXT.overridden}: ${p.overriddenFields.join(', ')}`
              : STATUS_TEXT[p.status],
          ]),
        );
        const overridden = all.filter((p) => p.status === 'overridden').length;
        const added = all.filter((p) => p.status === 'added').length;
        process.stdout.write(
          `${products.length} of ${all.length} products, ${overridden} overridden, ${added} added / 共 ${all.length} 个产品，调整 ${overridden} 个，新增 ${added} 个\n`,
        );
      }),
    );

  catalogue
    .command('set <file.json>')
    .summary('set overrides from a JSON file (one object or an array); all or none')
    .description(
      'Each override names a product by "id". For a shipped product it replaces the fields it gives (aliases replace the\n' +
        'shipped list: list the ones to keep); any other id adds a product, which needs nameZh, nameEn, category, basis and\n' +
        'reoPerKg. Setting an id again replaces its earlier override. Example:\n' +
        '  {"id": "recycled-polishing-powder", "aliases": ["抛光粉废料", "稀土抛光粉废料", "稀土抛光液"]}\n' +
        'Fields: id, nameZh, nameEn, aliases, category (ore, separation, metal, alloy, recycled, fee), basis (reo, product),\n' +
        'reoPerKg (0–2), composition ({"Nd": 0.75, "Pr": 0.25}), hsCode, oreType (rock, ionic), specOverride (true, false).',
    )
    .addOption(AS_OPTION())
    .action(async (file: string, opts: { as?: string }) =>
      withStore(async (store) => {
        const r = orExit(await setCatalogueOverridesFromFile(store, await cliActor(store, opts.as), file));
        for (const s of r.saved)
          process.stdout.write(
            `已保存 saved: ${s.id} — ${s.kind === 'added' ? 'adds a product / 新增产品' : 'overrides a shipped product / 调整随附产品'}${s.replaced ? ' (replaces the earlier override / 替换原调整)' : ''}\n`,
          );
        printWarnings(r.warnings);
        process.stdout.write(REDERIVE_HINT);
      }),
    );

  catalogue
    .command('remove <productId>')
    .summary('remove the override of a product (a shipped product returns to its shipped definition)')
    .addOption(AS_OPTION())
    .action(async (productId: string, opts: { as?: string }) =>
      withStore(async (store) => {
        const r = orExit(
          await removeCatalogueOverride(store, await cliActor(store, opts.as), productId.trim()),
        );
        process.stdout.write(
          r.kind === 'added'
            ? `已删除 removed: ${r.id} — the added product is gone / 新增产品已删除\n`
            : `已删除 removed: ${r.id} — its shipped definition is in force again / 恢复随附定义\n`,
        );
        printWarnings(r.warnings);
        process.stdout.write(REDERIVE_HINT);
      }),
    );

  program
    .command('rederive')
    .summary('apply the catalogue in force to the stored invoice lines')
    .description(
      'Matches every stored item name again, recomputes the REO kg and the catalogue flags (ITEM_UNMATCHED, PREFIX_MISMATCH,\n' +
        'ORDINARY_INVOICE) of every line, and rebuilds the columnar segments of the batches whose lines changed — in one\n' +
        'transaction: it lands whole or not at all. Everything else about a line (quantities, amounts, other flags,\n' +
        'red-letter linkage) stays as imported. Running it again changes nothing.',
    )
    .option('--dry-run', 'print what would change, write nothing')
    .option('--all-segments', 'rebuild the segments of every batch, not only of those whose lines changed')
    .option('--json', 'print the outcome as JSON')
    .addOption(AS_OPTION())
    .action(async (opts: { dryRun?: boolean; allSegments?: boolean; json?: boolean; as?: string }) =>
      withStore(async (store) => {
        const bar = createProgressBar('rederive', 'count');
        const r = orExit(
          await rederive(store, await cliActor(store, opts.as), {
            dryRun: opts.dryRun === true,
            allSegments: opts.allSegments === true,
            onProgress: (p) => bar.update(p.done, p.total, p.phase),
          }),
        );
        bar.done();
        if (opts.json) process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else printRederive(r);
      }),
    );
}
