{#- The page's core: the zones and the line of control, decoded from quantised topologies, and what is shown
    (the scenario, the reader's edits, the date's figures). It returns the page that every behaviour script
    starts from; they change what is shown through its events, never its variables:
      "geo:edit" {edits}          a behaviour asks: these edits (zone -> status) for the scenario shown;
      "geo:dated" {index, figures} the zones now hold date index's faces, with these areas and people;
      "geo:shown" {index}         fired after every restyle (scenario, edit or date);
      "geo:scenario" {index}      fired when another scenario is shown;
      "geo:date" {index}          a behaviour asks for a date of the series (timeline.js draws it);
      "geo:markers"               the markers were drawn (labels keep clear of them).
    Text in the data is set as text, never as markup (only the credits, Leaflet's attribution, are escaped HTML).
    Each script is an element of its own (webmap.SCRIPTS), so that one failing leaves the others working. -#}
var geoPage = (function (map, data) {
  var decoded = []; {#- [topology, its decoder]: each topology is decoded once, whoever asks #}
  function decoder(t) {
    for (var k = 0; k < decoded.length; k++) { if (decoded[k][0] === t) { return decoded[k][1]; } }
    var arcs = t.arcs.map(function (a) {
      var x = 0, y = 0, points = [];
      for (var i = 0; i < a.length; i += 2) {
        x += a[i]; y += a[i + 1];
        points.push([t.o[1] + y * t.k, t.o[0] + x * t.k]);
      }
      return points;
    });
    function arc(id) { return id < 0 ? arcs[~id].slice().reverse() : arcs[id]; }
    function ring(ids) {
      return ids.reduce(function (points, id) { return points.concat(points.length ? arc(id).slice(1) : arc(id)); }, []);
    }
    decoded.push([t, {
      polygon: function (i) { return t.polygons[i].map(function (p) { return p.map(ring); }); },
      lines: function (ids) { return ids.map(arc); },
      count: arcs.length
    }]);
    return decoded[decoded.length - 1][1];
  }

  {#- Credits and panels first, then the fit, so that nothing is drawn twice. Over the map (desktop), the #}
  {#- fit keeps Ukraine clear of the panels: the legend's width on the left, the title above, the credits below. #}
  map.attributionControl.setPrefix(false);
  var credited = data.credits[0]; {#- the scenario shown's sources; the switcher swaps them #}
  map.attributionControl.addAttribution(credited);
  var stacked = document.documentElement.classList.contains("geo-stacked");
  var legend = document.querySelector(".geo-legend"), title = document.querySelector(".geo-title");
  if (!stacked && legend && window.innerHeight <= 600) { legend.open = false; } {#- a short window: folded #}
  {#- Ukraine's extent in the map's conic, computed when the data was (a conic's parallels curve: neither a
      lon/lat box nor Leaflet's fitBounds, which centres on its south-west and north-east corners, gives
      it); over Web Mercator tiles, the lon/lat box. #}
  var zoneShapes = decoder(data.zones), crs = map.options.crs, corners = L.latLngBounds(data.bounds);
  var e = [crs.projection.project(corners.getSouthWest()), crs.projection.project(corners.getNorthEast())];
  if (data.extent && crs.code === "geo:conic") { e = [L.point(data.extent[0], data.extent[1]), L.point(data.extent[2], data.extent[3])]; }
  corners = L.latLngBounds(crs.projection.unproject(L.point(e[0].x, e[1].y)), crs.projection.unproject(L.point(e[1].x, e[0].y)));  {#- top-left, bottom-right: the zoom's #}
  var middle = crs.projection.unproject(e[0].add(e[1]).divideBy(2)), inset = 0;
  function fit(right) { {#- right: the width a panel on the right takes (the editor's), else 0 #}
    inset = right;
    var topLeft = [4, 8], bottomRight = [4, 8]; {#- stacked: the map's width is Ukraine's #}
    if (!stacked) {
      topLeft = [legend ? legend.offsetLeft + legend.offsetWidth + 16 : 24, title ? title.offsetTop + title.offsetHeight + 12 : 24];
      bottomRight = [24 + right, map.attributionControl.getContainer().offsetHeight + 12];
    }
    {#- Panels taller or wider than the map (a phone on its side, a long description, many scenarios) leave #}
    {#- no room beside them: Ukraine is then fitted under them, never to an impossible (NaN) view. #}
    var size = map.getSize();
    if (size.x - topLeft[0] - bottomRight[0] < size.x / 3) { topLeft[0] = bottomRight[0] = Math.min(24, size.x / 8); }
    if (size.y - topLeft[1] - bottomRight[1] < size.y / 3) { topLeft[1] = bottomRight[1] = Math.min(24, size.y / 8); }
    if (size.x > 0 && size.y > 0) { {#- a map with no size yet keeps its first view #}
      var zoom = map.getBoundsZoom(corners, false, L.point(topLeft).add(bottomRight));
      var offset = L.point(bottomRight).subtract(L.point(topLeft)).divideBy(2);
      map.setView(map.unproject(map.project(middle, zoom).add(offset), zoom), zoom, {animate: false});
    }
  }
  fit(0);
  if (data.tiles) {
    L.tileLayer(data.tiles.url, {attribution: data.tiles.attribution, maxZoom: data.tiles.maxZoom}).addTo(map);
  }

  {#- What is shown: the scenario, per scenario the reader's edits (zone -> status chosen), and the date's #}
  {#- figures (of the series' date drawn, else the map's one date). #}
  var view = {
    scenario: 0,
    date: null,
    edits: data.layers.map(function () { return {}; }),
    figures: {areas: data.areas, people: data.people, largest: data.tip.largest}
  };
  var current = [];
  function statusOf(i, n) { {#- under scenario n (the one shown), with the reader's edit if any #}
    n = n === undefined ? view.scenario : n;
    var edit = view.edits[n][i];
    return edit === undefined ? data.layers[n].zones[i][0] : edit;
  }
  function totals() { {#- area and town population per status, for the scenario, edits and date shown #}
    var area = {}, count = {}, at = view.figures;
    zones.forEach(function (_, z) { var s = statusOf(z); area[s] = (area[s] || 0) + at.areas[z]; count[s] = (count[s] || 0) + at.people[z]; });
    return {area: area, people: count};
  }
  function km(value, digits) { {#- with the page language's separators, as geo.locale.number writes them #}
    var parts = Math.abs(value).toFixed(digits || 0).split(".");
    return (value < 0 ? "-" : "") + parts[0].replace(/\B(?=(\d{3})+$)/g, data.format.group) + (parts[1] ? data.format.decimal + parts[1] : "");
  }
  function fill(text, key, value) { return text.split("{" + key + "}").join(value); } {#- words with {key} left open #}
  {#- On touch screens a tooltip would sit under the finger, over the zone: details go to a panel #}
  {#- outside the map (phones) or in its corner instead. #}
  var touch = window.matchMedia("(hover: none)").matches, details = document.querySelector(".geo-details"), detailed = null;
  function tip(i, n, at) { {#- a zone's details under scenario n (the one shown), from the data as text; at: a date's figures (the one shown) #}
    at = at || view.figures;
    var box = document.createElement("div"), words = data.tip, key = data.zoneKeys[i].split(".");
    function line(text, className) {
      var el = box.appendChild(document.createElement("div"));
      el.textContent = text;
      if (className) { el.className = className; }
    }
    var name = box.appendChild(document.createElement("b")), other = box.appendChild(document.createElement("span"));
    name.textContent = words.zones[i][0];
    other.textContent = " " + words.zones[i][1];
    other.className = "geo-uk";
    var region = 0; {#- its region's area on the date shown: the part's share of it #}
    data.zoneKeys.forEach(function (k, z) { if (k.split(".")[0] === key[0]) { region += at.areas[z]; } });
    var share = key[1] === "all" ? "" : " (" + fill(words.share, "share", km(100 * at.areas[i] / (region || 1), 1) + "%") + ")";
    line(words.zones[i][2] + ": " + km(at.areas[i]) + " " + data.format.km2 + share);
    var towns = (at.largest[i] || []).map(function (t) { return words.towns[t]; }).join(", ");
    if (towns) { line(fill(words.named, "names", towns)); }
    if (at.people[i]) { line(fill(words.people, "people", km(at.people[i]))); }
    n = n === undefined ? view.scenario : n;
    var layer = data.layers[n], published = view.edits[n][i] === undefined, status = statusOf(i, n);
    line(data.statusText[status], "geo-status");
    if (published && layer.notes[layer.zones[i][1]]) { line(layer.notes[layer.zones[i][1]]); }
    if (published && layer.estimates[status]) { line(fill(words.estimates, "estimates", layer.estimates[status]), "geo-estimate"); }
    return box;
  }
  function explain(node, zone) { {#- details in the panel: of zone i (it follows edits and dates), or of a marker or a change (null) #}
    detailed = zone;
    details.textContent = "";
    details.appendChild(node);
    details.hidden = false;
  }
  function detail(i) { explain(tip(i), i); }
  var zones = data.names.map(function (_, i) { {#- over dates, timeline.js gives each zone its rings #}
    var path = L.polygon(data.series ? [] : zoneShapes.polygon(i)).addTo(map);
    if (touch && details) {
      path.on("click", function () { detail(i); });
    } else {
      path.bindTooltip(function () { return tip(i); }, {sticky: true, className: "geo-tip"}); {#- made when it opens #}
    }
    path.on("mouseover", function () { path.setStyle({weight: 2.2, color: "#111"}); });
    path.on("mouseout", function () { path.setStyle(current[i]); });
    {#- Keyboard users reach every zone with Tab; focus follows the zone's outline and opens its details. #}
    var el = path.getElement();
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "img");
    el.addEventListener("focus", function () {
      path.setStyle({weight: 2.2, color: "#111"});
      if (path.getTooltip()) { path.openTooltip(path.getCenter()); } else if (details) { detail(i); }
    });
    el.addEventListener("blur", function () { path.setStyle(current[i]); if (path.getTooltip()) { path.closeTooltip(); } });
    return path;
  });
  var rings = L.layerGroup().addTo(map);
  function markSmall(small) { {#- zones of a few pixels at country zoom: ringed so they can be found #}
    rings.clearLayers();
    small.forEach(function (zone) {
      L.circleMarker([zone[1], zone[2]], {radius: 7, interactive: false, fill: false, color: "#222", weight: 1.3, className: "geo-ring"}).addTo(rings);
    });
  }
  markSmall(data.small);
  var line = L.polyline(data.series ? [] : zoneShapes.lines(data.line), {interactive: false, color: data.colours.line, weight: 2, opacity: 0.9});
  if (data.line.length || data.series) { line.addTo(map); }

  {#- A view is a link: the address keeps the scenario, the date and any edit (#scenario=…&date=…), and a #}
  {#- link opens on them. Its entries are untrusted: each is looked up in the page's own lists. #}
  var asked = new URLSearchParams(location.hash.slice(1));
  function dateShown() { {#- the slider's date shown, else null (one date, or two lines side by side) #}
    return data.series && !data.compare && view.date !== null ? data.series.dates[view.date] : null;
  }
  function link() {
    var params = new URLSearchParams(), edits = view.edits[view.scenario];
    params.set("scenario", data.layers[view.scenario].scenario.id);
    if (dateShown()) { params.set("date", dateShown()); }
    Object.keys(edits).forEach(function (z) { params.set(data.zoneKeys[z], data.keys[edits[z]]); });
    return "#" + params.toString();
  }
  var announced = null; {#- the scenario other behaviours were last told of #}
  function show(n) {
    view.scenario = n;
    map.attributionControl.removeAttribution(credited);
    credited = data.credits[n];
    map.attributionControl.addAttribution(credited);
    var used = {};
    zones.forEach(function (path, i) {
      var status = statusOf(i);
      used[status] = true;
      current[i] = data.styles[status];
      path.setStyle(current[i]);
      if (path.getTooltip() && path.isTooltipOpen()) { path.getTooltip().update(); }
      if (detailed === i) { detail(i); } {#- the panel follows an edit or a date #}
      path.getElement().setAttribute("aria-label", data.names[i] + ": " + data.statusText[status]);
    });
    document.querySelectorAll("[data-geo-cell]").forEach(function (cell, i) { cell.textContent = data.statusText[statusOf(i)]; });
    document.querySelectorAll("[data-geo-layer]").forEach(function (el) { el.hidden = +el.dataset.geoLayer !== n; });
    document.querySelectorAll("[data-geo-status]").forEach(function (el) { el.hidden = !used[+el.dataset.geoStatus]; });
    var area = totals().area; {#- the legend's area per status, of the scenario, edits and date shown #}
    document.querySelectorAll("[data-geo-total]").forEach(function (el) { el.textContent = km(area[+el.dataset.geoTotal] || 0) + " " + data.format.km2; });
    try { history.replaceState(null, "", link()); } catch (e) { /* an opaque origin */ }
    map.fire("geo:shown", {index: n});
    if (announced !== n) { announced = n; map.fire("geo:scenario", {index: n}); }
  }
  map.on("geo:edit", function (event) { view.edits[view.scenario] = event.edits; show(view.scenario); });
  map.on("geo:dated", function (event) { view.date = event.index; view.figures = event.figures; show(view.scenario); });
  document.querySelectorAll("input[name=geo-scenario]").forEach(function (input) {
    input.addEventListener("change", function () { show(+input.value); });
  });
  data.layers.forEach(function (layer, i) { if (layer.scenario.id === asked.get("scenario")) { view.scenario = i; } });
  var picked = document.querySelector("input[name=geo-scenario][value='" + view.scenario + "']");
  if (picked) { picked.checked = true; }
  if (!data.series) { show(view.scenario); } {#- a series is shown once timeline.js has drawn its first date #}

  function download(text, name, type) {
    var anchor = document.createElement("a");
    anchor.href = URL.createObjectURL(new Blob([text], {type: type}));
    anchor.download = name;
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(anchor.href); }, 1000);
  }
  return {
    map: map, data: data, view: view, zones: zones, line: line, asked: asked, stacked: stacked, touch: touch, details: details,
    decoder: decoder, shapes: zoneShapes, statusOf: statusOf, totals: totals, tip: tip, explain: explain, km: km, fill: fill,
    show: show, link: link, dateShown: dateShown, markSmall: markSmall, rings: rings, download: download, fit: fit,
    frame: function (bounds) { corners = bounds; middle = bounds.getCenter(); fit(inset); }, {#- the view opens on these bounds #}
    bounds: function () { return corners; }
  };
})(map_ukraine, JSON.parse(document.getElementById("geo-data").textContent)); {#- webmap.MAP_NAME; page_body.html #}
