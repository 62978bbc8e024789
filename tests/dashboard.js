// dashboard.js — drive the dashboard in Debian's Chromium with playwright-core
// (run by tests/dashboard.sh): Belarus and Russia on the map and in the dyad
// panel, an event row opening its article with highlights, pasted text coded
// live; screenshots at 1280x800 and at phone width.  No network but loopback.
'use strict';
const { chromium } = require('playwright-core');
const [url, shots] = process.argv.slice(2);
let failures = 0;
function check(what, ok, got) {
  if (ok) console.log('ok: ' + what);
  else { console.log('FAIL: ' + what + (got !== undefined ? ' (got ' + JSON.stringify(got) + ')' : '')); failures++; }
}
(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--proxy-server=http://127.0.0.1:9' /* anything not loopback fails */],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const external = [];
  page.on('request', (r) => { const u = new URL(r.url()); if (u.hostname !== '127.0.0.1' && u.protocol !== 'data:') external.push(r.url()); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForSelector('body[data-ready="1"]', { timeout: 20000 });

  const shaded = await page.$$eval('#map path.country.has-events', (ps) => ps.map((p) => p.getAttribute('data-name')));
  check('Belarus is shaded on the map', shaded.includes('Belarus'), shaded);
  check('Russia is shaded on the map', shaded.includes('Russia'), shaded);
  const dots = await page.$$eval('#map circle.event', (cs) => cs.map((c) => c.getAttribute('data-place')));
  check('events are drawn at their places', dots.length > 0, dots);

  const summary = await page.textContent('#dyad-summary');
  check('the dyad panel counts Belarus-Russia cooperation', /BLR \u2194 RUS: [1-9][0-9]* cooperation/.test(summary), summary);
  check('the dyad chart is drawn', (await page.$$('#dyad-chart canvas')).length > 0);
  check('the network shows BLR and RUS', (await page.$$eval('#network text', (t) => t.map((x) => x.textContent))).some((x) => x === 'BLR'));

  await page.screenshot({ path: shots + '/dashboard-1280x800.png', fullPage: false });
  const rows = await page.$$('#events tbody tr[data-article]');
  check('the event table has rows', rows.length > 0, rows.length);
  await rows[0].click();
  await page.waitForSelector('#article:not([hidden]) #article-text mark');
  const marks = await page.$$eval('#article-text mark', (ms) => ms.map((m) => m.className + ':' + m.textContent));
  check('the article shows a highlighted actor', marks.some((m) => m.startsWith('actor:')), marks.slice(0, 5));
  check('the article shows a highlighted verb', marks.some((m) => m.startsWith('verb:')), marks.slice(0, 5));
  check('the article shows a highlighted place', marks.some((m) => m.startsWith('place:')), marks.slice(0, 5));
  await page.screenshot({ path: shots + '/dashboard-article.png', fullPage: false });

  await page.fill('#code-form textarea', 'Russia condemned Ukraine on Monday. "We will respond," said Sergei Lavrov in Moscow.');
  await page.click('#code-form button');
  await page.waitForSelector('#code-events li.event', { timeout: 15000 });
  const coded = await page.$$eval('#code-events li', (l) => l.map((x) => x.textContent));
  check('pasted text is coded (RUS -> UKR 111)', coded.some((t) => /RUS \u2192 UKR\s+111/.test(t)), coded);
  check('the pasted text shows its place', (await page.$$eval('#code-text mark.place', (m) => m.map((x) => x.textContent))).includes('Moscow'));
  await page.screenshot({ path: shots + '/dashboard-code.png', fullPage: true });

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(url, { waitUntil: 'networkidle' });
  await phone.waitForSelector('body[data-ready="1"]', { timeout: 20000 });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check('no sideways scrolling at phone width', overflow <= 1, overflow);
  await phone.screenshot({ path: shots + '/dashboard-390x844.png', fullPage: true });

  check('nothing was fetched from outside loopback', external.length === 0, external);
  check('no script errors', errors.length === 0, errors);
  await browser.close();
  process.exit(failures ? 1 : 0);
})().catch((e) => { console.log('FAIL: ' + e); process.exit(1); });
