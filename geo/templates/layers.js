{#- Context, zones and line of control, decoded from quantised topologies; a scenario restyles the
    same polygons. Every value arrives as JSON made safe for <script>; text in it is escaped HTML. -#}
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
      lines: function (ids) { return ids.map(arc); }
    };
  }

  // Fit first, so that nothing is drawn twice: once at the initial view, again after fitting.
  map.fitBounds(data.bounds, {padding: [24, 24], animate: false});
  if (data.tiles) {
    L.tileLayer(data.tiles.url, {attribution: data.tiles.attribution, maxZoom: data.tiles.maxZoom}).addTo(map);
  }

  var zoneShapes = decoder(data.zones), current = [];
  var zones = data.zones.polygons.map(function (_, i) {
    var path = L.polygon(zoneShapes.polygon(i)).addTo(map);
    path.bindTooltip("", {sticky: true, className: "geo-tip"});
    path.on("mouseover", function () { path.setStyle({weight: 2.2, color: "#111"}); });
    path.on("mouseout", function () { path.setStyle(current[i]); });
    return path;
  });
  if (data.line.length) {
    L.polyline(zoneShapes.lines(data.line), {interactive: false, color: {{ line_colour|tojson }}, weight: 2, opacity: 0.9}).addTo(map);
  }

  function show(n) {
    var layer = data.layers[n];
    zones.forEach(function (path, i) {
      var status = layer.zones[i][0], note = layer.notes[layer.zones[i][1]];
      current[i] = data.styles[status];
      path.setStyle(current[i]);
      path.setTooltipContent(data.heads[i] + "<div class='geo-status'>" + data.labels[status] + "</div>" + note);
    });
    document.querySelectorAll("[data-geo-cell]").forEach(function (cell, i) { cell.innerHTML = data.labels[layer.zones[i][0]]; });
    document.querySelectorAll("[data-geo-layer]").forEach(function (el) { el.hidden = +el.dataset.geoLayer !== n; });
    document.querySelectorAll("[data-geo-status]").forEach(function (el) { el.hidden = layer.legend.indexOf(+el.dataset.geoStatus) < 0; });
  }
  document.querySelectorAll("input[name=geo-scenario]").forEach(function (input) {
    input.addEventListener("change", function () { show(+input.value); });
  });
  show(0);

  if (data.context) {  // scenery, in a pane under the zones: drawn after them, shown below them
    map.createPane("geo-context").style.zIndex = 350;
    var context = decoder(data.context);
    data.context.polygons.forEach(function (_, i) {
      var sea = data.context.sea.indexOf(i) >= 0;
      L.polygon(context.polygon(i), {pane: "geo-context", interactive: false, stroke: false, fillOpacity: 1,
        fillColor: sea ? {{ sea_colour|tojson }} : {{ land_colour|tojson }}}).addTo(map);
    });
    L.polyline(context.lines(data.context.borders), {pane: "geo-context", interactive: false, color: {{ border_colour|tojson }}, weight: 0.8}).addTo(map);
  }

  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(data.credits.join(" · "));
  if (window.matchMedia("(max-width: 600px), (max-height: 600px)").matches) {  // a phone or an article frame: the map first, the legend on demand
    document.querySelectorAll(".geo-legend").forEach(function (legend) { legend.open = false; });
  }
{% include "labels.js" %}
})({{ map_name }});
