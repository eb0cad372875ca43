// Keep or Boot: the owner's dashboard and reports. Listeners only (no inline
// script), so a strict Content Security Policy works; every control also works
// without JavaScript.
(function () {
  "use strict";

  // <button data-print>: print the page (the print stylesheet lays it out for paper).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      // Charts are drawn as they come into view: draw them all before printing.
      var charts = window.keepOrBootCharts;
      if (!charts) {
        window.print();
        return;
      }
      charts.drawAll().then(
        function () {
          window.print();
        },
        function () {
          window.print();
        }
      );
    });
  });

  // <form data-autosubmit>: choosing another sort or filter shows it at once.
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    form.querySelectorAll("select").forEach(function (select) {
      select.addEventListener("change", function () {
        form.requestSubmit ? form.requestSubmit() : form.submit();
      });
    });
  });

  // <button data-restore="#id">: put the draft letter's original text back.
  document.querySelectorAll("[data-restore]").forEach(function (button) {
    var field = document.querySelector(button.getAttribute("data-restore"));
    if (!field) {
      return;
    }
    var original = field.value;
    button.hidden = false;
    button.addEventListener("click", function () {
      field.value = original;
      field.focus();
    });
  });
})();
