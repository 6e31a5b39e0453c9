"""The seed reports (shared/seeds 000–004) as records: every organ, person and role they name.

Dates: what a report states, nothing invented. When a report gives a weekday and a day but says
"الجاري" (of the current year) instead of the year, the year is the one in which that weekday falls
on that day within the period the report describes; `source` says so.
"""

from __future__ import annotations

import datetime

D = datetime.date

SEED_000 = "تقرير صحفي 000 — لقاء تواصلي تنظيمي لقطب التواصل والإعلام، تاونات، السبت 29 أكتوبر 2022"
SEED_001 = "تقرير صحفي 001 — لقاء تواصلي بفاس، الجمعة 7 أبريل «الجاري» (السنة غير مذكورة؛ 7 أبريل يوافق الجمعة سنة 2023)"
SEED_002 = "تقرير صحفي 002 — اجتماع تنظيمي للأمانة الإقليمية بتاونات، السبت 17 يناير 2026"
SEED_003 = (
    "تقرير صحفي 003 — لقاء تواصلي مع الأمناء المحليين بمقاطعات طنجة-أصيلة، الإثنين 02 نونبر «الجاري» "
    "(السنة غير مذكورة؛ بعد المؤتمر الوطني الرابع، و2 نونبر يوافق الإثنين سنة 2020)"
)
SEED_004 = "تقرير صحفي 004 — اجتماع الأمين العام مع الأمناء الجهويين عبر visioconférence، الثلاثاء 5 ماي 2020"

SEED_000_DAY = D(2022, 10, 29)
SEED_001_DAY = D(2023, 4, 7)
SEED_002_DAY = D(2026, 1, 17)
SEED_003_DAY = D(2020, 11, 2)
SEED_004_DAY = D(2020, 5, 5)

# key: (kind, territory code, name_ar, name_fr, parent key, extra)
ORGANS: dict[str, dict] = {
    # National
    "general_secretariat": dict(
        kind="general_secretariat",
        territory="MA",
        name_ar="الأمانة العامة",
        name_fr="Secrétariat général",
        source=SEED_004,
    ),
    "political_bureau": dict(
        kind="political_bureau",
        territory="MA",
        name_ar="المكتب السياسي",
        name_fr="Bureau politique",
        source="MISSION (instances nationales)",
    ),
    "national_council": dict(
        kind="national_council",
        territory="MA",
        name_ar="المجلس الوطني",
        name_fr="Conseil national",
        source=f"{SEED_001}؛ {SEED_002}",
    ),
    "organization_pole": dict(
        kind="pole",
        territory="MA",
        name_ar="قطب التنظيم",
        name_fr="Pôle de l'organisation",
        parent="general_secretariat",
        source=SEED_000,
    ),
    "youth_organization": dict(
        kind="youth_organization",
        territory="MA",
        name_ar="منظمة شباب الحزب",
        name_fr="Organisation de la jeunesse du parti",
        source=SEED_002,
    ),
    "women_organization": dict(
        kind="women_organization",
        territory="MA",
        name_ar="منظمة نساء الحزب",
        name_fr="Organisation des femmes du parti",
        source=SEED_002,
    ),
    "national_ethics": dict(
        kind="ethics_committee",
        territory="MA",
        name_ar="اللجنة الوطنية للتحكيم والأخلاقيات",
        name_fr="Commission nationale d'arbitrage et d'éthique",
        source=SEED_004,
    ),
    "group_representatives": dict(
        kind="parliamentary_group",
        territory="MA",
        chamber="representatives",
        name_ar="فريق الأصالة والمعاصرة بمجلس النواب",
        name_fr="Groupe Authenticité et Modernité à la Chambre des représentants",
        source=SEED_004,
    ),
    "group_councillors": dict(
        kind="parliamentary_group",
        territory="MA",
        chamber="councillors",
        name_ar="فريق الأصالة والمعاصرة بمجلس المستشارين",
        name_fr="Groupe Authenticité et Modernité à la Chambre des conseillers",
        source=SEED_004,
    ),
    # Fès-Meknès
    "fm_regional_secretariat": dict(
        kind="regional_secretariat",
        territory="03",
        parent="general_secretariat",
        name_ar="الأمانة الجهوية لجهة فاس-مكناس",
        name_fr="Secrétariat régional de Fès-Meknès",
        source=f"{SEED_000}؛ {SEED_001}؛ {SEED_002}",
    ),
    "fm_regional_council": dict(
        kind="regional_council",
        territory="03",
        parent="national_council",
        name_ar="المجلس الجهوي لجهة فاس-مكناس",
        name_fr="Conseil régional de Fès-Meknès",
        source=SEED_001,
    ),
    "fm_youth": dict(
        kind="youth_organization",
        territory="03",
        parent="youth_organization",
        name_ar="منظمة شباب الحزب بجهة فاس-مكناس",
        name_fr="Jeunesse du parti, Fès-Meknès",
        source=f"{SEED_002} (التحضير للمؤتمر الجهوي لمنظمة شباب الحزب)",
    ),
    "taounate_provincial_secretariat": dict(
        kind="provincial_secretariat",
        territory="03.531",
        parent="fm_regional_secretariat",
        name_ar="الأمانة الإقليمية بتاونات",
        name_fr="Secrétariat provincial de Taounate",
        source=f"{SEED_000}؛ {SEED_002}",
    ),
    "taounate_communication_pole": dict(
        kind="pole",
        territory="03.531",
        parent="taounate_provincial_secretariat",
        name_ar="قطب التواصل والإعلام بالأمانة الإقليمية بتاونات",
        name_fr="Pôle communication et médias, Taounate",
        source=SEED_000,
    ),
    "taounate_women": dict(
        kind="women_organization",
        territory="03.531",
        parent="women_organization",
        name_ar="منظمة نساء الحزب بإقليم تاونات",
        name_fr="Femmes du parti, Taounate",
        source=f"{SEED_002} (عقد المؤتمر الإقليمي لمنظمة نساء الحزب بإقليم تاونات)",
    ),
    "fes_provincial_secretariat": dict(
        kind="provincial_secretariat",
        territory="03.231",
        parent="fm_regional_secretariat",
        name_ar="الأمانة الإقليمية بعمالة فاس",
        name_fr="Secrétariat provincial de Fès",
        source=SEED_001,
    ),
    "fes_chamber_group": dict(
        kind="chamber_group",
        territory="03.231",
        name_ar="فريق الأصالة والمعاصرة بغرفة التجارة والصناعة والخدمات",
        name_fr="Groupe Authenticité et Modernité à la Chambre de commerce, d'industrie et de services",
        source=SEED_001,
    ),
    # Tanger-Tétouan-Al Hoceïma
    "tta_regional_secretariat": dict(
        kind="regional_secretariat",
        territory="01",
        parent="general_secretariat",
        name_ar="الأمانة الجهوية لجهة طنجة-تطوان-الحسيمة",
        name_fr="Secrétariat régional de Tanger-Tétouan-Al Hoceïma",
        source=SEED_003,
    ),
    "tanger_provincial_secretariat": dict(
        kind="provincial_secretariat",
        territory="01.511",
        parent="tta_regional_secretariat",
        name_ar="الأمانة الإقليمية بعمالة طنجة-أصيلة",
        name_fr="Secrétariat provincial de Tanger-Assilah",
        source=SEED_003,
    ),
    "charf_souani_local": dict(
        kind="local_secretariat",
        territory="01.511.01.06",
        parent="tanger_provincial_secretariat",
        name_ar="الأمانة المحلية بمقاطعة الشرف السواني",
        name_fr="Secrétariat local de Charf-Souani",
        source=SEED_003,
    ),
    "beni_makada_local": dict(
        kind="local_secretariat",
        territory="01.511.01.03",
        parent="tanger_provincial_secretariat",
        name_ar="الأمانة المحلية بمقاطعة بني مكادة",
        name_fr="Secrétariat local de Beni Makada",
        source=SEED_003,
    ),
    "charf_mghogha_local": dict(
        kind="local_secretariat",
        territory="01.511.01.05",
        parent="tanger_provincial_secretariat",
        name_ar="الأمانة المحلية بمقاطعة الشرف مغوغة",
        name_fr="Secrétariat local de Charf-Mghogha",
        source=SEED_003,
    ),
}

# Seed 004: the secretary general asks the regional secretaries to form, "as soon as possible",
# provisional regional secretariats and provisional regional arbitration and ethics committees in
# every region. Their formation date is not stated, so established_on stays empty.
PROVISIONAL_2020 = SEED_004 + " — «تشكيل أمانات جهوية مؤقتة، وخلق لجان جهوية للتحكيم والأخلاقيات مؤقتة»"

PEOPLE: dict[str, dict] = {
    "ouahbi": dict(
        full_name_ar="عبد اللطيف وهبي",
        full_name_latin="Abdellatif Ouahbi",
        honorific="pr",
        gender="m",
        home="MA",
        source=f"{SEED_004}؛ {SEED_000}",
    ),
    "goudar": dict(
        full_name_ar="سمير كودار",
        full_name_latin="Samir Goudar",
        honorific="mr",
        gender="m",
        home="MA",
        source=SEED_000,
    ),
    "hjira": dict(
        full_name_ar="محمد الحجيرة",
        full_name_latin="Mohamed Hjira",
        honorific="dr",
        gender="m",
        home="03",
        source=f"{SEED_001}؛ {SEED_002}",
    ),
    "hajjoubi": dict(
        full_name_ar="خديجة حجوبي",
        full_name_latin="Khadija Hajjoubi",
        honorific="mrs",
        gender="f",
        home="03",
        source=SEED_001,
    ),
    "slimani": dict(
        full_name_ar="محمد السليماني",
        full_name_latin="Mohamed Slimani",
        honorific="mr",
        gender="m",
        home="03.231",
        source=SEED_001,
    ),
    "chinoune": dict(
        full_name_ar="عبد العالي شينون",
        full_name_latin="Abdelali Chinoune",
        honorific="mr",
        gender="m",
        home="03.231",
        source=SEED_001,
    ),
    "najjari": dict(
        full_name_ar="محمد النجاري",
        full_name_latin="Mohamed Najjari",
        honorific="dr",
        gender="m",
        home="03.531",
        source=f"{SEED_000}؛ {SEED_002}",
    ),
    "lotfi": dict(
        full_name_ar="محمد لطفي",
        full_name_latin="Mohamed Lotfi",
        honorific="mr",
        gender="m",
        home="03.531",
        source=SEED_000,
    ),
    "ghazouani": dict(
        full_name_ar="مصطفى الغزواني",
        full_name_latin="Mustapha Ghazouani",
        honorific="mr",
        gender="m",
        home="03.531",
        source=SEED_000,
    ),
    "ghalbzouri": dict(
        full_name_ar="عبد اللطيف الغلبزوري",
        full_name_latin="Abdellatif Ghalbzouri",
        honorific="mr",
        gender="m",
        home="01",
        source=SEED_003,
    ),
    "limouri": dict(
        full_name_ar="منير ليموري",
        full_name_latin="Mounir Limouri",
        honorific="mr",
        gender="m",
        home="01.511",
        source=SEED_003,
    ),
    "alaoui_belghiti": dict(
        full_name_ar="رضوان العلوي البلغيثي",
        full_name_latin="Redouane Alaoui Belghiti",
        honorific="mr",
        gender="m",
        home="01.511.01.06",
        source=SEED_003,
    ),
    "laaziri": dict(
        full_name_ar="عمر لعزيري",
        full_name_latin="Omar Laaziri",
        honorific="mr",
        gender="m",
        home="01.511.01.03",
        source=SEED_003,
    ),
    "bouchaib": dict(
        full_name_ar="عبد الحميد بوشعيب",
        full_name_latin="Abdelhamid Bouchaib",
        honorific="mr",
        gender="m",
        home="01.511.01.05",
        source=SEED_003,
    ),
    "soufiani": dict(
        full_name_ar="رشيد السفياني",
        full_name_latin="",
        honorific="",
        gender="m",
        home="MA",
        source="تقرير صحفي 004 — تعليق قارئ: «حرمان من البطاقة الحزبية، الحرمان من مقرات حزبية»",
    ),
}

# (person, organ, role, how, attested_from, title_ar, title_fr, source)
MANDATES: list[dict] = [
    dict(
        person="ouahbi",
        organ="general_secretariat",
        role="secretary_general",
        how="elected",
        attested_from=SEED_004_DAY,
        title_ar="الأمين العام",
        title_fr="Secrétaire général",
        source=f"{SEED_004}؛ {SEED_000}",
    ),
    dict(
        person="goudar",
        organ="general_secretariat",
        role="deputy_secretary_general",
        how="elected",
        attested_from=SEED_000_DAY,
        title_ar="نائب الأمين العام",
        title_fr="Secrétaire général adjoint",
        source=SEED_000,
    ),
    dict(
        person="goudar",
        organ="organization_pole",
        role="head_of_pole",
        how="appointed",
        attested_from=SEED_000_DAY,
        title_ar="رئيس قطب التنظيم",
        title_fr="Responsable du pôle de l'organisation",
        source=SEED_000
        + " — «المذكرة التنظيمية الصادرة عن قطب التنظيم برئاسة نائب الأمين العام السيد سمير كودار»",
    ),
    dict(
        person="hjira",
        organ="fm_regional_secretariat",
        role="secretary",
        how="elected",
        attested_from=SEED_001_DAY,
        title_ar="الأمين الجهوي",
        title_fr="Secrétaire régional",
        source=f"{SEED_001}؛ {SEED_002}",
    ),
    dict(
        person="hajjoubi",
        organ="fm_regional_council",
        role="president",
        how="elected",
        attested_from=SEED_001_DAY,
        title_ar="رئيسة المجلس الجهوي",
        title_fr="Présidente du conseil régional",
        source=SEED_001,
    ),
    dict(
        person="slimani",
        organ="fes_provincial_secretariat",
        role="secretary",
        how="elected",
        attested_from=SEED_001_DAY,
        title_ar="الأمين الإقليمي",
        title_fr="Secrétaire provincial",
        source=SEED_001,
    ),
    dict(
        person="chinoune",
        organ="fes_chamber_group",
        role="member",
        how="elected",
        attested_from=SEED_001_DAY,
        title_ar="نائب رئيس غرفة التجارة والصناعة والخدمات",
        title_fr="Vice-président de la Chambre de commerce, d'industrie et de services",
        source=SEED_001 + " — «على انتخابه نائبا لرئيس الغرفة»",
    ),
    dict(
        person="najjari",
        organ="taounate_provincial_secretariat",
        role="secretary",
        how="elected",
        attested_from=SEED_000_DAY,
        title_ar="الأمين العام الإقليمي",
        title_fr="Secrétaire provincial",
        source=f"{SEED_000} — «الأمانة الإقليمية المنتخبة مؤخرا»؛ {SEED_002}",
    ),
    dict(
        person="lotfi",
        organ="taounate_provincial_secretariat",
        role="deputy_secretary",
        how="elected",
        attested_from=SEED_000_DAY,
        title_ar="نائب الأمين الإقليمي",
        title_fr="Secrétaire provincial adjoint",
        source=SEED_000,
    ),
    dict(
        person="ghazouani",
        organ="taounate_communication_pole",
        role="head_of_pole",
        how="elected",
        attested_from=SEED_000_DAY,
        title_ar="رئيس قطب التواصل والإعلام",
        title_fr="Responsable du pôle communication et médias",
        source=SEED_000,
    ),
    dict(
        person="ghalbzouri",
        organ="tta_regional_secretariat",
        role="secretary",
        how="elected",
        attested_from=SEED_003_DAY,
        title_ar="الأمين العام الجهوي",
        title_fr="Secrétaire général régional",
        source=SEED_003,
    ),
    dict(
        person="limouri",
        organ="tanger_provincial_secretariat",
        role="secretary",
        how="elected",
        attested_from=SEED_003_DAY,
        title_ar="الأمين العام الإقليمي",
        title_fr="Secrétaire général provincial",
        source=SEED_003,
    ),
    dict(
        person="alaoui_belghiti",
        organ="charf_souani_local",
        role="secretary",
        how="elected",
        attested_from=SEED_003_DAY,
        title_ar="الأمين المحلي",
        title_fr="Secrétaire local",
        source=SEED_003,
    ),
    dict(
        person="laaziri",
        organ="beni_makada_local",
        role="secretary",
        how="elected",
        attested_from=SEED_003_DAY,
        title_ar="الأمين المحلي",
        title_fr="Secrétaire local",
        source=SEED_003,
    ),
    dict(
        person="bouchaib",
        organ="charf_mghogha_local",
        role="secretary",
        how="elected",
        attested_from=SEED_003_DAY,
        title_ar="الأمين المحلي",
        title_fr="Secrétaire local",
        source=SEED_003,
    ),
]

PREMISES: list[dict] = [
    dict(
        organ="taounate_provincial_secretariat",
        name_ar="المقر الإقليمي للحزب بتاونات",
        name_fr="Siège provincial du parti à Taounate",
        commune="03.531.01.05",
        source=f"{SEED_000}؛ {SEED_002} — «بالمقر الإقليمي للحزب بتاونات»",
    ),
]

# Demo logins: (username, person key or None, national staff)
LOGINS: list[tuple[str, str | None, bool, str]] = [
    ("admin", None, True, "national admin — الأمانة العامة / قطب التنظيم"),
    ("najjari", "najjari", False, "Taounate provincial secretary — الأمين الإقليمي بتاونات"),
    ("laaziri", "laaziri", False, "Beni Makada local secretary — الأمين المحلي لبني مكادة"),
    ("limouri", "limouri", False, "Tanger-Assilah provincial secretary — الأمين الإقليمي بطنجة-أصيلة"),
    ("hjira", "hjira", False, "Fès-Meknès regional secretary — الأمين الجهوي لفاس-مكناس"),
]
DEMO_PASSWORD = "tanzim-demo-2026"

# Synthetic members (clearly marked): enough for the member pages to be tried out in Taounate and
# Tanger. Office holders of the seeds are also enrolled as active members.
SYNTHETIC_SOURCE = "بيانات تجريبية اصطناعية — données de démonstration synthétiques"
SYNTHETIC_FIRST_NAMES = [
    ("m", "محمد", "Mohamed"),
    ("m", "يوسف", "Youssef"),
    ("m", "عبد الرحيم", "Abderrahim"),
    ("m", "حسن", "Hassan"),
    ("m", "إدريس", "Driss"),
    ("m", "رشيد", "Rachid"),
    ("m", "سعيد", "Said"),
    ("m", "أنس", "Anas"),
    ("f", "فاطمة الزهراء", "Fatima Zahra"),
    ("f", "خديجة", "Khadija"),
    ("f", "سناء", "Sanaa"),
    ("f", "مريم", "Meryem"),
    ("f", "نادية", "Nadia"),
    ("f", "هاجر", "Hajar"),
    ("f", "ليلى", "Leila"),
    ("f", "زينب", "Zineb"),
]
SYNTHETIC_LAST_NAMES = [
    ("العلمي", "Alami"),
    ("الإدريسي", "Idrissi"),
    ("بنعلي", "Benali"),
    ("الفاسي", "Fassi"),
    ("التازي", "Tazi"),
    ("الوزاني", "Ouazzani"),
    ("الحسني", "Hassani"),
    ("الشرقاوي", "Cherkaoui"),
    ("البقالي", "Bakkali"),
    ("الصنهاجي", "Sanhaji"),
    ("الريفي", "Rifi"),
    ("المرابط", "Mrabet"),
]
# (territory code, how many)
SYNTHETIC_MEMBERS = [
    ("03.531.01.05", 12),  # Taounate (urban commune)
    ("03.531.01.03", 6),  # Karia Ba Mohamed
    ("03.531.03.15", 5),  # Sidi Mokhfi
    ("03.531.05.07", 5),  # Jbabra
    ("01.511.01.03", 10),  # Beni Makada
    ("01.511.01.06", 6),  # Charf-Souani
    ("01.511.01.05", 6),  # Charf-Mghogha
]
