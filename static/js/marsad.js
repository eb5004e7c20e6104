// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function fold(text) {
    // The same folding as the server's search: hamza forms, ta marbuta, alef maqsura, diacritics, tatweel.
    return text.toLowerCase()
      .replace(/[\u064B-\u065F\u0670\u0640]/g, "")
      .replace(/[أإآٱ]/g, "ا").replace(/ة/g, "ه").replace(/ى/g, "ي")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  document.querySelectorAll("input.facet-filter").forEach(function (input) {
    var list = document.getElementById(input.dataset.target);
    if (!list) { return; }
    input.hidden = false;
    list.classList.add("scrolling");
    input.addEventListener("input", function () {
      var needle = fold(input.value.trim());
      list.querySelectorAll("li").forEach(function (item) {
        item.hidden = needle !== "" && fold(item.textContent).indexOf(needle) === -1;
      });
    });
  });
})();
