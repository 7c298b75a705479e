"""The Sustainable Development Goals and their targets (checklist item 4 of appendix 8.4).

The 17 goals with their short names in both languages, and the codes of their 169
targets (``"8.7"``, ``"16.a"``). The targets the coalition's work serves most often carry
their wording, so a sheet can name them; the others are named by code and goal.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

GOALS: dict[int, tuple[str, str]] = {
    1: ("Fin de la pobreza", "No poverty"),
    2: ("Hambre cero", "Zero hunger"),
    3: ("Salud y bienestar", "Good health and well-being"),
    4: ("Educación de calidad", "Quality education"),
    5: ("Igualdad de género", "Gender equality"),
    6: ("Agua limpia y saneamiento", "Clean water and sanitation"),
    7: ("Energía asequible y no contaminante", "Affordable and clean energy"),
    8: ("Trabajo decente y crecimiento económico", "Decent work and economic growth"),
    9: ("Industria, innovación e infraestructura", "Industry, innovation and infrastructure"),
    10: ("Reducción de las desigualdades", "Reduced inequalities"),
    11: ("Ciudades y comunidades sostenibles", "Sustainable cities and communities"),
    12: ("Producción y consumo responsables", "Responsible consumption and production"),
    13: ("Acción por el clima", "Climate action"),
    14: ("Vida submarina", "Life below water"),
    15: ("Vida de ecosistemas terrestres", "Life on land"),
    16: ("Paz, justicia e instituciones sólidas", "Peace, justice and strong institutions"),
    17: ("Alianzas para lograr los objetivos", "Partnerships for the goals"),
}

# (numbered targets, lettered targets) per goal, as the 2030 Agenda lists them.
_SHAPE = {
    1: (5, "ab"), 2: (5, "abc"), 3: (9, "abcd"), 4: (7, "abc"), 5: (6, "abc"),
    6: (6, "ab"), 7: (3, "ab"), 8: (10, "ab"), 9: (5, "abc"), 10: (7, "abc"),
    11: (7, "abc"), 12: (8, "abc"), 13: (3, "ab"), 14: (7, "abc"), 15: (9, "abc"),
    16: (10, "ab"), 17: (19, ""),
}  # fmt: skip

TARGETS: tuple[str, ...] = tuple(
    f"{goal}.{mark}"
    for goal, (numbered, lettered) in _SHAPE.items()
    for mark in [*map(str, range(1, numbered + 1)), *lettered]
)

# The targets that name trafficking, smuggling, exploitation, migration and the rule of
# law: the ones a project of the coalition serves.
TARGET_WORDING: dict[str, tuple[str, str]] = {
    "5.2": (
        "Eliminar todas las formas de violencia contra todas las mujeres y las niñas, "
        "incluidas la trata y la explotación sexual y otros tipos de explotación",
        "Eliminate all forms of violence against all women and girls, including "
        "trafficking and sexual and other types of exploitation",
    ),
    "8.7": (
        "Erradicar el trabajo forzoso, poner fin a las formas contemporáneas de esclavitud "
        "y la trata de personas",
        "Eradicate forced labour, end modern slavery and human trafficking",
    ),
    "10.7": (
        "Facilitar la migración y la movilidad ordenadas, seguras, regulares y responsables",
        "Facilitate orderly, safe, regular and responsible migration and mobility of people",
    ),
    "16.2": (
        "Poner fin al maltrato, la explotación, la trata y todas las formas de violencia "
        "y tortura contra los niños",
        "End abuse, exploitation, trafficking and all forms of violence against and "
        "torture of children",
    ),
    "16.3": (
        "Promover el estado de derecho y garantizar la igualdad de acceso a la justicia",
        "Promote the rule of law and ensure equal access to justice for all",
    ),
    "16.4": (
        "Reducir las corrientes financieras y de armas ilícitas y luchar contra todas "
        "las formas de delincuencia organizada",
        "Reduce illicit financial and arms flows and combat all forms of organized crime",
    ),
    "16.a": (
        "Fortalecer las instituciones nacionales pertinentes, incluso mediante la "
        "cooperación internacional",
        "Strengthen relevant national institutions, including through international cooperation",
    ),
    "17.17": (
        "Fomentar y promover la constitución de alianzas eficaces en las esferas pública, "
        "público-privada y de la sociedad civil",
        "Encourage and promote effective public, public-private and civil society partnerships",
    ),
}


def _spanish() -> bool:
    return (get_language() or "es").startswith("es")


def goal_name(goal: int) -> str:
    """``"8. Trabajo decente y crecimiento económico"`` in the reader's language."""
    es, en = GOALS[goal]
    return f"{goal}. {es if _spanish() else en}"


def target_name(code: str) -> str:
    """A target's code with its wording where known, else with its goal's name."""
    if code in TARGET_WORDING:
        es, en = TARGET_WORDING[code]
        return f"{code} {es if _spanish() else en}"
    goal = int(code.split(".")[0])
    return f"{code} ({goal_name(goal)})"


def goal_choices() -> list[tuple[int, str]]:
    return [(goal, goal_name(goal)) for goal in GOALS]


def target_choices() -> list[tuple[str, str]]:
    return [(code, target_name(code)) for code in TARGETS]


def validate_goals(value: object) -> None:
    if not isinstance(value, list) or any(
        not isinstance(goal, int) or goal not in GOALS for goal in value
    ):
        raise ValidationError(
            _("Name Sustainable Development Goals by their numbers, 1 to 17."), code="sdg_goal"
        )


def validate_targets(value: object) -> None:
    if not isinstance(value, list) or any(code not in TARGETS for code in value):
        unknown = (
            [str(code) for code in value if code not in TARGETS] if isinstance(value, list) else []
        )
        raise ValidationError(
            _("These are not targets of the 2030 Agenda: %(codes)s. Write them as “8.7” or “16.a”.")
            % {"codes": ", ".join(unknown) or str(value)},
            code="sdg_target",
        )
