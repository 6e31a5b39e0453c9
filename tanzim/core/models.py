from django.db import models
from django.utils.translation import get_language


class BilingualNameMixin(models.Model):
    """`name_ar` and `name_fr`, and `name` in the language of the request (Arabic first)."""

    name_ar = models.CharField(max_length=200)
    name_fr = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "ar").startswith("fr") and self.name_fr:
            return self.name_fr
        return self.name_ar or self.name_fr
