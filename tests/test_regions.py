import pytest

from geo import regions
from geo.errors import UnknownRegion


def test_registry_has_the_27_first_level_units_with_unique_codes():
    codes = [r.iso for r in regions.REGIONS]
    assert len(codes) == 27 == len(set(codes))
    assert {"UA-43", "UA-40", "UA-30", "UA-32"} <= set(codes)
    assert sum(r.kind == "oblast" for r in regions.REGIONS) == 24


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("UA-23", "UA-23"),
        ("ua-23", "UA-23"),
        ("Zaporizhzhia", "UA-23"),
        ("Zaporozhye Oblast", "UA-23"),
        ("Zaporizhzhya", "UA-23"),
        ("Запорізька область", "UA-23"),
        ("Запорожская", "UA-23"),
        ("Luhans'k", "UA-09"),
        ("Luhansʼk Oblast", "UA-09"),
        ("Lugansk", "UA-09"),
        ("Odessa", "UA-51"),
        ("odesa oblast", "UA-51"),
        ("Kiev City", "UA-30"),
        ("Kyiv City", "UA-30"),
        ("Kyiv", "UA-32"),
        ("Kyiv Oblast", "UA-32"),
        ("Київська область", "UA-32"),
        ("Київ", "UA-30"),
        ("Crimea", "UA-43"),
        ("Autonomous Republic of Crimea", "UA-43"),
        ("Автономна Республіка Крим", "UA-43"),
        ("Sevastopol", "UA-40"),
        ("Transcarpathia", "UA-21"),
        ("Ivano-Frankivs'k", "UA-26"),
        ("Ivano Frankivsk", "UA-26"),
        ("Khmel'nyts'kyy", "UA-68"),
    ],
)
def test_resolve_accepts_codes_official_names_aliases_and_cyrillic(text, iso):
    assert regions.resolve(text) == iso


def test_every_official_name_resolves_to_its_own_region():
    for region in regions.REGIONS:
        assert regions.resolve(region.name) == region.iso
        assert regions.resolve(region.title) == region.iso
        assert regions.resolve(region.name_uk) == region.iso


def test_unknown_name_raises_and_names_the_closest_matches():
    with pytest.raises(UnknownRegion) as caught:
        regions.resolve("Zaporizzhia")
    message = str(caught.value)
    assert "Zaporizzhia" in message and "Zaporizhzhia Oblast (UA-23)" in message


def test_unknown_code_and_nonsense_raise_without_suggestions():
    with pytest.raises(UnknownRegion, match="unknown region 'UA-99'"):
        regions.resolve("UA-99")
    with pytest.raises(UnknownRegion, match=r"^unknown region 'qqqq'$"):
        regions.resolve("qqqq")


def test_titles_distinguish_kyiv_city_from_kyiv_oblast():
    assert regions.get("UA-30").title == "Kyiv City"
    assert regions.get("UA-32").title == "Kyiv Oblast"
    assert regions.get("UA-43").title == "Autonomous Republic of Crimea"
