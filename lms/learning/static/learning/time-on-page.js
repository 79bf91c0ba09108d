// Fills the "Mark as done" form's hidden field with the seconds this lesson has been open.
// Without JavaScript the server estimates it from when the lesson was last opened.
(function () {
  "use strict";
  var opened = Date.now();
  document.querySelectorAll("form[data-time-on-page]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.elements.seconds.value = String(Math.round((Date.now() - opened) / 1000));
    });
  });
})();
