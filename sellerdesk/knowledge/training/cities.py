"""The names of the cities salons are held in, in the reader's language. Staff type a city as
they say it (usually in Chinese: 深圳, sometimes Shenzhen); for the common ones both names are
known, so the English pages say "Shenzhen" and the Chinese ones 深圳 whichever was typed. A
city not listed here shows as typed."""

from __future__ import annotations

from django.utils.translation import get_language

from sellerdesk.lib.labels import is_chinese

# (Chinese name, English name)
_CITIES = [
    ("北京", "Beijing"),
    ("上海", "Shanghai"),
    ("广州", "Guangzhou"),
    ("深圳", "Shenzhen"),
    ("东莞", "Dongguan"),
    ("佛山", "Foshan"),
    ("中山", "Zhongshan"),
    ("杭州", "Hangzhou"),
    ("宁波", "Ningbo"),
    ("义乌", "Yiwu"),
    ("金华", "Jinhua"),
    ("温州", "Wenzhou"),
    ("苏州", "Suzhou"),
    ("南京", "Nanjing"),
    ("厦门", "Xiamen"),
    ("福州", "Fuzhou"),
    ("泉州", "Quanzhou"),
    ("青岛", "Qingdao"),
    ("天津", "Tianjin"),
    ("郑州", "Zhengzhou"),
    ("武汉", "Wuhan"),
    ("长沙", "Changsha"),
    ("成都", "Chengdu"),
    ("重庆", "Chongqing"),
    ("西安", "Xi'an"),
    ("合肥", "Hefei"),
    ("香港", "Hong Kong"),
]


def _key(city: str) -> str:
    return "".join((city or "").split()).lower().replace("'", "").removesuffix("市")


# Either name, as typed (spaces, case and a trailing 市 aside), to both names.
_NAMES = {
    _key(name): (chinese, english) for chinese, english in _CITIES for name in (chinese, english)
}


def city_label(city: str) -> str:
    """``city`` as the current language names it; unknown cities as typed."""
    names = _NAMES.get(_key(city))
    if names is None:
        return city
    return names[0] if is_chinese(get_language()) else names[1]


def city_choices(cities: list[str]) -> list[tuple[str, str]]:
    """(stored value, label) for a filter, in the order of the labels."""
    return sorted(((city, city_label(city)) for city in cities), key=lambda pair: pair[1])
