// The SPARQL editor of `roadmap-kg serve` (/sparql): YASGUI on this server's endpoint, the
// release's prefixes in the first tab, the canned queries as examples. Its settings come from
// the page's JSON (#sparql-config), never from text pasted into a script.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("sparql-config").textContent);
  var endpoint = new URL("/sparql", window.location.href).href;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    tabName: "Запрос",
    // a fresh editor on every visit: no tabs or endpoints remembered from another release
    persistenceId: null,
    populateFromUrl: false,
    autofocus: false,
    endpointCatalogueOptions: {
      getData: function () {
        return [{ endpoint: endpoint }];
      },
    },
    yasqe: {
      value: config.query,
      // only the completers that need no network: `property` and `class` ask lov.linkeddata.es
      autocompleters: ["variables", "prefixes"],
    },
    yasr: { prefixes: config.prefixes },
  });
  window.roadmapYasgui = yasgui;

  var tab = yasgui.getTab();
  if (config.initial) {
    // /sparql?query=… in a browser: the query in the editor and its answer below it
    tab.setQuery(config.initial);
    tab.query();
  }

  var examples = document.getElementById("examples");
  examples.addEventListener("change", function () {
    var example = config.examples[examples.value];
    if (!example) return;
    var added = yasgui.addTab(true, {
      name: example.title,
      yasqe: { value: example.text },
      requestConfig: { endpoint: endpoint, method: "POST" },
    });
    added.setQuery(example.text);
    examples.value = "";
  });
})();
