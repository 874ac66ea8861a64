{#- Cooperative gestures where the map sits in a page that scrolls (an article's frame, a phone's stacked #}
{#- page): a plain wheel and a one-finger drag scroll the page, and a short hint says how to move the map #}
{#- (Ctrl or ⌘ with the wheel, two fingers); everywhere, zoom and pan stay near Ukraine so it cannot be lost. #}
(function (geo, hint) {
  var map = geo.map;
  map.setMinZoom(Math.max(0, map.getZoom() - 1));
  map.setMaxBounds(geo.bounds().pad(1)); {#- room for a panel beside Ukraine, never enough to lose it #}
  if (!(window.parent !== window || geo.stacked)) { return; }
  map.scrollWheelZoom.disable();
  if (L.Browser.touch) { map.dragging.disable(); } {#- one finger scrolls the page; pinch zooms and pans #}
  map.getContainer().appendChild(hint);
  var timer = null;
  function say(text) {
    hint.textContent = text;
    hint.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(function () { hint.hidden = true; }, 1500);
  }
  map.getContainer().addEventListener("wheel", function (event) {
    if (!(event.ctrlKey || event.metaKey)) { say(geo.data.gestureHints[0]); return; }
    event.preventDefault(); {#- the page stays; the map zooms around the pointer #}
    map.setZoomAround(map.mouseEventToContainerPoint(event), map.getZoom() + (event.deltaY < 0 ? 0.5 : -0.5));
  }, {passive: false});
  map.getContainer().addEventListener("touchmove", function (event) {
    if (event.touches.length === 1) { say(geo.data.gestureHints[1]); }
  }, {passive: true});
})(geoPage, document.querySelector(".geo-gesture-hint"));
