// The query page: YASGUI on this service's endpoint, prefilled with the graph's prefixes
// and the example queries of queries/*.rq. Nothing is fetched from elsewhere.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var config = JSON.parse(document.getElementById("sparql-page-config").textContent);
  // Only local completion: the prefix, property and class completers query prefix.cc and LOV.
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  // /sparql#example=<name> opens a named query of queries/ (the queries page links here).
  var wanted = new URLSearchParams(window.location.hash.slice(1)).get("example");
  var chosen = config.examples.filter(function (example) { return example.name === wanted; })[0];
  Yasgui.Yasqe.defaults.value = chosen ? chosen.query : config.initial_query;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    copyEndpointOnNewTab: true,
    persistenceId: null,
  });
  document.querySelectorAll("#sparql-examples button").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = config.examples[Number(button.dataset.example)];
      yasgui.getTab().getYasqe().setValue(example.query);
    });
  });
});
