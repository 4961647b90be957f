"""Plan cadres: names, age and gender mix, ethnicity, home place, qualifications.

The mix follows what the founding document measures: women (about a third overall, fewer in the top posts),
young cadres (under 40: many among staff, about 10–15% of department leaders), ethnic minorities (mostly in the
upland communes of former Bắc Giang), non-local cadres, and foreign-language levels (about 30% of leaders at
B1 or above).
"""

from datetime import timedelta

from apps.cadres.models import Cadre, Gender

from ..reference import bodies, names, places
from .context import Person, add_years, chance, random_day, retirement_age_months, weighted

_KINH_FAMILY = names.KINH_FAMILY_NAMES
_MIDDLE = {
    (Gender.MALE, 0): {k: v[0] for k, v in names.MALE_MIDDLE_NAMES.items()},
    (Gender.MALE, 1): {k: v[1] for k, v in names.MALE_MIDDLE_NAMES.items()},
    (Gender.FEMALE, 0): {k: v[0] for k, v in names.FEMALE_MIDDLE_NAMES.items()},
    (Gender.FEMALE, 1): {k: v[1] for k, v in names.FEMALE_MIDDLE_NAMES.items()},
}
_GIVEN = {Gender.MALE: names.MALE_GIVEN_NAMES, Gender.FEMALE: names.FEMALE_GIVEN_NAMES}
_LOCAL_COMMUNES = [c[2] for c in places.COMMUNES] + places.OTHER_HOME_COMMUNES

#: (youngest, oldest, most common) age by rank of the post held; 0 is staff
AGE_BY_RANK = {
    8: (45, 60, 53),
    7: (42, 60, 51),
    6: (36, 60, 49),
    5: (33, 59, 46),
    4: (31, 58, 44),
    3: (28, 57, 41),
    2: (27, 57, 40),
    0: (25, 60, 40),
}
#: share of women by rank of the post held (staff: the unit's own share)
FEMALE_BY_RANK = {8: 0.18, 7: 0.2, 6: 0.22, 5: 0.24, 4: 0.3, 3: 0.36, 2: 0.4}


def make_name(rng, gender, birth_year, ethnicity):
    """A believable full name: family name by frequency, a middle name of the person's generation and gender,
    a given name that matches the gender."""
    generation = 1 if birth_year >= names.YOUNG_GENERATION_FROM else 0
    if ethnicity == "Kinh":
        family = weighted(rng, _KINH_FAMILY)
    else:
        family = rng.choice(names.MINORITY_FAMILY_NAMES[ethnicity])
    traditional = "Thị" if gender == Gender.FEMALE else "Văn"
    if ethnicity not in ("Kinh", "Hoa") and chance(rng, 0.8):
        middle = traditional
    else:
        middle = weighted(rng, _MIDDLE[(gender, generation)])
    if middle == "Thị" and not generation and chance(rng, 0.12):
        middle = f"Thị {rng.choice(names.FEMALE_SECOND_MIDDLE)}"
    pool = _GIVEN[gender][generation]
    given = rng.choice(pool)
    while given in middle.split():
        given = rng.choice(pool)
    return f"{family} {middle} {given}"


def pick_gender(plan, unit, rank):
    share = unit.female if rank == 0 or unit.female >= 0.9 else FEMALE_BY_RANK.get(rank, 0.3)
    return Gender.FEMALE if chance(plan.rng, share) else Gender.MALE


def max_age_years(plan, gender):
    """The oldest an active cadre can be today: just under the statutory retirement age, and 60 at most."""
    if gender not in plan.max_age_cache:
        plan.max_age_cache[gender] = min(
            60.0, retirement_age_months(plan.params, gender, plan.today) / 12 - 0.3
        )
    return plan.max_age_cache[gender]


def pick_age(plan, unit, rank, gender):
    low, high, mode = AGE_BY_RANK.get(rank, AGE_BY_RANK[0])
    if unit.young:
        low, high, mode = (low - 8, min(high, 42), min(mode, 35)) if rank else (24, 35, 28)
    high = min(high, max_age_years(plan, gender))
    low = min(max(low, 25), high - 1)
    return plan.rng.triangular(low, high, min(max(mode, low), high))


def birth_date_for(plan, age_years, on=None):
    on = on or plan.today
    return on - timedelta(days=int(age_years * 365.25))


def pick_ethnicity(plan, unit):
    return weighted(plan.rng, names.MINORITIES) if chance(plan.rng, unit.minority) else "Kinh"


def pick_home(plan, unit, *, non_local=False):
    """(home province, home commune): commune cadres are mostly local; a non-local post takes someone born
    elsewhere (another commune of the province or another province)."""
    rng = plan.rng
    if non_local:
        same_commune, same_province = 0.0, 0.8
    elif unit.group == "commune":
        same_commune, same_province = 0.65, 0.93
    else:
        same_commune, same_province = 0.0, 0.88
    roll = rng.random()
    if roll < same_commune:
        return plan.province_name, unit.locality
    if roll < same_province:
        choices = [c for c in _LOCAL_COMMUNES if c != unit.locality]
        return plan.province_name, rng.choice(choices)
    province = weighted(rng, places.OTHER_PROVINCE_WEIGHTS)
    return province, rng.choice(places.OTHER_PROVINCES[province])


def _education(plan, unit, rank):
    if rank >= 6:
        weights = {"doctor": 8, "master": 55, "bachelor": 37}
    elif rank >= 3:
        weights = {"doctor": 2, "master": 35, "bachelor": 63}
    elif unit.group == "commune":
        weights = {"college": 18, "bachelor": 72, "master": 10}
    else:
        weights = {"college": 8, "bachelor": 70, "master": 20, "doctor": 2}
    return weighted(plan.rng, weights)


def _political_theory(plan, rank, party):
    if rank >= 6:
        weights = {"advanced": 95, "intermediate": 5}
    elif rank >= 4:
        weights = {"advanced": 55, "intermediate": 45}
    elif rank >= 2:
        weights = {"advanced": 25, "intermediate": 70, "elementary": 5}
    elif party:
        weights = {"advanced": 3, "intermediate": 35, "elementary": 55, "none": 7}
    else:
        weights = {"elementary": 30, "none": 70}
    return weighted(plan.rng, weights)


def _language(plan, unit, rank, age, ethnicity):
    """(language, level): leaders about 30% at B1 or above, younger staff more, language-heavy units most."""
    rng = plan.rng
    if unit.languages or age < 35:
        weights = {"none": 8, "A2": 22, "B1": 35, "B2": 25, "C1": 10}
    elif rank:
        weights = {"none": 28, "A2": 40, "B1": 22, "B2": 8, "C1": 2}
    else:
        weights = {"none": 25, "A2": 37, "B1": 25, "B2": 11, "C1": 2}
    level = weighted(rng, weights)
    if level == "none":
        return "", Cadre.LanguageLevel.NONE
    if ethnicity == "Hoa" and chance(rng, 0.6):
        language = "Tiếng Trung"
    elif age > 55 and chance(rng, 0.25):
        language = rng.choice(["Tiếng Nga", "Tiếng Pháp"])
    else:
        language = weighted(rng, {"Tiếng Anh": 88, "Tiếng Trung": 6, "Tiếng Hàn": 4, "Tiếng Nhật": 2})
    return language, level


def staff_title(plan, unit):
    rng = plan.rng
    if unit.group == "commune":
        return rng.choice(bodies.COMMUNE_STAFF_TITLES)
    if unit.obj.code in bodies.PUBLIC_STAFF_TITLES:
        return rng.choice(bodies.PUBLIC_STAFF_TITLES[unit.obj.code])
    title = weighted(rng, dict(bodies.STAFF_TITLES))
    if unit.divisions and chance(rng, 0.7):
        return f"{title} {rng.choice(unit.divisions)}"
    return title


def new_person(plan, unit, *, rank=0, job_title="", age=None, gender=None, non_local=False, on=None):
    """A cadre of `unit` holding a post of `rank` (0: staff); `age` in years on day `on` (default today)."""
    rng = plan.rng
    gender = gender or pick_gender(plan, unit, rank)
    age = age if age is not None else pick_age(plan, unit, rank, gender)
    birth = birth_date_for(plan, age, on)
    current_age = (plan.today - birth).days / 365.25
    ethnicity = pick_ethnicity(plan, unit)
    home_province, home_commune = pick_home(plan, unit, non_local=non_local)
    party = rank >= 2 or chance(rng, 0.68)
    joined = None
    if party:
        joined = add_years(birth, int(rng.triangular(21, 36, 25))) + timedelta(days=rng.randint(0, 364))
        joined = min(joined, plan.today - timedelta(days=400))
        joined = max(joined, add_years(birth, 18))
    language, level = _language(plan, unit, rank, current_age, ethnicity)
    verified = random_day(rng, plan.today - timedelta(days=1200), plan.today - timedelta(days=20))
    cadre = Cadre(
        full_name=make_name(rng, gender, birth.year, ethnicity),
        birth_date=birth,
        gender=gender,
        ethnicity=ethnicity,
        home_province=home_province,
        home_commune=home_commune,
        current_unit=unit.obj,
        job_title=job_title or staff_title(plan, unit),
        is_party_member=party,
        party_joined_on=joined,
        education_level=_education(plan, unit, rank),
        specialty=rng.choice(unit.specialties or bodies.GENERIC_SPECIALTIES),
        political_theory=_political_theory(plan, rank, party),
        foreign_language=language,
        foreign_language_level=level,
        resume_verified_on=verified if rank or chance(rng, 0.6) else None,
    )
    person = Person(obj=cadre, unit=unit, rank=rank, quality=rng.gauss(0.3 if rank else 0.0, 1.0))
    plan.people.append(person)
    return person


def assign_codes(plan):
    """Cadre codes in a shuffled order, so that a code tells nothing about the person's post."""
    order = list(range(len(plan.people)))
    plan.rng.shuffle(order)
    prefix = plan.province_code.upper()
    for number, index in enumerate(order, start=1):
        plan.people[index].obj.code = f"{prefix}{number:05d}"
