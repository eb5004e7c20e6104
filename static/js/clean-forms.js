// Shareable addresses: a GET filter form sends only the fields that hold a value (no "&date_from=&year=").
// Without this file the form still works; the list page then redirects to the same address without empty fields.
(function () {
  "use strict";
  document.querySelectorAll("form[method=get]").forEach(function (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && !field.disabled && (field.value === "" || field.value == null)) {
          field.disabled = true;
          // Enabled again after the navigation starts, so the back button shows the form as it was.
          window.setTimeout(function () { field.disabled = false; }, 0);
        }
      });
    });
  });
})();
