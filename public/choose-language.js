// Picks the reader's language for "/" (the page's meta refresh covers readers without JavaScript):
// the first of the browser's languages the site has, by its whole tag ("pt-BR"), else by its
// language alone ("pt-PT" finds "pt" or "pt-BR").
(function () {
  var script = document.currentScript;
  var locales = script.getAttribute('data-locales').split(',');
  var fallback = script.getAttribute('data-default');
  // The site may live under a sub-path (DIEZMIL_BASE): the languages are below it.
  var base = script.getAttribute('data-base') || '/';
  var lower = locales.map(function (l) { return l.toLowerCase(); });
  var primary = lower.map(function (l) { return l.split('-')[0]; });
  var wanted = (navigator.languages || [navigator.language || '']).map(function (l) { return String(l).toLowerCase(); });
  var match = null;
  wanted.some(function (l) {
    var i = lower.indexOf(l);
    if (i === -1) i = primary.indexOf(l.split('-')[0]);
    if (i !== -1) match = locales[i];
    return match !== null;
  });
  location.replace(base + (match || fallback) + '/');
})();
