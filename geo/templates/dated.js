{#- Over dates, each zone is drawn by the outline of the faces on its side of the line on a date (their
    arcs that no other of its faces shares, so that no inner edge is stroked), and the line of control
    from the arcs between a face held by Russian forces and one held by Ukraine (the rule of
    geo.topology.line_arcs). The slider (timeline.js) and two lines side by side (compare.js) draw from it. #}
var geoDates = (function (series, shapes, topology) {
  function latLngs(points) { return points.map(function (p) { return L.latLng(p); }); }
  var ids = [], arcFaces = [], faceArcs = []; {#- every arc and the faces on either side; each face's arcs #}
  for (var a = 0; a < shapes.count; a++) { ids.push(a); arcFaces.push([]); }
  var points = shapes.lines(ids), arcs = points.map(latLngs);
  topology.polygons.forEach(function (polygons, f) {
    faceArcs[f] = [];
    polygons.forEach(function (rings) { rings.forEach(function (ids) { ids.forEach(function (id) {
      arcFaces[id < 0 ? ~id : id].push(f);
      faceArcs[f].push(id);
    }); }); });
  });
  function outline(faces) { {#- the rings around these faces: an arc two of them share runs once each way #}
    var net = {};
    faces.forEach(function (f) { faceArcs[f].forEach(function (id) {
      var a = id < 0 ? ~id : id;
      net[a] = (net[a] || 0) + (id < 0 ? -1 : 1);
    }); });
    var edge = [], starts = {};
    Object.keys(net).forEach(function (a) {
      if (!net[a]) { return; }
      var run = net[a] > 0 ? points[a] : points[a].slice().reverse();
      (starts[run[0].join()] = starts[run[0].join()] || []).push(edge.length);
      edge.push(run);
    });
    var used = [], rings = [];
    edge.forEach(function (_, first) {
      var ring = [], e = first;
      while (e !== undefined && !used[e]) { {#- arc after arc, each starting where the last one ends #}
        used[e] = true;
        ring = ring.concat(ring.length ? edge[e].slice(1) : edge[e]);
        e = (starts[edge[e][edge[e].length - 1].join()] || []).filter(function (k) { return !used[k]; })[0];
      }
      if (ring.length) { rings.push(latLngs(ring)); }
    });
    return rings;
  }
  var zoneOf = {};
  series.zones.forEach(function (key, z) { zoneOf[key] = z; });
  {#- A face's side on each date, written in runs ("h412o354": 412 dates held, then 354 occupied) #}
  var sides = series.sides.map(function (runs) {
    return runs.replace(/([a-z])(\d+)/g, function (_, letter, count) { return letter.repeat(+count); });
  });
  function side(f, d) { var s = sides[f]; return s.length === 1 ? s : s.charAt(d); }
  return {
    outline: outline,
    faces: function (d) { {#- per zone, its faces on date d #}
      var members = series.zones.map(function () { return []; });
      sides.forEach(function (_, f) { members[zoneOf[series.regions[f] + side(f, d)]].push(f); });
      return members;
    },
    line: function (d) {
      return arcs.filter(function (_, a) {
        var around = arcFaces[a].map(function (f) { return side(f, d); });
        return around.indexOf("o") >= 0 && around.indexOf("h") >= 0;
      });
    },
    figures: function (d) { return {areas: series.areas[d], people: series.people[d], largest: series.largest[d]}; }
  };
})(geoPage.data.series, geoPage.shapes, geoPage.data.zones);
