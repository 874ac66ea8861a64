{#- A map of what changed between two dates (geo render --changes): the land that passed to Russian forces
    or back to Ukraine, above the zones, each piece reached with Tab and read out as its sentence (set as
    text), its tooltip on hover or focus (on a touch phone, the details panel); the second date's line dashed. #}
(function (geo, changes) {
  if (!changes) { return; }
  var map = geo.map;
  map.createPane("geo-changes").style.zIndex = 450; {#- over the zones (400), under tooltips and markers #}
  var shapes = geo.decoder(changes.topology);
  function said(text) { var box = document.createElement("div"); box.textContent = text; return box; }
  var drawn = L.featureGroup().addTo(map);
  changes.pieces.forEach(function (piece, i) {
    var path = L.polygon(shapes.polygon(i), {pane: "geo-changes", color: "#1a1a1a", weight: 0.8,
      fillColor: changes.colours[piece[0]], fillOpacity: 0.9}).addTo(drawn);
    var el = path.getElement();
    el.setAttribute("tabindex", "0");
    el.setAttribute("role", "img");
    el.setAttribute("aria-label", piece[1]);
    if (geo.touch && geo.details) {
      path.on("click", function () { geo.explain(said(piece[1]), null); });
    } else {
      path.bindTooltip(said(piece[1]), {sticky: true, className: "geo-tip"});
      el.addEventListener("focus", function () { path.openTooltip(path.getCenter()); });
      el.addEventListener("blur", function () { path.closeTooltip(); });
    }
  });
  var bounds = drawn.getBounds(); {#- the view opens on what changed (and keeps to it when resized) #}
  if (bounds.isValid()) { geo.frame(bounds.pad(0.25)); }
  L.polyline(changes.line, {pane: "geo-changes", interactive: false, color: geo.data.colours.line, weight: 2, dashArray: "5 4"}).addTo(map);
})(geoPage, geoPage.data.changes);
