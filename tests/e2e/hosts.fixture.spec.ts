/**
 * A run made across hosts (--hosts, issue #15): the results page shows each
 * host with its role and machine card, and the network between load
 * generator and server. The synthetic fixture run "a" is laid out that way.
 */
import { test, expect } from '@playwright/test';

for (const lang of ['en', 'es'] as const) {
  test(`${lang}: the results page lists the hosts and the network between them`, async ({ page }) => {
    await page.goto(`/${lang}/results/`);
    const hosts = page.locator('[data-hosts]');
    await expect(hosts.locator('h2')).toHaveText(lang === 'en' ? 'Hosts' : 'Máquinas');
    await expect(hosts.locator('[data-host="app"]')).toContainText(lang === 'en' ? 'server' : 'servidor');
    await expect(hosts.locator('[data-host="load"]')).toContainText(lang === 'en' ? 'load generator' : 'generador de carga');
    await expect(hosts.locator('[data-host="load"]')).toContainText('wrk: wrk synthetic');
    await expect(hosts.locator('[data-network]')).toContainText(lang === 'en' ? 'From load to app: round trip 0.125\u00a0ms, bulk throughput 9.4\u00a0Gbit/s' : 'De load a app: ida y vuelta 0,125\u00a0ms, tasa de transferencia 9,4\u00a0Gbit/s');
  });
}
