"""A deterministic generator of large, realistic data sets for benchmarks.

``generate(factor)`` fills the business tables of the directory, the pipeline, the
agreements and the exchange rates. Factor 1 is CORETT's realistic volume (500
partners, 1,500 contacts, 300 calls, 1,000 opportunities, 5,000 interactions, 200
agreements, 2,000 contributions); factor 100 multiplies those by 100. Five years of
daily exchange rates of eight currencies are always loaded, whatever the factor.

The same factor, seed and end date give the same data: every random choice comes from
one ``random.Random(seed)`` and none depends on database ids.

Rows are written with ``bulk_create`` in batches, one transaction per model, and
*without history*: a benchmark data set needs no audit trail, and writing one would
double the time. Derived values are computed here the way the services compute them
(``Partner.search_text``, converted amounts, stage changes, deadlines), from the rates
kept in memory rather than one query per row.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
import time
from collections.abc import Iterable, Iterator, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Any, Protocol, TypeVar

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from mobiliza.agreements.choices import (
    AgreementKind,
    AgreementStatus,
    ContributionStatus,
    ObligationKind,
    OwnContributionMechanism,
    Recurrence,
    ResourcesManagedBy,
)
from mobiliza.agreements.models import (
    FINANCIAL,
    GOODS_SERVICES,
    HUMAN,
    Acknowledgement,
    Agreement,
    Contribution,
    Deadline,
    Instalment,
    ReportingObligation,
)
from mobiliza.agreements.services import schedule
from mobiliza.coalition.models import MemberState
from mobiliza.core import freshness
from mobiliza.core.models import ExchangeRate
from mobiliza.core.money import currency_places, round_to_currency
from mobiliza.directory.choices import ProposalLanguage, RelationshipStatus, Scope, TermKind
from mobiliza.directory.models import Contact, DirectoryTerm, FundingCall, Partner
from mobiliza.directory.search import normalise
from mobiliza.pipeline.choices import InteractionKind, LossReason, Outcome
from mobiliza.pipeline.models import Interaction, Opportunity, StageChange
from mobiliza.plan.models import (
    MobilizationStep,
    ResourceCategory,
    ResourceKind,
    SourceType,
    StrategicAxis,
)
from mobiliza.portfolio.choices import ProjectKind, ProjectState
from mobiliza.portfolio.choices import Scope as ProjectScope
from mobiliza.portfolio.models import Project

T = TypeVar("T")


class _Output(Protocol):
    """Where progress lines go: a file, or a management command's ``self.stdout``."""

    def write(self, text: str, /) -> Any: ...


BATCH_SIZE = 5000

# Records per kind at factor 1: CORETT's realistic volume.
BASE_COUNTS = {
    "partners": 500,
    "contacts": 1500,
    "calls": 300,
    "projects": 60,
    "opportunities": 1000,
    "interactions": 5000,
    "agreements": 200,
    "contributions": 2000,
}

RATE_YEARS = 5
# Value in US dollars of one unit of each currency at the start; the rates then wander.
USD_VALUE = {
    "USD": Decimal(1),
    "EUR": Decimal("1.0850"),
    "MXN": Decimal("0.0586"),
    "GTQ": Decimal("0.1287"),
    "HNL": Decimal("0.0405"),
    "CRC": Decimal("0.001950"),
    "DOP": Decimal("0.01680"),
    "NIO": Decimal("0.02720"),
    "CAD": Decimal("0.7350"),
}
RATE_CURRENCIES = ("EUR", "MXN", "GTQ", "HNL", "CRC", "DOP", "NIO", "CAD")
# How often each currency is used for amounts: donors mostly pay in dollars and euros.
CURRENCY_WEIGHTS = {
    "USD": 40,
    "EUR": 20,
    "CAD": 6,
    "MXN": 8,
    "GTQ": 7,
    "HNL": 5,
    "CRC": 5,
    "DOP": 5,
    "NIO": 4,
}

# Telephone numbers that pass phonenumbers' validation: a prefix, then so many digits
# (in North America the local exchange cannot start with 0 or 1).
PHONE_PATTERNS = {
    "BZ": ("+50122", 5),
    "CR": ("+50622", 6),
    "SV": ("+50322", 6),
    "GT": ("+50222", 6),
    "HN": ("+50433", 6),
    "MX": ("+5255", 8),
    "NI": ("+50522", 6),
    "PA": ("+50722", 5),
    "DO": ("+1809", 7),
    "US": ("+1202", 7),
    "ES": ("+3491", 7),
}
NORTH_AMERICAN = ("+1",)
OUTSIDE_COUNTRIES = ("US", "ES")

# --- Words for names and texts, Spanish with its English counterpart -----------------

ORGANISATION_TYPES = [
    ("Fundación", "Foundation"),
    ("Asociación", "Association"),
    ("Red", "Network"),
    ("Instituto", "Institute"),
    ("Centro", "Centre"),
    ("Observatorio", "Observatory"),
    ("Alianza", "Alliance"),
    ("Consejo", "Council"),
    ("Programa", "Programme"),
    ("Agencia", "Agency"),
    ("Colectivo", "Collective"),
    ("Universidad", "University"),
    ("Cámara", "Chamber"),
    ("Fondo", "Fund"),
    ("Comisión", "Commission"),
    ("Iniciativa", "Initiative"),
    ("Coordinadora", "Coordinating Body"),
    ("Movimiento", "Movement"),
    ("Plataforma", "Platform"),
    ("Pastoral", "Ministry"),
]
THEMES = [
    ("Niñez Segura", "Safe Childhood"),
    ("contra la Trata", "against Trafficking"),
    ("para la Migración Segura", "for Safe Migration"),
    ("de Derechos Humanos", "for Human Rights"),
    ("de Protección a Víctimas", "for Victim Protection"),
    ("Mujeres Libres", "Free Women"),
    ("Juventud Solidaria", "Solidary Youth"),
    ("por la Dignidad Humana", "for Human Dignity"),
    ("de Acción Comunitaria", "for Community Action"),
    ("de Estudios Migratorios", "for Migration Studies"),
    ("de Justicia Penal", "for Criminal Justice"),
    ("de Desarrollo Sostenible", "for Sustainable Development"),
    ("Esperanza Viva", "Living Hope"),
    ("de Apoyo al Migrante", "for Migrant Support"),
    ("por una Niñez sin Explotación", "for a Childhood without Exploitation"),
    ("de Periodismo Responsable", "for Responsible Journalism"),
    ("de Gobernanza Migratoria", "for Migration Governance"),
    ("de Investigación Social", "for Social Research"),
    ("de Empresas Éticas", "of Ethical Businesses"),
    ("de Cooperación Técnica", "for Technical Cooperation"),
    ("Familias Unidas", "United Families"),
    ("de Asistencia Legal", "for Legal Aid"),
    ("de Reintegración", "for Reintegration"),
    ("Caminos Seguros", "Safe Paths"),
    ("Puentes de Solidaridad", "Bridges of Solidarity"),
    ("de Prevención del Delito", "for Crime Prevention"),
    ("Mano Amiga", "Helping Hand"),
    ("de Inclusión Económica", "for Economic Inclusion"),
    ("de Salud Comunitaria", "for Community Health"),
    ("de Educación Popular", "for Popular Education"),
]
PLACES = [
    ("del Pacífico", "of the Pacific"),
    ("del Caribe", "of the Caribbean"),
    ("de Centroamérica", "of Central America"),
    ("de Mesoamérica", "of Mesoamerica"),
    ("del Golfo de Fonseca", "of the Gulf of Fonseca"),
    ("del Trifinio", "of the Trifinio"),
    ("del Petén", "of Petén"),
    ("de Chiriquí", "of Chiriquí"),
    ("de Olancho", "of Olancho"),
    ("de San José", "of San José"),
    ("de Tegucigalpa", "of Tegucigalpa"),
    ("de Quetzaltenango", "of Quetzaltenango"),
    ("de Santo Domingo", "of Santo Domingo"),
    ("de León", "of León"),
    ("de Chiapas", "of Chiapas"),
    ("de Belmopán", "of Belmopan"),
    ("de Cobán", "of Cobán"),
    ("de Limón", "of Limón"),
    ("de Colón", "of Colón"),
    ("de Tapachula", "of Tapachula"),
    ("del Darién", "of the Darién"),
    ("de Sonsonate", "of Sonsonate"),
    ("de San Pedro Sula", "of San Pedro Sula"),
    ("de Guanacaste", "of Guanacaste"),
    ("de Matagalpa", "of Matagalpa"),
    ("de Huehuetenango", "of Huehuetenango"),
    ("de Santiago de los Caballeros", "of Santiago de los Caballeros"),
    ("de Mérida", "of Mérida"),
    ("de la Mosquitia", "of La Mosquitia"),
    ("de Bocas del Toro", "of Bocas del Toro"),
    ("de Usulután", "of Usulután"),
    ("de Esquipulas", "of Esquipulas"),
    ("de Cartago", "of Cartago"),
    ("de Jinotega", "of Jinotega"),
    ("de Puerto Barrios", "of Puerto Barrios"),
    ("de Ciudad Juárez", "of Ciudad Juárez"),
    ("de Punta Cana", "of Punta Cana"),
    ("de Orange Walk", "of Orange Walk"),
    ("de Veraguas", "of Veraguas"),
    ("de La Ceiba", "of La Ceiba"),
]
FIRST_NAMES = [
    "José", "María", "Inés", "Ramón", "Ángela", "Sofía", "Andrés", "Lucía", "Julián",
    "Mónica", "Héctor", "Raúl", "Begoña", "Iñaki", "Nuria", "Álvaro", "Bárbara", "Óscar",
    "Verónica", "Tomás", "Marisol", "Joaquín", "Martín", "Ximena", "Fátima", "Germán",
    "Adrián", "Itzel", "Nicolás", "Zoé", "John", "Emily", "Sarah", "Michael", "David",
    "Karen", "Olivia", "James", "Chloé", "Renée",
]  # fmt: skip
SURNAMES = [
    "Hernández", "Martínez", "Pérez", "Gómez", "López", "Rodríguez", "Muñoz", "Núñez",
    "Ibáñez", "Chávez", "Álvarez", "Cortés", "Peña", "Sánchez", "Ramírez", "Díaz",
    "Jiménez", "Gutiérrez", "Méndez", "Solís", "Quiñónez", "Castañeda", "Avendaño",
    "Ordóñez", "Cáceres", "Velásquez", "Zúñiga", "Bolaños", "Montaño", "Güémez", "Smith",
    "Johnson", "Brown", "Taylor", "O'Connor", "Williams", "MacLeod", "Fournier",
    "Müller", "Rossi",
]  # fmt: skip
TITLES = [
    ("Directora ejecutiva", "Executive director"),
    ("Oficial de programas", "Programme officer"),
    ("Coordinador regional", "Regional coordinator"),
    ("Responsable de alianzas", "Partnerships manager"),
    ("Asesora técnica", "Technical adviser"),
    ("Gerente de responsabilidad social", "Corporate social responsibility manager"),
    ("Investigador principal", "Principal researcher"),
    ("Jefa de prensa", "Head of press"),
    ("Representante de país", "Country representative"),
    ("Especialista en protección", "Protection specialist"),
]
TOPICS = [
    ("prevención de la trata de personas", "prevention of trafficking in persons"),
    ("protección integral de víctimas", "comprehensive protection of victims"),
    ("persecución penal del tráfico ilícito de migrantes", "prosecution of migrant smuggling"),
    ("fortalecimiento de capacidades institucionales", "institutional capacity building"),
    ("albergues especializados", "specialised shelters"),
    ("campañas de sensibilización en escuelas", "awareness campaigns in schools"),
    ("sistemas regionales de información", "regional information systems"),
    ("atención psicosocial a niñas, niños y adolescentes", "psychosocial care for children"),
    ("reintegración económica de sobrevivientes", "economic reintegration of survivors"),
    ("cooperación entre fiscalías", "cooperation between prosecutors"),
    ("gestión migratoria en fronteras", "border migration management"),
    ("investigación académica sobre explotación laboral", "research on labour exploitation"),
]
OBJECTIVE_VERBS = [
    ("Promover", "Promote"),
    ("Fortalecer", "Strengthen"),
    ("Apoyar", "Support"),
    ("Financiar", "Fund"),
    ("Acompañar", "Accompany"),
]
SENTENCES = [
    "Prioriza proyectos con enfoque de género y de niñez.",
    "Exige auditoría externa anual y rendición de cuentas semestral.",
    "Trabaja con contrapartes nacionales y municipales.",
    "Tiene experiencia en asistencia técnica a comisiones nacionales.",
    "Su ciclo presupuestario cierra en septiembre.",
    "Acepta propuestas en español e inglés.",
    "Colaboró con la coalición en campañas de prevención.",
    "Requiere cofinanciamiento del 20 % como mínimo.",
    "Ventaja comparativa en investigación y datos abiertos.",
    "Financia equipamiento, formación y servicios de atención.",
    "Procedimientos de compra según sus propias normas.",
    "Interés en migración segura, ordenada y regular.",
]
FUNDING_CYCLES = [
    "Anual, con convocatoria en marzo",
    "Bienal",
    "Ventanilla abierta todo el año",
    "Trimestral",
    "Según la programación plurianual del donante",
]
CALL_PREFIXES = [
    ("Convocatoria", "Call for proposals"),
    ("Fondo concursable", "Competitive fund"),
    ("Ventanilla de subvenciones", "Grant window"),
    ("Llamado a propuestas", "Call for proposals"),
]
OPPORTUNITY_PREFIXES = ["Proyecto", "Programa", "Iniciativa", "Fondo", "Plan piloto"]
NEXT_ACTIONS = [
    "Enviar la nota conceptual",
    "Agendar reunión con la oficina regional",
    "Presentar la ficha técnica del proyecto",
    "Revisar el presupuesto detallado",
    "Responder las observaciones del donante",
    "Firmar la carta de intención",
]
INTERACTION_SUBJECTS = {
    InteractionKind.MEETING: "Reunión sobre {topic}",
    InteractionKind.FORUM: "Foro regional de {topic}",
    InteractionKind.WORKSHOP: "Taller de {topic}",
    InteractionKind.CALL: "Llamada de seguimiento: {topic}",
    InteractionKind.EMAIL: "Correo con la propuesta de {topic}",
    InteractionKind.TECHNICAL_ASSISTANCE: "Asistencia técnica en {topic}",
    InteractionKind.MATERIALS: "Presentación de materiales sobre {topic}",
}
AGREEMENT_TITLES = {
    AgreementKind.MOU: "Memorando de entendimiento",
    AgreementKind.LETTER_OF_UNDERSTANDING: "Carta de entendimiento",
    AgreementKind.FRAMEWORK: "Convenio marco",
    AgreementKind.COOPERATION: "Convenio de cooperación",
    AgreementKind.LETTER_OF_COMMITMENT: "Carta de compromiso",
    AgreementKind.GRANT: "Acuerdo de subvención",
}
OBLIGATION_TITLES = {
    ObligationKind.NARRATIVE_REPORT: "Informe narrativo",
    ObligationKind.FINANCIAL_REPORT: "Informe financiero",
    ObligationKind.PROGRESS_REPORT: "Informe de avance",
    ObligationKind.LETTER_OF_INTENT: "Carta de intención",
    ObligationKind.APPLICATION: "Solicitud",
}
HUMAN_ROLES = [
    "Psicóloga", "Abogado", "Trabajadora social", "Consultor en datos", "Formadora",
    "Intérprete", "Especialista en comunicación",
]  # fmt: skip
GOODS = [
    ("Computadoras portátiles", "unidades"),
    ("Vehículos todoterreno", "unidades"),
    ("Kits de higiene para albergues", "kits"),
    ("Horas de asesoría técnica", "horas"),
    ("Espacio para talleres", "días"),
    ("Materiales impresos de campaña", "ejemplares"),
    ("Licencias de software", "licencias"),
]


def scaled(count: int, factor: float) -> int:
    """``count`` times ``factor``, rounded, but never below one."""
    return max(1, round(count * factor))


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


# Fields whose Python values PostgreSQL's COPY takes as they are. Exact classes, so that a
# subclass that converts (ScaledDecimalField is a BigIntegerField) still converts.
_PLAIN_FIELDS = (
    models.BigAutoField,
    models.AutoField,
    models.CharField,
    models.TextField,
    models.EmailField,
    models.URLField,
    models.SlugField,
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.BooleanField,
    models.DateField,
    models.DateTimeField,
)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def _copy_rows(model: type[models.Model], objs: list[models.Model], *, with_ids: bool) -> None:
    """Write ``objs`` with PostgreSQL's COPY: several times faster than INSERT for big loads.

    Ids are taken from the table's sequence first (one query per batch) and set on the
    objects, as ``bulk_create`` would; values go through each field's
    ``get_db_prep_save`` (scaled money, country lists) unless the field stores its
    Python value unchanged; ``auto_now`` stamps get the time of the batch.
    """
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself, not the thread-local proxy
    fields = [f for f in meta.local_concrete_fields if with_ids or f is not pk]
    now = timezone.now()
    plain: list[tuple[str, Any]] = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            plain.append((f.attname, now))
        elif type(f) in _PLAIN_FIELDS or isinstance(f, models.ForeignKey):
            plain.append((f.attname, None))
        else:
            plain.append((f.attname, f.get_db_prep_save))
    quote = db.ops.quote_name
    with db.cursor() as cursor:
        if with_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(objs)],
            )
            for obj, (value,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = value
        columns = ", ".join(quote(_column(model, f.name)) for f in fields)
        freshness.changed(model)  # COPY is not seen by the cache's statement watcher
        with cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                values = obj.__dict__
                row = []
                for name, how in plain:
                    if how is None:
                        row.append(values[name])
                    elif how is now:
                        row.append(now)
                    else:
                        row.append(how(values[name], db))
                copy.write_row(row)


def _ascii(text: str) -> str:
    """Letters and digits only, without accents: for e-mail addresses and domains."""
    return "".join(c for c in normalise(text) if c.isalnum())


class _Generator:
    """Holds the seeded random stream, the configuration and what later models refer to."""

    def __init__(
        self, factor: float, seed: int, stdout: _Output | None, until: datetime.date | None
    ) -> None:
        if factor <= 0:
            raise ValueError("The factor must be greater than zero.")
        self.factor = factor
        self.rng = random.Random(seed)
        # The projects, and which records point to them, draw from a stream of their own,
        # so the rest of the data stays what the same seed gave before projects existed.
        self.project_rng = random.Random(seed + 1)
        self.stdout = stdout
        self.until = until or timezone.localdate()
        self.start = self.until - relativedelta(years=RATE_YEARS)
        self.counts: dict[str, int] = {}
        self.target = {key: scaled(n, factor) for key, n in BASE_COUNTS.items()}
        # PostgreSQL takes rows fastest through COPY; elsewhere bulk_create does.
        self.copy = connection.vendor == "postgresql"

    # --- small helpers ----------------------------------------------------------------

    def log(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text + "\n")
            flush = getattr(self.stdout, "flush", None)
            if flush is not None:
                flush()

    def pick(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def pick_or_none(self, options: Sequence[T]) -> T | None:
        """One of ``options`` (or None when empty), drawing the same randomness either way,
        so a database with more or fewer users still gets the same data otherwise."""
        draw = self.rng.random()
        return options[int(draw * len(options))] if options else None

    def cover(self, index: int, options: Sequence[T]) -> T:
        """The first rows take every option in turn, so even a tiny data set uses all."""
        if index < len(options):
            return options[index]
        return self.pick(options)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def day(self, low: datetime.date, high: datetime.date) -> datetime.date:
        span = (high - low).days
        return low + datetime.timedelta(days=self.rng.randint(0, max(span, 0)))

    def moment(self, day: datetime.date) -> datetime.datetime:
        hour, minute = self.rng.randint(8, 17), self.rng.randint(0, 59)
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=datetime.UTC)

    def currency(self) -> str:
        return self.rng.choices(self.currencies, weights=self.currency_weights)[0]

    def amount(self, currency: str, low_usd: float, high_usd: float) -> Decimal:
        """A round-looking amount worth between ``low_usd`` and ``high_usd`` dollars."""
        usd = 10 ** self.rng.uniform(low_usd, high_usd)
        local = Decimal(int(usd)) / USD_VALUE[currency]
        digits = len(str(int(local))) if local >= 1 else 1
        step = Decimal(10) ** max(digits - 3, 0)  # three significant figures
        value = max((local / step).to_integral_value() * step, Decimal(1))
        if self.chance(0.2) and currency_places(currency) >= 2:
            value += Decimal(self.rng.randint(1, 99)) / 100
        return value

    def insert(
        self,
        label: str,
        model: type[models.Model],
        rows: Iterable[models.Model],
        *,
        ids: bool = True,
    ) -> list[int]:
        """Write ``rows`` in batches inside one transaction; return the new ids in order
        (or nothing, when ``ids`` is false: no later row points at these)."""
        started = time.perf_counter()
        new_ids: list[int] = []
        count = 0
        with transaction.atomic():
            for chunk in _batched(rows, BATCH_SIZE):
                if self.copy:
                    _copy_rows(model, chunk, with_ids=ids)
                else:
                    model._default_manager.bulk_create(chunk, batch_size=BATCH_SIZE)
                count += len(chunk)
                if ids:
                    new_ids.extend(obj.pk for obj in chunk)
        self.done(label, count, started)
        return new_ids

    def insert_links(
        self, label: str, model: type[models.Model], field: str, pairs: Iterable[tuple[int, int]]
    ) -> None:
        """Rows of a many-to-many field's own table, (owner id, target id) per row."""
        relation = model._meta.get_field(field)
        assert isinstance(relation, models.ManyToManyField)
        through = relation.remote_field.through
        assert through is not None and not isinstance(through, str)
        names = (relation.m2m_field_name(), relation.m2m_reverse_field_name())
        if not self.copy:
            rows = (through(**{f"{names[0]}_id": a, f"{names[1]}_id": b}) for a, b in pairs)
            self.insert(label, through, rows, ids=False)
            return
        # Two ids a row: straight to COPY, without building a model instance for each.
        started = time.perf_counter()
        count = 0
        db = connections[DEFAULT_DB_ALIAS]
        quote = db.ops.quote_name
        columns = ", ".join(quote(_column(through, name)) for name in names)
        sql = f"COPY {quote(through._meta.db_table)} ({columns}) FROM STDIN"
        with transaction.atomic(), db.cursor() as cursor:
            freshness.changed(through)  # COPY is not seen by the cache's statement watcher
            for chunk in _batched(pairs, BATCH_SIZE):
                with cursor.copy(sql) as copy:
                    for pair in chunk:
                        copy.write_row(pair)
                count += len(chunk)
        self.done(label, count, started)

    def done(self, label: str, count: int, started: float) -> None:
        self.counts[label] = self.counts.get(label, 0) + count
        self.log(f"{label:<32} {count:>9,} rows {time.perf_counter() - started:8.1f} s")

    # --- the run ------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        started = time.perf_counter()
        self.load_configuration()
        self.make_rates()
        self.make_partners()
        self.make_contacts()
        self.make_calls()
        self.make_projects()
        self.make_opportunities()
        self.make_interactions()
        self.make_agreements()
        self.make_contributions()
        self.make_obligations()
        self.log(
            f"{'total':<32} {sum(self.counts.values()):>9,} rows "
            f"{time.perf_counter() - started:8.1f} s"
        )
        return self.counts

    def load_configuration(self) -> None:
        if not MemberState.objects.exists():
            from mobiliza.plan.services import coalition_load

            coalition_load(path=settings.MOBILIZA_COALITION_FILE)
            self.log("Loaded the coalition configuration (no member state was there).")
        from mobiliza.directory.terms import directory_terms_ensure

        directory_terms_ensure()
        states = list(MemberState.objects.order_by("position", "code").values_list("pk", "code"))
        self.state_ids = [pk for pk, _ in states]
        self.state_codes = dict(states)
        self.source_types = list(
            SourceType.objects.order_by("position").values_list("pk", flat=True)
        )
        self.steps = list(MobilizationStep.objects.order_by("position", "number"))
        self.axes = list(StrategicAxis.objects.order_by("position").values_list("pk", flat=True))
        self.kinds = list(ResourceKind.objects.order_by("position").values_list("pk", "code"))
        self.categories: dict[int, list[int]] = {pk: [] for pk, _ in self.kinds}
        for pk, kind_id in ResourceCategory.objects.order_by("position", "pk").values_list(
            "pk", "kind_id"
        ):
            self.categories.setdefault(kind_id, []).append(pk)
        terms = DirectoryTerm.objects.order_by("kind", "position")
        self.areas = [t.pk for t in terms if t.kind == TermKind.AREA]
        self.contribution_terms = [t.pk for t in terms if t.kind == TermKind.CONTRIBUTION]
        if not (self.state_ids and self.source_types and self.steps and self.kinds and self.axes):
            raise RuntimeError("The coalition configuration is incomplete; run load_coalition.")
        staff = get_user_model()._default_manager.filter(
            is_active=True, memberships__role__in=["presidency", "secretariat", "focal_point"]
        )
        self.users = sorted(set(staff.values_list("email", "pk")))
        self.user_ids = [pk for _, pk in self.users]
        self.reporting = settings.REPORTING_CURRENCY
        self.currencies = list(CURRENCY_WEIGHTS)
        self.currency_weights = list(CURRENCY_WEIGHTS.values())
        if self.reporting not in USD_VALUE:
            raise RuntimeError(f"No base rate for the reporting currency {self.reporting}.")

    # --- exchange rates -------------------------------------------------------------------

    def make_rates(self) -> None:
        """Daily rates over five years: a bounded random walk around each base value.

        Rates already in the table (the demo's, say) are kept and used for conversions;
        only the missing days are added.
        """
        base_reporting = USD_VALUE[self.reporting]
        currencies = [c for c in (*RATE_CURRENCIES, "USD") if c != self.reporting]
        currencies = currencies[: len(RATE_CURRENCIES)]
        existing: dict[tuple[str, datetime.date], Decimal] = {
            (currency, day): rate
            for currency, day, rate in ExchangeRate.objects.filter(
                currency__in=currencies, reporting_currency=self.reporting
            ).values_list("currency", "date", "rate")
        }
        days = (self.until - self.start).days + 1
        self.rates: dict[str, tuple[list[int], list[Decimal]]] = {}
        rows: list[ExchangeRate] = []
        for code in currencies:
            base = USD_VALUE[code] / base_reporting
            exponent = base.adjusted() - 5  # six significant figures
            unit = Decimal(1).scaleb(max(exponent, -10))
            walk = 0  # in hundredths of a per cent
            table: dict[int, Decimal] = {
                day.toordinal(): rate
                for (currency, day), rate in existing.items()
                if currency == code
            }
            for offset in range(days):
                walk = max(-1500, min(1500, walk + self.rng.randint(-40, 40)))
                rate = (base * (1 + Decimal(walk) / 10000)).quantize(unit)
                day = self.start + datetime.timedelta(days=offset)
                if day.toordinal() in table:
                    continue
                table[day.toordinal()] = rate
                rows.append(
                    ExchangeRate(
                        date=day,
                        currency=code,
                        rate=rate,
                        reporting_currency=self.reporting,
                        source="Benchmark data",
                    )
                )
            ordinals = sorted(table)
            self.rates[code] = (ordinals, [table[o] for o in ordinals])
        self.insert("ExchangeRate", ExchangeRate, rows)
        self.currencies = [c for c in self.currencies if c in self.rates or c == self.reporting]
        self.currency_weights = [CURRENCY_WEIGHTS[c] for c in self.currencies]

    def rate_on(self, currency: str, on: datetime.date) -> tuple[Decimal, datetime.date | None]:
        """The rate of ``on`` or the latest earlier one, as ``mobiliza.core.money.rate_on``."""
        if currency == self.reporting:
            return Decimal(1), None
        ordinals, values = self.rates[currency]
        index = bisect.bisect_right(ordinals, on.toordinal()) - 1
        if index < 0:
            raise ValueError(f"No rate of {currency} on or before {on}.")
        return values[index], datetime.date.fromordinal(ordinals[index])

    def to_reporting(self, amount: Decimal, currency: str, on: datetime.date) -> Decimal:
        rate, _ = self.rate_on(currency, on)
        return round_to_currency(amount * rate, self.reporting)

    # --- directory ------------------------------------------------------------------------

    def make_partners(self) -> None:
        n = self.target["partners"]
        self.partner_state: list[int | None] = []
        self.partner_country: list[str] = []
        self.partner_domain: list[str] = []
        self.partner_acronym: list[str] = []
        self.partner_name: list[str] = []
        areas: list[list[int]] = []
        kinds: list[list[int]] = []
        axes: list[list[int]] = []
        used: set[str] = set()
        statuses = list(RelationshipStatus.values)
        languages = ["es", "es,en", "en", "es,en,fr", "es,pt"]

        def rows() -> Iterator[Partner]:
            for i in range(n):
                name_es, name_en = self.partner_names(used)
                acronym = "".join(w[0] for w in name_es.split() if w[0].isupper())[:8]
                state = self.pick_or_none(self.state_ids) if self.chance(0.7) else None
                country = (
                    self.state_codes[state] if state else self.pick(list(self.state_codes.values()))
                )
                if self.chance(0.1):
                    country = self.pick(OUTSIDE_COUNTRIES)
                domain = f"{_ascii(acronym) or 'org'}{i + 1}.example.org"
                verb_es, verb_en = self.pick(OBJECTIVE_VERBS)
                topic_es, topic_en = self.pick(TOPICS)
                budget_currency = self.currency()
                budget_min = budget_max = None
                if self.chance(0.6):
                    budget_min = self.amount(budget_currency, 3.7, 5.0)
                    budget_max = budget_min * self.rng.randint(2, 20)
                self.partner_state.append(state)
                self.partner_country.append(country)
                self.partner_domain.append(domain)
                self.partner_acronym.append(acronym)
                self.partner_name.append(name_es)
                areas.append(self.rng.sample(self.areas, self.rng.randint(1, 3)))
                kinds.append(self.rng.sample(self.contribution_terms, self.rng.randint(1, 3)))
                axes.append(self.rng.sample(self.axes, self.rng.randint(0, min(3, len(self.axes)))))
                partner = Partner(
                    name_es=name_es,
                    name_en=name_en if self.chance(0.85) else "",
                    acronym=acronym,
                    scope=self.cover(i, [*Scope.values, ""]),
                    source_type_id=self.cover(i, self.source_types),
                    status=self.cover(i, statuses),
                    general_objective_es=f"{verb_es} acciones de {topic_es} en la región.",
                    general_objective_en=f"{verb_en} action on {topic_en} in the region.",
                    other_areas="Gobernanza migratoria" if self.chance(0.1) else "",
                    has_submission_requirements=self.pick([True, False, None]),
                    suitability_comments=self.pick(SENTENCES),
                    priority_areas=topic_es.capitalize() + ".",
                    policies=self.pick(SENTENCES) if self.chance(0.5) else "",
                    budget_min=budget_min,
                    budget_max=budget_max,
                    budget_currency=budget_currency if budget_min is not None else "",
                    funding_cycle=self.pick(FUNDING_CYCLES),
                    audit_rules="Auditoría externa anual." if self.chance(0.5) else "",
                    accountability="Informes narrativos y financieros semestrales.",
                    interests=self.pick(SENTENCES),
                    comparative_advantage=self.pick(SENTENCES) if self.chance(0.5) else "",
                    track_record=self.pick(SENTENCES) if self.chance(0.5) else "",
                    countries=self.rng.sample(  # type: ignore[misc]
                        list(self.state_codes.values()), self.rng.randint(1, 4)
                    ),
                    proposal_languages=self.pick(languages),
                    website=f"https://www.{domain}/",
                    owner_id=self.pick_or_none(self.user_ids),
                    member_state_id=state,
                    confidential_notes=(
                        "Prefiere negociar montos en persona." if self.chance(0.2) else ""
                    ),
                )
                partner.compute_derived()  # search_text, as the services keep it
                yield partner

        self.partner_ids = self.insert("Partner", Partner, rows())
        ids = self.partner_ids
        self.insert_links(
            "Partner.areas",
            Partner,
            "areas",
            ((ids[i], t) for i, ts in enumerate(areas) for t in ts),
        )
        self.insert_links(
            "Partner.contribution_kinds",
            Partner,
            "contribution_kinds",
            ((ids[i], t) for i, ts in enumerate(kinds) for t in ts),
        )
        self.insert_links(
            "Partner.axes", Partner, "axes", ((ids[i], t) for i, ts in enumerate(axes) for t in ts)
        )

    def partner_names(self, used: set[str]) -> tuple[str, str]:
        """A Spanish name and its English translation, new in this data set when possible."""
        for attempt in range(20):
            kind_es, kind_en = self.pick(ORGANISATION_TYPES)
            place_es, place_en = self.pick(PLACES)
            if self.chance(0.75):
                theme_es, theme_en = self.pick(THEMES)
                name_es = f"{kind_es} {theme_es} {place_es}"
                if theme_en.split(" ", 1)[0] in ("for", "against", "of"):
                    name_en = f"{kind_en} {theme_en} {place_en}"
                else:
                    name_en = f"{theme_en} {kind_en} {place_en}"
            else:
                surname = self.pick(SURNAMES)
                name_es = f"{kind_es} {surname} {place_es}"
                name_en = f"{surname} {kind_en} {place_en}"
            if attempt >= 10:  # a crowded data set: number the chapters
                chapter = self.rng.randint(2, 99)
                name_es, name_en = (
                    f"{name_es} (capítulo {chapter})",
                    f"{name_en} (chapter {chapter})",
                )
            if name_es not in used:
                used.add(name_es)
                return name_es, name_en
        return name_es, name_en

    def phone(self, country: str) -> str:
        prefix, digits = PHONE_PATTERNS[country]
        first = (
            self.rng.randint(2, 9) if prefix.startswith(NORTH_AMERICAN) else self.rng.randint(0, 9)
        )
        return prefix + str(first) + "".join(str(self.rng.randint(0, 9)) for _ in range(digits - 1))

    def make_contacts(self) -> None:
        n = self.target["contacts"]
        partners = len(self.partner_ids)
        # Every partner has a contact before any has a second one.
        owners = [i % partners for i in range(min(n, partners))]
        owners += [self.rng.randrange(partners) for _ in range(n - len(owners))]
        self.contact_of: dict[int, list[int]] = {}  # partner index -> contact positions
        names: list[tuple[str, str]] = []
        titles = TITLES

        def rows() -> Iterator[Contact]:
            for position, p in enumerate(owners):
                first, surname = self.pick(FIRST_NAMES), self.pick(SURNAMES)
                second = self.pick(SURNAMES) if self.chance(0.5) else ""
                full_name = " ".join(x for x in (first, surname, second) if x)
                email = f"{_ascii(first)}.{_ascii(surname)}@{self.partner_domain[p]}"
                if self.chance(0.15):
                    email = ""
                title_es, title_en = self.pick(titles)
                language = "es" if self.chance(0.75) else self.pick(ProposalLanguage.values)
                self.contact_of.setdefault(p, []).append(position)
                names.append((full_name, email))
                yield Contact(
                    partner_id=self.partner_ids[p],
                    full_name=full_name,
                    title=title_es if language == "es" else title_en,
                    email=email,
                    phone=self.phone(self.partner_country[p]) if self.chance(0.8) else "",
                    language=language,
                    notes="Prefiere comunicación por correo." if self.chance(0.1) else "",
                    newsletter_consent=self.chance(0.6),
                    is_active=self.chance(0.92),
                )

        self.contact_ids = self.insert("Contact", Contact, rows())
        self.contact_names = names

    def make_calls(self) -> None:
        n = self.target["calls"]
        self.calls_of: dict[int, list[int]] = {}
        areas: list[list[int]] = []
        eligible: list[list[int]] = []
        owners: list[int] = []

        def rows() -> Iterator[FundingCall]:
            for _ in range(n):
                p = self.rng.randrange(len(self.partner_ids))
                prefix_es, _prefix_en = self.pick(CALL_PREFIXES)
                topic_es, _topic_en = self.pick(TOPICS)
                opens = self.day(self.start, self.until + datetime.timedelta(days=180))
                closes = opens + datetime.timedelta(days=self.rng.randint(20, 120))
                currency = self.currency()
                low = self.amount(currency, 4.0, 5.0) if self.chance(0.8) else None
                high = low * self.rng.randint(2, 10) if low is not None else None
                owners.append(p)
                areas.append(self.rng.sample(self.areas, self.rng.randint(1, 2)))
                eligible.append(self.rng.sample(self.state_ids, self.rng.randint(0, 5)))
                yield FundingCall(
                    partner_id=self.partner_ids[p],
                    title=f"{prefix_es} {opens.year}: {topic_es}",
                    amount_min=low,
                    amount_max=high,
                    currency=currency if low is not None else "",
                    opens_on=opens,
                    closes_on=closes if self.chance(0.9) else None,
                    url=f"https://www.{self.partner_domain[p]}/convocatorias/{opens.year}",
                    requirements=self.pick(SENTENCES),
                )

        ids = self.insert("FundingCall", FundingCall, rows())
        for position, p in enumerate(owners):
            self.calls_of.setdefault(p, []).append(ids[position])
        self.insert_links(
            "FundingCall.areas",
            FundingCall,
            "areas",
            ((ids[i], t) for i, ts in enumerate(areas) for t in ts),
        )
        self.insert_links(
            "FundingCall.eligible_countries",
            FundingCall,
            "eligible_countries",
            ((ids[i], s) for i, ss in enumerate(eligible) for s in ss),
        )

    # --- portfolio ------------------------------------------------------------------------

    def make_projects(self) -> None:
        """Projects and initiatives, national or regional, which opportunities, agreements
        and contributions point to."""
        n = self.target["projects"]
        self.project_ids: list[int] = []
        self.project_state: list[int | None] = []
        regional: list[list[int]] = []

        def rows() -> Iterator[Project]:
            for i in range(n):
                topic_es, topic_en = self.pick(TOPICS)
                place_es, _place_en = self.pick(PLACES)
                national = self.chance(0.7)
                state = self.pick(self.state_ids) if national else None
                self.project_state.append(state)
                regional.append(
                    [] if national else self.rng.sample(self.state_ids, self.rng.randint(2, 5))
                )
                currency = self.currency()
                amount = self.amount(currency, 4.0, 6.5) if self.chance(0.8) else None
                yield Project(
                    kind=ProjectKind.INITIATIVE if i % 4 == 0 else ProjectKind.PROJECT,
                    name_es=f"Proyecto {i + 1}: {topic_es} {place_es}",
                    name_en=f"Project {i + 1}: {topic_en}",
                    scope=ProjectScope.NATIONAL if national else ProjectScope.REGIONAL,
                    member_state_id=state,
                    amount=amount,
                    currency=currency if amount is not None else "",
                    amount_reporting=(
                        self.to_reporting(amount, currency, self.until)
                        if amount is not None
                        else None
                    ),
                    start_on=self.day(self.start, self.until),
                    state=self.cover(i, list(ProjectState.values)),
                )

        main, self.rng = self.rng, self.project_rng
        try:
            self.project_ids = self.insert("Project", Project, rows())
        finally:
            self.rng = main
        self.insert_links(
            "Project.member_states",
            Project,
            "member_states",
            ((self.project_ids[i], s) for i, ss in enumerate(regional) for s in ss),
        )

    def project_for(self, state: int | None, probability: float) -> int | None:
        """A project of ``state`` (or a regional one), or none."""
        if not self.project_ids or self.project_rng.random() >= probability:
            return None
        start = self.project_rng.randrange(len(self.project_ids))
        for k in range(len(self.project_ids)):
            i = (start + k) % len(self.project_ids)
            if self.project_state[i] in (state, None):
                return self.project_ids[i]
        return None

    # --- pipeline -------------------------------------------------------------------------

    def make_opportunities(self) -> None:
        n = self.target["opportunities"]
        steps = self.steps
        outcomes = [Outcome.OPEN, Outcome.WON, Outcome.LOST]
        loss_reasons = list(LossReason.values)
        self.opp_partner: list[int] = []
        self.opp_state: list[int | None] = []
        self.opp_span: list[tuple[datetime.date, datetime.date]] = []
        self.opp_won: list[int] = []
        self.opp_open_early: list[int] = []
        changes: list[tuple[int, int, str, datetime.datetime, int | None]] = []

        def rows() -> Iterator[Opportunity]:
            for i in range(n):
                p = self.rng.randrange(len(self.partner_ids))
                if i < len(steps) * len(outcomes):
                    step_index, outcome = i % len(steps), outcomes[i % len(outcomes)]
                else:
                    outcome = self.rng.choices(outcomes, weights=[60, 25, 15])[0]
                    # Most open or lost opportunities are early; most won ones went far.
                    weights = [
                        k + 1 if outcome == Outcome.WON else len(steps) - k
                        for k in range(len(steps))
                    ]
                    step_index = self.rng.choices(range(len(steps)), weights=weights)[0]
                state = (
                    self.partner_state[p] if self.chance(0.8) else self.pick_or_none(self.state_ids)
                )
                if self.chance(0.2):
                    state = None
                opened = self.day(self.start, self.until - datetime.timedelta(days=30))
                # Dates of entering each step up to the current one, then of closing.
                moves = [opened]
                for _ in range(step_index):
                    moves.append(
                        min(
                            moves[-1] + datetime.timedelta(days=self.rng.randint(5, 90)), self.until
                        )
                    )
                closed_on = None
                if outcome != Outcome.OPEN:
                    closed_on = min(
                        moves[-1] + datetime.timedelta(days=self.rng.randint(1, 60)), self.until
                    )
                owner = self.pick_or_none(self.user_ids)
                previous = None
                for k, moved in enumerate(moves):
                    moment = self.moment(moved)
                    if previous is not None and moment <= previous:
                        moment = previous + datetime.timedelta(minutes=self.rng.randint(1, 240))
                    changes.append((i, steps[k].pk, Outcome.OPEN, moment, owner))
                    previous = moment
                if closed_on is not None:
                    moment = self.moment(closed_on)
                    if previous is not None and moment <= previous:
                        moment = previous + datetime.timedelta(minutes=self.rng.randint(1, 240))
                    changes.append((i, steps[step_index].pk, outcome, moment, owner))
                calls = self.calls_of.get(p, [])
                call = self.pick(calls) if calls and self.chance(0.4) else None
                currency = self.currency()
                amount = self.amount(currency, 3.7, 6.3) if self.chance(0.85) else None
                topic_es, _ = self.pick(TOPICS)
                place_es, _ = self.pick(PLACES)
                self.opp_partner.append(p)
                self.opp_state.append(state)
                self.opp_span.append((opened, closed_on or self.until))
                if outcome == Outcome.WON:
                    self.opp_won.append(i)
                elif outcome == Outcome.OPEN and step_index <= 1:
                    self.opp_open_early.append(i)
                next_on = None
                if outcome == Outcome.OPEN:
                    next_on = self.until + datetime.timedelta(days=self.rng.randint(-20, 45))
                yield Opportunity(
                    title=f"{self.pick(OPPORTUNITY_PREFIXES)} de {topic_es} {place_es}",
                    partner_id=self.partner_ids[p],
                    project_id=self.project_for(state, 0.3),
                    funding_call_id=call,
                    axis_id=self.pick(self.axes) if self.chance(0.9) else None,
                    resource_kind_id=self.cover(i, self.kinds)[0],
                    member_state_id=state,
                    expected_amount=amount,
                    currency=currency if amount is not None else "",
                    expected_amount_reporting=(
                        self.to_reporting(amount, currency, self.until)
                        if amount is not None
                        else None
                    ),
                    probability={Outcome.WON: 100, Outcome.LOST: 0}.get(
                        outcome, min(95, 10 + 20 * step_index + self.rng.randint(0, 10))
                    ),
                    expected_decision_on=moves[-1]
                    + datetime.timedelta(days=self.rng.randint(30, 180)),
                    owner_id=owner,
                    next_action=self.pick(NEXT_ACTIONS) if next_on else "",
                    next_action_on=next_on,
                    step_id=steps[step_index].pk,
                    outcome=outcome,
                    closed_on=closed_on,
                    loss_reason=self.cover(i, loss_reasons) if outcome == Outcome.LOST else "",
                    loss_notes="El donante cambió sus prioridades."
                    if outcome == Outcome.LOST
                    else "",
                    negotiated_terms_es=(
                        "Cofinanciamiento 80/20; informes semestrales." if step_index >= 2 else ""
                    ),
                    confidential_notes="Techo real del donante: 10 % más."
                    if self.chance(0.15)
                    else "",
                )

        self.opp_ids = self.insert("Opportunity", Opportunity, rows())
        ids = self.opp_ids
        self.insert(
            "StageChange",
            StageChange,
            (
                StageChange(
                    opportunity_id=ids[i],
                    step_id=step,
                    outcome=outcome,
                    moved_at=at,
                    moved_by_id=by,
                )
                for i, step, outcome, at, by in changes
            ),
        )

    def make_interactions(self) -> None:
        n = self.target["interactions"]
        kinds = list(InteractionKind.values)
        with_contacts: list[tuple[int, int]] = []
        with_users: list[tuple[int, int]] = []

        def rows() -> Iterator[Interaction]:
            for i in range(n):
                opportunity = None
                if self.opp_ids and self.chance(0.6):
                    o = self.rng.randrange(len(self.opp_ids))
                    opportunity = self.opp_ids[o]
                    p, state = self.opp_partner[o], self.opp_state[o]
                    occurred = self.day(*self.opp_span[o])
                else:
                    p = self.rng.randrange(len(self.partner_ids))
                    state = self.partner_state[p] if self.chance(0.7) else None
                    occurred = self.day(self.start, self.until)
                kind = self.cover(i, kinds)
                topic_es, _ = self.pick(TOPICS)
                contacts = self.contact_of.get(p, [])
                if contacts and self.chance(0.5):
                    with_contacts.append((i, self.contact_ids[self.pick(contacts)]))
                user = self.pick_or_none(self.user_ids)
                if user is not None and self.chance(0.5):
                    with_users.append((i, user))
                yield Interaction(
                    partner_id=self.partner_ids[p],
                    opportunity_id=opportunity,
                    member_state_id=state,
                    kind=kind,
                    occurred_on=occurred,
                    subject=INTERACTION_SUBJECTS[InteractionKind(kind)].format(topic=topic_es),
                    notes="Se acordó enviar información adicional." if self.chance(0.4) else "",
                )

        ids = self.insert("Interaction", Interaction, rows())
        self.insert_links(
            "Interaction.contacts", Interaction, "contacts", ((ids[i], c) for i, c in with_contacts)
        )
        self.insert_links(
            "Interaction.users", Interaction, "users", ((ids[i], u) for i, u in with_users)
        )

    # --- agreements -----------------------------------------------------------------------

    def make_agreements(self) -> None:
        n = self.target["agreements"]
        # A suspension is the Presidency's act with its record: the data set has none.
        statuses = [v for v in AgreementStatus.values if v != AgreementStatus.SUSPENDED]
        kinds = list(AgreementKind.values)
        managed = [*ResourcesManagedBy.values, ""]
        self.agr_partner: list[int] = []
        self.agr_state: list[int | None] = []
        self.agr_span: list[tuple[datetime.date, datetime.date | None]] = []
        self.agr_opp: list[int | None] = []
        self.agr_currency: list[str] = []
        signers: list[list[int]] = []
        co_signers: list[list[int]] = []
        axes: list[list[int]] = []
        signed_statuses = (
            AgreementStatus.SIGNED,
            AgreementStatus.IN_FORCE,
            AgreementStatus.EXPIRED,
            AgreementStatus.TERMINATED,
        )

        def rows() -> Iterator[Agreement]:
            for i in range(n):
                o = self.pick(self.opp_won) if self.opp_won and self.chance(0.5) else None
                if o is not None:
                    p, state = self.opp_partner[o], self.opp_state[o]
                else:
                    p = self.rng.randrange(len(self.partner_ids))
                    state = self.partner_state[p] if self.chance(0.6) else None
                status = self.cover(i, statuses)
                signed_on = starts = ends = None
                if status in signed_statuses:
                    if status == AgreementStatus.EXPIRED:
                        signed_on = self.day(self.start, self.until - relativedelta(years=2))
                    elif status == AgreementStatus.SIGNED:
                        signed_on = self.day(self.until - datetime.timedelta(days=90), self.until)
                    else:
                        signed_on = self.day(self.start + relativedelta(years=1), self.until)
                    starts = signed_on + datetime.timedelta(days=self.rng.randint(0, 60))
                    ends = starts + relativedelta(years=self.rng.randint(1, 4))
                    if status == AgreementStatus.EXPIRED:
                        ends = min(ends, self.until - datetime.timedelta(days=1))
                    elif status == AgreementStatus.IN_FORCE:
                        ends = max(ends, self.until + datetime.timedelta(days=30))
                else:
                    starts = self.until + datetime.timedelta(days=self.rng.randint(15, 120))
                    ends = starts + relativedelta(years=self.rng.randint(1, 3))
                currency = self.currency()
                committed = self.amount(currency, 4.0, 6.5) if self.chance(0.7) else None
                kind = self.cover(i, kinds)
                year = (signed_on or starts).year
                self.agr_partner.append(p)
                self.agr_state.append(state)
                self.agr_span.append((signed_on or starts, ends))
                self.agr_opp.append(o)
                self.agr_currency.append(currency)
                signers.append(
                    [state] if state else self.rng.sample(self.state_ids, self.rng.randint(0, 3))
                )
                co_signers.append(
                    [self.rng.randrange(len(self.partner_ids))] if self.chance(0.15) else []
                )
                axes.append(self.rng.sample(self.axes, self.rng.randint(1, min(3, len(self.axes)))))
                yield Agreement(
                    kind=kind,
                    title=f"{AGREEMENT_TITLES[AgreementKind(kind)]} con {self.partner_name[p]}",
                    reference=f"CORETT-{year}-{i + 1:05d}",
                    partner_id=self.partner_ids[p],
                    coalition_is_party=self.chance(0.8),
                    member_state_id=state,
                    opportunity_id=self.opp_ids[o] if o is not None else None,
                    project_id=self.project_for(state, 0.4),
                    status=status,
                    signed_on=signed_on,
                    starts_on=starts,
                    ends_on=ends,
                    objectives_es=f"Cooperar en {self.pick(TOPICS)[0]}.",
                    coalition_obligations_es="Informar avances a la plenaria.",
                    partner_obligations_es="Aportar los recursos comprometidos.",
                    member_state_obligations_es="Designar un enlace técnico." if state else "",
                    committed_amount=committed,
                    currency=currency if committed is not None else "",
                    financing_terms_es=(
                        "Desembolsos semestrales contra informe." if committed else ""
                    ),
                    resources_managed_by=self.cover(i, managed),
                )

        ids = self.insert("Agreement", Agreement, rows())
        self.agr_ids = ids
        self.insert_links(
            "Agreement.member_states",
            Agreement,
            "member_states",
            ((ids[i], s) for i, ss in enumerate(signers) for s in ss),
        )
        self.insert_links(
            "Agreement.other_partners",
            Agreement,
            "other_partners",
            (
                (ids[i], self.partner_ids[p])
                for i, ps in enumerate(co_signers)
                for p in ps
                if p != self.agr_partner[i]
            ),
        )
        self.insert_links(
            "Agreement.axes",
            Agreement,
            "axes",
            ((ids[i], a) for i, aa in enumerate(axes) for a in aa),
        )

    def make_contributions(self) -> None:
        n = self.target["contributions"]
        statuses = [v for v in ContributionStatus.values if v != ContributionStatus.SUSPENDED]
        mechanisms = list(OwnContributionMechanism.values)
        kind_codes = dict(self.kinds)
        latest_pledge = self.until - datetime.timedelta(days=120)
        instalments: list[
            tuple[int, Decimal, list[tuple[datetime.date, Decimal, datetime.date | None]]]
        ] = []
        thanks: list[tuple[int, datetime.date, int]] = []

        def rows() -> Iterator[Contribution]:
            for i in range(n):
                kind_id = self.cover(i, [pk for pk, _ in self.kinds])
                code = kind_codes[kind_id]
                own = i == 0 or self.chance(0.15)  # a share comes from the member states
                p = agreement = opportunity = None
                state: int | None
                if own:
                    state = self.pick(self.state_ids)
                else:
                    a = self.rng.randrange(len(self.agr_ids)) if self.chance(0.5) else None
                    if a is not None:
                        p, state, agreement = (
                            self.agr_partner[a],
                            self.agr_state[a],
                            self.agr_ids[a],
                        )
                        linked = self.agr_opp[a]
                        if linked is not None:
                            opportunity = self.opp_ids[linked]
                    elif self.opp_won and self.chance(0.3):
                        o = self.pick(self.opp_won)
                        p, state, opportunity = (
                            self.opp_partner[o],
                            self.opp_state[o],
                            self.opp_ids[o],
                        )
                    else:
                        p = self.rng.randrange(len(self.partner_ids))
                        state = self.partner_state[p] if self.chance(0.6) else None
                status = self.cover(i, statuses)
                pledged = self.day(self.start, latest_pledge)
                committed_on = received_on = None
                if status in (ContributionStatus.COMMITTED, ContributionStatus.RECEIVED):
                    committed_on = pledged + datetime.timedelta(days=self.rng.randint(0, 60))
                if status == ContributionStatus.RECEIVED:
                    assert committed_on is not None
                    received_on = committed_on + datetime.timedelta(days=self.rng.randint(0, 60))
                value_date = received_on or pledged
                currency = self.currency()
                people = person_months = quantity = None
                role = unit = ""
                if code == HUMAN:
                    people = self.rng.randint(1, 6)
                    person_months = Decimal(self.rng.randint(1, 48) * 50) / 100
                    role = self.pick(HUMAN_ROLES)
                    amount = self.amount(currency, 3.5, 5.3)
                    description = f"{people} × {role.lower()} para {self.pick(TOPICS)[0]}"
                elif code == GOODS_SERVICES:
                    goods, unit = self.pick(GOODS)
                    quantity = Decimal(self.rng.randint(1, 200))
                    amount = self.amount(currency, 3.0, 5.0)
                    description = f"{goods} ({quantity} {unit})"
                else:
                    amount = self.amount(currency, 3.7, 6.3)
                    description = f"Aporte financiero para {self.pick(TOPICS)[0]}"
                rate, rate_date = self.rate_on(currency, value_date)
                categories = self.categories.get(kind_id, [])
                if code == FINANCIAL and status != ContributionStatus.PLEDGED and self.chance(0.25):
                    received = status == ContributionStatus.RECEIVED
                    instalments.append((i, rate, self.split(amount, currency, pledged, received)))
                if not own and status == ContributionStatus.RECEIVED and self.chance(0.4):
                    assert received_on is not None and p is not None
                    thanks.append(
                        (i, received_on + datetime.timedelta(days=self.rng.randint(1, 20)), p)
                    )
                yield Contribution(
                    kind_id=kind_id,
                    category_id=self.pick(categories) if categories and self.chance(0.9) else None,
                    partner_id=self.partner_ids[p] if p is not None else None,
                    member_state_id=state,
                    is_own_contribution=own,
                    mechanism=self.pick(mechanisms) if own else "",
                    operating_plan_year=pledged.year if own else None,
                    agreement_id=agreement,
                    opportunity_id=opportunity,
                    project_id=self.project_for(state, 0.4),
                    axis_id=self.pick(self.axes) if self.chance(0.8) else None,
                    description_es=description,
                    status=status,
                    pledged_on=pledged,
                    committed_on=committed_on,
                    received_on=received_on,
                    people=people,
                    person_months=person_months,
                    role=role,
                    quantity=quantity,
                    unit=unit,
                    amount=amount,
                    currency=currency,
                    value_date=value_date,
                    amount_reporting=round_to_currency(amount * rate, self.reporting),
                    reporting_currency=self.reporting,
                    rate=rate,
                    rate_date=rate_date,
                    notes_es="Incluye gastos de transporte." if self.chance(0.1) else "",
                )

        ids = self.insert("Contribution", Contribution, rows())
        self.insert(
            "Instalment",
            Instalment,
            (
                Instalment(
                    contribution_id=ids[i],
                    due_on=due,
                    amount=part,
                    received_on=got,
                    # At its contribution's rate, as the services convert it.
                    amount_reporting=round_to_currency(part * rate, self.reporting),
                )
                for i, rate, parts in instalments
                for due, part, got in parts
            ),
        )
        self.insert(
            "Acknowledgement",
            Acknowledgement,
            (self.acknowledgement(ids[i], sent_on, p) for i, sent_on, p in thanks),
        )

    def split(
        self, amount: Decimal, currency: str, first: datetime.date, received: bool
    ) -> list[tuple[datetime.date, Decimal, datetime.date | None]]:
        """Two to four quarterly instalments that add up to the amount exactly; those due
        are mostly received (all of them when the whole contribution was)."""
        count = self.rng.randint(2, 4)
        unit = Decimal(1).scaleb(-currency_places(currency))
        part = (amount / count).quantize(unit, rounding=ROUND_DOWN)
        parts = [part] * (count - 1) + [amount - part * (count - 1)]
        result: list[tuple[datetime.date, Decimal, datetime.date | None]] = []
        for k, value in enumerate(parts):
            due = first + relativedelta(months=3 * k)
            got = None
            if received or (due < self.until and self.chance(0.8)):
                got = min(due + datetime.timedelta(days=self.rng.randint(0, 15)), self.until)
            if value > 0:
                result.append((due, value, got))
        return result

    def acknowledgement(self, contribution: int, sent_on: datetime.date, p: int) -> Acknowledgement:
        contacts = self.contact_of.get(p, [])
        position = contacts[0] if contacts else None
        name, email = (
            self.contact_names[position] if position is not None else (self.partner_name[p], "")
        )
        return Acknowledgement(
            contribution_id=contribution,
            sent_on=min(sent_on, self.until),
            recipient=name,
            recipient_email=email,
            contact_id=self.contact_ids[position] if position is not None else None,
            language=self.pick(["es-en", "es", "en"]),
            sent_by_id=self.pick_or_none(self.user_ids),
        )

    def make_obligations(self) -> None:
        """Reports owed under some agreements, letters and applications for some opportunities,
        and their deadlines as ``agreements.services.schedule`` lays them out."""
        report_kinds = [
            ObligationKind.NARRATIVE_REPORT,
            ObligationKind.FINANCIAL_REPORT,
            ObligationKind.PROGRESS_REPORT,
        ]
        recurrences = list(Recurrence.values)
        labels = OBLIGATION_TITLES
        remind = settings.REMINDER_DAYS_BEFORE
        plans: list[tuple[ReportingObligation, list[datetime.date]]] = []
        for a in range(len(self.agr_ids)):
            if not (a == 0 or self.chance(0.6)):
                continue
            begins, ends = self.agr_span[a]
            for k in range(self.rng.randint(1, 2)):
                kind = self.cover(len(plans), report_kinds)
                recurrence = self.cover(len(plans), recurrences)
                first = begins + relativedelta(months=self.rng.randint(3, 12))
                obligation = ReportingObligation(
                    kind=kind,
                    title=f"{labels[kind]} {k + 1}: {self.partner_name[self.agr_partner[a]]}",
                    agreement_id=self.agr_ids[a],
                    partner_id=self.partner_ids[self.agr_partner[a]],
                    member_state_id=self.agr_state[a],
                    recurrence=recurrence,
                    first_due_on=first,
                    responsible_id=self.pick_or_none(self.user_ids) if self.chance(0.7) else None,
                    remind_days_before=remind,
                )
                # What the services compute: until the agreement ends, else two years.
                plan = ReportingObligation(
                    first_due_on=first, recurrence=recurrence, repeat_until=ends
                )
                plans.append((obligation, schedule(plan)))
        for o in self.opp_open_early:
            if not self.chance(0.25):
                continue
            kind = self.pick([ObligationKind.LETTER_OF_INTENT, ObligationKind.APPLICATION])
            first = self.until + datetime.timedelta(days=self.rng.randint(-30, 60))
            obligation = ReportingObligation(
                kind=kind,
                title=f"{labels[kind]}: {self.partner_name[self.opp_partner[o]]}",
                opportunity_id=self.opp_ids[o],
                partner_id=self.partner_ids[self.opp_partner[o]],
                member_state_id=self.opp_state[o],
                recurrence=Recurrence.ONCE,
                first_due_on=first,
                responsible_id=self.pick_or_none(self.user_ids),
                remind_days_before=remind,
            )
            plans.append((obligation, [first]))
        ids = self.insert("ReportingObligation", ReportingObligation, (o for o, _ in plans))

        def deadlines() -> Iterator[Deadline]:
            for position, (_obligation, dates) in enumerate(plans):
                for due in dates:
                    delivered = None
                    if due < self.until and self.chance(0.85):
                        delivered = min(
                            due + datetime.timedelta(days=self.rng.randint(-10, 12)), self.until
                        )
                    yield Deadline(
                        obligation_id=ids[position],
                        due_on=due,
                        delivered_on=delivered,
                        delivered_by_id=self.pick_or_none(self.user_ids) if delivered else None,
                    )

        self.insert("Deadline", Deadline, deadlines())


def generate(
    factor: float,
    seed: int = 2026,
    stdout: _Output | None = None,
    *,
    until: datetime.date | None = None,
) -> dict[str, int]:
    """Add a data set of ``factor`` times CORETT's volume; return the rows written per model.

    ``until`` is the last day of the data (default: today); the same factor, seed and
    ``until`` always give the same data.
    """
    return _Generator(factor, seed, stdout, until).run()


# --- Clearing -----------------------------------------------------------------------------

# The portfolio goes too: its projects (the coalition file's initiatives among them, which
# a new load_coalition brings back) point at the partners and protect them.
CLEARED_APPS = ("directory", "portfolio", "pipeline", "agreements")
# Configuration or personal rows that live in those apps and are kept.
KEPT_MODELS = ("directory.directoryterm", "agreements.calendarfeed")


def _is_history(model: type[models.Model]) -> bool:
    from simple_history.models import HistoricalChanges

    return issubclass(model, HistoricalChanges)


def cleared_models() -> list[type[models.Model]]:
    """The business tables ``clear`` empties, children before the tables they point to."""
    chosen: list[type[models.Model]] = []
    for label in CLEARED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if _is_history(model) or model._meta.label_lower in KEPT_MODELS:
                continue
            chosen.append(model)
    chosen.append(ExchangeRate)
    ordered: list[type[models.Model]] = []
    seen: set[type[models.Model]] = set()

    def visit(model: type[models.Model], path: frozenset[type[models.Model]]) -> None:
        if model in seen or model in path:
            return
        # Whatever points at this model goes first.
        for other in chosen:
            if other is not model and any(
                f.related_model is model for f in _constrained_foreign_keys(other)
            ):
                visit(other, path | {model})
        seen.add(model)
        ordered.append(model)

    for model in chosen:
        visit(model, frozenset())
    return ordered


def _constrained_foreign_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and getattr(f, "db_constraint", True)
    ]


def _outside_references(
    cleared: Sequence[type[models.Model]],
) -> list[tuple[type[models.Model], models.ForeignKey]]:
    """Foreign keys from other tables (users' roles, future apps) into the cleared ones."""
    inside = set(cleared)
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model in inside or _is_history(model):
            continue
        for field in _constrained_foreign_keys(model):
            if field.related_model in inside:
                found.append((model, field))
    return found


def clear(stdout: _Output | None = None) -> dict[str, int]:
    """Empty the business tables of the directory, pipeline, agreements, portfolio and
    exchange rates.

    Users, the coalition configuration and the Chart 2 terms stay. Rows of other tables
    that point at the cleared records get what their ``on_delete`` asks for (a partner
    viewer's role goes with its partner, a nullable link is emptied); a protected link
    stops everything. History tables are left alone. On PostgreSQL the tables nobody
    else points at are truncated; the rest (and everything on SQLite) is deleted with
    one ``DELETE`` per table, children first.
    """
    started = time.perf_counter()

    def log(text: str) -> None:
        if stdout is not None:
            stdout.write(text + "\n")

    cleared = cleared_models()
    counts = {m._meta.label: m._base_manager.count() for m in cleared}
    quote = connection.ops.quote_name
    with transaction.atomic():
        outside = _outside_references(cleared)
        for model, field in outside:
            referring = model._base_manager.filter(**{f"{field.name}__isnull": False})
            if not referring.exists():
                continue
            on_delete = field.remote_field.on_delete
            if on_delete is models.CASCADE:
                removed, _detail = referring.delete()
                log(f"{model._meta.label}: {removed} row(s) deleted with the records they refer to")
            elif on_delete is models.SET_NULL:
                changed = referring.update(**{field.name: None})
                log(f"{model._meta.label}: {changed} link(s) to cleared records emptied")
            else:
                raise RuntimeError(
                    f"{model._meta.label}.{field.name} protects the records to clear; "
                    "delete those rows first."
                )
        referenced_from_outside = {field.related_model for _model, field in outside}
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # TRUNCATE a table only together with every table that points at it.
                truncated = set(cleared) - referenced_from_outside
                changed = True
                while changed:
                    changed = False
                    for model in list(truncated):
                        pointing = [
                            m
                            for m in cleared
                            if any(f.related_model is model for f in _constrained_foreign_keys(m))
                        ]
                        if any(m not in truncated for m in pointing):
                            truncated.discard(model)
                            changed = True
                if truncated:
                    tables = ", ".join(quote(m._meta.db_table) for m in cleared if m in truncated)
                    # Rows written earlier in this transaction leave deferred foreign-key
                    # checks pending, which TRUNCATE refuses: run them now.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute(f"TRUNCATE {tables}")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                rest = [m for m in cleared if m not in truncated]
            else:
                rest = list(cleared)
            for model in rest:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
    log(
        f"Cleared {sum(counts.values()):,} rows of {len(cleared)} tables "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return counts
