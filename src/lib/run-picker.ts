/**
 * The comparison picker of /runs/compare/ (browser code, loaded by
 * src/components/RunPicker.astro): the reader picks two runs; a pair with a
 * page of its own opens it, any other pair is compared here, from the two run
 * files the site serves (/data/runs/<id>.json), with the build's own code
 * (src/lib/run-comparison.ts: the same figures, intervals and ratios as a
 * rendered page). Everything the page writes comes from the build in the
 * page's language (the form's data attributes) and is set as text: no HTML
 * is parsed, so the page's Content-Security-Policy holds.
 */
import type { Run } from '../schemas/run.ts';
import type { ComparisonRow } from './run-comparison.ts';
import type { MetricResult } from './metrics.ts';
import type { Unit } from './metric-ids.ts';

/** What the build gives the picker (RunPicker.astro): texts with {placeholders}, names, where pages and files are. */
export interface PickerData {
  intl: string;
  /** "a/b" → the path of a rendered comparison page. */
  pages: Record<string, string>;
  /** Run id → the path of its run file. */
  files: Record<string, string>;
  /** Run id → its label and its machine in words. */
  runs: Record<string, { label: string; machine: string }>;
  impls: Record<string, string>;
  /** "suite/test" → name. */
  tests: Record<string, string>;
  suites: Record<string, string>;
  units: Record<string, string>;
  text: Record<string, string>;
}

const fill = (template: string | undefined, values: Record<string, string>) => String(template ?? '').replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** Figures as the rendered pages write them (src/lib/page.ts fmt): the unit a duration reads best in. */
async function formatter(data: PickerData) {
  const { formatWithUnit, scaleDuration } = await import('./format.ts');
  return (value: number, unit: Unit) => {
    const s = scaleDuration(value, unit);
    return formatWithUnit(s.value, s.unit, data.intl, data.units[s.unit] ?? s.unit);
  };
}

const ratioText = (data: PickerData, x: number) =>
  `${new Intl.NumberFormat(data.intl, x < 10 ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { maximumFractionDigits: 0 }).format(x)}${data.units.times ?? '×'}`;

async function compareInPage(data: PickerData, aId: string, bId: string, out: HTMLElement, status: HTMLElement): Promise<void> {
  const [{ compareRuns, settingDifferences }, { suitesOfRun }, { absenceOf }, { Run: RunSchema }] = await Promise.all([
    import('./run-comparison.ts'),
    import('./run-suites.ts'),
    import('./run-absence.ts'),
    import('../schemas/run.ts'),
  ]);
  const fmt = await formatter(data);
  const load = async (id: string): Promise<Run> => {
    const res = await fetch(data.files[id]!);
    if (!res.ok) throw new Error(`${data.files[id]}: HTTP ${res.status}`);
    // The files were validated when the site was built; parsing fills the schema's defaults, as the build does.
    return RunSchema.parse(await res.json());
  };
  const [a, b] = await Promise.all([load(aId), load(bId)]);
  const la = data.runs[aId]?.label ?? aId;
  const lb = data.runs[bId]?.label ?? bId;
  const { formatList } = await import('./format.ts');
  const list = (items: string[]) => formatList(items, data.intl);
  const { rows: all } = compareRuns(a, b);
  const shared = Object.keys(data.suites).filter((s) => suitesOfRun(a).includes(s as never) && suitesOfRun(b).includes(s as never) && all.some((r) => r.suite === s));
  const rows = all.filter((r) => shared.includes(r.suite));
  const interval = (low: number | null, high: number | null, f: (x: number) => string) =>
    low !== null && high !== null ? fill(data.text.interval, { low: f(low), high: f(high) }) : String(data.text.noInterval);
  const missing = (m: MetricResult, run: Run, row: ComparisonRow): string => {
    if (m.kind !== 'missing') return '';
    const r = m.reason;
    if (r.code === 'cell_failed' || r.code === 'cell_skipped') return fill(data.text[r.code === 'cell_failed' ? 'cellFailed' : 'cellSkipped'], { detail: r.detail ?? String(data.text.noDetail) });
    if (r.code !== 'no_cell') return String(data.text.notMeasured);
    const why = absenceOf(run, row);
    switch (why.code) {
      case 'suite':
        return fill(data.text.absentSuite, { suite: data.suites[why.suite] ?? why.suite });
      case 'impl_option':
        return fill(data.text.absentImpl, { impls: list(why.impls.map((i) => data.impls[i] ?? i)) });
      case 'test_option':
        return fill(data.text.absentTest, { tests: list(why.tests.map((x) => data.tests[`${row.suite}/${x}`] ?? x)) });
      case 'no_impl':
        return fill(data.text.absentNoImpl, { impl: data.impls[why.impl] ?? why.impl });
      case 'not_measured':
        return String(data.text.notInRun);
    }
  };

  const section = el('section', { class: 'run-comparison', 'aria-labelledby': 'picked-title', 'data-compare-a': aId, 'data-compare-b': bId });
  section.append(el('h2', { id: 'picked-title' }, fill(data.text.pair, { a: la, b: lb })), el('p', {}, fill(data.text.compareNote, { b: lb })));
  if (rows.length === 0) section.append(el('p', { 'data-nothing-shared': '' }, String(data.text.nothingShared)));
  for (const suite of shared) {
    const head = (id: string, label: string, run: Run) =>
      el('th', { scope: 'col', 'data-run': id }, el('span', { class: 'run-head__label' }, label), el('span', { class: 'run-head__machine' }, data.runs[id]?.machine ?? run.machine.cpu_model), el('code', { class: 'run-head__id' }, id));
    const table = el(
      'table',
      { class: 'compare', 'data-suite': suite },
      el('caption', {}, data.suites[suite] ?? suite),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, String(data.text.cell)),
          head(aId, la, a),
          head(bId, lb, b),
          el('th', { scope: 'col' }, el('span', { class: 'run-head__label' }, fill(data.text.ratioHead, { a: la, b: lb })), el('span', { class: 'run-head__hint' }, fill(data.text.ratioHint, { b: lb }))),
        ),
      ),
    );
    const body = el('tbody');
    for (const row of rows.filter((r) => r.suite === suite)) {
      const side = (m: MetricResult, run: Run, label: string, key: string) =>
        el(
          'td',
          { class: 'num', 'data-side': key, 'data-label': label },
          ...(m.kind === 'value'
            ? [el('data', { value: String(m.value) }, fmt(m.value, m.unit)), el('span', { class: 'compare__interval' }, interval(m.low, m.high, (x) => fmt(x, m.unit)))]
            : [el('span', { class: 'metric--missing', 'data-missing': m.reason.code }, missing(m, run, row))]),
        );
      const ratio = el('td', { class: 'num', 'data-side': 'ratio', 'data-label': fill(data.text.ratioHead, { a: la, b: lb }) });
      if (row.ratio) {
        ratio.append(el('data', { value: String(row.ratio.value) }, ratioText(data, row.ratio.value)), el('span', { class: 'compare__interval' }, interval(row.ratio.low, row.ratio.high, (x) => ratioText(data, x))));
        if (row.verdict && row.verdict !== 'no_interval') ratio.append(el('span', { class: `compare__verdict compare__verdict--${row.verdict}` }, fill(data.text[`verdict_${row.verdict}`], { b: lb })));
      } else if (row.a.kind === 'value' && row.b.kind === 'value') {
        const zero = row.a.value === 0 || row.b.value === 0;
        ratio.append(el('span', { class: 'metric--missing', 'data-no-ratio': '' }, String(zero ? data.text.noRatioZero : data.text.noRatioOther)));
      } else {
        ratio.append(el('span', { class: 'compare__none' }, '–'));
      }
      // Not like for like (problem size, connections, load generator, workers): said beside the cell, as on a rendered page.
      const diffs = settingDifferences(a, b, row as Parameters<typeof settingDifferences>[2]);
      const unlike = diffs.length
        ? fill(data.text.unlike, { what: diffs.map((d) => fill(data.text[`unlike_${d.setting}`], { a: d.a ?? '–', b: d.b ?? '–' })).join('; ') })
        : null;
      const name = el('th', { scope: 'row' }, `${data.impls[row.impl] ?? row.impl} · ${data.tests[`${row.suite}/${row.test}`] ?? row.test}`);
      if (unlike) name.append(el('small', { class: 'compare__unlike', 'data-unlike': '' }, unlike));
      body.append(
        el(
          'tr',
          { 'data-cell': row.key, 'data-verdict': row.verdict ?? 'one' },
          name,
          side(row.a, a, la, 'a'),
          side(row.b, b, lb, 'b'),
          ratio,
        ),
      );
    }
    table.append(body);
    // Wide tables scroll in their own box on narrow screens (as on the rendered pages).
    section.append(el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': data.suites[suite] ?? suite }, table));
  }
  out.replaceChildren(section);
  status.textContent = fill(data.text.done, { pair: fill(data.text.pair, { a: la, b: lb }) });
}

/** Wires the form: shown only when this script runs (without it, the page lists the rendered comparisons). */
export function startPicker(form: HTMLFormElement): void {
  const data = JSON.parse(form.dataset.picker ?? '{}') as PickerData;
  const status = document.querySelector<HTMLElement>('[data-picker-status]')!;
  const out = document.querySelector<HTMLElement>('[data-picker-result]')!;
  const select = (name: string) => form.querySelector<HTMLSelectElement>(`select[name="${name}"]`)!;
  form.hidden = false;
  const params = new URLSearchParams(location.search);
  for (const name of ['a', 'b']) {
    const given = params.get(name);
    if (given && data.files[given]) select(name).value = given;
  }
  const run = async () => {
    const a = select('a').value;
    const b = select('b').value;
    if (a === b) {
      status.textContent = String(data.text.same);
      return;
    }
    const page = data.pages[`${a}/${b}`];
    if (page) {
      location.assign(page);
      return;
    }
    const url = new URL(location.href);
    url.searchParams.set('a', a);
    url.searchParams.set('b', b);
    history.replaceState(null, '', url);
    status.textContent = String(data.text.loading);
    try {
      await compareInPage(data, a, b, out, status);
    } catch (error) {
      console.warn('run picker:', error);
      status.textContent = String(data.text.error);
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });
  // A link to /runs/compare/?a=…&b=… (the "other way round" of a rendered page) compares right away.
  if (params.get('a') && params.get('b')) void run();
}
