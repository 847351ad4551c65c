// @ts-check
/**
 * The search page's client (src/pages/[lang]/search.astro): queries this
 * language's Pagefind index and lists the results above the static index of
 * the site, which stays for readers without JavaScript. Results are built with
 * DOM APIs and styled by the site's stylesheet: nothing inline, so the page's
 * Content-Security-Policy holds. Pagefind loads on first use and picks the
 * index of the page's <html lang> itself.
 */
const form = /** @type {HTMLFormElement | null} */ (document.querySelector('form[data-search]'));
const input = /** @type {HTMLInputElement | null} */ (form?.querySelector('input[name="q"]') ?? null);
const status = document.querySelector('[data-search-status]');
const section = /** @type {HTMLElement | null} */ (document.querySelector('[data-search-results]'));
const list = section?.querySelector('ol') ?? null;
const note = /** @type {HTMLElement | null} */ (document.querySelector('[data-search-nojs]'));

/** Most results shown (the count announced is the total). */
const LIMIT = 20;
/** Sections listed under a result. */
const SECTIONS = 3;

/**
 * @typedef {{ title?: string, url: string, excerpt: string, anchor?: { element?: string } }} SubResult
 * @typedef {{ url: string, excerpt: string, meta: Record<string, string>, sub_results?: SubResult[] }} ResultData
 * @typedef {{ results: { data: () => Promise<ResultData> }[] }} SearchResponse
 * @typedef {{ options: (o: object) => Promise<void>, init: () => Promise<void>, search: (q: string) => Promise<SearchResponse | null> }} Pagefind
 */

if (form && input && status && section && list && note) {
  const data = form.dataset;
  const plural = new Intl.PluralRules(data.intl);
  const number = new Intl.NumberFormat(data.intl);
  /** @type {Promise<Pagefind> | null} */
  let loading = null;
  let latest = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  /** @returns {Promise<Pagefind>} */
  const load = () => {
    loading ??= import(/* @vite-ignore */ String(data.pagefind)).then(async (/** @type {Pagefind} */ pagefind) => {
      // Pagefind indexes dist/ from its root: under a base path (DIEZMIL_BASE) its result URLs need the base in front.
      await pagefind.options({ excerptLength: 24, baseUrl: String(data.base || '/') });
      await pagefind.init();
      return pagefind;
    });
    return loading;
  };

  /** @param {string | undefined} template @param {Record<string, string>} values */
  const fill = (template, values) => String(template).replace(/\{(\w+)\}/g, (m, k) => values[k] ?? m);

  /** Pagefind's excerpts are HTML with <mark> around matches: rebuilt as text nodes and <mark>s, nothing else. */
  const excerpt = (/** @type {string} */ html) => {
    const p = document.createElement('p');
    p.className = 'search-result__excerpt';
    const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body;
    for (const node of parsed.childNodes) {
      if (node.nodeName === 'MARK') {
        const mark = document.createElement('mark');
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(document.createTextNode(node.textContent ?? ''));
      }
    }
    return p;
  };

  const link = (/** @type {string} */ href, /** @type {string} */ text) => {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    return a;
  };

  /** @param {ResultData} r */
  const item = (r) => {
    const li = document.createElement('li');
    li.className = 'search-result';
    const title = link(r.url, r.meta.title || r.url);
    title.className = 'search-result__title';
    li.append(title, excerpt(r.excerpt));
    const sections = (r.sub_results ?? []).filter((s) => s.url.includes('#') && s.title && s.title !== r.meta.title).slice(0, SECTIONS);
    if (sections.length) {
      const ul = document.createElement('ul');
      ul.className = 'search-result__sections';
      for (const s of sections) {
        const sli = document.createElement('li');
        sli.append(link(s.url, String(s.title)));
        ul.append(sli);
      }
      li.append(ul);
    }
    return li;
  };

  const show = (/** @type {string} */ message) => {
    status.textContent = message;
  };

  const run = async (/** @type {string} */ raw) => {
    const query = raw.trim();
    const id = ++latest;
    if (!query) {
      list.replaceChildren();
      section.hidden = true;
      show('');
      return;
    }
    try {
      const pagefind = await load();
      const response = await pagefind.search(query);
      if (!response || id !== latest) return; // a newer query is on its way
      const results = await Promise.all(response.results.slice(0, LIMIT).map((r) => r.data()));
      if (id !== latest) return;
      list.replaceChildren(...results.map(item));
      section.hidden = results.length === 0;
      const count = response.results.length;
      const template = count === 0 ? data.noResults : plural.select(count) === 'one' ? data.resultsOne : data.resultsOther;
      show(fill(template, { count: number.format(count), query }));
    } catch (error) {
      if (id !== latest) return;
      console.warn('search: could not load the index', error);
      section.hidden = true;
      show(String(data.error));
    }
  };

  const syncUrl = (/** @type {string} */ query) => {
    const url = new URL(location.href);
    if (query.trim()) url.searchParams.set('q', query.trim());
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
  };

  // Ready: the note about JavaScript gives way to live results.
  note.hidden = true;
  input.addEventListener('focus', () => void load().catch(() => {}), { once: true });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      syncUrl(input.value);
      void run(input.value);
    }, 150);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    syncUrl(input.value);
    void run(input.value);
  });

  // /search/?q=… (a submitted form, a shared link) searches right away.
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    void run(initial);
  }
}

export {}; // an ES module (loaded with type="module"): its names stay out of the global scope
