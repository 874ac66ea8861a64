"""What a command's figures read as in a terminal: the tables' columns and numbers, `geo changes` in words,
and the reported estimates beside the GeoNames sums. Text from plain rows and reports; nothing here
computes a figure or reads the command line."""

from __future__ import annotations


def one_decimal(value: float) -> str:
    """A km² or km figure as the tables print it: 1,654.7."""
    return f"{value:,.1f}"


def columns(rows: list[dict]) -> list[str]:
    """Every key of the rows, in the order they first appear (rows of several results may differ)."""
    return list(dict.fromkeys(key for row in rows for key in row))


def estimate_lines(scenarios, totals, lang: str) -> list[str]:
    """The reported estimates of the statuses in ``totals``, each beside its GeoNames sum, under a heading."""
    from geo import locale
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


def changes_text(report: dict, note: str) -> str:
    """`geo changes` as text: the regions, the statuses, the towns, then the totals in words."""
    from geo.tables import text

    first, last, totals = report["from"], report["to"], report["totals"]
    regions = [{k: v for k, v in row.items() if k != "status"} for row in report["regions"]]
    statuses = [{k: v for k, v in row.items() if k != "status"} for row in report["statuses"]]
    town_columns = ["name", "region", "population", "label", "from", "to"]
    labels = {row["status"]: row["label"] for row in report["statuses"]}
    towns = [{**town, "label": labels.get(town["status"], town["status"])} for town in report["towns"]]
    lines = [f"Between {first['date']} and {last['date']} ({report['scenario']}; status on {first['date']}):", ""]
    lines += [text(regions, columns(regions), one_decimal) if regions else "The line did not move.", ""]
    lines += [text(statuses, columns(statuses), one_decimal), ""]
    lines += [text(towns, town_columns, one_decimal) if towns else "No town changed side.", ""]
    lines += [
        f"To Russian forces: {totals['to_russian_forces_km2']:,.1f} km² and {totals['towns_to_russian_forces']} "
        f"places; to Ukraine: {totals['to_ukraine_km2']:,.1f} km² and {totals['towns_to_ukraine']} places.",
        f"Held by Russian forces: {first['occupied_km2']:,.1f} km² on {first['date']}, "
        f"{last['occupied_km2']:,.1f} km² on {last['date']}.",
        f"Line of control: {first['line_km']:,.0f} km on {first['date']}, {last['line_km']:,.0f} km on {last['date']}.",
        note,
    ]
    return "\n".join(lines)
