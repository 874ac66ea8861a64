{#- Place labels, placed greedily in the order the data ranks them (the capital, the centres of the regions #}
{#- the scenarios change, their own places first): each is shown only where it fits in the map and #}
{#- overlaps neither a label placed before it, nor a panel, nor a zone small on screen; a sea's name only #}
{#- where all of it lies on that sea. #}
(function (geo, labels) {
  if (!labels || !labels.length) { return; }
  var map = geo.map, context = geo.data.context;
  var pane = map.createPane("geo-labels");
  pane.className += " leaflet-zoom-hide"; {#- hidden while a zoom animates, placed again after it #}
  var placed = labels.map(function (label) {
    var town = label[0] === "city" || label[0] === "capital";
    var el = L.DomUtil.create("div", "geo-label geo-label-" + label[0] + (town ? " geo-label-town" : ""), pane);
    var text = L.DomUtil.create("span", "", el);
    text.textContent = label[1]; {#- text, never HTML #}
    el.setAttribute("aria-hidden", "true"); {#- the table and tooltips carry the names for screen readers #}
    return {el: el, text: text, city: town, capital: label[0] === "capital", sea: label[0] === "sea", at: L.latLng(label[3], label[4]), minZoom: label[5]};
  });
  function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
  var seas = null;
  if (context) { var shapes = geo.decoder(context); seas = context.sea.map(function (i) { return shapes.polygon(i); }); }
  function within(point, rings) { {#- even-odd over a polygon's rings of [lat, lng] #}
    var odd = false;
    rings.forEach(function (ring) {
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var a = ring[i], b = ring[j];
        if ((a[0] > point.lat) !== (b[0] > point.lat) && point.lng < (b[1] - a[1]) * (point.lat - a[0]) / (b[0] - a[0]) + a[1]) { odd = !odd; }
      }
    });
    return odd;
  }
  function onSea(box) { {#- every corner and the middle of the box on one sea #}
    var points = [[box.left, box.top], [box.right, box.top], [box.left, box.bottom], [box.right, box.bottom],
      [(box.left + box.right) / 2, (box.top + box.bottom) / 2]].map(function (p) { return map.containerPointToLatLng(p); });
    return seas.some(function (sea) { return points.every(function (p) { return sea.some(function (rings) { return within(p, rings); }); }); });
  }
  function layout() {
    var size = map.getSize(), frame = map.getContainer().getBoundingClientRect(), taken = [];
    document.querySelectorAll(".geo-panel, .leaflet-control").forEach(function (panel) {
      var r = panel.getBoundingClientRect();
      if (r.width && r.height && panel.offsetParent !== null) {
        taken.push({left: r.left - frame.left, top: r.top - frame.top, right: r.right - frame.left, bottom: r.bottom - frame.top});
      }
    });
    {#- The markers' symbols: names keep clear of them, but a name drawn at every zoom that finds no other
        room only of their middle, so that a crowded phone keeps its regional centres. #}
    var symbols = [].map.call(document.querySelectorAll(".leaflet-marker-icon"), function (icon) {
      var r = icon.getBoundingClientRect();
      return {left: r.left - frame.left, top: r.top - frame.top, right: r.right - frame.left, bottom: r.bottom - frame.top};
    });
    var middles = symbols.map(function (b) { return {left: b.left + 4, top: b.top + 4, right: b.right - 4, bottom: b.bottom - 4}; });
    var small = []; {#- zones a few fingers wide on screen (the buffer zone on a phone), kept clear by other names #}
    geo.zones.forEach(function (path) {
      var r = path.getElement().getBoundingClientRect();
      if (r.width && r.width < 48 && r.height < 48) {
        small.push({left: r.left - frame.left, top: r.top - frame.top, right: r.right - frame.left, bottom: r.bottom - frame.top});
      }
    });
    geo.rings.eachLayer(function (ring) { {#- a small zone: no label may hide it #}
      var p = map.latLngToContainerPoint(ring.getLatLng()), r = ring.getRadius() + 2;
      taken.push({left: p.x - r, top: p.y - r, right: p.x + r, bottom: p.y + r});
    });
    placed.forEach(function (label) {
      L.DomUtil.setPosition(label.el, map.latLngToLayerPoint(label.at));
      label.el.classList.remove("geo-label-left", "geo-label-above", "geo-label-below");
      var point = map.latLngToContainerPoint(label.at), w = label.text.offsetWidth, h = label.text.offsetHeight;
      {#- Where a name may go: a town's right of its dot, else left, above or below it (its box the letters, with
          a line's leading shared, so that towns a few pixels apart are named on either side; its dot is claimed
          apart); other names centred on their place. #}
      var x = point.x, y = point.y, half = (w - 8) / 2;
      label.spots = [[null, {left: x - w / 2 - 2, top: y - h / 2 - 1, right: x + w / 2 + 2, bottom: y + h / 2 + 1}]];
      if (label.city) {
        label.spots = [[null, {left: x + 4, top: y - h / 2 + 1, right: x - 4 + w + 2, bottom: y + h / 2 - 1}],
          ["geo-label-left", {left: x + 4 - w - 2, top: y - h / 2 + 1, right: x - 4, bottom: y + h / 2 - 1}]];
        if (!label.capital) {
          label.spots.push(["geo-label-above", {left: x - half - 2, top: y - 3 - h + 1, right: x + half + 2, bottom: y - 3}],
            ["geo-label-below", {left: x - half - 2, top: y + 3, right: x + half + 2, bottom: y + 3 + h - 1}]);
        }
      }
      label.point = point;
      label.dot = {left: x - 2.5, top: y - 2.5, right: x + 2.5, bottom: y + 2.5};
    });
    {#- A town named at every zoom reserves its first place (right of its dot): a name placed before it takes
        another of its own places when it has one, so that the story's cluster leaves Luhansk its room. #}
    var everyZoom = placed.filter(function (label) { return label.city && !label.minZoom; }), waiting = everyZoom;
    placed.forEach(function (label) {
      var x = label.point.x, y = label.point.y, dot = label.dot, box = null;
      var clear = taken.concat(small.filter(function (zone) { {#- but the one its place is in #}
        return !(zone.left <= x && x <= zone.right && zone.top <= y && y <= zone.bottom);
      }), everyZoom.filter(function (other) { return other !== label; }).map(function (other) {
        return other.dot;  {#- the towns named at every zoom: no other name covers their dots #}
      }));
      waiting = waiting.filter(function (other) { return other !== label; });
      var reserved = waiting.map(function (other) { return other.spots[0][1]; });
      var room = map.getZoom() >= label.minZoom && !(label.city && taken.some(function (other) { return overlaps(dot, other); }));
      var tries = [clear.concat(symbols, reserved), clear.concat(symbols)].concat(label.minZoom ? [] : [clear.concat(middles)]);
      tries.forEach(function (obstacles) {
        for (var i = 0; i < label.spots.length && room && !box; i++) {
          var tried = label.spots[i][1];
          var inside = tried.left >= 0 && tried.top >= 0 && tried.right <= size.x && tried.bottom <= size.y;
          if (inside && !obstacles.some(function (other) { return overlaps(tried, other); }) && (!label.sea || !seas || onSea(tried))) {
            box = tried;
            if (label.spots[i][0]) { label.el.classList.add(label.spots[i][0]); }
          }
        }
      });
      label.el.style.visibility = box ? "visible" : "hidden";
      if (box) { taken.push(box); }
      if (box && label.city) { taken.push(dot); }
    });
  }
  map.on("zoomend moveend resize geo:markers", layout);
  document.querySelectorAll("details.geo-panel").forEach(function (panel) { panel.addEventListener("toggle", layout); });
  layout();
})(geoPage, geoPage.data.places);
