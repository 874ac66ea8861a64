{#- Two views side by side (geo render --compare): two scenarios on one line, or one scenario on two lines
    (a series of two dates, dated.js). B's zones in a pane of their own over A's, cut at a divider the
    reader drags or moves with the arrow keys (a range input, labelled); each side named on the map. Where
    the page is stacked (a phone, an article's frame) the divider gives way to a switcher (the scenarios',
    or the lines' that asks timeline.js for a date by "geo:date"), and one side is shown at a time. #}
(function (geo, compare) {
  if (!compare) { return; }
  var map = geo.map, data = geo.data, dates = compare.lines ? geoDates : null; {#- one scenario on two lines: a series #}
  var root = document.documentElement, container = map.getContainer(), on = null;
  var pane = map.createPane("geo-right");
  pane.style.zIndex = 401; {#- just over A's zones and line (400) #}
  var renderer = L.svg({pane: "geo-right"}), right = {pane: "geo-right", renderer: renderer};
  var faces = dates ? dates.faces(1) : null, at = dates ? dates.figures(1) : undefined;
  data.names.forEach(function (_, i) { {#- on B: its scenario's status, or the one scenario on B's line #}
    var status = dates ? geo.statusOf(i, 0) : data.layers[1].zones[i][0];
    var shape = dates ? dates.outline(faces[i]) : geo.shapes.polygon(i);
    var path = L.polygon(shape, L.extend({}, data.styles[status], right)).addTo(map);
    path.bindTooltip(function () { return geo.tip(i, dates ? 0 : 1, at); }, {sticky: true, className: "geo-tip"});
  });
  var front = dates && L.polyline(dates.line(1), L.extend({}, geo.line.options, right)).addTo(map);
  document.querySelectorAll("input[name=geo-line]").forEach(function (input) { input.addEventListener("change", function () { map.fire("geo:date", {index: +input.value}); }); });
  var divider = L.DomUtil.create("input", "geo-divider", container), rule = L.DomUtil.create("div", "geo-divider-rule", container);
  divider.type = "range";
  divider.min = 0;
  divider.max = 1000;
  divider.value = 500;
  if (front && front.getLatLngs().length && map.getSize().x) { {#- two lines: the cut opens across B's front #}
    var x = map.latLngToContainerPoint(front.getBounds().getCenter()).x / map.getSize().x;
    divider.value = Math.min(900, Math.max(100, Math.round(1000 * x)));
  }
  divider.setAttribute("aria-label", compare.divider);
  L.DomEvent.disableClickPropagation(divider);
  L.DomEvent.on(divider, "pointerdown touchstart mousedown", L.DomEvent.stopPropagation); {#- drags the divider, not the map #}
  var sides = ["A", "B"].map(function (letter, k) {
    var el = L.DomUtil.create("div", "geo-side", container);
    el.textContent = letter + ": " + compare.titles[k];
    return el;
  });
  function cut() { {#- B's pane shows right of the divider only (its clip is in the map pane's pixels) #}
    var size = map.getSize(), x = Math.round(size.x * divider.value / 1000);
    var nw = map.containerPointToLayerPoint([0, 0]), se = map.containerPointToLayerPoint(size);
    pane.style.clip = "rect(" + [nw.y, se.x, se.y, nw.x + x].join("px, ") + "px)";
    rule.style.left = x + "px";
    sides[0].style.right = (size.x - x + 10) + "px";
    sides[1].style.left = (x + 10) + "px";
  }
  function mode() {
    var wanted = !root.classList.contains("geo-stacked");
    if (wanted === on) { return; }
    on = wanted;
    root.classList.toggle("geo-comparing", on);
    pane.style.display = on ? "" : "none";
    divider.hidden = rule.hidden = sides[0].hidden = sides[1].hidden = !on;
    var first = document.querySelector("input[name=geo-scenario][value='0'], input[name=geo-line][value='0']");
    if (on && first && !first.checked) { first.click(); } else { geo.show(geo.view.scenario); } {#- A on the left #}
    cut();
  }
  if (!dates) { map.on("geo:shown", function () { {#- side by side, the legend and the title hold both scenarios' #}
    var used = {};
    data.layers[1].zones.forEach(function (z) { used[z[0]] = true; });
    if (on) { document.querySelectorAll("[data-geo-status]").forEach(function (el) { if (used[+el.dataset.geoStatus]) { el.hidden = false; } }); }
    document.querySelectorAll(".geo-title [data-geo-layer='1']").forEach(function (el) { el.hidden = !on && geo.view.scenario !== 1; });
  }); }
  document.querySelectorAll("[data-geo-cell-b]").forEach(function (cell, i) { cell.textContent = data.statusText[data.layers[1].zones[i][0]]; });
  divider.addEventListener("input", cut);
  map.on("move zoom resize viewreset", cut);
  window.addEventListener("resize", mode);
  mode();
})(geoPage, geoPage.data.compare);
