"""Morocco's territorial division: country → region → province/prefecture → commune → arrondissement.

`path` is a materialized path of HCP codes ("MA/03/03.531/03.531.01.03/"), so "everything under
Taounate" is one indexed prefix filter: `Territory.objects.within(taounate)`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tanzim.core.models import BilingualNameMixin


class Level(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")
    PROVINCE = "province", _("Province or prefecture")
    PREFECTURE_OF_ARRONDISSEMENTS = "prefecture_of_arrondissements", _("Prefecture of arrondissements")
    COMMUNE = "commune", _("Commune")
    ARRONDISSEMENT = "arrondissement", _("Arrondissement")


class Kind(models.TextChoices):
    """Finer type inside a level: a province or a prefecture; an urban or a rural commune."""

    NONE = "", "—"
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")
    URBAN = "urban", _("Urban commune")
    RURAL = "rural", _("Rural commune")


LEVEL_RANK = {
    Level.COUNTRY: 0,
    Level.REGION: 1,
    Level.PROVINCE: 2,
    Level.PREFECTURE_OF_ARRONDISSEMENTS: 3,
    Level.COMMUNE: 3,
    Level.ARRONDISSEMENT: 4,
}


class TerritoryQuerySet(models.QuerySet["Territory"]):
    def within(self, territory: Territory) -> TerritoryQuerySet:
        """The territory itself and everything below it."""
        return self.filter(path__startswith=territory.path)

    def below(self, territory: Territory) -> TerritoryQuerySet:
        return self.within(territory).exclude(pk=territory.pk)

    def regions(self) -> TerritoryQuerySet:
        return self.filter(level=Level.REGION)

    def provinces(self) -> TerritoryQuerySet:
        return self.filter(level=Level.PROVINCE)

    def communes(self) -> TerritoryQuerySet:
        return self.filter(level=Level.COMMUNE)

    def arrondissements(self) -> TerritoryQuerySet:
        return self.filter(level=Level.ARRONDISSEMENT)


class Cercle(BilingualNameMixin):
    """An administrative circle (دائرة) grouping rural communes of a province; not a party level."""

    code = models.CharField(max_length=16, unique=True)
    province = models.ForeignKey("Territory", on_delete=models.PROTECT, related_name="cercles")

    class Meta:
        ordering = ["code"]


class Territory(BilingualNameMixin):
    level = models.CharField(max_length=32, choices=Level.choices, db_index=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, blank=True, default="")
    code = models.CharField(max_length=16, unique=True, help_text=_("HCP geographic code"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=80, unique=True)
    depth = models.PositiveSmallIntegerField(default=0)
    population_2024 = models.PositiveIntegerField(null=True, blank=True)
    households_2024 = models.PositiveIntegerField(null=True, blank=True)
    cercle = models.ForeignKey(
        Cercle, null=True, blank=True, on_delete=models.PROTECT, related_name="communes"
    )
    district = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="district_arrondissements",
        help_text=_("Casablanca: the prefecture of arrondissements an arrondissement belongs to"),
    )
    hcp_name_ar = models.CharField(
        max_length=200, blank=True, help_text=_("HCP census label, when it differs")
    )
    hcp_name_fr = models.CharField(max_length=200, blank=True)
    hcp_kind = models.CharField(
        max_length=16, blank=True, help_text=_("Commune type as published, when corrected")
    )

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("territorial unit")
        verbose_name_plural = _("territorial units")
        indexes = [models.Index(fields=["level", "parent"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="country") | models.Q(parent__isnull=False),
                name="territory_parent_required_below_country",
            )
        ]

    def is_within(self, other: Territory) -> bool:
        return self.path.startswith(other.path)

    @property
    def is_local(self) -> bool:
        """A commune or an arrondissement: the units a local organ and a member's home belong to."""
        return self.level in (Level.COMMUNE, Level.ARRONDISSEMENT)

    def ancestor_paths(self) -> list[str]:
        """Paths of the units above, from the country down to the parent (no query)."""
        parts = self.path.strip("/").split("/")
        return ["/".join(parts[:i]) + "/" for i in range(1, len(parts))]

    def ancestors(self) -> list[Territory]:
        """From the country down to the parent, in one query."""
        prefixes = self.ancestor_paths()
        by_path = {t.path: t for t in Territory.objects.filter(path__in=prefixes)}
        return [by_path[p] for p in prefixes if p in by_path]

    @property
    def title(self) -> str:
        """The name with its administrative prefix: "إقليم تاونات", "Préfecture de Fès"."""
        from tanzim.territory.names import titled_name

        return titled_name(self)


class TerritoryAlias(models.Model):
    """Every name a unit answers to: official names, HCP labels, seeds' spellings; folded in `key`."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["territory", "key"], name="territory_alias_unique_key")
        ]

    def __str__(self) -> str:
        return self.name
