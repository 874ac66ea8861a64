{#- The page's scripts: the core (layers.js) returns the page, and each behaviour is a script of its own
    that starts from it and talks to the others by the page's events (listed in layers.js). The data
    arrives as plain JSON (page_body.html); no template value enters a script. #}
var geoPage = {% include "layers.js" %}({{ map_name }}, JSON.parse(document.getElementById("geo-data").textContent));
{% if dates %}{% include "dated.js" %}
{% include "timeline.js" %}
{% endif -%}
{% include "getdata.js" %}
{% if editor %}{% include "editor.js" %}
{% endif -%}
{% include "scenery.js" %}
{% include "labels.js" %}
{% if changes %}{% include "changes.js" %}
{% endif -%}
{% if compare %}{% include "compare.js" %}
{% endif -%}
{% include "markers.js" %}
{% include "embed.js" %}
{% include "gestures.js" %}
