// The candidate picker's search (templates/cadres/candidate_picker.html): narrows the rows by name, code, unit or
// job as one types, accents and case ignored ("Nguyen" finds "Nguyễn"); the rows carry their folded text.
(function () {
  if (window.cfPickerReady) return;
  window.cfPickerReady = true;
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().trim();
  }
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-cf-picker-search]")) return;
    var picker = input.closest("[data-cf-picker]");
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    picker.querySelectorAll("tr.cf-candidate").forEach(function (row) {
      var text = row.getAttribute("data-search");
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    picker.querySelector(".cf-picker__none").hidden = shown !== 0;
  });
  // Enter in the search box must not submit the step
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("[data-cf-picker-search]")) {
      event.preventDefault();
    }
  });
})();
