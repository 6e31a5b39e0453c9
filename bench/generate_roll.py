"""Generate a synthetic but realistic membership roll (CSV) for the benchmarks.

Arabic names with their Moroccan Latin spellings (several variants per name), valid and unique CIN
and +212 phone numbers, birth dates in the usual dd/mm/yyyy, and real communes drawn with weights
equal to their 2024 population (HCP). Deterministic for a given seed.

    python bench/generate_roll.py --rows 1000000 --out var/bench/roll-1000000.csv
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

HCP_COMMUNES = Path(__file__).resolve().parent.parent / "tanzim/territory/data/morocco/hcp/communes.csv"
HCP_PROVINCES = Path(__file__).resolve().parent.parent / "tanzim/territory/data/morocco/hcp/provinces.csv"

# (Arabic, Latin spellings seen on rolls)
LAST_NAMES = [
    ("العلوي", ["Alaoui", "El Alaoui", "Alaoui"]),
    ("الإدريسي", ["Idrissi", "El Idrissi", "Drissi"]),
    ("بنعلي", ["Benali", "Ben Ali", "Bennali"]),
    ("الفاسي", ["Fassi", "El Fassi", "Elfassi"]),
    ("التازي", ["Tazi", "Ettazi", "Et-Tazi"]),
    ("الوزاني", ["Ouazzani", "Ouazani", "Wazzani"]),
    ("الحسني", ["Hassani", "El Hassani", "Lahssani"]),
    ("الشرقاوي", ["Cherkaoui", "Charkaoui", "Cherqaoui"]),
    ("البقالي", ["Bakkali", "El Bakkali", "Baqali"]),
    ("الصنهاجي", ["Sanhaji", "Senhaji", "Sanhadji"]),
    ("الريفي", ["Rifi", "Errifi", "Er-Rifi"]),
    ("المرابط", ["Mrabet", "El Mrabet", "Merabet"]),
    ("النجاري", ["Najjari", "Ennajjari", "Najari"]),
    ("الحجيرة", ["Hjira", "El Hjira", "Lahjira"]),
    ("الغزواني", ["Ghazouani", "El Ghazouani", "Ghazwani"]),
    ("لطفي", ["Lotfi", "Lutfi", "Lotfy"]),
    ("السليماني", ["Slimani", "Sliman", "Es-Slimani"]),
    ("الزروالي", ["Zeroual", "Zerouali", "Zarouali"]),
    ("بنكيران", ["Benkirane", "Ben Kirane", "Benkiran"]),
    ("الخطابي", ["Khattabi", "El Khattabi", "Kattabi"]),
    ("الأمراني", ["Amrani", "El Amrani", "Lamrani"]),
    ("البوعزاوي", ["Bouazzaoui", "Bouazaoui", "Bouazzaoui"]),
    ("الكتاني", ["Kettani", "El Kettani", "Kettany"]),
    ("الجراري", ["Jirari", "Djirari", "Jerrari"]),
    ("السباعي", ["Sbai", "Es-Sbai", "Sebbai"]),
    ("العمراني", ["Amrani", "Omrani", "El Omrani"]),
    ("بنشقرون", ["Benchekroun", "Ben Chekroun", "Benchakroun"]),
    ("الطاهري", ["Tahiri", "Ettahiri", "Taheri"]),
    ("المنصوري", ["Mansouri", "El Mansouri", "Mansoury"]),
    ("الحمداوي", ["Hamdaoui", "El Hamdaoui", "Hamdawi"]),
    ("الزياني", ["Ziani", "Zayani", "Ez-Ziani"]),
    ("أيت علي", ["Ait Ali", "Aït Ali", "Ait-Ali"]),
    ("أوبلا", ["Oubella", "Oubla", "Ou Bella"]),
    ("الصديقي", ["Seddiki", "Saddiki", "Es-Seddiki"]),
    ("الرحماني", ["Rahmani", "Er-Rahmani", "Rahmany"]),
    ("القادري", ["Kadiri", "Qadiri", "El Kadiri"]),
    ("بوشعيب", ["Bouchaib", "Bouchaïb", "Bouchaib"]),
    ("لعزيري", ["Laaziri", "Laziri", "El Aziri"]),
    ("البلغيثي", ["Belghiti", "Belghyti", "El Belghiti"]),
    ("ليموري", ["Limouri", "Limoury", "Limouri"]),
]
FIRST_NAMES_M = [
    ("محمد", ["Mohamed", "Mohammed", "Mhamed", "Mohammad"]),
    ("أحمد", ["Ahmed", "Ahmad", "Hmad"]),
    ("يوسف", ["Youssef", "Yousef", "Youssouf"]),
    ("عبد الرحيم", ["Abderrahim", "Abdurrahim", "Abderahim"]),
    ("حسن", ["Hassan", "Hasan"]),
    ("إدريس", ["Driss", "Idriss", "Idris"]),
    ("رشيد", ["Rachid", "Rashid"]),
    ("سعيد", ["Said", "Saïd", "Saaid"]),
    ("أنس", ["Anas", "Annas"]),
    ("عمر", ["Omar", "Oumar", "Omer"]),
    ("مصطفى", ["Mustapha", "Mostafa", "Moustapha"]),
    ("عبد اللطيف", ["Abdellatif", "Abdelatif", "Abdel Latif"]),
    ("خالد", ["Khalid", "Khaled", "Xalid"]),
    ("هشام", ["Hicham", "Hisham"]),
    ("جمال", ["Jamal", "Djamal"]),
]
FIRST_NAMES_F = [
    ("فاطمة الزهراء", ["Fatima Zahra", "Fatima-Zahra", "Fatimazahra"]),
    ("خديجة", ["Khadija", "Khadidja"]),
    ("سناء", ["Sanaa", "Sana"]),
    ("مريم", ["Meryem", "Maryam", "Meriem"]),
    ("نادية", ["Nadia", "Nadiya"]),
    ("هاجر", ["Hajar", "Hadjar"]),
    ("ليلى", ["Leila", "Laila", "Layla"]),
    ("زينب", ["Zineb", "Zainab"]),
    ("نعيمة", ["Naima", "Naïma"]),
    ("أسماء", ["Asmae", "Asmaa", "Asma"]),
    ("حنان", ["Hanane", "Hanan"]),
]
CIN_PREFIXES = [
    "A",
    "AB",
    "B",
    "BE",
    "BH",
    "BJ",
    "BK",
    "C",
    "CB",
    "CD",
    "D",
    "DA",
    "E",
    "EE",
    "F",
    "G",
    "H",
    "HA",
    "I",
    "IA",
    "J",
    "JA",
    "JB",
    "K",
    "L",
    "M",
    "N",
    "O",
    "P",
    "Q",
    "R",
    "S",
    "T",
    "U",
    "V",
    "W",
    "X",
    "Y",
    "Z",  # not "ZT": the demo's synthetic members use that range
]
# Mobile number blocks in use (06x and 07x as libphonenumber knows them; 068[356], 0729, 073x–074x… are not).
MOBILE_PREFIXES = [
    p
    for p in range(600, 790)
    if p not in {683, 685, 686, 729} and not 732 <= p <= 749 and not 756 <= p <= 759
]
HEADER = [
    "الاسم العائلي",
    "الاسم الشخصي",
    "Nom",
    "Prénom",
    "رقم البطاقة الوطنية",
    "الهاتف",
    "الجماعة",
    "الإقليم",
    "تاريخ الازدياد",
    "الجنس",
]


def _communes() -> tuple[list[tuple[str, str]], list[int]]:
    provinces = {}
    with HCP_PROVINCES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            provinces[row["code"]] = row["name_ar"]
    names, weights = [], []
    with HCP_COMMUNES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names.append((row["name_ar"], provinces[row["province_code"]]))
            weights.append(int(row["population_2024"] or 1))
    return names, weights


def generate(rows: int, out: Path, *, seed: int = 2026) -> Path:
    rng = random.Random(seed)
    communes, weights = _communes()
    out.parent.mkdir(parents=True, exist_ok=True)
    # Unique CINs: walk a random permutation of (prefix, number) space.
    space = len(CIN_PREFIXES) * 999_999
    step = 7_919_777  # coprime with the space size → a full-cycle walk, no repeats
    start = rng.randrange(space)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        picks = rng.choices(range(len(communes)), weights=weights, k=rows)
        for i in range(rows):
            female = rng.random() < 0.38
            first_ar, first_latin = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
            last_ar, last_latin = rng.choice(LAST_NAMES)
            slot = (start + i * step) % space
            cin = f"{CIN_PREFIXES[slot // 999_999]}{slot % 999_999 + 1}"
            phone = f"0{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**6):06d}"
            commune, province = communes[picks[i]]
            writer.writerow(
                [
                    last_ar,
                    first_ar,
                    rng.choice(last_latin),
                    rng.choice(first_latin),
                    cin,
                    phone,
                    commune,
                    province,
                    f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1946, 2007)}",
                    "أنثى" if female else "ذكر",
                ]
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    generate(args.rows, args.out, seed=args.seed)
    print(args.out)


if __name__ == "__main__":
    main()
