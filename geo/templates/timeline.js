  {#- The dates of a series (dated.js): the date slider and Play, or, two lines side by side, the date a
      "geo:date" event asks for. Only zones whose faces changed are redrawn. #}
  (function (series) {
    var play = document.querySelector(".geo-play"), timer = null, drawn = [];
    var shownDate = document.getElementById("geo-date-shown"), note = document.querySelector("[data-geo-date-note]");
    var lineLabel = document.querySelector("[data-geo-line-label]");
    function showDate(d) {
      dated.faces(d).forEach(function (faces, z) {
        var key = faces.join(",");
        if (drawn[z] === key) { return; }
        drawn[z] = key;
        zones[z].setLatLngs(dated.outline(faces));
        var el = zones[z].getElement(); {#- a zone with no land on this date is left out of the tab order #}
        el.setAttribute("tabindex", faces.length ? "0" : "-1");
        el.setAttribute("aria-hidden", faces.length ? "false" : "true");
      });
      line.setLatLngs(dated.line(d));
      markSmall(series.small[d]);
      var at = dated.figures(d);
      areas = at.areas;
      people = at.people;
      largest = at.largest;
      document.querySelectorAll("[data-geo-area]").forEach(function (cell, z) { cell.textContent = km(areas[z]); });
      if (slider) {
        shownDate.textContent = series.dateText[d];
        slider.setAttribute("aria-valuetext", series.dateText[d]);
        note.textContent = series.notes[d];
        note.hidden = !series.notes[d];
      }
      if (lineLabel && series.lineText) { lineLabel.textContent = fill(series.lineText, "date", series.dateText[d]); }
      show(shown);
    }
    map.on("geo:date", function (e) { showDate(e.index); });
    if (!slider) { showDate(0); return; }
    afterShow.push(function () { {#- area per status in the legend #}
      var area = totals().area;
      document.querySelectorAll("[data-geo-total]").forEach(function (el) { el.textContent = km(area[+el.dataset.geoTotal] || 0) + " km²"; });
    });
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
    slider.value = dateIndex(asked.get("date") || data.layers[shown].scenario.date);
    showDate(+slider.value);
  })(data.series);
