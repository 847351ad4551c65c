// Picks the reader's language for "/" (the page's meta refresh covers readers without JavaScript).
(function () {
  var script = document.currentScript;
  var locales = script.getAttribute('data-locales').split(',');
  var fallback = script.getAttribute('data-default');
  // The site may live under a sub-path (DIEZMIL_BASE): the languages are below it.
  var base = script.getAttribute('data-base') || '/';
  var wanted = (navigator.languages || [navigator.language || '']).map(function (l) {
    return String(l).toLowerCase().split('-')[0];
  });
  var match = wanted.find(function (l) { return locales.indexOf(l) !== -1; }) || fallback;
  location.replace(base + match + '/');
})();
