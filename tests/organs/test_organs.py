"""organ_create and the territorial filters of organs."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from tanzim.organs.models import Organ, OrganKind
from tanzim.organs.services import organ_create
from tests.factories import OrganFactory, territory

pytestmark = pytest.mark.django_db


def _seed_organ(name_ar: str) -> Organ:
    return Organ.objects.get(name_ar=name_ar)


def test_an_organ_may_sit_below_an_organ_of_a_higher_territory():
    regional = _seed_organ("الأمانة الجهوية لجهة فاس-مكناس")
    local = organ_create(
        kind=OrganKind.LOCAL_SECRETARIAT,
        territory=territory("03.531.01.05"),
        name_ar="الأمانة المحلية بتاونات",
        parent=regional,
    )
    assert local.parent == regional
    assert local.territory.is_within(regional.territory)


def test_an_organ_may_sit_below_an_organ_of_the_same_territory():
    provincial = _seed_organ("الأمانة الإقليمية بتاونات")
    pole = OrganFactory(territory=territory("03.531"), parent=provincial)
    assert pole.parent == provincial


def test_an_organ_cannot_sit_below_an_organ_of_a_lower_territory():
    provincial = _seed_organ("الأمانة الإقليمية بتاونات")
    count = Organ.objects.count()
    with pytest.raises(ValidationError) as caught:
        organ_create(
            kind=OrganKind.REGIONAL_SECRETARIAT,
            territory=territory("03"),
            name_ar="أمانة جهوية",
            parent=provincial,
        )
    assert "parent" in caught.value.message_dict
    assert Organ.objects.count() == count


def test_an_organ_cannot_sit_below_an_organ_of_another_branch():
    fes = _seed_organ("الأمانة الإقليمية بعمالة فاس")
    with pytest.raises(ValidationError) as caught:
        OrganFactory(territory=territory("03.531"), parent=fes)
    assert "parent" in caught.value.message_dict


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError) as caught:
        OrganFactory(kind="secret_society")
    assert "kind" in caught.value.message_dict


def test_an_arabic_name_is_required():
    with pytest.raises(ValidationError) as caught:
        OrganFactory(name_ar="")
    assert "name_ar" in caught.value.message_dict


def test_organ_name_follows_the_language():
    organ = _seed_organ("الأمانة الإقليمية بتاونات")
    with override("ar"):
        assert str(organ) == "الأمانة الإقليمية بتاونات"
    with override("fr"):
        assert str(organ) == "Secrétariat provincial de Taounate"


def test_within_at_and_within_paths():
    taounate, tanger = territory("03.531"), territory("01.511")
    at_taounate = {
        "الأمانة الإقليمية بتاونات",
        "قطب التواصل والإعلام بالأمانة الإقليمية بتاونات",
        "منظمة نساء الحزب بإقليم تاونات",
    }
    inside_taounate = set(Organ.objects.within(taounate).values_list("name_ar", flat=True))
    # The province's organs, and the (synthetic) local secretariats of its communes.
    assert at_taounate < inside_taounate
    assert all(name.startswith("الأمانة المحلية") for name in inside_taounate - at_taounate)
    assert set(Organ.objects.at(taounate).values_list("name_ar", flat=True)) == at_taounate
    below_tanger = set(Organ.objects.within(tanger).values_list("territory__code", flat=True))
    assert below_tanger == {"01.511", "01.511.01.03", "01.511.01.05", "01.511.01.06"}
    both = Organ.objects.within_paths([taounate.path, tanger.path])
    assert both.count() == len(inside_taounate) + Organ.objects.within(tanger).count()
    assert not Organ.objects.within_paths([]).exists()
