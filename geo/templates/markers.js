{#- The points each scenario's text names: a symbol per kind, its label and note set as text (never as
    markup), reached with Tab like the zones, their tooltip opened on focus (Leaflet links it with
    aria-describedby). Drawn for the scenario shown, and again on the map's "geo:scenario" event; then
   "geo:markers" tells the names on the map where they are. #}
(function (geo, markers) {
  var map = geo.map, data = geo.data, lang = document.documentElement.lang;
  function said(m, name) { return m[name + "_" + lang] || m[name] || ""; } {#- as the scenario file gives it #}
  function tip(m) {
    var box = document.createElement("div"), label = document.createElement("b");
    label.textContent = said(m, "label");
    box.appendChild(label);
    if (said(m, "note")) { var note = document.createElement("div"); note.textContent = said(m, "note"); box.appendChild(note); }
    return box;
  }
  function draw(n) {
    markers.clearLayers();
    data.layers[n].scenario.markers.forEach(function (m) {
      var kind = data.markers[m.kind], icon = L.divIcon({className: "geo-marker", html: kind[1], iconSize: [16, 16]});
      var marker = L.marker([m.lat, m.lon], {icon: icon, keyboard: true}).addTo(markers), el = marker.getElement();
      el.setAttribute("role", "img");
      el.setAttribute("aria-label", kind[0] + ": " + said(m, "label"));
      if (geo.touch && geo.details) {
        marker.on("click", function () { geo.explain(tip(m), null); });
      } else {
        marker.bindTooltip(tip(m), {className: "geo-tip", direction: "top", offset: [0, -8]});
      }
    });
    document.querySelectorAll("[data-geo-marker-kind]").forEach(function (el) {
      el.hidden = !data.layers[n].scenario.markers.some(function (m) { return m.kind === el.dataset.geoMarkerKind; });
    });
    map.fire("geo:markers"); {#- the names on the map make way for them #}
  }
  draw(geo.view.scenario);
  map.on("geo:scenario", function (event) { draw(event.index); });
})(geoPage, L.layerGroup().addTo(geoPage.map));
