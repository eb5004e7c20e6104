// A fact's "source" link opens the article it came from and highlights its sentence (works without this file
// too: the link's #anchor and the :target style do it where the browser opens the <details> by itself).
(function () {
  "use strict";
  function show(anchor) {
    var mark = document.getElementById(anchor);
    if (!mark) { return; }
    var details = mark.closest("details");
    if (details) { details.open = true; }
    document.querySelectorAll(".article-body mark.current").forEach(function (m) { m.classList.remove("current"); });
    mark.classList.add("current");
    mark.scrollIntoView({block: "center"});
    mark.focus({preventScroll: true});
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.src[data-anchor]");
    if (!link) { return; }
    event.preventDefault();
    history.replaceState(null, "", "#" + link.dataset.anchor);
    show(link.dataset.anchor);
  });
  if (location.hash.indexOf("#src-") === 0) { show(location.hash.slice(1)); }
})();
