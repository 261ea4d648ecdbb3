// Small behaviours of the pages; every page works without them.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // A select in a filter form applies the filter at once.
  document.querySelectorAll("form.filter select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
