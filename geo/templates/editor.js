{#- The editor: a reader gives zones other statuses, sees the totals follow, and takes the result away as
    a scenario file or as a link. A link's fragment is untrusted: each of its entries is looked up in the
    page's own lists of zones and statuses, and whatever is not found there is ignored. #}
(function (geo, button, panel) {
  if (!button || !panel) { return; }
  var map = geo.map, data = geo.data, view = geo.view;
  var select = document.getElementById("geo-status"), said = panel.querySelector(".geo-edit-zone");
  var share = panel.querySelector(".geo-share"), chosen = null, editing = false;
  var zoneIndex = Object.create(null), statusIndex = Object.create(null);
  data.zoneKeys.forEach(function (key, z) { zoneIndex[key] = z; });
  data.keys.forEach(function (key, s) { statusIndex[key] = s; });
  function toml(value) { {#- a JSON string is a TOML basic string, once DEL, which TOML forbids raw, is escaped #}
    return JSON.stringify(String(value)).replace(/\u007f/g, "\\u007F");
  }

  function table() { {#- the editor's totals #}
    var found = geo.totals();
    panel.querySelectorAll("[data-geo-edit-total]").forEach(function (row) {
      var s = +row.dataset.geoEditTotal;
      row.hidden = !found.area[s];
      row.cells[1].textContent = geo.km(found.area[s] || 0);
      row.cells[2].textContent = geo.km(found.people[s] || 0);
    });
  }
  {#- An edited view never passes for the published map: the title panel and the credits say so, and one #}
  {#- button brings the published statuses back. #}
  var edited = document.querySelector(".geo-edited"), editedCredit = document.querySelector(".geo-edited-credit");
  var creditedEdit = false; {#- the credit is in Leaflet's attribution (over the map) and under it (phones) #}
  function mark() {
    var changed = Object.keys(view.edits[view.scenario]).length > 0;
    edited.hidden = editedCredit.hidden = !changed;
    if (creditedEdit) { map.attributionControl.removeAttribution(data.editedCredit); } {#- re-added last #}
    if (changed) { map.attributionControl.addAttribution(data.editedCredit); }
    creditedEdit = changed;
  }
  function update() {
    table();
    mark();
    share.href = geo.link();
    if (chosen !== null) { select.value = String(geo.statusOf(chosen)); }
  }
  map.on("geo:shown", update);

  function choose(z) {
    if (!editing) { return; }
    chosen = z;
    said.textContent = geo.fill(data.editZone, "zone", data.names[z]);
    select.disabled = false;
    select.value = String(geo.statusOf(z));
  }
  geo.zones.forEach(function (path, z) {
    path.on("click", function () { choose(z); });
    var el = path.getElement();
    el.addEventListener("focus", function () { choose(z); });
    el.addEventListener("keydown", function (event) { {#- Enter on a zone: on to its status #}
      if (editing && event.key === "Enter") { choose(z); select.focus(); }
    });
  });
  select.addEventListener("change", function () {
    if (chosen === null) { return; }
    var s = +select.value, edits = L.extend({}, view.edits[view.scenario]);
    if (s === data.layers[view.scenario].zones[chosen][0]) { delete edits[chosen]; } else { edits[chosen] = s; }
    map.fire("geo:edit", {edits: edits});
  });
  function toggle(on) {
    editing = on;
    button.setAttribute("aria-pressed", String(on));
    panel.hidden = !on;
    geo.fit(on && !geo.stacked ? panel.offsetWidth + 10 : 0); {#- over the map, the editor keeps clear of Ukraine #}
  }
  button.addEventListener("click", function () { toggle(!editing); });
  function published() { map.fire("geo:edit", {edits: {}}); }
  panel.querySelector(".geo-reset").addEventListener("click", published);
  edited.querySelector("button").addEventListener("click", published);

  panel.querySelector(".geo-download").addEventListener("click", function () {
    var layer = data.layers[view.scenario], meta = layer.scenario, edits = view.edits[view.scenario];
    var used = {}, groups = {}, order = [];
    var lines = ["# Edited in the map's editor. Draw it with: geo render --scenario THIS-FILE",
      "id = " + toml(meta.id.slice(0, 57) + "-edited"), "title = " + toml(geo.fill(data.edited, "title", meta.title))];
    if (/^\d{4}-\d{2}-\d{2}$/.test(meta.date)) { lines.push("date = " + meta.date); }
    if (meta.control) { lines.push("control = " + toml(meta.control)); }
    lines.push("default = " + toml(meta.default));
    if (meta.places.length) { lines.push("places = [" + meta.places.map(toml).join(", ") + "]"); }
    geo.zones.forEach(function (_, z) {
      var key = data.zoneKeys[z].split("."), s = geo.statusOf(z);
      var note = edits[z] === undefined ? layer.notes[layer.zones[z][1]] : "";
      var group = JSON.stringify([key[1], key[2] || "", s, note]); {#- a band along the line: its width is key[2] #}
      used[s] = true;
      if (!groups[group]) { groups[group] = {part: key[1], band: key[2], status: s, note: note, regions: []}; order.push(group); }
      groups[group].regions.push(key[0]);
    });
    used[statusIndex[meta.default]] = true;
    Object.keys(data.custom).forEach(function (s) { {#- statuses that are not built in are defined in the file #}
      if (!used[s]) { return; }
      var status = data.custom[s];
      lines.push("", "[statuses." + data.keys[s] + "]", "label = " + toml(status.label), "description = " + toml(status.description),
        "colour = " + toml(status.colour), "pattern = " + toml(status.pattern));
      Object.keys(status.translations).forEach(function (lang) {
        lines.push("label_" + lang + " = " + toml(status.translations[lang][0]), "description_" + lang + " = " + toml(status.translations[lang][1]));
      });
    });
    order.forEach(function (group) {
      var rule = groups[group];
      lines.push("", "[[rules]]", "regions = [" + rule.regions.map(toml).join(", ") + "]");
      lines.push.apply(lines, rule.band ? ["band_km = " + Number(rule.band), "side = " + toml(rule.part)] : ["part = " + toml(rule.part)]);
      lines.push("status = " + toml(data.keys[rule.status]));
      if (rule.note) { lines.push("note = " + toml(rule.note)); }
    });
    function fields(given) { {#- numbers as numbers, every text as a TOML string #}
      Object.keys(given).forEach(function (key) {
        var value = given[key];
        lines.push(key + " = " + (typeof value === "number" ? String(value) : toml(value)));
      });
    }
    meta.markers.forEach(function (marker) { lines.push("", "[[markers]]"); fields(marker); });
    meta.estimates.forEach(function (pair) { {#- kept while the file still gives its status to a zone #}
      if (!used[pair[0]]) { return; }
      lines.push("", "[[estimates]]");
      fields(Object.assign({}, pair[1], {status: data.keys[pair[0]]})); {#- the page's key of the status #}
    });
    geo.download(lines.join("\n") + "\n", meta.id + "-edited.toml", "application/toml");
  });

  (function restore() { {#- an edit shared as a link, of the scenario the link names #}
    var found = 0, edits = {};
    if (data.layers[view.scenario].scenario.id !== geo.asked.get("scenario")) { return; }
    geo.asked.forEach(function (value, key) {
      if (key in zoneIndex && value in statusIndex) { edits[zoneIndex[key]] = statusIndex[value]; found++; }
    });
    if (!found) { return; }
    toggle(true);
    map.fire("geo:edit", {edits: edits});
  })();
  update();
})(geoPage, document.querySelector(".geo-edit"), document.getElementById("geo-editor"));
