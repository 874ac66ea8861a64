{#- The scenery (neighbours, sea, borders), in a pane under the zones: drawn after them, shown below them. #}
(function (geo, context) {
  if (!context) { return; }
  var map = geo.map, shapes = geo.decoder(context), colours = geo.data.colours;
  map.createPane("geo-context").style.zIndex = 350;
  context.polygons.forEach(function (_, i) {
    var sea = context.sea.indexOf(i) >= 0;
    L.polygon(shapes.polygon(i), {pane: "geo-context", interactive: false, stroke: false, fillOpacity: 1,
      fillColor: sea ? colours.sea : colours.land}).addTo(map);
  });
  L.polyline(shapes.lines(context.borders), {pane: "geo-context", interactive: false, color: colours.border, weight: 0.8}).addTo(map);
})(geoPage, geoPage.data.context);
