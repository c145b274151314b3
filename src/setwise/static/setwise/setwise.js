// Setwise: a few small controllers; everything else is server-rendered HTML and htmx.
(function () {
  "use strict";
  function init(root) {
    root.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
      if (el.dataset.bound) return;
      el.dataset.bound = "1";
      el.addEventListener("change", function () { el.form.submit(); });
    });
    root.querySelectorAll("[data-nav-toggle]").forEach(function (btn) {
      if (btn.dataset.bound) return;
      btn.dataset.bound = "1";
      btn.addEventListener("click", function () {
        var nav = document.getElementById(btn.getAttribute("aria-controls"));
        var open = nav.classList.toggle("open");
        btn.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
    root.querySelectorAll("#board[data-move-url]").forEach(initBoard);
    if (root.id === "board" && root.dataset.moveUrl) initBoard(root);
  }

  // Stripboard: drag a strip within a day, to another day or to the boneyard; the server answers with the
  // re-rendered board (or the same board and an error when someone else changed it first).
  function initBoard(board) {
    if (board.dataset.bound || !window.Sortable) return;
    board.dataset.bound = "1";
    board.querySelectorAll("ol.strips").forEach(function (list) {
      window.Sortable.create(list, {
        group: "strips",
        animation: 120,
        filter: ".shot, form, input, button, a",
        preventOnFilter: false,
        onEnd: function (evt) {
          if (evt.from === evt.to && evt.oldIndex === evt.newIndex) return;
          window.htmx.ajax("POST", board.dataset.moveUrl, {
            target: "#board",
            swap: "outerHTML",
            values: {
              strip: evt.item.dataset.strip,
              day: evt.to.dataset.day,
              index: evt.newIndex,
              revision: board.dataset.revision
            }
          });
        }
      });
    });
  }

  document.addEventListener("setwise:error", function (e) {
    var box = document.getElementById("board-error");
    if (!box) return;
    box.textContent = e.detail.value;
    box.hidden = false;
  });
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
