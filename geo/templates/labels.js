  {#- Place labels, placed greedily in the order the data ranks them (the capital, the centres of the regions #}
  {#- the scenarios change, their own places first): each is shown only where it fits in the map and #}
  {#- overlaps neither a label placed before it, nor a panel, nor a zone small on screen; a sea's name only #}
  {#- where all of it lies on that sea. #}
  (function (labels) {
    if (!labels || !labels.length) { return; }
    var pane = map.createPane("geo-labels");
    pane.className += " leaflet-zoom-hide"; {#- hidden while a zoom animates, placed again after it #}
    var placed = labels.map(function (label) {
      var town = label[0] === "city" || label[0] === "capital";
      var el = L.DomUtil.create("div", "geo-label geo-label-" + label[0] + (town ? " geo-label-town" : ""), pane);
      var text = L.DomUtil.create("span", "", el);
      text.textContent = label[1]; {#- text, never HTML #}
      el.setAttribute("aria-hidden", "true"); {#- the table and tooltips carry the names for screen readers #}
      return {el: el, text: text, city: town, sea: label[0] === "sea", at: L.latLng(label[3], label[4]), minZoom: label[5]};
    });
    function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
    var seas = data.context ? data.context.sea.map(function (i) { return context.polygon(i); }) : null;
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
      var small = []; {#- zones a few fingers wide on screen (the buffer zone on a phone), kept clear by other names #}
      zones.forEach(function (path) {
        var r = path.getElement().getBoundingClientRect();
        if (r.width && r.width < 48 && r.height < 48) {
          small.push({left: r.left - frame.left, top: r.top - frame.top, right: r.right - frame.left, bottom: r.bottom - frame.top});
        }
      });
      rings.eachLayer(function (ring) { {#- a small zone: no label may hide it #}
        var p = map.latLngToContainerPoint(ring.getLatLng()), r = ring.getRadius() + 2;
        taken.push({left: p.x - r, top: p.y - r, right: p.x + r, bottom: p.y + r});
      });
      placed.forEach(function (label) {
        L.DomUtil.setPosition(label.el, map.latLngToLayerPoint(label.at));
        var point = map.latLngToContainerPoint(label.at), w = label.text.offsetWidth, h = label.text.offsetHeight;
        {#- A town's name goes right of its dot, else left of it; other names are centred. #}
        {#- A town's box is its name's glyphs beside the dot (the dot is claimed apart), so that two towns a few #}
        {#- pixels apart can be named on either side. #}
        var lefts = label.city ? [point.x - 4, point.x + 4 - w] : [point.x - w / 2], top = point.y - h / 2, box = null;
        var dot = {left: point.x - 2.5, top: point.y - 2.5, right: point.x + 2.5, bottom: point.y + 2.5};
        var clear = taken.concat(small.filter(function (zone) { {#- but the one its place is in #}
          return !(zone.left <= point.x && point.x <= zone.right && zone.top <= point.y && point.y <= zone.bottom);
        }));
        for (var i = 0; i < lefts.length && !box && map.getZoom() >= label.minZoom; i++) {
          var tried = {left: lefts[i] - 2, top: top - 1, right: lefts[i] + w + 2, bottom: top + h + 1};
          if (label.city) { tried[i ? "right" : "left"] = point.x + (i ? -4 : 4); }  {#- the name's side of the dot #}
          if (label.city && taken.some(function (other) { return overlaps(dot, other); })) { break; }
          var inside = tried.left >= 0 && tried.top >= 0 && tried.right <= size.x && tried.bottom <= size.y;
          if (inside && !clear.some(function (other) { return overlaps(tried, other); }) && (!label.sea || !seas || onSea(tried))) {
            box = tried;
            label.el.classList.toggle("geo-label-left", i === 1);
          }
        }
        label.el.style.visibility = box ? "visible" : "hidden";
        if (box) { taken.push(box); }
        if (box && label.city) { taken.push(dot); }
      });
    }
    map.on("zoomend moveend resize", layout);
    document.querySelectorAll("details.geo-panel").forEach(function (panel) { panel.addEventListener("toggle", layout); });
    layout();
  })(data.places);
