  // Place labels, placed greedily in the order the data ranks them (the story's towns first): each is
  // shown only where it fits in the map and overlaps neither a label placed before it nor a panel.
  (function (labels) {
    if (!labels || !labels.length) { return; }
    var pane = map.createPane("geo-labels");
    pane.className += " leaflet-zoom-hide";  // hidden while a zoom animates, placed again after it
    var placed = labels.map(function (label) {
      var el = L.DomUtil.create("div", "geo-label geo-label-" + label[0], pane);
      var text = L.DomUtil.create("span", "", el);
      text.textContent = label[1];  // text, never HTML
      el.setAttribute("aria-hidden", "true");  // the table and tooltips carry the names for screen readers
      return {el: el, text: text, city: label[0] === "city", at: L.latLng(label[3], label[4]), minZoom: label[5]};
    });
    function overlaps(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
    function layout() {
      var size = map.getSize(), frame = map.getContainer().getBoundingClientRect(), taken = [];
      document.querySelectorAll(".geo-panel, .leaflet-control").forEach(function (panel) {
        var r = panel.getBoundingClientRect();
        if (r.width && r.height && panel.offsetParent !== null) {
          taken.push({left: r.left - frame.left, top: r.top - frame.top, right: r.right - frame.left, bottom: r.bottom - frame.top});
        }
      });
      placed.forEach(function (label) {
        L.DomUtil.setPosition(label.el, map.latLngToLayerPoint(label.at));
        var point = map.latLngToContainerPoint(label.at), w = label.text.offsetWidth, h = label.text.offsetHeight;
        // A town's name goes right of its dot, else left of it; other names are centred.
        var lefts = label.city ? [point.x - 4, point.x + 4 - w] : [point.x - w / 2], top = point.y - h / 2, box = null;
        for (var i = 0; i < lefts.length && !box && map.getZoom() >= label.minZoom; i++) {
          var tried = {left: lefts[i] - 2, top: top - 1, right: lefts[i] + w + 2, bottom: top + h + 1};
          var inside = tried.left >= 0 && tried.top >= 0 && tried.right <= size.x && tried.bottom <= size.y;
          if (inside && !taken.some(function (other) { return overlaps(tried, other); })) {
            box = tried;
            label.el.classList.toggle("geo-label-left", i === 1);
          }
        }
        label.el.style.visibility = box ? "visible" : "hidden";
        if (box) { taken.push(box); }
      });
    }
    map.on("zoomend moveend resize", layout);
    document.querySelectorAll("details.geo-panel").forEach(function (panel) { panel.addEventListener("toggle", layout); });
    layout();
  })(data.places);
