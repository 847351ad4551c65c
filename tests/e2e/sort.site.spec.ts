/**
 * Tables a reader can sort (issue 22): on the results page, a cells table and
 * a chart's data table sort by a figure's measured value (not its printed
 * text, which groups digits differently per language), both ways, with
 * aria-sort on the sorted header; unmeasured rows stay last.
 */
import { test, expect, type Locator } from '@playwright/test';

async function figures(table: Locator, column: number): Promise<Array<number | null>> {
  return table.locator('tbody tr').evaluateAll(
    (rows, col) =>
      rows.map((r) => {
        const v = (r as HTMLTableRowElement).cells[col]?.getAttribute('data-sort');
        return v === null || v === undefined ? null : Number(v);
      }),
    column,
  );
}

function isSorted(values: Array<number | null>, direction: 'ascending' | 'descending'): boolean {
  const measured = values.filter((v): v is number => v !== null);
  // Every unmeasured row after every measured one.
  const firstNull = values.indexOf(null);
  if (firstNull >= 0 && values.slice(firstNull).some((v) => v !== null)) return false;
  return measured.every((v, i) => i === 0 || (direction === 'ascending' ? measured[i - 1]! <= v : measured[i - 1]! >= v));
}

for (const lang of ['en', 'es'] as const) {
  test(`${lang}: a cells table and a chart's data table sort by measured value, both ways`, async ({ page }) => {
    await page.goto(`/${lang}/results/`);
    const cells = page.locator('table.cells[data-sort-ready]').first();
    await expect(cells).toBeVisible();
    const median = cells.locator('thead th').nth(2);
    const before = await figures(cells, 2);
    expect(before.filter((v) => v !== null).length).toBeGreaterThan(2);
    await median.locator('button.sort-button').click();
    await expect(median).toHaveAttribute('aria-sort', 'ascending');
    expect(isSorted(await figures(cells, 2), 'ascending')).toBe(true);
    await median.locator('button.sort-button').click();
    await expect(median).toHaveAttribute('aria-sort', 'descending');
    expect(isSorted(await figures(cells, 2), 'descending')).toBe(true);
    // The same rows, only moved.
    expect((await figures(cells, 2)).slice().sort()).toEqual(before.slice().sort());

    const details = page.locator('details.chart__data').first();
    await details.locator('summary').click();
    const data = details.locator('table[data-sort-ready]');
    const value = data.locator('thead th').nth(2);
    await value.locator('button.sort-button').click();
    await expect(value).toHaveAttribute('aria-sort', 'ascending');
    expect(isSorted(await figures(data, 2), 'ascending')).toBe(true);
    // Only one header of a table says it is sorted.
    await expect(data.locator('thead th[aria-sort]')).toHaveCount(1);
  });
}
