// The web app in a real browser (issue 6): sign in, the dashboard (rendered within 2 s on the
// demo data, measured), a black-listed enterprise's dossier with its evidence lines, English with
// no untranslated text left, an upload with a bad row reported with its reason, and two runs
// compared. Issue 7: a campaign with a registration, a task moved through its workflow, an
// override waiting for a second person's approval, a publication and the audit log with its chain
// verified. Every screen is saved under test-results/e2e/; any browser console error or page
// error fails the test that caused it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { World } from './harness.ts';
import { ADMIN, SHOTS, shot, startWorld, untranslatedText, watchErrors } from './harness.ts';

/** The dashboard must render within this many ms of navigation (issue 6). */
const DASHBOARD_BUDGET_MS = 2_000;

describe('web app in Chromium', () => {
  let world: World;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    world = await startWorld();
    // 1366×768: the smallest screen the UI is made for.
    context = await world.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    page = await context.newPage();
    errors = watchErrors(page);
  }, 600_000);

  afterAll(async () => {
    await context?.close();
    await world?.close();
  });

  afterEach(() => {
    // Errors belong to the test that caused them; none is allowed.
    const seen = errors.splice(0);
    expect(seen, seen.join('\n')).toEqual([]);
  });

  const go = async (path: string) => {
    await page.goto(world.baseUrl + path);
    await page.waitForLoadState('networkidle');
  };
  /** Each test states its language (the choice persists in localStorage across tests). */
  const useLang = async (lang: 'zh' | 'en') => {
    await page.evaluate(`localStorage.setItem('oresight.lang', '${lang}')`);
  };

  it('signs in and shows the user, role and regions in the header', async () => {
    await go('/');
    await page.waitForSelector('[data-testid=sign-in]');
    await shot(page, '01-sign-in');
    await page.fill('input[name=username]', ADMIN.username);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('[data-testid=sign-in] button[type=submit]');
    await page.waitForSelector('[data-testid=dashboard]');
    const who = await page.textContent('[data-testid=who]');
    expect(who).toContain(ADMIN.username);
    expect(who).toContain('管理员');
    expect(who).toContain('全国');
  });

  it('renders the dashboard within 2 s of navigation on the demo data', async () => {
    await useLang('zh');
    // Rendered: list counts, the region table, the top risks and the price index chart with data.
    // Three navigations; the median is held to the budget, so that one slow moment of a busy CI
    // machine (other test files run beside this one) does not decide it.
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = Date.now();
      await page.goto(world.baseUrl + '/');
      await page.waitForSelector('[data-testid=count-black] .count-value');
      await page.waitForSelector('[data-testid=region-table] tbody tr');
      await page.waitForSelector('[data-testid=top-risk]');
      await page.waitForSelector('[data-testid=price-index-chart][data-ready=true]');
      times.push(Date.now() - t0);
    }
    const median = [...times].sort((x, y) => x - y)[1] ?? Infinity;
    console.log(
      `[e2e] dashboard rendered in ${times.join(', ')} ms (median ${median} ms; demo of 30,000 lines)`,
    );
    expect(median).toBeLessThan(DASHBOARD_BUDGET_MS);
    // The counts are the latest run's and show their change against the run before.
    const black = await page.textContent('[data-testid=count-black]');
    expect(black).toMatch(/较批次 #\d+/);
    expect(await page.locator('[data-testid=region-table] tbody tr').count()).toBeGreaterThan(3);
    expect(await page.textContent('[data-testid=campaign]')).toContain('尚未建立专项整治行动');
    await page.waitForLoadState('networkidle');
    await shot(page, '02-dashboard');
  });

  it('opens a black-listed enterprise’s dossier and its evidence lines', async () => {
    await useLang('zh');
    await go('/lists/black');
    await page.waitForSelector('[data-testid=enterprise-row]');
    await shot(page, '03-list-black');
    const name = (await page.locator('[data-testid=enterprise-row] a.strong').first().textContent()) ?? '';
    await page.locator('[data-testid=enterprise-row]').first().click();
    await page.waitForSelector('[data-testid=dossier]');
    expect(await page.textContent('h1')).toContain(name);
    expect(await page.textContent('h1')).toContain('黑名单');
    // Reasons with evidence: the first reason's evidence lines are open.
    await page.waitForSelector('[data-testid=reason]');
    await page.waitForSelector('[data-testid=evidence-lines] [data-testid=line-row]');
    const evidenceRows = await page
      .locator('[data-testid=evidence-lines]')
      .first()
      .locator('[data-testid=line-row]')
      .count();
    expect(evidenceRows).toBeGreaterThan(0);
    // Signals against thresholds, with at least one black rule fired.
    await page.waitForSelector('[data-testid=rule-checks] tr.fired-black');
    // Charts: mass balance, price ratio and flows drawn.
    await page.waitForSelector('[data-testid=balance-chart][data-ready=true]');
    await page.waitForSelector('[data-testid=flows] table, [data-testid=flows] .state-empty');
    await page.waitForLoadState('networkidle');
    await shot(page, '04-dossier');
    // An evidence line opens with the reference price used.
    await page.locator('[data-testid=evidence-lines] [data-testid=line-row]').first().click();
    await page.waitForSelector('[data-testid=line-detail]');
    expect(await page.textContent('[data-testid=line-reference]')).toMatch(/参考价/);
    await page.waitForLoadState('networkidle');
    await shot(page, '05-line');
  });

  it('switches to English and leaves no untranslated text on any screen', async () => {
    await go('/');
    await page.waitForSelector('[data-testid=count-black]');
    await page.click('[data-testid=lang-en]');
    await page.waitForSelector('text=Highest risks');
    expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    const dossierHref = await page.locator('[data-testid=top-risk]').first().getAttribute('href');
    expect(dossierHref).toBeTruthy();
    const [a, b] = world.runs;
    const screens: [string, string, string][] = [
      ['/', '[data-testid=top-risk]', '06-en-dashboard'],
      ['/lists/grey', '[data-testid=enterprise-row]', '07-en-list-grey'],
      [dossierHref ?? '/', '[data-testid=evidence-lines] [data-testid=line-row]', '08-en-dossier'],
      ['/invoices', '[data-testid=line-row]', '09-en-invoices'],
      ['/market', '[data-testid=market-price-chart]', '10-en-market'],
      ['/runs', '[data-testid=run-row]', '11-en-runs'],
      ['/policies', '[data-testid=policy-view]', '12-en-policies'],
      ['/imports', '[data-testid=batch-row]', '13-en-imports'],
      [`/runs/compare?a=${a}&b=${b}`, '[data-testid=moved-row]', '14-en-compare'],
    ];
    for (const [path, ready, name] of screens) {
      await go(path);
      await page.waitForSelector(ready);
      await page.waitForLoadState('networkidle');
      // Open every collapsed section so that its text is checked too.
      await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; })`);
      const left = await untranslatedText(page);
      expect(left, `${path}:\n${left.join('\n')}`).toEqual([]);
      await shot(page, name);
    }
    // The choice is remembered.
    await page.reload();
    await page.waitForSelector('[data-testid=compare]');
    expect(await page.textContent('h1')).toContain('Runs compared');
    expect(await page.evaluate("localStorage.getItem('oresight.lang')")).toBe('en');
    await page.click('[data-testid=lang-zh]');
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
  });

  it('uploads a CSV with a bad row and reports that row with its reason', async () => {
    await useLang('zh');
    const file = join(SHOTS, 'upload-with-bad-row.csv');
    writeFileSync(
      file,
      [
        'invoice_code,invoice_number,line_no,issue_date,seller_tax_id,seller_name,buyer_tax_id,buyer_name,item_name,specification,unit,quantity,unit_price,amount,tax_rate,tax_amount',
        '1500131140,00990001,1,2013-10-08,911502007012888877,包头市金蒙稀土有限责任公司,9136070078142266X5,赣州市红金稀土有限公司,*稀土冶炼分离产品*氧化镨钕,TREO≥99%,吨,1,300000.00,300000.00,0.17,51000.00',
        '1500131140,00990002,1,2013-10-09,911502007012888877,包头市金蒙稀土有限责任公司,9136070078142266X5,赣州市红金稀土有限公司,*稀土冶炼分离产品*氧化镨钕,TREO≥99%,吨,两吨,300000.00,600000.00,0.17,102000.00',
        '',
      ].join('\n'),
    );
    await go('/imports');
    await page.selectOption('[data-testid=import-kind]', 'invoices');
    await page.setInputFiles('[data-testid=import-file]', file);
    await page.click('[data-testid=import-submit]');
    await page.waitForSelector('[data-testid=import-outcome]', { timeout: 30_000 });
    // Without "skip bad rows" the file is refused whole; the bad row (row 3) is named with its reason.
    expect(await page.textContent('[data-testid=import-status]')).toContain('文件被拒收');
    const row = page.locator('[data-testid=issue-row][data-row="3"]');
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('quantity');
    expect(text).toContain('两吨');
    expect(text).toContain('不是有效数字');
    expect(await page.locator('[data-testid=issue-row]').count()).toBe(1);
    await shot(page, '15-import-rejected');
    // The batch keeps the rejected row, reported the same way.
    await page.click('[data-testid=import-outcome] a');
    await page.waitForSelector('[data-testid=rejects] [data-testid=issue-row][data-row="3"]');
    await shot(page, '16-batch-rejects');
  });

  it('compares two runs and shows what moved and why', async () => {
    const [a, b] = world.runs;
    await useLang('zh');
    await go('/runs');
    await page.waitForSelector('[data-testid=run-row]');
    await shot(page, '17-runs');
    await page.click('[data-testid=compare-runs]');
    await page.waitForSelector('[data-testid=compare]');
    expect(page.url()).toContain(`a=${a}`);
    expect(page.url()).toContain(`b=${b}`);
    // The policies differ: the changed parameter is listed.
    expect(await page.textContent('[data-testid=parameter-changes]')).toContain('priceBand');
    // Enterprises moved, each with the reasons that appeared.
    await page.waitForSelector('[data-testid=moved-row]');
    const first = (await page.locator('[data-testid=moved-row]').first().textContent()) ?? '';
    expect(first).toMatch(/→/);
    expect(first).toMatch(/新增|消失/);
    const counts = (await page.textContent('[data-testid=compare-counts]')) ?? '';
    expect(counts).toMatch(/[+−]\d/);
    await page.waitForLoadState('networkidle');
    await shot(page, '18-compare');
  });
  it('runs a campaign: registration, a task moved on, an override pending approval, the audit log', async () => {
    await useLang('zh');
    /** A screenshot from the top of the page (the sticky header stays where it belongs). */
    const snap = async (name: string) => {
      await page.evaluate('window.scrollTo(0, 0)');
      await shot(page, name);
    };
    /** The text of an element once it contains `expected` (the page updates after each action). */
    const textOnce = async (selector: string, expected: string) => {
      // A script string: this file is compiled without the DOM library.
      await page.waitForFunction(
        `(document.querySelector(${JSON.stringify(selector)})?.textContent ?? '').includes(${JSON.stringify(expected)})`,
      );
      return (await page.textContent(selector)) ?? '';
    };

    // A nationwide campaign, every role.
    await go('/campaigns');
    await page.waitForSelector('[data-testid=campaigns] .state-empty');
    await page.click('[data-testid=new-campaign-open]');
    await page.fill('[data-testid=campaign-name]', 'e2e 稀土专项整治');
    await page.fill('[data-testid=campaign-from]', '2013-08-15');
    await page.fill('[data-testid=campaign-to]', '2013-11-15');
    await snap('19-campaign-new');
    await page.click('[data-testid=campaign-submit]');
    await page.waitForSelector('[data-testid=campaign]');
    expect(await page.textContent('h1')).toContain('e2e 稀土专项整治');
    await page.waitForSelector('[data-testid=progress-chart][data-ready=true]');
    expect(await page.textContent('[data-testid=progress-registered]')).toBe('0%');

    // Record a registration (licence, capacity, declared opening stock, contact), then verify it.
    const row = page.locator('[data-testid=registration-row]').first();
    const taxId = (await row.getAttribute('data-tax-id')) ?? '';
    expect(taxId).toMatch(/^[0-9A-Z]{15,20}$/);
    expect(await row.locator('[data-testid=registration-state]').textContent()).toBe('未登记');
    await row.locator('[data-testid=registration-open]').click();
    await page.waitForSelector('[data-testid=registration-save]');
    await page.fill('[data-testid=registration-capacity]', '300000');
    await page.fill('[data-testid=registration-stock]', '12,500.5');
    await page.fill('[data-testid=registration-contact]', '王经理');
    await page.click('[data-testid=licence-add]');
    await page.fill('[data-testid=licence-kind]', '采矿许可证');
    await page.fill('[data-testid=licence-number]', 'C1500002011');
    await page.click('[data-testid=registration-save]');
    expect(await textOnce('[data-testid=registration-saved]', '已登记')).toContain('已登记');
    const state = `[data-testid=registration-row][data-tax-id="${taxId}"] [data-testid=registration-state]`;
    await textOnce(state, '已登记');
    await page.click('[data-testid=registration-verify]');
    await textOnce(state, '已核实');
    await page.waitForFunction(
      `document.querySelector('[data-testid=progress-registered]')?.textContent !== '0%'`,
    );
    // The report links point at the campaign report routes.
    expect(await page.getAttribute('[data-testid=campaign-report-pdf]', 'href')).toMatch(
      /^\/api\/reports\/campaigns\/\d+\?format=pdf/,
    );
    await page.waitForLoadState('networkidle');
    await snap('20-campaign');

    // Tasks from the latest run's lists; the first one moves open → in progress → findings recorded.
    await page.click('[data-testid=generate-submit]');
    await page.waitForSelector('[data-testid=generate-result]');
    expect(await page.textContent('[data-testid=generate-result]')).toMatch(/已生成 [1-9][\d,]* 项任务/);
    await page.click('[data-testid=generate-result] a');
    await page.waitForSelector('[data-testid=task-row]');
    await page.waitForLoadState('networkidle');
    await snap('21-tasks');
    await page.locator('[data-testid=task-row]').first().click();
    await page.waitForSelector('[data-testid=task-detail] h1 [data-status=open]');
    await page.click('[data-testid=task-start]');
    await page.waitForSelector('[data-testid=task-detail] h1 [data-status=in_progress]');
    await page.selectOption('[data-testid=finding-kind]', 'record_keeping');
    await page.fill('[data-testid=finding-description]', '库存台账缺少 2013 年 9 月的出库记录');
    await page.fill('[data-testid=finding-penalty]', '12,345.67');
    await page.click('[data-testid=finding-submit]');
    await page.waitForSelector('[data-testid=task-detail] h1 [data-status=findings_recorded]');
    expect(await page.textContent('[data-testid=finding-row]')).toContain('12,345.67');
    // An attachment: uploaded, listed with its SHA-256, downloadable.
    const note = join(SHOTS, 'inspection-note.txt');
    writeFileSync(note, '现场检查笔录：库存台账缺页。\n');
    await page.setInputFiles('[data-testid=attachment-file]', note);
    await page.click('[data-testid=attachment-submit]');
    await page.waitForSelector('[data-testid=attachment-row]');
    expect(await page.textContent('[data-testid=attachment-row]')).toContain('inspection-note.txt');
    expect(await page.getAttribute('[data-testid=attachment-row] a', 'href')).toMatch(
      /^\/api\/tasks\/\d+\/attachments\/\d+$/,
    );
    const taskUrl = page.url();
    await page.waitForLoadState('networkidle');
    await snap('22-task');

    // An override onto the black list from a grey-listed enterprise's dossier: it waits for a
    // second person, and the administrator's own approval is refused with the server's reason.
    await go('/lists/grey');
    await page.locator('[data-testid=enterprise-row]').first().click();
    await page.waitForSelector('[data-testid=dossier]');
    expect(await page.getAttribute('[data-testid=dossier-report-html]', 'href')).toMatch(
      /^\/api\/reports\/dossiers\/[0-9A-Z]+\?format=html/,
    );
    await page.click('[data-testid=dossier-create-override]');
    await page.waitForSelector('[data-testid=override-current]');
    const greyTaxId = await page.inputValue('[data-testid=override-tax-id]');
    expect(await page.textContent('[data-testid=override-current]')).toContain('需第二人批准');
    await page.selectOption('[data-testid=override-list]', 'black');
    await page.fill('[data-testid=override-reason]', '现场核查发现账外销售，证据已附');
    await page.click('[data-testid=override-submit]');
    expect(await textOnce('[data-testid=override-created]', '待批准')).toContain('待批准');
    const pending = page.locator('[data-testid=pending-overrides] [data-testid=override-row]', {
      hasText: greyTaxId,
    });
    await pending.waitFor();
    await page.click('[data-testid=pending-overrides] [data-testid=override-approve]');
    expect(
      await textOnce('[data-testid=pending-overrides] [data-testid=error-detail]', '四眼原则'),
    ).toContain('另一名用户');
    // Chromium logs every 4xx answer as a console error: this refusal is the one expected (and
    // only this one); any other error still fails the test.
    const refused = errors.filter((e) => /403 \(Forbidden\).*\/api\/overrides\/\d+\/approve/.test(e));
    expect(refused).toHaveLength(1);
    errors.splice(errors.indexOf(refused[0] ?? ''), 1);
    await page.waitForLoadState('networkidle');
    await snap('23-governance-overrides');

    // A publication of the latest run's lists, with its downloads.
    await page.click('[data-testid=governance-tab-publications]');
    await page.click('[data-testid=publish-submit]');
    await page.waitForSelector('[data-testid=publication-row]');
    expect(
      await page
        .locator('[data-testid=publication-row] a[href*="/export.xlsx"]')
        .first()
        .getAttribute('href'),
    ).toMatch(/^\/api\/publications\/\d+\/export\.xlsx\?lang=zh$/);
    await snap('24-governance-publications');

    // The audit log holds what was done, and its chain verifies.
    await go('/audit');
    await page.waitForSelector('[data-testid=audit-row]');
    // Newest first: the latest actions on the first page, older ones by area.
    const log = (await page.textContent('[data-testid=audit-table]')) ?? '';
    for (const action of ['发布名单', '申请调整名单', '任务状态变更', '记录检查结果'])
      expect(log).toContain(action);
    await page.selectOption('[data-testid=audit-area]', 'registration');
    expect(await textOnce('[data-testid=audit-table]', '核实登记')).toContain('企业登记');
    await page.selectOption('[data-testid=audit-area]', 'campaign');
    await textOnce('[data-testid=audit-table]', '建立专项行动');
    await page.click('[data-testid=audit-verify-run]');
    expect(await textOnce('[data-testid=audit-verify-result]', '哈希链完整')).toMatch(/已核对 [\d,]+ 条记录/);
    await snap('25-audit');

    // English: nothing left untranslated on the new screens.
    await useLang('en');
    const screens: [string, string, string][] = [
      ['/campaigns', '[data-testid=campaign-row]', '26-en-campaigns'],
      [new URL(taskUrl).pathname, '[data-testid=finding-row]', '27-en-task'],
      ['/tasks', '[data-testid=task-row]', '28-en-tasks'],
      ['/governance', '[data-testid=pending-overrides] [data-testid=override-row]', '29-en-governance'],
      ['/governance?tab=publications', '[data-testid=publication-row]', '30-en-publications'],
      ['/governance?tab=appeals', '[data-testid=appeal-form] form', '31-en-appeals'],
      ['/audit', '[data-testid=audit-row]', '32-en-audit'],
    ];
    for (const [path, ready, name] of screens) {
      await go(path);
      await page.waitForSelector(ready);
      await page.waitForLoadState('networkidle');
      await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; })`);
      const left = await untranslatedText(page);
      expect(left, `${path}:\n${left.join('\n')}`).toEqual([]);
      await snap(name);
    }
    // The campaign, with a registration form open.
    await go('/campaigns');
    await page.locator('[data-testid=campaign-row]').first().click();
    await page.waitForSelector('[data-testid=progress-chart][data-ready=true]');
    await page
      .locator(`[data-testid=registration-row][data-tax-id="${taxId}"] [data-testid=registration-open]`)
      .click();
    await page.waitForSelector('[data-testid=registration-save]');
    await page.waitForLoadState('networkidle');
    await page.evaluate(`document.querySelectorAll('details').forEach((d) => { d.open = true; })`);
    const left = await untranslatedText(page);
    expect(left, `campaign:\n${left.join('\n')}`).toEqual([]);
    await snap('33-en-campaign');
    await useLang('zh');
  });
});
