/* Searchable pickers: each <select data-picker> (a long list: countries, partners, people,
   goals) becomes a Tom Select combobox the reader types into. Its texts come from the
   select's data-picker-* attributes, in the page's language. Without this script, or if
   the library did not load, the browser's own list stays and the form works the same. */
document.addEventListener("DOMContentLoaded", function () {
  if (typeof window.TomSelect !== "function") {
    return;
  }
  function message(className, text) {
    var element = document.createElement("div");
    element.className = className;
    element.textContent = text;
    return element;
  }
  document.querySelectorAll("select[data-picker]").forEach(function (select) {
    var texts = select.dataset;
    var multiple = select.multiple;
    var picker = new window.TomSelect(select, {
      plugins: multiple ? { remove_button: { title: texts.pickerRemove } } : {},
      // Every choice is offered: a country far down the alphabet must be found too.
      maxOptions: null,
      // The best match first; among equals, and before anything is typed, the form's
      // own order (countries in the language's alphabetical order).
      sortField: [{ field: "$score" }, { field: "$order" }],
      placeholder: texts.pickerPlaceholder,
      hidePlaceholder: false,
      closeAfterSelect: !multiple,
      allowEmptyOption: !select.required,
      render: {
        no_results: function () {
          return message("no-results", texts.pickerNoResults);
        },
      },
    });
    // The label now names the typed text box, the combobox a screen reader announces;
    // the select stays only to send the form, hidden from assistive technology so that
    // nobody meets the field twice. The box carries the field's help and error.
    select.setAttribute("aria-hidden", "true");
    var described = select.getAttribute("aria-describedby");
    if (described) {
      picker.control_input.setAttribute("aria-describedby", described);
    }
    if (select.getAttribute("aria-invalid")) {
      picker.control_input.setAttribute("aria-invalid", select.getAttribute("aria-invalid"));
    }
  });
});
