"""The pages' Jinja environment: our templates first, then the NHS.UK frontend's component
macros (``nhsuk-frontend-jinja``, which wants ``ChainableUndefined``), with the filters that
write figures, months and SPC signals in words (``formatting``)."""

from __future__ import annotations

from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, select_autoescape
from starlette.templating import Jinja2Templates

from oneworkforce import __version__
from oneworkforce.web import assets
from oneworkforce.web import formatting as fmt

NAVIGATION = (
    ("overview", "/", "Overview"),
    ("metrics", "/metrics", "Metrics"),
    ("drill", "/drill/headcount", "Drill down"),
    ("equality", "/equality", "Equality"),
    ("wellbeing", "/wellbeing", "Experience and wellbeing"),
    ("targets", "/targets", "Targets"),
    ("planning", "/planning", "Planning"),
    ("quality", "/quality", "Data quality"),
    ("board", "/board-pack", "Board pack"),
)


def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [
                PackageLoader("oneworkforce.web", "templates"),
                PackageLoader("nhsuk_frontend_jinja"),
            ]
        ),
        undefined=ChainableUndefined,
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        number=fmt.number,
        month_name=fmt.month_name,
        variation=fmt.variation,
        assurance=fmt.assurance,
        icon_kind=fmt.icon_kind,
        query_slice=fmt.query_slice,
    )
    env.globals.update(
        asset_path=assets.ASSET_URL,
        static_url=assets.STATIC_URL,
        plotly_url=assets.PLOTLY_URL,
        navigation=NAVIGATION,
        version=__version__,
    )
    return env


def templates() -> Jinja2Templates:
    return Jinja2Templates(env=environment())
