{#- "Get the data": the table behind what the page shows (the scenario, date and edits shown; two lines side
    by side, both) as CSV, one row per zone and date with the figures the page gives. A cell that a
    spreadsheet would read as a formula is quoted as text. #}
(function (geo, button) {
  if (!button) { return; }
  var data = geo.data;
  function cell(value) {
    var text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
    return '"' + text.replace(/"/g, '""') + '"';
  }
  button.addEventListener("click", function () {
    var shown = geo.view, scenario = data.layers[shown.scenario].scenario.id;
    var date = geo.dateShown() || data.date, edits = shown.edits[shown.scenario];
    var views = [{date: date, areas: shown.figures.areas, people: shown.figures.people}];
    if (data.compare && data.compare.lines) {
      views = [0, 1].map(function (d) { return L.extend({date: data.series.dates[d]}, geoDates.figures(d)); });
    }
    var rows = [["zone", "zone_key", "status", "status_key", "area_km2", "people_in_towns", "line_date", "scenario", "edited"]];
    views.forEach(function (view) { geo.zones.forEach(function (_, z) {
      var s = geo.statusOf(z);
      rows.push([data.names[z], data.zoneKeys[z], data.statusText[s], data.keys[s], Math.round(view.areas[z]), view.people[z],
        view.date, scenario, edits[z] === undefined ? "no" : "yes"]);
    }); });
    var dates = views.map(function (view) { return view.date; }).filter(Boolean).join("_");
    geo.download(rows.map(function (row) { return row.map(cell).join(","); }).join("\r\n") + "\r\n",
      scenario + (dates ? "-" + dates : "") + ".csv", "text/csv");
  });
})(geoPage, document.querySelector(".geo-get-data"));
