/* Samverkan's few behaviours, from a file: the Content Security Policy allows no inline
   script. Every page works without them. */
document.addEventListener("DOMContentLoaded", function () {
  // A form inside [data-progress="ID"] shows the element #ID while its upload is on its way.
  document.querySelectorAll("[data-progress]").forEach(function (box) {
    var indicator = document.getElementById(box.dataset.progress);
    box.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function () {
        if (indicator) {
          indicator.hidden = false;
        }
      });
    });
  });
  // A [data-print] button, hidden until this script shows it, prints the page.
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
});
