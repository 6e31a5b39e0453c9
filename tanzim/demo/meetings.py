"""The five seed meetings as records, with their directives and the communiqués Tanzim generates for
them; and synthetic local secretariats in Taounate (clearly marked) so that a directive to "all local
secretariats of the province" has somewhere to go.

What the reports state is kept as stated; what they leave open stays open or is marked: the year of
seeds 001 and 003 is inferred (stored with `day_inferred` and its basis), a place the report does not
name is the city it names.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from tanzim.access.models import Profile
from tanzim.demo import seeds
from tanzim.meetings.models import DirectiveTarget, Meeting, MeetingStatus, TargetStatus
from tanzim.meetings.services import (
    directive_issue,
    meeting_invite_group,
    meeting_plan,
    meeting_record_save,
    meeting_status_change,
    progress_report,
)
from tanzim.organs.models import Mandate, Organ, Premises
from tanzim.organs.services import mandate_record, organ_create
from tanzim.people.members import local_organ_for
from tanzim.people.models import Membership, Person
from tanzim.people.services import person_create
from tanzim.press.drafting import communique_draft
from tanzim.press.models import Communique, CommuniqueStatus
from tanzim.territory.models import Territory

D = datetime.date
SYNTHETIC = seeds.SYNTHETIC_SOURCE

# Synthetic local secretariats under Taounate: (commune code, name_ar, name_fr, secretary or None, login)
TAOUNATE_LOCALS = [
    ("03.531.01.05", "تاونات", "Taounate", ("يوسف التازي", "Youssef Tazi", "m"), "tazi"),
    ("03.531.01.03", "قرية با محمد", "Karia Ba Mohamed", ("سناء العلمي", "Sanaa Alami", "f"), None),
    ("03.531.03.15", "سيدي المخفي", "Sidi Mokhfi", ("إدريس الوزاني", "Driss Ouazzani", "m"), None),
    ("03.531.05.07", "اجبابرة", "Jbabra", ("حسن البقالي", "Hassan Bakkali", "m"), None),
    ("03.531.07.09", "بوهودة", "Bouhouda", ("مريم الحسني", "Meryem Hassani", "f"), None),
    ("03.531.09.01", "عين عائشة", "Ain Aicha", None, None),  # no secretary: a dormant secretariat
]
TAOUNATE_LOCALS_SINCE = D(2023, 3, 1)
DEMO_LOCAL_LOGIN = ("tazi", "Taounate local secretary (synthetic) — الأمين المحلي بتاونات (بيانات تجريبية)")

SEED_001_BASIS = (
    "التقرير 001 يقول «مساء يوم الجمعة 7 أبريل الجاري» دون ذكر السنة؛ يوافق 7 أبريل يوم الجمعة سنتي 2017 "
    "و2023، وكون الدكتور محمد الحجيرة أمينا جهويا لفاس-مكناس (كما في تقرير 2026) يرجح سنة 2023."
)
SEED_003_BASIS = (
    "التقرير 003 يقول «يوم الإثنين 02 نونبر الجاري» دون ذكر السنة؛ يوافق 2 نونبر يوم الإثنين سنتي 2020 "
    "و2026، وسياق ما بعد المؤتمر الوطني الرابع (فبراير 2020) يرجح سنة 2020."
)

# Each meeting: organ key, fields, chairs (person keys, in order), groups, agenda, conclusions,
# directives (text_ar, text_fr, deadline, target rule).
MEETINGS: list[dict] = [
    dict(
        key="000",
        organ="taounate_communication_pole",
        kind="pole_meeting",
        title_ar="لقاء تواصلي تنظيمي لأعضاء قطب التواصل والإعلام بالأمانة الإقليمية بتاونات",
        title_fr="Rencontre organisationnelle des membres du pôle communication et médias de Taounate",
        day=seeds.SEED_000_DAY,
        premises="المقر الإقليمي للحزب بتاونات",
        chairs=["najjari", "ghazouani", "lotfi"],
        groups=[
            dict(
                rule="organ_members",
                organ="taounate_communication_pole",
                label_ar="أعضاء قطب التواصل والإعلام بالأمانة الإقليمية",
                label_fr="les membres du pôle communication et médias du secrétariat provincial",
            )
        ],
        context_ar=(
            "ويأتي هذا اللقاء في إطار الدينامية التنظيمية التي يجري تنزيلها على صعيد جهة فاس مكناس عامة "
            "بإشراف من الأمانة العامة الجهوية وإقليم تاونات خاصة، انسجاما مع الدينامية التنظيمية التي "
            "أطلقها الأمين العام للحزب، السيد عبد اللطيف وهبي، والمذكرة التنظيمية الصادرة عن قطب التنظيم "
            "برئاسة نائب الأمين العام السيد سمير كودار."
        ),
        context_fr=(
            "Cette rencontre s'inscrit dans la dynamique organisationnelle menée dans la région de "
            "Fès-Meknès, en cohérence avec la note organisationnelle du pôle de l'organisation."
        ),
        agenda=[
            (
                "تحديات بناء تنظيم قوي على مستوى الإقليم",
                "Les défis de la construction d'une organisation forte dans la province",
            ),
            (
                "التفاعل مع الاحتياجات العامة للمواطنين وتكثيف التوعية السياسية",
                "Répondre aux besoins des citoyens et intensifier la sensibilisation politique",
            ),
            (
                "تعزيز التواصل مع الشباب وإشراكهم في دينامية الفعل السياسي",
                "Renforcer la communication avec les jeunes et les associer à l'action politique",
            ),
            (
                "منهجية عمل قطب التواصل والإعلام في المرحلة القادمة",
                "La méthode de travail du pôle communication et médias pour la prochaine étape",
            ),
        ],
        conclusions_ar=(
            "وركزت مداخلات الأعضاء على أهمية التواصل بين مناضلات ومناضلي الحزب بالإقليم وطرق تعزيزه، لتصبح "
            "الأمانة الإقليمية حضنا جامعا لكل مناضلاتها ومناضليها بدون إقصاء لأي طرف، وبتدبير ديمقراطي لكل "
            "الاختلافات، وباعتماد آليات تواصلية حديثة تجعل جميع المناضلين يساهمون في التقييم المستمر لأداء "
            "الحزب وتدبيره."
        ),
        conclusions_fr=(
            "Les interventions ont porté sur la communication entre militantes et militants de la province, "
            "et sur des outils modernes permettant à tous de contribuer à l'évaluation continue du parti."
        ),
        directives=[],
        source=seeds.SEED_000,
    ),
    dict(
        key="001",
        organ="fm_regional_secretariat",
        kind="organizational",
        title_ar="لقاء تنظيمي لحزب الأصالة والمعاصرة بفاس",
        title_fr="Rencontre organisationnelle du parti à Fès",
        day=seeds.SEED_001_DAY,
        day_inferred=True,
        day_basis=SEED_001_BASIS,
        part_of_day="evening",
        address="فاس",
        chairs=["hjira", "hajjoubi", "slimani"],
        groups=[
            dict(
                rule="national_council",
                territory="03.231",
                label_ar="أعضاء المجلس الوطني بفاس",
                label_fr="les membres du conseil national à Fès",
            ),
            dict(
                rule="organ_members",
                organ="fm_regional_secretariat",
                label_ar="أعضاء الأمانة الجهوية بفاس",
                label_fr="les membres du secrétariat régional à Fès",
            ),
            dict(
                rule="organ_members",
                organ="fes_provincial_secretariat",
                label_ar="أعضاء الأمانة الإقليمية",
                label_fr="les membres du secrétariat provincial",
            ),
            dict(
                rule="secretaries_under",
                territory="03.231",
                label_ar="الأمناء المحليين",
                label_fr="les secrétaires locaux",
            ),
            dict(
                rule="elected_officials",
                territory="03.231",
                label_ar=(
                    "منتخبات ومنتخبي البام بمقاطعات وجماعات فاس والمجلس الإقليمي وغرفة الصناعة والتجارة "
                    "والخدمات وغرفة الصناعة التقليدية"
                ),
                label_fr=(
                    "les élues et élus du parti dans les arrondissements et communes de Fès, au conseil "
                    "préfectoral et aux chambres professionnelles"
                ),
            ),
            dict(
                rule="named",
                label_ar="فعاليات شبابية ونسائية وحزبية",
                label_fr="des acteurs jeunes, femmes et militants",
            ),
        ],
        context_ar=(
            "ويأتي هذا اللقاء التواصلي في سياق الدينامية التنظيمية والسياسية التي تباشرها الأمانة الجهوية "
            "بمعية الأمانات الإقليمية والمحلية وبرلمانيي ومنتخبي ومنتخبات الحزب."
        ),
        agenda=[
            ("الوضع التنظيمي الداخلي للحزب بفاس", "La situation organisationnelle interne du parti à Fès"),
            ("قضايا الشأن المحلي", "Les affaires locales"),
            (
                "برنامج العمل التواصلي والإشعاعي المسطر من طرف مختلف مؤسسات الحزب إقليميا ومحليا",
                "Le programme de communication et de rayonnement des instances provinciales et locales",
            ),
        ],
        conclusions_ar=(
            "وتم الوقوف على منجزات منتخبي ومنتخبات البام بفاس على امتداد كل المقاطعات والجماعات ومجلس "
            "جماعة فاس والمجلس الإقليمي والغرف المهنية، وهنأ الحاضرون السيد عبد العالي شينون ومن خلاله فريق "
            "الأصالة والمعاصرة بغرفة التجارة والصناعة والخدمات على انتخابه نائبا لرئيس الغرفة. وبعد استعراض "
            "بعض الإكراهات التنظيمية، أجمع الحضور على التعبئة الشاملة من أجل تعزيز المكتسبات الانتخابية "
            "والتنظيمية والسياسية، والانفتاح على كل الطاقات والكفاءات والمبادرات الحزبية."
        ),
        conclusions_fr=(
            "Les participants ont salué l'élection de M. Abdelali Chinoune à la vice-présidence de la Chambre "
            "de commerce, d'industrie et de services, et appelé à une mobilisation générale pour consolider "
            "les acquis électoraux, organisationnels et politiques."
        ),
        directives=[
            dict(
                text_ar="ضرورة التقاطع بين عمل الأمانة الإقليمية والأمانات المحلية وعمل المنتخبين على مستوى المقاطعات والجماعات الترابية",
                text_fr="Articuler le travail du secrétariat provincial, des secrétariats locaux et des élus au niveau des arrondissements et des communes",
            ),
            dict(
                text_ar="تطوير الأدوات التنظيمية والتواصلية أفقيا وعموديا وعصرنة الإعلام الحزبي الجهوي والإقليمي",
                text_fr="Développer les outils d'organisation et de communication et moderniser les médias régionaux et provinciaux du parti",
            ),
            dict(
                text_ar="توفير الوسائل اللوجيستكية لبنيات الاستقبال على الصعيد المحلي في المقاطعات والجماعات الترابية",
                text_fr="Doter les structures d'accueil locales (arrondissements et communes) des moyens logistiques nécessaires",
            ),
        ],
        source=seeds.SEED_001,
    ),
    dict(
        key="002",
        organ="taounate_provincial_secretariat",
        kind="organizational",
        title_ar="اجتماع تنظيمي وتواصلي للأمانة الإقليمية بتاونات استعدادا للاستحقاقات المقبلة",
        title_fr="Réunion organisationnelle du secrétariat provincial de Taounate en vue des prochaines échéances",
        day=seeds.SEED_002_DAY,
        premises="المقر الإقليمي للحزب بتاونات",
        chairs=["hjira", "najjari"],
        groups=[
            dict(
                rule="organ_members",
                organ="taounate_provincial_secretariat",
                label_ar="أعضاء الأمانة الإقليمية",
                label_fr="les membres du secrétariat provincial",
            ),
            dict(
                rule="secretaries_under",
                territory="03.531",
                label_ar="الأمناء المحليون",
                label_fr="les secrétaires locaux",
            ),
            dict(
                rule="named",
                label_ar="رؤساء المجالس الترابية",
                label_fr="les présidents des conseils territoriaux",
            ),
            dict(
                rule="parliamentarians",
                territory="03.531",
                label_ar="برلمانيو الإقليم",
                label_fr="les parlementaires de la province",
            ),
            dict(
                rule="national_council",
                territory="03.531",
                label_ar="أعضاء المجلس الوطني",
                label_fr="les membres du conseil national",
            ),
        ],
        agenda=[
            ("كلمة ترحيبية للأمين الإقليمي", "Mot de bienvenue du secrétaire provincial"),
            (
                "المستجدات السياسية والتنظيمية الوطنية والجهوية والإقليمية والمحلية",
                "L'actualité politique et organisationnelle nationale, régionale, provinciale et locale",
            ),
            ("المحطات التنظيمية المقبلة", "Les prochaines échéances organisationnelles"),
            (
                "الاستعداد للاستحقاقات الانتخابية المقبلة والتسجيل في اللوائح الانتخابية",
                "La préparation des prochaines élections et l'inscription sur les listes électorales",
            ),
            (
                "تشخيص الوضع التنظيمي للحزب بإقليم تاونات وتقييم أداء الأمانات المحلية",
                "Le diagnostic de l'organisation du parti dans la province et l'évaluation des secrétariats locaux",
            ),
        ],
        conclusions_ar=(
            "وشهد الاجتماع نقاشات موسعة ركزت على تشخيص الوضع التنظيمي للحزب بإقليم تاونات، تقييم أداء "
            "الأمانات المحلية، إبراز الإكراهات المرتبطة بالتواصل مع الساكنة، وتوحيد الصف الداخلي استعدادا "
            "للاستحقاقات المقبلة. وأكد المشاركون على تسريع الهيكلة التنظيمية، إعادة الاعتبار للعمل الحزبي "
            "القاعدي، تنظيم لقاءات تواصلية مع المواطنين، الاستثمار في تكوين الأطر والمنتخبين، وإشراك الشباب "
            "والنساء في أدوار قيادية."
        ),
        conclusions_fr=(
            "Les débats ont porté sur le diagnostic de l'organisation du parti dans la province, l'évaluation "
            "des secrétariats locaux et l'unité des rangs ; les participants ont insisté sur l'accélération de "
            "la structuration et la place des jeunes et des femmes."
        ),
        directives=[
            dict(
                text_ar="جعل الهيكلة التنظيمية أولوية المرحلة وتعميمها على جميع جماعات الإقليم خلال ثلاثة أشهر",
                text_fr="Faire de la structuration la priorité de l'étape et l'étendre à toutes les communes de la province en trois mois",
                deadline_kind="months",
                deadline_amount=3,
                target_kind="local_secretariat",
                target_territory="03.531",
                indicator="active_local_share",
                indicator_goal=Decimal("100"),
                indicator_label="نسبة جماعات الإقليم التي تتوفر على أمانة محلية نشيطة",
            ),
            dict(
                text_ar="الانطلاق المبكر في الاستعداد للاستحقاقات التشريعية لسنة 2026",
                text_fr="Lancer dès maintenant la préparation des élections législatives de 2026",
                target_kind="local_secretariat",
                target_territory="03.531",
            ),
            dict(
                text_ar="اعتماد مقاربة تشاركية في صناعة القرار التنظيمي والحزبي",
                text_fr="Adopter une approche participative dans la prise de décision organisationnelle et partisane",
            ),
            dict(
                text_ar="تعزيز الانضباط الحزبي والالتزام بأخلاقيات العمل السياسي",
                text_fr="Renforcer la discipline partisane et le respect de l'éthique de l'action politique",
            ),
            dict(
                text_ar="تقوية التنسيق بين مستويات التنظيم الحزبي المختلفة",
                text_fr="Renforcer la coordination entre les différents niveaux de l'organisation du parti",
            ),
        ],
        source=seeds.SEED_002,
    ),
    dict(
        key="003",
        organ="tanger_provincial_secretariat",
        kind="communicative",
        title_ar="لقاء تواصلي مع الأمناء المحليين للحزب بمقاطعات طنجة-أصيلة",
        title_fr="Rencontre avec les secrétaires locaux des arrondissements de Tanger-Assilah",
        day=seeds.SEED_003_DAY,
        day_inferred=True,
        day_basis=SEED_003_BASIS,
        part_of_day="afternoon",
        address="طنجة",
        chairs=["limouri"],
        groups=[
            dict(
                rule="secretaries_under",
                territory="01.511",
                label_ar="السادة الأمناء المحليين للحزب على مستوى المقاطعات",
                label_fr="les secrétaires locaux du parti dans les arrondissements",
            )
        ],
        context_ar=(
            "وانعقد اللقاء بتنسيق مع الأمين العام الجهوي للحزب بجهة طنجة تطوان الحسيمة السيد عبد اللطيف "
            "الغلبزوري، في إطار سلسلة اللقاءات التواصلية التي يعقدها الأمين الإقليمي مع المستشارات والمستشارين "
            "ومناضلات ومناضلي الحزب، وفي سياق تفعيل التوجهات الكبرى للاستراتيجية التنظيمية الجديدة منذ المؤتمر "
            "الوطني الرابع."
        ),
        context_fr=(
            "La rencontre s'est tenue en coordination avec le secrétaire général régional, M. Abdellatif "
            "Ghalbzouri, dans le cadre de la nouvelle stratégie organisationnelle issue du quatrième congrès national."
        ),
        agenda=[
            (
                "الوضعية التنظيمية للحزب على مستوى كل مقاطعة",
                "La situation organisationnelle du parti dans chaque arrondissement",
            ),
            (
                "جاهزية الأمانات المحلية للإعداد للاستحقاقات المقبلة",
                "L'état de préparation des secrétariats locaux pour les prochaines échéances",
            ),
        ],
        conclusions_ar=(
            "وأكد الأمين العام الإقليمي على الأدوار الطلائعية للأمانة المحلية داخل تراب المقاطعة باعتبارها "
            "واجهة الحزب ولسانه وأداته التواصلية والترافعية عن قضايا المواطنات والمواطنين، وعلى أن إدارة الحزب "
            "بطنجة-أصيلة رهن إشارة الأمناء المحليين."
        ),
        conclusions_fr=(
            "Le secrétaire général provincial a souligné le rôle du secrétariat local, vitrine et porte-voix "
            "du parti dans l'arrondissement, et assuré les secrétaires locaux du soutien de la province."
        ),
        directives=[],
        source=seeds.SEED_003,
    ),
    dict(
        key="004",
        organ="general_secretariat",
        kind="videoconference",
        title_ar="اجتماع الأمين العام مع الأمناء الجهويين عبر تقنية التناظر المرئي",
        title_fr="Réunion du secrétaire général avec les secrétaires régionaux par visioconférence",
        day=seeds.SEED_004_DAY,
        online=True,
        chairs=["ouahbi"],
        groups=[
            dict(
                rule="secretaries_under",
                territory="MA",
                organ_kind="regional_secretariat",
                label_ar="السادة الأمناء الجهويين",
                label_fr="les secrétaires régionaux",
            )
        ],
        context_ar=(
            "وهنأ الأمين العام في بداية الاجتماع كافة السادة الأمناء الجهويين على الثقة التي حظوا بها، في "
            "ظرفية فرضتها تداعيات جائحة فيروس كورونا المستجد، منوها بمختلف أوجه التعبئة الوطنية التي انخرط "
            "فيها مناضلات ومناضلو الحزب."
        ),
        context_fr=(
            "Le secrétaire général a félicité les secrétaires régionaux pour la confiance placée en eux, dans "
            "le contexte de la pandémie de Covid-19."
        ),
        agenda=[
            (
                "التواصل والإنصات لمناضلات ومناضلي الحزب بالجهات ورص الصفوف",
                "L'écoute des militantes et militants dans les régions et l'unité des rangs",
            ),
            (
                "إعطاء دفعة قوية للتنظيم في مختلف الجهات",
                "Un nouvel élan pour l'organisation dans toutes les régions",
            ),
        ],
        conclusions_ar=(
            "وأعرب السادة الأمناء الجهويون عن تقديرهم وشكرهم لقيادة الحزب على الثقة التي وضعتها فيهم، مؤكدين "
            "جاهزيتهم للانخراط وبقوة في الدينامية التي يعرفها الحزب."
        ),
        conclusions_fr="Les secrétaires régionaux ont affirmé leur disponibilité à s'engager pleinement dans la dynamique du parti.",
        directives=[
            dict(
                text_ar="العمل في أقرب الآجال على تشكيل أمانات جهوية مؤقتة",
                text_fr="Former dans les meilleurs délais des secrétariats régionaux provisoires",
            ),
            dict(
                text_ar="خلق لجان جهوية للتحكيم والأخلاقيات مؤقتة",
                text_fr="Créer des commissions régionales provisoires d'arbitrage et d'éthique",
            ),
            dict(
                text_ar="فتح نقاشات ومشاورات جهوية لإعداد لائحة بأسماء الأمناء الإقليميين المقترحين في أقرب الأوقات",
                text_fr="Ouvrir des concertations régionales pour établir au plus tôt la liste des secrétaires provinciaux proposés",
            ),
            dict(
                text_ar="تعزيز التواصل مع برلمانيي الحزب بالفريقين (مجلس النواب ومجلس المستشارين) وتزويدهم بمختلف قضايا وملفات المواطنين لطرحها على الحكومة",
                text_fr="Renforcer la communication avec les parlementaires du parti dans les deux groupes et leur transmettre les doléances et dossiers des citoyens à soumettre au gouvernement",
            ),
            dict(
                text_ar="الانفتاح على إعلام الحزب لتعزيز انفتاحه والرفع من نجاعة دوره التواصلي",
                text_fr="S'ouvrir aux médias du parti pour renforcer leur rôle de communication",
            ),
        ],
        source=seeds.SEED_004,
    ),
]

# Progress the synthetic Taounate local secretariats reported on directive 1 of seed 002
# (commune code → (status, note, day)). The others never reported: the board shows them late.
TAOUNATE_PROGRESS = {
    "03.531.01.05": (
        "done",
        "تم تجديد مكتب الأمانة المحلية وعقد جمع عام للمنخرطين (بيانات تجريبية).",
        D(2026, 3, 14),
    ),
    "03.531.01.03": (
        "in_progress",
        "تم عقد لقاء تحضيري، والجمع العام مبرمج (بيانات تجريبية).",
        D(2026, 2, 20),
    ),
    "03.531.05.07": ("done", "تمت هيكلة الأمانة المحلية بعد الأجل المحدد (بيانات تجريبية).", D(2026, 5, 2)),
}


def _taounate_locals(organs: dict[str, Organ], report) -> None:
    province_organ = organs["taounate_provincial_secretariat"]
    for code, name_ar, name_fr, secretary, login in TAOUNATE_LOCALS:
        commune = Territory.objects.get(code=code)
        full_ar = f"الأمانة المحلية ب{name_ar}"
        organ = Organ.objects.filter(kind="local_secretariat", territory=commune).first()
        if organ is None:
            organ = organ_create(
                kind="local_secretariat",
                territory=commune,
                parent=province_organ,
                name_ar=full_ar,
                name_fr=f"Secrétariat local de {name_fr}",
                established_on=TAOUNATE_LOCALS_SINCE,
                source=SYNTHETIC,
            )
            report.organs += 1
        if secretary is None:
            continue
        person_ar, person_latin, gender = secretary
        person = Person.objects.filter(full_name_ar=person_ar, home=commune).first()
        if person is None:
            person = person_create(
                full_name_ar=person_ar,
                full_name_latin=person_latin,
                gender=gender,
                honorific="mrs" if gender == "f" else "mr",
                commune=commune,
                home=commune,
                source=SYNTHETIC,
            )
            report.people += 1
        if not Mandate.objects.filter(person=person, organ=organ).exists():
            mandate_record(
                person=person,
                organ=organ,
                role="secretary",
                how="elected",
                start=TAOUNATE_LOCALS_SINCE,
                title_ar="الأمينة المحلية" if gender == "f" else "الأمين المحلي",
                title_fr="Secrétaire locale" if gender == "f" else "Secrétaire local",
                source=SYNTHETIC,
            )
            report.mandates += 1
        if login and not User.objects.filter(username=login).exists():
            user = User.objects.create_user(username=login, password=seeds.DEMO_PASSWORD)
            Profile.objects.update_or_create(user=user, defaults={"person": person, "national": False})
            report.users += 1
    # Members enrolled before their local secretariat existed get it now.
    for membership in Membership.objects.filter(
        local_organ__isnull=True, person__home__path__startswith=province_organ.territory.path
    ).select_related("person__commune"):
        membership.local_organ = local_organ_for(membership.person.commune)
        if membership.local_organ is not None:
            membership.save(update_fields=["local_organ"])


def _seed_meeting(spec: dict, organs: dict[str, Organ], people: dict[str, Person]) -> Meeting | None:
    organ = organs[spec["organ"]]
    if Meeting.objects.filter(organ=organ, day=spec["day"], title_ar=spec["title_ar"]).exists():
        return None
    premises = Premises.objects.filter(name_ar=spec["premises"]).first() if spec.get("premises") else None
    meeting = meeting_plan(
        organ=organ,
        kind=spec["kind"],
        title_ar=spec["title_ar"],
        title_fr=spec.get("title_fr", ""),
        day=spec["day"],
        day_inferred=spec.get("day_inferred", False),
        day_basis=spec.get("day_basis", ""),
        part_of_day=spec.get("part_of_day", ""),
        place_mode="online" if spec.get("online") else ("premises" if premises else "address"),
        premises=premises,
        address=spec.get("address", ""),
        chairs=[people[key] for key in spec["chairs"]],
        agenda=spec.get("agenda", []),
        context_ar=spec.get("context_ar", ""),
        context_fr=spec.get("context_fr", ""),
        source=spec["source"],
    )
    for group in spec["groups"]:
        group = dict(group)
        if "organ" in group:
            group["organ"] = organs[group["organ"]]
        if "territory" in group:
            group["territory"] = Territory.objects.get(code=group["territory"])
        meeting_invite_group(meeting=meeting, **group)
    # The reports name groups, not people: those resolved from the groups are recorded present.
    meeting.attendances.update(status="present", checked_in_by="list", recorded_at=timezone.now())
    meeting_status_change(meeting=meeting, to=MeetingStatus.HELD, on=spec["day"])
    meeting_record_save(
        meeting=meeting,
        conclusions_ar=spec.get("conclusions_ar", ""),
        conclusions_fr=spec.get("conclusions_fr", ""),
    )
    for directive in spec.get("directives", []):
        directive = dict(directive)
        if "target_territory" in directive:
            directive["target_territory"] = Territory.objects.get(code=directive["target_territory"])
        directive_issue(
            organ=organ,
            meeting=meeting,
            issued_on=spec["day"],
            notify=False,
            source=spec["source"],
            **directive,
        )
    return meeting


def _publish(meeting: Meeting) -> Communique:
    draft = communique_draft(meeting)
    published_at = timezone.make_aware(datetime.datetime.combine(meeting.day, datetime.time(20, 0)))
    return Communique.objects.create(
        meeting=meeting,
        organ=meeting.organ,
        title_ar=draft.title_ar,
        title_fr=draft.title_fr,
        body_ar=draft.body_ar,
        body_fr=draft.body_fr,
        signed_by=draft.signed_by,
        status=CommuniqueStatus.PUBLISHED,
        published_at=published_at,
        source=f"{meeting.source} — نص أعده تنظيم من سجلات الاجتماع",
    )


def demo_meetings_load(organs: dict[str, Organ], people: dict[str, Person], report) -> None:
    """The synthetic Taounate local secretariats, then the five seed meetings (idempotent)."""
    _taounate_locals(organs, report)
    for spec in MEETINGS:
        meeting = _seed_meeting(spec, organs, people)
        if meeting is None:
            continue
        report.meetings += 1
        _publish(meeting)
        if spec["key"] == "002":
            first = meeting.directives.order_by("order").first()
            for code, (status, note, day) in TAOUNATE_PROGRESS.items():
                target = DirectiveTarget.objects.filter(directive=first, organ__territory__code=code).first()
                if target is not None and target.status == TargetStatus.NOT_STARTED:
                    report_row = progress_report(target=target, status=status, note=note, on=day)
                    report_row.created_at = timezone.make_aware(
                        datetime.datetime.combine(day, datetime.time(18, 0))
                    )
                    report_row.save(update_fields=["created_at"])
