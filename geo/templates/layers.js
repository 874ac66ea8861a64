{#- Context, zones and line of control, decoded from quantised topologies; a scenario restyles the
    same polygons. Every value arrives as JSON made safe for <script>; text in it is set as text, never as
    markup (only the credits, Leaflet's attribution, are escaped HTML). -#}
(function (map) {
  var data = {{ data|safe }};

  function decoder(t) {
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
    return {
      polygon: function (i) { return t.polygons[i].map(function (p) { return p.map(ring); }); },
      lines: function (ids) { return ids.map(arc); },
      count: arcs.length
    };
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
  var middle = crs.projection.unproject(e[0].add(e[1]).divideBy(2));
  function fit(right) { {#- right: the width a panel on the right takes (the editor's), else 0 #}
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

  var current = [], shown = 0, afterShow = []; {#- what else follows a redraw #}
  var areas = data.areas, people = data.people, largest = data.tip.largest; {#- of the date shown (timeline.js changes them) #}
  var edits = data.layers.map(function () { return {}; }); {#- per scenario: zone -> status chosen in the editor #}
  function statusOf(i, n) { {#- under scenario n (the one shown), with the reader's edit if any #}
    n = n === undefined ? shown : n;
    var edit = edits[n][i];
    return edit === undefined ? data.layers[n].zones[i][0] : edit;
  }
  function totals() { {#- area and town population per status, for the scenario, edits and date shown #}
    var area = {}, count = {};
    zones.forEach(function (_, z) { var s = statusOf(z); area[s] = (area[s] || 0) + areas[z]; count[s] = (count[s] || 0) + people[z]; });
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
    at = at || {areas: areas, people: people, largest: largest};
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
    line(words.zones[i][2] + ": " + km(at.areas[i]) + " km²" + share);
    var towns = (at.largest[i] || []).map(function (t) { return words.towns[t]; }).join(", ");
    if (towns) { line(fill(words.named, "names", towns)); }
    if (at.people[i]) { line(fill(words.people, "people", km(at.people[i]))); }
    n = n === undefined ? shown : n;
    var layer = data.layers[n], published = edits[n][i] === undefined, status = statusOf(i, n);
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
  var line = L.polyline(data.series ? [] : zoneShapes.lines(data.line), {interactive: false, color: {{ line_colour|tojson }}, weight: 2, opacity: 0.9});
  if (data.line.length || data.series) { line.addTo(map); }

  var announced = null; {#- the scenario other behaviours were last told of (event "geo:scenario") #}
  function show(n) {
    var layer = data.layers[n];
    shown = n;
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
    afterShow.forEach(function (then) { then(); });
    if (announced !== n) { announced = n; map.fire("geo:scenario", {index: n}); }
  }
  document.querySelectorAll("input[name=geo-scenario]").forEach(function (input) {
    input.addEventListener("change", function () { show(+input.value); });
  });
  {#- A view is a link: the address keeps the scenario, the date and any edit (#scenario=…&date=…), and a #}
  {#- link opens on them. Its entries are untrusted: each is looked up in the page's own lists. #}
  var asked = new URLSearchParams(location.hash.slice(1)), slider = document.getElementById("geo-date");
  data.layers.forEach(function (layer, i) { if (layer.scenario.id === asked.get("scenario")) { shown = i; } });
  var picked = document.querySelector("input[name=geo-scenario][value='" + shown + "']");
  if (picked) { picked.checked = true; }
  function viewLink() {
    var params = new URLSearchParams();
    params.set("scenario", data.layers[shown].scenario.id);
    if (slider) { params.set("date", data.series.dates[+slider.value]); }
    Object.keys(edits[shown]).forEach(function (z) { params.set(data.zoneKeys[z], data.keys[edits[shown][z]]); });
    return "#" + params.toString();
  }
  afterShow.push(function () {
    try { history.replaceState(null, "", viewLink()); } catch (e) { /* an opaque origin */ }
  });
  function download(text, name, type) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], {type: type}));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }
  {% include "getdata.js" %}
{% if dates %}{% include "dated.js" %}
{% include "timeline.js" %}{% else %}  show(shown);{% endif %}
{% if editor %}{% include "editor.js" %}{% endif %}

  if (data.context) { {#- scenery, in a pane under the zones: drawn after them, shown below them #}
    map.createPane("geo-context").style.zIndex = 350;
    var context = decoder(data.context);
    data.context.polygons.forEach(function (_, i) {
      var sea = data.context.sea.indexOf(i) >= 0;
      L.polygon(context.polygon(i), {pane: "geo-context", interactive: false, stroke: false, fillOpacity: 1,
        fillColor: sea ? {{ sea_colour|tojson }} : {{ land_colour|tojson }}}).addTo(map);
    });
    L.polyline(context.lines(data.context.borders), {pane: "geo-context", interactive: false, color: {{ border_colour|tojson }}, weight: 0.8}).addTo(map);
  }

{% include "labels.js" %}
{% if changes %}{% include "changes.js" %}{% endif %}
{% if compare %}{% include "compare.js" %}{% endif %}
{% include "markers.js" %}
{% include "embed.js" %}
{% include "gestures.js" %}
})({{ map_name }});
