{#- In an article's frame: tell the page around it how tall this map is at the frame's width (geo embed's #}
{#- snippet listens), so the frame fits the content and nothing scrolls inside it. #}
(function (map) {
  if (window.parent === window) { return; }
  var reported = 0;
  function report() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== reported) {
      reported = height;
      window.parent.postMessage({type: "geo-height", height: height}, "*");
    }
  }
  window.addEventListener("resize", function () { map.invalidateSize(); report(); });
  document.querySelectorAll("details").forEach(function (panel) { panel.addEventListener("toggle", report); });
  report();
})(geoPage.map);
