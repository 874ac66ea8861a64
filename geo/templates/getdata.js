  {#- "Get the data": the table behind what the page shows (the scenario, date and edits shown) as CSV, one
      row per zone with the figures the page gives. A cell that a spreadsheet would read as a formula is
      quoted as text. #}
  (function (button) {
    if (!button) { return; }
    function cell(value) {
      var text = String(value);
      if (/^[=+\-@\t\r]/.test(text)) { text = "'" + text; }
      return '"' + text.replace(/"/g, '""') + '"';
    }
    button.addEventListener("click", function () {
      var scenario = data.layers[shown].scenario.id, date = slider ? data.series.dates[+slider.value] : data.date;
      var rows = [["zone", "zone_key", "status", "status_key", "area_km2", "people_in_towns", "line_date", "scenario", "edited"]];
      zones.forEach(function (_, z) {
        var s = statusOf(z);
        rows.push([data.names[z], data.zoneKeys[z], data.statusText[s], data.keys[s], Math.round(areas[z]), people[z], date,
          scenario, edits[shown][z] === undefined ? "no" : "yes"]);
      });
      download(rows.map(function (row) { return row.map(cell).join(","); }).join("\r\n") + "\r\n",
        scenario + (date ? "-" + date : "") + ".csv", "text/csv");
    });
  })(document.querySelector(".geo-get-data"));
