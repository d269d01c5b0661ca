"""Write the layout fixtures: invented stories (written for the fixtures, not taken from the
corpus) rendered in every layout into `tests/fixtures/layouts/NN-layout.txt` with the expected
fields beside them as `NN-layout.expected.json`. Run it after adding a layout; review the diff.

    python -m bench.layout_fixtures
"""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

from bench.layouts import FIXTURES, LAYOUTS, Expected, Story, evaluate, make_file

S = [  # invented for the fixtures
    Story(
        "fx-01",
        "Ferry service to outer islands suspended after engine fault",
        "2021-03-04",
        (
            "The only car ferry linking the mainland with the three outer islands was taken out of service on Wednesday after engineers found a crack in its main engine housing.",
            "The operator said replacement parts had been ordered from a supplier abroad and that repairs would take at least ten days, leaving about 2,300 islanders relying on a small passenger launch.",
            "Shopkeepers on the largest island said fresh food deliveries had already been cut to twice a week and warned that fuel stocks would run low before the weekend.",
        ),
    ),
    Story(
        "fx-02",
        "City council votes to close riverside car park for new market hall",
        "2020-11-17",
        (
            "Councillors voted by 23 to 9 on Tuesday evening to close the riverside car park and build a covered market hall on the site by the end of next year.",
            "Traders who currently run stalls in the open square welcomed the plan, saying winter takings had fallen by almost half since the old hall was demolished.",
            "Opponents argued that the loss of 400 parking spaces would push shoppers towards out-of-town retail parks, and a petition against the scheme has gathered 6,000 signatures.",
        ),
    ),
    Story(
        "fx-03",
        "Drought forces water rationing in southern farming region",
        "2019-08-09",
        (
            "Authorities in the southern farming region announced water rationing for agricultural users on Friday after reservoir levels fell below a quarter of their capacity.",
            "Farmers will be allowed to irrigate only on alternate days, and the watering of orchards with sprinklers has been banned outright until the autumn rains arrive.",
        ),
    ),
    Story(
        "fx-04",
        "Regional airline cancels flights as pilots walk out over rosters",
        "2022-06-21",
        (
            "A regional airline cancelled more than 60 flights on Tuesday after pilots began a 48-hour strike over what their union called unsafe and unpredictable rosters.",
            "The company said it had offered a new scheduling system with guaranteed rest days, but the union said the offer left crews working up to 13 hours without a proper break.",
            "Passengers stranded at the main terminal were offered rebooking on later flights or a full refund, and the airline said it expected to run a reduced timetable on Thursday.",
            "Talks between the two sides are due to resume at a government mediation service next week.",
        ),
    ),
    Story(
        "fx-05",
        "Museum unveils restored medieval tapestry after decade of work",
        "2018-02-02",
        (
            "A medieval tapestry showing a harvest festival went back on display at the national museum on Friday after ten years of painstaking restoration.",
            "Conservators removed centuries of grime and replaced more than 30,000 broken threads by hand, using dyes made to match the original colours of the wool.",
            "The museum expects the tapestry to draw large crowds and has introduced timed tickets for the first two months of the exhibition.",
        ),
    ),
    Story(
        "fx-06",
        "Hospital trust opens overnight clinic to cut emergency waits",
        "2023-01-26",
        (
            "A hospital trust opened an overnight clinic for minor injuries on Thursday in an attempt to reduce waiting times in its crowded emergency department.",
            "Nurses at the clinic will treat sprains, small cuts and minor burns between 8pm and 6am, freeing doctors in the main department to concentrate on serious cases.",
            "Figures published last month showed that one patient in five waited more than twelve hours to be seen at the trust's emergency department over the winter.",
        ),
    ),
    Story(
        "fx-07",
        "Power restored to thousands after storm brings down lines",
        "2021-10-12",
        (
            "Electricity was restored to about 14,000 homes on Tuesday, two days after a storm with gusts of up to 120 kilometres an hour brought down power lines across the valley.",
            "Repair crews worked through the night to replace broken poles, and the network operator said the last 300 properties in remote areas should be reconnected by Wednesday.",
        ),
    ),
    Story(
        "fx-08",
        "University researchers report new method to recycle solar panels",
        "2020-05-28",
        (
            "Researchers at a technical university said on Thursday they had developed a cheaper way to recover silver and silicon from old solar panels.",
            "The method uses a mild acid bath at room temperature instead of the high-temperature furnaces used today, which the team says cuts the energy needed by about two thirds.",
            "The researchers plan to build a pilot plant with an industrial partner next year and hope to process several thousand panels a month by 2023.",
        ),
    ),
    Story(
        "fx-09",
        "Teachers accept pay offer, ending months of strikes",
        "2019-04-15",
        (
            "Secondary school teachers voted to accept a revised pay offer on Monday, bringing an end to a dispute that had closed schools on eleven days since January.",
            "The deal raises salaries by 4.5 percent this year and a further 3 percent next year, and includes funding for 1,200 extra classroom assistants.",
            "Union leaders said the result was a victory for pupils as well as staff, while the education minister thanked parents for their patience during the disruption.",
        ),
    ),
    Story(
        "fx-10",
        "Coastal town bans cars from seafront for summer trial",
        "2022-07-03",
        (
            "Cars were banned from the seafront road of a small coastal town on Sunday at the start of a summer-long trial meant to make the promenade safer for walkers and cyclists.",
            "Delivery vans will be allowed in before ten o'clock each morning, and residents with disabled parking permits can still use the road at any time.",
            "Cafe owners were divided, with some reporting busier terraces and others saying their regular customers had already complained about having nowhere to park.",
        ),
    ),
    Story(
        "fx-11",
        "Wildfire near national park forces evacuation of campsites",
        "2023-08-19",
        (
            "Firefighters ordered the evacuation of five campsites and a mountain village on Saturday as a wildfire spread towards the edge of the national park.",
            "Four water-bombing aircraft and more than 200 firefighters were deployed, and officials said strong afternoon winds had pushed the flames across a firebreak.",
            "No injuries have been reported, but the main road through the park has been closed and visitors have been told to stay away until at least Monday.",
        ),
    ),
    Story(
        "fx-12",
        "Central bank holds interest rates steady despite rising prices",
        "2018-09-06",
        (
            "The central bank left its main interest rate unchanged at 1.25 percent on Thursday, saying the recent rise in prices was likely to prove temporary.",
            "Inflation reached 3.1 percent in August, its highest level in four years, driven mainly by higher fuel costs and a poor harvest that pushed up food prices.",
            "Two of the seven members of the rate-setting committee voted for an immediate increase, and analysts said a rise before the end of the year could not be ruled out.",
        ),
    ),
]


def main() -> None:
    """Render every layout's fixture; each keeps the first seed that shows the layout's variants."""
    out = FIXTURES
    out.mkdir(parents=True, exist_ok=True)
    for n, name in enumerate(LAYOUTS, start=1):
        _write(out, n, name)


def _wanted(name: str, text: str, exp: list[Expected]) -> bool:
    """Whether a rendering shows the variants a fixture of this layout should hold."""
    if name == "wire-lead":
        return (
            any(e.date and e.date.startswith("--") for e in exp)
            and any(e.date and e.date[:1].isdigit() for e in exp)
            and any(e.dateline for e in exp)
        )
    if name == "no-headline":
        return len({e.date is None for e in exp}) == 2
    if name == "markdown":
        return len({e.authors is None for e in exp}) == 2
    if name == "date-first":
        return len({text.split("\n")[e.line - 1].startswith("By") for e in exp}) == 2
    return True


def _write(out: Path, n: int, name: str) -> None:
    """One layout's fixture file and its expected fields."""

    batch = [S[(3 * n + k) % len(S)] for k in range(3)]
    for attempt in range(200):
        rng = random.Random(f"fixture:{name}:{attempt}")
        text, exp = make_file(name, batch, rng, "tune")
        if _wanted(name, text, exp):
            break
    stem = f"{n:02d}-{name}"
    (out / f"{stem}.txt").write_text(text, encoding="utf-8")
    (out / f"{stem}.expected.json").write_text(
        json.dumps([dataclasses.asdict(e) for e in exp], indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    sc = evaluate(text, exp)
    print(stem, sc.expected, sc.written, {f: f"{sc.right[f]}/{sc.checked[f]}" for f in sc.right})


if __name__ == "__main__":
    main()
