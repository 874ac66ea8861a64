{#- The dates of a series (geoDates): the date slider and Play, or, two lines side by side, the date a
    "geo:date" event asks for. Only zones whose faces changed are redrawn; then "geo:dated" gives the page
    the date's figures. #}
(function (geo, dates) {
  var map = geo.map, data = geo.data, series = data.series;
  var slider = document.getElementById("geo-date"), play = document.querySelector(".geo-play"), timer = null, drawn = [];
  var shownDate = document.getElementById("geo-date-shown"), note = document.querySelector("[data-geo-date-note]");
  var lineLabel = document.querySelector("[data-geo-line-label]");
  function showDate(d) {
    dates.faces(d).forEach(function (faces, z) {
      var key = faces.join(",");
      if (drawn[z] === key) { return; }
      drawn[z] = key;
      geo.zones[z].setLatLngs(dates.outline(faces));
      var el = geo.zones[z].getElement(); {#- a zone with no land on this date is left out of the tab order #}
      el.setAttribute("tabindex", faces.length ? "0" : "-1");
      el.setAttribute("aria-hidden", faces.length ? "false" : "true");
    });
    geo.line.setLatLngs(dates.line(d));
    geo.markSmall(series.small[d]);
    var at = dates.figures(d);
    document.querySelectorAll("[data-geo-area]").forEach(function (cell, z) { cell.textContent = geo.km(at.areas[z]); });
    if (slider) {
      slider.value = d; {#- a date another script asked for, too #}
      shownDate.textContent = series.dateText[d];
      slider.setAttribute("aria-valuetext", series.dateText[d]);
      note.textContent = series.notes[d];
      note.hidden = !series.notes[d];
    }
    if (lineLabel && series.lineText) { lineLabel.textContent = geo.fill(series.lineText, "date", series.dateText[d]); }
    map.fire("geo:dated", {index: d, figures: at});
  }
  map.on("geo:date", function (e) { showDate(e.index); });
  if (!slider) { showDate(0); return; }
  var step = document.querySelector("[data-geo-step]"); {#- a long series: play by a day, a week or a month #}
  function after(d) { {#- the first date at least a step after date d (an archive has gaps) #}
    if (!step) { return d + 1; }
    var when = new Date(series.dates[d] + "T00:00:00Z");
    if (step.value === "month") { when.setUTCMonth(when.getUTCMonth() + 1); } else { when.setUTCDate(when.getUTCDate() + (step.value === "week" ? 7 : 1)); }
    var wanted = when.toISOString().slice(0, 10);
    for (var k = d + 1; k < series.dates.length; k++) { if (series.dates[k] >= wanted) { return k; } }
    return series.dates.length - 1;
  }
  function stop() { clearInterval(timer); timer = null; play.textContent = series.play; }
  slider.addEventListener("input", function () { showDate(+slider.value); });
  play.addEventListener("click", function () {
    if (timer) { stop(); return; }
    if (+slider.value >= +slider.max) { slider.value = 0; showDate(0); }
    play.textContent = series.pause;
    timer = setInterval(function () {
      slider.value = after(+slider.value);
      showDate(+slider.value);
      if (+slider.value >= +slider.max) { stop(); }
    }, 900);
  });
  {#- It opens on the date a link asks for, else on its scenario's date; a date the series lacks gives the #}
  {#- nearest earlier one, and none earlier (or none at all) the latest. #}
  function dateIndex(wanted) {
    for (var d = series.dates.length - 1; d >= 0 && wanted; d--) { if (series.dates[d] <= wanted) { return d; } }
    return series.dates.length - 1;
  }
  slider.value = dateIndex(geo.asked.get("date") || data.layers[geo.view.scenario].scenario.date);
  showDate(+slider.value);
})(geoPage, geoDates);
