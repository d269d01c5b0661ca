"""Language detection on short news paragraphs written for these tests (two sentences each)."""

from __future__ import annotations

import pytest

from site_builder.ingest.language import FALLBACK, detect_language

CASES = [
    (
        "en",
        "The city council voted on Monday to repair the old harbour bridge before winter. "
        "Officials said the work would take about six months.",
    ),
    (
        "nl",
        "De gemeenteraad heeft maandag besloten de oude havenbrug voor de winter te herstellen. "
        "Volgens ambtenaren duurt het werk ongeveer zes maanden.",
    ),
    (
        "pl",
        "Rada miasta zdecydowała w poniedziałek o remoncie starego mostu portowego przed zimą. "
        "Urzędnicy twierdzą, że prace potrwają około sześciu miesięcy.",
    ),
    (
        "pt",
        "A câmara municipal decidiu na segunda-feira reparar a velha ponte do porto antes do inverno. "
        "Segundo os responsáveis, as obras vão durar cerca de seis meses.",
    ),
    (
        "it",
        "Il consiglio comunale ha deciso lunedì di riparare il vecchio ponte del porto prima dell'inverno. "
        "Secondo i funzionari i lavori dureranno circa sei mesi.",
    ),
    (
        "fr",
        "Le conseil municipal a décidé lundi de réparer le vieux pont du port avant l'hiver. "
        "Selon les responsables, les travaux dureront environ six mois.",
    ),
    (
        "de",
        "Der Stadtrat hat am Montag beschlossen, die alte Hafenbrücke vor dem Winter zu reparieren. "
        "Die Arbeiten sollen nach Angaben der Behörden etwa sechs Monate dauern.",
    ),
    (
        "es",
        "El ayuntamiento decidió el lunes reparar el viejo puente del puerto antes del invierno. "
        "Según los funcionarios, las obras durarán unos seis meses.",
    ),
    (
        "sv",
        "Kommunfullmäktige beslutade på måndagen att reparera den gamla hamnbron före vintern. "
        "Enligt tjänstemännen tar arbetet ungefär sex månader.",
    ),
    (
        "tr",
        "Belediye meclisi pazartesi günü eski liman köprüsünü kıştan önce onarmaya karar verdi. "
        "Yetkililere göre çalışmalar yaklaşık altı ay sürecek.",
    ),
    (
        "ru",
        "Городской совет в понедельник решил отремонтировать старый портовый мост до зимы. "
        "По словам чиновников, работы продлятся около шести месяцев.",
    ),
    ("zh", "市议会周一决定在冬季之前修复旧港口大桥。官员表示，工程大约需要六个月。"),
]


@pytest.mark.parametrize("code, text", CASES, ids=[c for c, _ in CASES])
def test_news_paragraphs(code: str, text: str) -> None:
    assert detect_language(text) == code


def test_too_short_to_tell() -> None:
    assert detect_language("OK") == FALLBACK
