{#- Context, zones and line of control. Every value arrives as JSON made safe for <script>. -#}
(function (map) {
  var context = {{ context|safe }}, zones = {{ zones|safe }}, line = {{ line|safe }};
  var styles = {{ styles|safe }}, credits = {{ credits|safe }};
  L.geoJSON(context, {
    interactive: false,
    style: function (f) {
      return f.properties.kind === "sea"
        ? {stroke: false, fillColor: {{ sea_colour|tojson }}, fillOpacity: 1}
        : {color: "#b9b6ad", weight: 0.8, fillColor: {{ land_colour|tojson }}, fillOpacity: 1};
    }
  }).addTo(map);
  var zoneLayer = L.geoJSON(zones, {
    style: function (f) { return styles[f.properties.s]; },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(f.properties.tip, {sticky: true, className: "geo-tip"});
      layer.on("mouseover", function () { layer.setStyle({weight: 2.2, color: "#111"}); });
      layer.on("mouseout", function () { zoneLayer.resetStyle(layer); });
    }
  }).addTo(map);
  if (line) {
    L.geoJSON(line, {interactive: false, style: {color: {{ line_colour|tojson }}, weight: 2, opacity: 0.9}}).addTo(map);
  }
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(credits.join(" · "));
  map.fitBounds(zoneLayer.getBounds(), {padding: [24, 24], animate: false});
  if (window.matchMedia("(max-width: 600px)").matches) {  // a phone: the map first, the legend on demand
    document.querySelectorAll(".geo-legend").forEach(function (legend) { legend.open = false; });
  }
})({{ map_name }});
