(function () {
  var input = document.getElementById("q");
  var shown = document.getElementById("shown");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#events tbody tr"));
  function norm(text) { return text.toLowerCase().replace(/ё/g, "е"); }
  function apply() {
    var words = norm(input.value).split(/\s+/).filter(Boolean);
    var visible = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search") || "";
      var match = words.every(function (word) { return text.indexOf(word) >= 0; });
      row.hidden = !match;
      if (match) { visible += 1; }
    });
    shown.textContent = String(visible);
  }
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.defaultValue = initial; input.value = initial; }
  input.addEventListener("input", apply);
  apply();
})();
