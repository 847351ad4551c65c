/**
 * Every built page of dist/ fits a 360-px screen, in both languages: the page
 * never scrolls sideways (wide tables scroll inside their own box, charts
 * scale). One browser page visits each built page once; the test lists every
 * page that overflows, with its width and the widest elements that stick out.
 */
import { test, expect } from '@playwright/test';
import { builtPages } from './pages.ts';

const WIDTH = 360;

test(`every page fits a ${WIDTH}-px screen, in both languages; wide tables scroll in a focusable box of their own`, async ({ page }) => {
  const pages = [...builtPages('dist', 'en'), ...builtPages('dist', 'es')];
  expect(pages.length).toBeGreaterThan(20);
  // One visit per page, well under a second each: the whole site in one test.
  test.setTimeout(Math.max(60_000, pages.length * 2_000));
  await page.setViewportSize({ width: WIDTH, height: 800 });
  const wide: string[] = [];
  for (const path of pages) {
    await page.goto(path, { waitUntil: 'load' });
    const report = await page.evaluate(() => {
      const viewport = document.documentElement.clientWidth;
      const width = document.documentElement.scrollWidth;
      // What sticks out: elements whose right edge passes the viewport, outside a box that scrolls on its own.
      const culprits = width > viewport
        ? [...document.querySelectorAll('main *, header *, footer *')]
            .filter((e) => e.getBoundingClientRect().right > viewport + 1 && !e.closest('.table-scroll, .chart__svg'))
            .slice(0, 3)
            .map((e) => `<${e.tagName.toLowerCase()}${e.className ? ` class="${String(e.className)}"` : ''}> ${Math.round(e.getBoundingClientRect().right)} px`)
        : [];
      // Every box that scrolls can be reached and scrolled with the keyboard.
      const unfocusable = [...document.querySelectorAll('.table-scroll')].filter((e) => e.scrollWidth > e.clientWidth && e.getAttribute('tabindex') !== '0').length;
      return { viewport, width, culprits, unfocusable };
    });
    if (report.width > report.viewport) wide.push(`${path}: ${report.width} px (${report.culprits.join('; ')})`);
    if (report.unfocusable) wide.push(`${path}: ${report.unfocusable} scrolling table box(es) not focusable`);
  }
  expect(wide, wide.join('\n')).toEqual([]);
});
