  {#- The date slider: each zone is drawn by the outline of the faces on its side of the line on the date
      shown (their arcs that no other of its faces shares, so that no inner edge is stroked), and the line of
      control from the arcs between a face held by Russian forces and one held by Ukraine (the rule of
      geo.topology.line_arcs). Only zones whose faces changed are redrawn. #}
  (function (series) {
    var play = document.querySelector(".geo-play"), timer = null;
    var shownDate = document.getElementById("geo-date-shown"), note = document.querySelector("[data-geo-date-note]");
    var lineLabel = document.querySelector("[data-geo-line-label]");
    function latLngs(points) { return points.map(function (p) { return L.latLng(p); }); }
    var ids = [], arcFaces = [], faceArcs = []; {#- every arc and the faces on either side; each face's arcs #}
    for (var a = 0; a < zoneShapes.count; a++) { ids.push(a); arcFaces.push([]); }
    var points = zoneShapes.lines(ids), arcs = points.map(latLngs);
    data.zones.polygons.forEach(function (polygons, f) {
      faceArcs[f] = [];
      polygons.forEach(function (rings) { rings.forEach(function (ids) { ids.forEach(function (id) {
        arcFaces[id < 0 ? ~id : id].push(f);
        faceArcs[f].push(id);
      }); }); });
    });
    function outline(faces) { {#- the rings around these faces: an arc two of them share runs once each way #}
      var net = {};
      faces.forEach(function (f) { faceArcs[f].forEach(function (id) {
        var a = id < 0 ? ~id : id;
        net[a] = (net[a] || 0) + (id < 0 ? -1 : 1);
      }); });
      var edge = [], starts = {};
      Object.keys(net).forEach(function (a) {
        if (!net[a]) { return; }
        var run = net[a] > 0 ? points[a] : points[a].slice().reverse();
        (starts[run[0].join()] = starts[run[0].join()] || []).push(edge.length);
        edge.push(run);
      });
      var used = [], rings = [];
      edge.forEach(function (_, first) {
        var ring = [], e = first;
        while (e !== undefined && !used[e]) { {#- arc after arc, each starting where the last one ends #}
          used[e] = true;
          ring = ring.concat(ring.length ? edge[e].slice(1) : edge[e]);
          e = (starts[edge[e][edge[e].length - 1].join()] || []).filter(function (k) { return !used[k]; })[0];
        }
        if (ring.length) { rings.push(latLngs(ring)); }
      });
      return rings;
    }
    var zoneOf = {}, drawn = [];
    series.zones.forEach(function (key, z) { zoneOf[key] = z; });
    {#- A face's side on each date, written in runs ("h412o354": 412 dates held, then 354 occupied) #}
    var sides = series.sides.map(function (runs) {
      return runs.replace(/([a-z])(\d+)/g, function (_, letter, count) { return letter.repeat(+count); });
    });
    function side(f, d) { var s = sides[f]; return s.length === 1 ? s : s.charAt(d); }

    function showDate(d) {
      var members = series.zones.map(function () { return []; });
      sides.forEach(function (_, f) { members[zoneOf[series.regions[f] + side(f, d)]].push(f); });
      members.forEach(function (faces, z) {
        var key = faces.join(",");
        if (drawn[z] === key) { return; }
        drawn[z] = key;
        zones[z].setLatLngs(outline(faces));
        var el = zones[z].getElement(); {#- a zone with no land on this date is left out of the tab order #}
        el.setAttribute("tabindex", faces.length ? "0" : "-1");
        el.setAttribute("aria-hidden", faces.length ? "false" : "true");
      });
      line.setLatLngs(arcs.filter(function (_, a) {
        var around = arcFaces[a].map(function (f) { return side(f, d); });
        return around.indexOf("o") >= 0 && around.indexOf("h") >= 0;
      }));
      markSmall(series.small[d]);
      areas = series.areas[d];
      people = series.people[d];
      largest = series.largest[d];
      document.querySelectorAll("[data-geo-area]").forEach(function (cell, z) { cell.textContent = km(areas[z]); });
      shownDate.textContent = series.dateText[d];
      slider.setAttribute("aria-valuetext", series.dateText[d]);
      if (lineLabel) { lineLabel.textContent = fill(series.lineText, "date", series.dateText[d]); }
      note.textContent = series.notes[d];
      note.hidden = !series.notes[d];
      show(shown);
    }
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
