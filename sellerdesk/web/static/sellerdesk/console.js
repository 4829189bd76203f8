// The agent console's small behaviours: select-all and the bulk bar on the queue.
// Delegated from the document, so they keep working after HTMX swaps the results.
(function () {
  "use strict";

  function boxes() {
    return Array.from(document.querySelectorAll('input[name="case"][form="bulk-form"]'));
  }

  function syncBulk() {
    var action = document.getElementById("bulk-action");
    if (!action) return;
    document.querySelectorAll("[data-bulk-for]").forEach(function (el) {
      el.hidden = el.getAttribute("data-bulk-for") !== action.value;
    });
    var chosen = boxes().filter(function (b) { return b.checked; }).length;
    var count = document.getElementById("bulk-count");
    if (count) count.textContent = chosen ? String(chosen) + " ✓" : "";
    var apply = document.getElementById("bulk-apply");
    if (apply) apply.disabled = chosen === 0;
    var all = document.getElementById("bulk-all");
    if (all) {
      all.checked = chosen > 0 && chosen === boxes().length;
      all.indeterminate = chosen > 0 && chosen < boxes().length;
    }
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.id === "bulk-all") {
      boxes().forEach(function (b) { b.checked = target.checked; });
    }
    if (target.id === "bulk-all" || target.id === "bulk-action" || target.name === "case") {
      syncBulk();
    }
  });
  // A saved view keeps the filters shown now (HTMX updates the address as they change).
  document.addEventListener("submit", function (event) {
    if (event.target.id === "save-view-form") {
      event.target.querySelector('input[name="query"]').value = location.search.replace(/^\?/, "");
    }
  });
  document.addEventListener("DOMContentLoaded", syncBulk);
  document.addEventListener("htmx:afterSwap", syncBulk);
})();
