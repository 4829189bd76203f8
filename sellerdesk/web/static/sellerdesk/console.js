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
  // Keyboard shortcuts (help on "?"): j/k move in the queue, Enter opens, x selects,
  // "/" searches, r writes a reply. Never while the agent is typing in a field.
  function inField(target) {
    // A control inside a closed dialog (the help's Close button keeping the focus) is nothing
    // the agent is typing in.
    if (target.closest && target.closest("dialog:not([open])")) return false;
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName);
  }

  function queueRows() {
    return Array.from(document.querySelectorAll("#queue-results tbody tr"));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var help = document.getElementById("shortcuts-help");
    if (help && help.open && event.key === "?") {
      help.close();
      if (help.contains(document.activeElement)) document.activeElement.blur();
      event.preventDefault();
      return;
    }
    if (inField(event.target)) return;
    if (event.key === "?") {
      if (help) {
        if (help.open) help.close(); else help.showModal();
        event.preventDefault();
      }
      return;
    }
    if (help && help.open) return;
    var rows = queueRows();
    var current = rows.findIndex(function (r) { return r.classList.contains("kb-current"); });
    if ((event.key === "j" || event.key === "k") && rows.length) {
      var next = event.key === "j" ? Math.min(current + 1, rows.length - 1) : Math.max(current - 1, 0);
      if (current >= 0) rows[current].classList.remove("kb-current");
      rows[next].classList.add("kb-current");
      rows[next].setAttribute("aria-current", "true");
      if (current >= 0 && current !== next) rows[current].removeAttribute("aria-current");
      rows[next].scrollIntoView({ block: "nearest" });
      event.preventDefault();
    } else if (event.key === "Enter" && current >= 0) {
      var link = rows[current].querySelector("a[href]");
      if (link) { link.click(); event.preventDefault(); }
    } else if (event.key === "x" && current >= 0) {
      var box = rows[current].querySelector('input[name="case"]');
      if (box) {
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
        event.preventDefault();
      }
    } else if (event.key === "/") {
      var search = document.getElementById("f-q");
      if (search) { search.focus(); event.preventDefault(); }
    } else if (event.key === "r") {
      var reply = document.getElementById("message-body");
      if (reply) { reply.focus(); event.preventDefault(); }
    }
  });
  // Closing the help (by "?", Escape or its button) must give the keys back to the page: the
  // dialog's Close button had the focus, and a focused button swallows j/k. Chromium does not
  // always hand the focus back by itself. ("close" does not bubble: listen while capturing.)
  document.addEventListener("close", function (event) {
    var dialog = event.target;
    if (dialog.id === "shortcuts-help" && dialog.contains(document.activeElement)) {
      document.activeElement.blur();
    }
  }, true);
  // The presence poll says "typing" when the reply box changed since the last poll.
  var typedAt = 0;
  document.addEventListener("input", function (event) {
    if (event.target.id === "message-body") typedAt = Date.now();
  });
  window.sellerdeskTyping = function () {
    var typing = typedAt && Date.now() - typedAt < 10000;
    return typing ? "1" : "";
  };
  document.addEventListener("DOMContentLoaded", syncBulk);
  document.addEventListener("htmx:afterSwap", syncBulk);
})();
