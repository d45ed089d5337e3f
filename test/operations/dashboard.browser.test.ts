import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEFAULT_INSTANCES } from '../../adapters';
import { SandboxFixture } from '../support/sandbox-fixture';
import { requireProgram } from '../support/tools';

/** Screenshots land here; CI keeps the folder as the run's artifact. */
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

/**
 * The operators' dashboard in a real headless Chromium (Debian's), against the sandbox: the
 * platforms simulated on loopback, the gateway over HTTP.
 */
describe('the dashboard in a browser', function () {
  this.timeout(60000);
  let f: SandboxFixture;
  let browser: Browser;
  let page: Page;

  before(async function () {
    const executablePath = requireProgram(this, 'chromium', 'chromium');
    f = await SandboxFixture.start({ citizens: 20, breaker: { volumeThreshold: 3, resetTimeoutMs: 60_000 } });
    browser = await chromium.launch({
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await f?.stop();
  });
  // Each test its own tab (the token is kept per tab), on platforms and breakers as they started.
  beforeEach(async () => {
    await f.restore();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterEach(() => page?.close());

  const card = (instance: string) => page.locator(`article.card[data-instance="${instance}"]`);
  const cardsShown = () => page.locator('article.card').nth(7).waitFor({ timeout: 10000 });
  /** The dashboard in a tab already signed in (the token kept in its session storage). */
  const openSignedIn = async () => {
    await page.addInitScript(`sessionStorage.setItem('operatorToken', ${JSON.stringify(f.gw.token(['operator'], 'operator-on-duty'))})`);
    await page.goto(`${f.gw.baseUrl}/dashboard`);
    await cardsShown();
  };

  it('signs in with an operator token and shows every instance as a card, with its state in words', async () => {
    await page.goto(`${f.gw.baseUrl}/dashboard`);
    await page.fill('#token', f.gw.token(['operator'], 'operator-on-duty'));
    await page.click('#signin-button');
    await cardsShown();
    assert.equal(await page.locator('article.card').count(), DEFAULT_INSTANCES.length);
    assert.match(await card('tokhaiyte').locator('.state').innerText(), /CLOSED/);
  });

  it('turns a card to open when its platform goes down, live, without a reload', async () => {
    await openSignedIn();
    await card('bluezone').and(page.locator('[data-state="closed"]')).waitFor({ timeout: 10000 });
    await f.takeDown('bluezone', await f.unifiedQrOf(f.citizenOn('tokhaiyte', 'bluezone')));
    await page.waitForSelector('article.card[data-instance="bluezone"][data-state="open"]', { timeout: 10000 });
    assert.match(await card('bluezone').locator('.state').innerText(), /OPEN/);
    assert.match(await card('bluezone').innerText(), /last error\s+connection/);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-bluezone-open.png'), fullPage: true });
  });

  it('closes the breaker from its card, and records who did it', async () => {
    await f.gw.gateway.fleet.apply('bluezone', 'open');
    await openSignedIn();
    await page.waitForSelector('article.card[data-instance="bluezone"][data-state="open"]', { timeout: 10000 });
    await card('bluezone').locator('button[data-action="close"]').click();
    await page.waitForSelector('article.card[data-instance="bluezone"][data-state="closed"]', { timeout: 10000 });
    assert.match(await page.locator('#status').innerText(), /bluezone: close done/);
    const audit = await f.gw.call('GET', '/v1/audit', { token: f.gw.token(['operator']) });
    assert.deepEqual([audit.body.entries[0].action, audit.body.entries[0].actor], ['breaker-close', 'operator-on-duty']);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it('shows on a card the scans that spared its platform a call: shared calls in flight', async () => {
    const citizen = f.citizenOn('tokhaiyte');
    const qr = await f.unifiedQrOf(citizen);
    // Slow enough that scans sent at once all find the first one's call still in flight.
    f.simulator('tokhaiyte').setFaults({ latencyMs: 200, jitterMs: 0 });
    await Promise.all(Array.from({ length: 6 }, () => f.scan(qr)));
    await openSignedIn();
    // The 15 minutes' count: the last minute's is the clock's minute, which may turn between the scans and the card.
    assert.match(
      await card('tokhaiyte').innerText(),
      /spared\s+last minute .* · 15 minutes \d+ fresh-cache, [1-9]\d* shared, 0 over budget/,
    );
    // Requests the platform refused stand apart from failures on both rows (none here).
    assert.match(await card('tokhaiyte').innerText(), /last minute\s+\d+ calls, \d+% failing, \d+ rejected, 0 refused, \d+ stale/);
    assert.match(await card('tokhaiyte').innerText(), /0 refused as bad requests/);
  });

  it('runs under its Content-Security-Policy with nothing refused, and will not be framed', async () => {
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    // A string: the page's own scope (the tests compile without the DOM's types).
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load: ${e.violatedDirective} ${e.blockedURI}`))",
    );
    await openSignedIn();
    assert.equal(await card('tokhaiyte').locator('button[data-action="close"]').isVisible(), true);
    const response = await page.goto(`${f.gw.baseUrl}/dashboard`);
    assert.match((await response?.headerValue('content-security-policy')) ?? '', /frame-ancestors 'none'/);
    assert.deepEqual(refused, []);
  });

  it('reads on a phone: the cards stack in one column', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await openSignedIn();
    const [first, second] = [await card('tokhaiyte').boundingBox(), await card('ncovi').boundingBox()];
    assert.ok(first && second && second.y > first.y && Math.abs(second.x - first.x) < 2);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone.png') });
  });
});
