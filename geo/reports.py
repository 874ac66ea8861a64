"""The reports of ``geo stats``, ``geo places`` and ``geo changes`` (:class:`geo.tables.Report`, which each
table format writes), and what their figures read as in a terminal: the tables' columns and numbers,
`geo changes` in words, the reported estimates beside the GeoNames sums. Nothing here reads the command line."""

from __future__ import annotations

from geo import locale
from geo.errors import GeoError
from geo.tables import Report, text


def stats_report(results, scenarios, *, series: bool, diff: bool = False, lang: str = "en", min_population=None):
    """Area, towns and people per zone and per status of each result (several scenarios on one line, or
    one over dates); with ``diff``, two scenarios' figures per status and the change."""
    from geo.stats import ROUNDING, compared, summary
    from geo.tables import rounded

    if diff and series:
        raise GeoError("--diff compares two scenarios on one line of control, not a series of dates")
    table, totals, documents = summary(results, series, several=len(scenarios) > 1)
    if diff:
        table = compared(*results)
        documents = [table]

    def reading() -> str:
        decimal, whole = figures(lang)
        lines = [text(table, columns(table), decimal, whole)]
        if not diff:
            lines += ["", text(totals, columns(totals), decimal, whole)]
            for document in documents:
                if document["occupied_km2"] is not None:
                    share = locale.number(100 * document["occupied_km2"] / document["total_km2"], lang, 1)
                    held = {"area": whole(document["occupied_km2"]), "share": share}
                    date = document["control_date"]
                    lines.append(
                        locale.text(lang, "report", "held_on", date=date, **held)
                        if date
                        else locale.text(lang, "report", "held", **held)
                    )
            lines.append("\n" + locale.text(lang, "report", "total", area=whole(documents[0]["total_km2"])))
        lines.append(population_note(min_population, lang))
        if not diff:
            lines += estimate_lines(scenarios, totals, lang)
        return "\n".join(lines)

    return Report(rounded(table, ROUNDING), columns(table), documents if len(documents) > 1 else documents[0], reading)


def places_report(results, *, lang: str = "en", min_population=None) -> Report:
    """Every town of each result with its zone and status, largest first (a ``date`` column over dates)."""
    from geo.stats import TOWN_COLUMNS, keyed, with_band

    located = [row for result in results for row in keyed(result.town_rows(), result, results.series)]
    names = [
        *(["date"] if results.series else []),
        *with_band(TOWN_COLUMNS, "band_km" in results[0].facts["zones"][0]),
    ]
    note = population_note(min_population, lang)
    return Report(located, names, located, lambda: f"{text(located, names, whole=figures(lang)[1])}\n{note}")


def changes_report(changes: dict, *, lang: str = "en", min_population=None) -> Report:
    """What changed between two lines (:func:`geo.changes.summary`): its regions as CSV, all of it as JSON."""
    note = population_note(min_population, lang)
    return Report(changes["regions"], columns(changes["regions"]), changes, lambda: changes_text(changes, note, lang))


def population_note(min_population, lang: str) -> str:
    """What the tables' towns and people are, with the smallest place counted (``--min-population``)."""
    from geo.places import MIN_POPULATION

    threshold = locale.number(min_population or MIN_POPULATION, lang)
    return locale.text(lang, "page", "population_note", threshold=threshold)


def figures(lang: str):
    """How the text reports write a km² or km figure (1,654.7 in English, 1 654,7 in Ukrainian) and a whole
    number (928,671 people; an area written whole is rounded to the km²)."""
    return (lambda value: locale.number(value, lang, 1)), (lambda value: locale.number(value, lang))


def columns(rows: list[dict]) -> list[str]:
    """Every key of the rows, in the order they first appear (rows of several results may differ)."""
    return list(dict.fromkeys(key for row in rows for key in row))


def estimate_lines(scenarios, totals, lang: str) -> list[str]:
    """The reported estimates of the statuses in ``totals``, each beside its GeoNames sum, under a heading."""
    from geo.estimates import by_status

    by_id = {s.id: (s, by_status(s.estimates, lang)) for s in scenarios}
    lines = []
    for row in totals:
        scenario, said = by_id[row.get("scenario", scenarios[0].id)]
        if row["status"] not in said:
            continue
        where = " ".join(str(row[key]) for key in ("scenario", "date") if key in row)
        words = {"status": scenario.statuses[row["status"]].text(lang)[0], "estimates": said[row["status"]]}
        line = locale.text(lang, "page", "estimates_line", geonames=locale.number(row["population"], lang), **words)
        lines.append(f"  {where}: {line}" if where else f"  {line}")
    return [locale.text(lang, "page", "estimates_note"), *lines] if lines else []


def changes_text(report: dict, note: str, lang: str = "en") -> str:
    """`geo changes` as text: the regions, the statuses, the towns, then the totals in words, in ``lang``."""
    first, last, totals = report["from"], report["to"], report["totals"]
    regions = [{k: v for k, v in row.items() if k != "status"} for row in report["regions"]]
    statuses = [{k: v for k, v in row.items() if k != "status"} for row in report["statuses"]]
    town_columns = ["name", "region", "population", "label", "from", "to"]
    labels = {row["status"]: row["label"] for row in report["statuses"]}
    towns = [{**town, "label": labels.get(town["status"], town["status"])} for town in report["towns"]]
    decimal, whole = figures(lang)
    dates = {"first": first["date"], "second": last["date"]}

    def said(key: str, **values) -> str:
        return locale.text(lang, "report", key, **values)

    def table(rows, names) -> str:
        return text(rows, names, decimal, whole)

    lines = [said("between", scenario=report["scenario"], **dates), ""]
    lines += [table(regions, columns(regions)) if regions else said("still"), ""]
    lines += [table(statuses, columns(statuses)), ""]
    lines += [table(towns, town_columns) if towns else said("no_town"), ""]
    lines += [
        said(
            "moved",
            to_russia=decimal(totals["to_russian_forces_km2"]),
            towns_to_russia=whole(totals["towns_to_russian_forces"]),
            to_ukraine=decimal(totals["to_ukraine_km2"]),
            towns_to_ukraine=whole(totals["towns_to_ukraine"]),
        ),
        said(
            "held_both", first_area=decimal(first["occupied_km2"]), second_area=decimal(last["occupied_km2"]), **dates
        ),
        said("line_both", first_km=whole(first["line_km"]), second_km=whole(last["line_km"]), **dates),
        note,
    ]
    return "\n".join(lines)


_TOTALS_SHOWN = ("status", "label", "area_km2", "share_pct")


def notebook_html(result) -> str:
    """A result in a notebook: the scenario, the line's date, the notices and the area per status, as
    escaped HTML."""
    import html

    from geo.stats import totals, zone_rows
    from geo.tables import rounded

    statuses = result.scenario.statuses
    by_status = rounded(totals(zone_rows(result.zone_rows()), statuses), {"area_km2": 1, "share_pct": 2})
    when = f", line of control of {result.found.date}" if result.found and result.found.date else ""
    caption = f"<p><b>{html.escape(result.scenario.title)}</b>{html.escape(when)}</p>"
    notices = "".join(f"<p><i>{html.escape(n)}</i></p>" for n in result.notices)
    cells = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in _TOTALS_SHOWN) + "</tr>" for row in by_status
    )
    head = "".join(f"<th>{c}</th>" for c in _TOTALS_SHOWN)
    return f"{caption}{notices}<table><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>"
