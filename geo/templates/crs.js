{#- The web map's projection: Albers equal-area conic on the sphere, with the standard parallels of
    geo.projection.WEB_CONIC, so that equal ground areas look equal (Web Mercator grows them ~1.35x from
    Crimea to Chernihiv). Scaled so that a zoom level shows Ukraine as Web Mercator's does. -#}
function geoConic(p) {
  var R = 6378137, rad = Math.PI / 180, deg = 180 / Math.PI;
  var s1 = Math.sin(p.lat_1 * rad), n = (s1 + Math.sin(p.lat_2 * rad)) / 2;
  var C = Math.cos(p.lat_1 * rad) * Math.cos(p.lat_1 * rad) + 2 * n * s1;
  var rho0 = R * Math.sqrt(C - 2 * n * Math.sin(p.lat_0 * rad)) / n;
  var k = 0.5 / (Math.PI * R * Math.cos(p.lat_0 * rad));
  var projection = {
    project: function (latlng) {
      var rho = R * Math.sqrt(Math.max(0, C - 2 * n * Math.sin(latlng.lat * rad))) / n, theta = n * (latlng.lng - p.lon_0) * rad;
      return L.point(rho * Math.sin(theta), rho0 - rho * Math.cos(theta));
    },
    unproject: function (point) {
      var dy = rho0 - point.y, rho = Math.sqrt(point.x * point.x + dy * dy), theta = Math.atan2(point.x, dy);
      var sine = (C - rho * rho * n * n / (R * R)) / (2 * n);
      return L.latLng(Math.asin(Math.max(-1, Math.min(1, sine))) * deg, p.lon_0 + theta / n * deg);
    },
    bounds: L.bounds([-2e7, -2e7], [2e7, 2e7])
  };
  return L.extend({}, L.CRS.Earth, {code: "geo:conic", projection: projection, transformation: new L.Transformation(k, 0.5, -k, 0.5)});
}
