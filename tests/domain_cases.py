"""The cases DOMAIN.md sections 4 and 5 (v2) describe, as data shared by the engine and CLI tests:
the chain variants of each platform, the states each stage can take in each, the contact table,
and a case for each state and verdict of each variant (inputs as a user types them).

Every expected value here is checked against the independent oracle (tests/domain_oracle.py) by
test_engine.py::test_the_case_tables_say_what_domain_md_says."""

from __future__ import annotations

from datetime import date, datetime

# DOMAIN.md section 4: the stage ids. A platform lists them in its own order (its chain).
STAGE_IDS = (
    "account_name",
    "completion",
    "rating",
    "institution_report",
    "platform_report",
    "certificate",
)

# DOMAIN.md section 4.2: the chain variants, chosen by the case day, named by their period.
TO_2022 = "to 2022-11-24"
KEMNAKER_SISNAKER = "to 2021-03-17"
KEMNAKER_DASHBOARD = "2021-03-18 to 2022-11-24"
FROM_2022 = "from 2022-11-25"
PERIODS = {
    TO_2022: (None, date(2022, 11, 24)),
    KEMNAKER_SISNAKER: (None, date(2021, 3, 17)),
    KEMNAKER_DASHBOARD: (date(2021, 3, 18), date(2022, 11, 24)),
    FROM_2022: (date(2022, 11, 25), None),
}
_KEMNAKER_2021 = (
    "account_name",
    "completion",
    "institution_report",  # the LPK grades before the participant can rate
    "rating",
    "platform_report",
    "certificate",
)
CHAINS = {
    "tokopedia": {
        TO_2022: ("completion", "institution_report", "platform_report", "certificate"),
        FROM_2022: ("completion", "institution_report", "platform_report", "certificate"),
    },
    "bukalapak": {
        TO_2022: ("completion", "rating", "institution_report", "platform_report", "certificate"),
        FROM_2022: ("completion", "institution_report", "platform_report", "certificate"),
    },
    "kemnaker": {
        KEMNAKER_SISNAKER: _KEMNAKER_2021,
        KEMNAKER_DASHBOARD: _KEMNAKER_2021,
        FROM_2022: tuple(s for s in _KEMNAKER_2021 if s != "rating"),
    },
    "pijar-mahir": {
        TO_2022: ("completion", "rating", "certificate"),
        FROM_2022: ("completion", "certificate"),
    },
}
VARIANTS = [(platform, variant) for platform, chains in CHAINS.items() for variant in chains]


def variant_on(platform: str, case_day: date) -> str:
    """The name of the chain variant of `platform` for a case day."""
    for variant in CHAINS[platform]:
        start, end = PERIODS[variant]
        if (start is None or start <= case_day) and (end is None or case_day <= end):
            return variant
    raise AssertionError(f"no chain of {platform} on {case_day}")


# The states each stage can take (DOMAIN.md section 5): a stage without a due rule is done,
# missing or unknown; with one, also waiting or overdue; the certificate is never done, and every
# certificate has a due rule (published or customary) in every variant.
NO_DUE = {"done", "missing", "unknown"}
WITH_DUE = {"done", "waiting", "overdue", "missing", "unknown"}
CERTIFICATE = {"waiting", "overdue", "missing"}
_DUE_RULES = {  # the stages with a due rule, besides the certificate
    "tokopedia": {"institution_report", "platform_report"},
    "bukalapak": {"institution_report", "platform_report"},
    "kemnaker": {"platform_report"},
    "pijar-mahir": set(),
}
EXPECTED_STATES = {
    (platform, variant): {
        stage: CERTIFICATE
        if stage == "certificate"
        else WITH_DUE
        if stage in _DUE_RULES[platform]
        else NO_DUE
        for stage in chain
    }
    for platform, chains in CHAINS.items()
    for variant, chain in chains.items()
}


def possible_verdicts(platform: str, variant: str) -> set[str]:
    """Every state but `done` of every stage can be the verdict, except the account name reminder
    while unknown (passed over)."""
    return {
        f"{stage}_{state}"
        for stage, states in EXPECTED_STATES[(platform, variant)].items()
        for state in states
        if state != "done" and (stage, state) != ("account_name", "unknown")
    }


# DOMAIN.md section 5, the contact table, row by row; chosen with the advice (the as-of day).
# Every other verdict has no contact.
CONTACTS = {
    ("tokopedia", "institution_report_missing"): "institution",
    ("tokopedia", "institution_report_unknown"): "platform",
    ("tokopedia", "institution_report_overdue"): "platform",
    ("tokopedia", "platform_report_missing"): "platform",
    ("tokopedia", "platform_report_unknown"): "platform",
    ("tokopedia", "platform_report_overdue"): "platform",
    ("tokopedia", "certificate_missing"): "platform",
    ("tokopedia", "certificate_overdue"): "prakerja",
    ("bukalapak", "institution_report_missing"): "institution",
    ("bukalapak", "institution_report_unknown"): "institution",
    ("bukalapak", "institution_report_overdue"): "institution",
    ("bukalapak", "platform_report_missing"): "platform",
    ("bukalapak", "platform_report_unknown"): "platform",
    ("bukalapak", "platform_report_overdue"): "platform",
    ("bukalapak", "certificate_missing"): "platform",
    ("bukalapak", "certificate_overdue"): "platform",
    ("kemnaker", "institution_report_missing"): "institution",
    ("kemnaker", "institution_report_unknown"): "institution",
    ("kemnaker", "platform_report_missing"): "platform",
    ("kemnaker", "platform_report_unknown"): "platform",
    ("kemnaker", "platform_report_overdue"): "platform",
    ("kemnaker", "certificate_missing"): "platform",
    ("kemnaker", "certificate_overdue"): "platform",
    ("pijar-mahir", "certificate_missing"): "platform",
    ("pijar-mahir", "certificate_overdue"): "platform",
}
# DOMAIN.md section 5: Bukalapak's LK is the contact, but no channel of it is published.
NO_PUBLISHED_CHANNEL = {("bukalapak", "institution")}
# The one exception for a participant's own stage: while the advice is to rate in Sisnaker (as-of
# day up to 2021-03-17), a graded participant who has not rated usually cannot: the LPK.
SISNAKER_RATING_UNTIL = date(2021, 3, 17)


def contact_for(platform: str, verdict: str, as_of: str) -> str | None:
    """The party DOMAIN.md section 5 says to contact for a verdict, as of a day (as typed)."""
    as_of_day = date.fromisoformat(as_of[:10])
    if (platform, verdict) == ("kemnaker", "rating_missing"):
        return "institution" if as_of_day <= SISNAKER_RATING_UNTIL else None
    return CONTACTS.get((platform, verdict))


Y, N = "yes", "no"

# A case reaching each state of each stage of each chain variant:
# (platform, variant, stage, state, as-of, inputs).
STATE_CASES = [
    # -- Tokopedia, to 2022-11-24 (March 2021; 11 March is Isra Mi'raj) -------------------------
    ("tokopedia", TO_2022, "completion", "done", "2021-03-10", {"completed": "2021-03-01"}),
    (
        "tokopedia",
        TO_2022,
        "completion",
        "done",
        "2021-03-10",
        {"institution_reported": "2021-03-01"},
    ),
    ("tokopedia", TO_2022, "completion", "missing", "2021-03-10", {"completed": N}),
    ("tokopedia", TO_2022, "completion", "unknown", "2021-03-10", {}),
    (
        "tokopedia",
        TO_2022,
        "institution_report",
        "done",
        "2021-03-10",
        {"institution_reported": Y},
    ),
    # usually the next working day: Friday 5 March -> Monday 8 March
    (
        "tokopedia",
        TO_2022,
        "institution_report",
        "waiting",
        "2021-03-08",
        {"completed": "2021-03-05"},
    ),
    (
        "tokopedia",
        TO_2022,
        "institution_report",
        "overdue",
        "2021-03-10",
        {"completed": "2021-03-01", "institution_reported": N},
    ),
    (
        "tokopedia",
        TO_2022,
        "institution_report",
        "missing",
        "2021-03-10",
        {"completed": Y, "institution_reported": N},
    ),
    (
        "tokopedia",
        TO_2022,
        "institution_report",
        "unknown",
        "2021-03-10",
        {"completed": "2021-03-01"},
    ),
    (
        "tokopedia",
        TO_2022,
        "platform_report",
        "done",
        "2021-03-10",
        {"platform_reported": "2021-03-02"},
    ),
    (
        "tokopedia",
        TO_2022,
        "platform_report",
        "waiting",
        "2021-03-02",
        {"institution_reported": "2021-03-01"},
    ),
    (
        "tokopedia",
        TO_2022,
        "platform_report",
        "overdue",
        "2021-03-03",
        {"institution_reported": "2021-03-01", "platform_reported": N},
    ),
    (
        "tokopedia",
        TO_2022,
        "platform_report",
        "missing",
        "2021-03-03",
        {"institution_reported": Y, "platform_reported": N},
    ),
    (
        "tokopedia",
        TO_2022,
        "platform_report",
        "unknown",
        "2021-03-03",
        {"institution_reported": "2021-03-01"},
    ),
    (
        "tokopedia",
        TO_2022,
        "certificate",
        "waiting",
        "2021-03-03",
        {"platform_reported": "2021-03-02"},
    ),
    (
        "tokopedia",
        TO_2022,
        "certificate",
        "overdue",
        "2021-04-01",
        {"platform_reported": "2021-03-02"},
    ),
    ("tokopedia", TO_2022, "certificate", "missing", "2021-04-01", {"platform_reported": Y}),
    # -- Tokopedia, from 2022-11-25 (December 2022: Thursday 1, Friday 2, Monday 5) --------------
    ("tokopedia", FROM_2022, "completion", "done", "2022-12-09", {"completed": "2022-12-01"}),
    (
        "tokopedia",
        FROM_2022,
        "completion",
        "done",
        "2022-12-09",
        {"institution_reported": "2022-12-01"},
    ),
    ("tokopedia", FROM_2022, "completion", "missing", "2022-12-09", {"completed": N}),
    ("tokopedia", FROM_2022, "completion", "unknown", "2022-12-09", {}),
    (
        "tokopedia",
        FROM_2022,
        "institution_report",
        "done",
        "2022-12-09",
        {"institution_reported": Y},
    ),
    (
        "tokopedia",
        FROM_2022,
        "institution_report",
        "waiting",
        "2022-12-05",
        {"completed": "2022-12-02"},
    ),
    (
        "tokopedia",
        FROM_2022,
        "institution_report",
        "overdue",
        "2022-12-09",
        {"completed": "2022-12-01", "institution_reported": N},
    ),
    (
        "tokopedia",
        FROM_2022,
        "institution_report",
        "missing",
        "2022-12-09",
        {"completed": Y, "institution_reported": N},
    ),
    (
        "tokopedia",
        FROM_2022,
        "institution_report",
        "unknown",
        "2022-12-09",
        {"completed": "2022-12-01"},
    ),
    (
        "tokopedia",
        FROM_2022,
        "platform_report",
        "done",
        "2022-12-09",
        {"platform_reported": "2022-12-02"},
    ),
    (
        "tokopedia",
        FROM_2022,
        "platform_report",
        "waiting",
        "2022-12-02",
        {"institution_reported": "2022-12-01"},
    ),
    (
        "tokopedia",
        FROM_2022,
        "platform_report",
        "overdue",
        "2022-12-05",
        {"institution_reported": "2022-12-01", "platform_reported": N},
    ),
    (
        "tokopedia",
        FROM_2022,
        "platform_report",
        "missing",
        "2022-12-09",
        {"institution_reported": Y, "platform_reported": N},
    ),
    (
        "tokopedia",
        FROM_2022,
        "platform_report",
        "unknown",
        "2022-12-05",
        {"institution_reported": "2022-12-01"},
    ),
    # one working day after Tokopedia's report: Friday 2 -> Monday 5 December
    (
        "tokopedia",
        FROM_2022,
        "certificate",
        "waiting",
        "2022-12-05",
        {"platform_reported": "2022-12-02"},
    ),
    (
        "tokopedia",
        FROM_2022,
        "certificate",
        "overdue",
        "2022-12-06",
        {"platform_reported": "2022-12-02"},
    ),
    ("tokopedia", FROM_2022, "certificate", "missing", "2022-12-09", {"platform_reported": Y}),
    # -- Bukalapak, to 2022-11-24 ------------------------------------------------------------------
    ("bukalapak", TO_2022, "completion", "done", "2021-03-10", {"completed": "2021-03-01"}),
    ("bukalapak", TO_2022, "completion", "missing", "2021-03-10", {"completed": N}),
    ("bukalapak", TO_2022, "completion", "unknown", "2021-03-10", {}),
    ("bukalapak", TO_2022, "rating", "done", "2021-03-10", {"rated": "2021-03-01"}),
    ("bukalapak", TO_2022, "rating", "missing", "2021-03-10", {"rated": N}),
    ("bukalapak", TO_2022, "rating", "unknown", "2021-03-10", {"completed": "2021-03-01"}),
    (
        "bukalapak",
        TO_2022,
        "institution_report",
        "done",
        "2021-03-10",
        {"institution_reported": "2021-03-01"},
    ),
    (
        "bukalapak",
        TO_2022,
        "institution_report",
        "waiting",
        "2021-03-01",
        {"completed": "2021-03-01"},
    ),
    (
        "bukalapak",
        TO_2022,
        "institution_report",
        "overdue",
        "2021-03-02",
        {"completed": "2021-03-01", "institution_reported": N},
    ),
    (
        "bukalapak",
        TO_2022,
        "institution_report",
        "missing",
        "2021-03-02",
        {"completed": Y, "institution_reported": N},
    ),
    (
        "bukalapak",
        TO_2022,
        "institution_report",
        "unknown",
        "2021-03-02",
        {"completed": "2021-03-01"},
    ),
    (
        "bukalapak",
        TO_2022,
        "platform_report",
        "done",
        "2021-03-10",
        {"platform_reported": "2021-03-02"},
    ),
    (
        "bukalapak",
        TO_2022,
        "platform_report",
        "waiting",
        "2021-03-01",
        {"institution_reported": "2021-03-01 10:00"},
    ),
    (
        "bukalapak",
        TO_2022,
        "platform_report",
        "overdue",
        "2021-03-02",
        {"institution_reported": "2021-03-01 10:00", "platform_reported": N},
    ),
    (
        "bukalapak",
        TO_2022,
        "platform_report",
        "missing",
        "2021-03-02",
        {"institution_reported": Y, "platform_reported": N},
    ),
    (
        "bukalapak",
        TO_2022,
        "platform_report",
        "unknown",
        "2021-03-02",
        {"institution_reported": "2021-03-01 10:00"},
    ),
    (
        "bukalapak",
        TO_2022,
        "certificate",
        "waiting",
        "2021-03-02",
        {"completed": "2021-03-01", "rated": "2021-03-01"},
    ),
    (
        "bukalapak",
        TO_2022,
        "certificate",
        "overdue",
        "2021-04-01",
        {"completed": "2021-03-01", "rated": "2021-03-01"},
    ),
    (
        "bukalapak",
        TO_2022,
        "certificate",
        "missing",
        "2021-04-01",
        {"completed": Y, "rated": Y},
    ),
    # -- Bukalapak, from 2022-11-25 (no rating in the chain) -------------------------------------
    ("bukalapak", FROM_2022, "completion", "done", "2022-12-09", {"completed": "2022-12-01"}),
    ("bukalapak", FROM_2022, "completion", "missing", "2022-12-09", {"completed": N}),
    ("bukalapak", FROM_2022, "completion", "unknown", "2022-12-09", {}),
    (
        "bukalapak",
        FROM_2022,
        "institution_report",
        "done",
        "2022-12-09",
        {"institution_reported": "2022-12-01"},
    ),
    (
        "bukalapak",
        FROM_2022,
        "institution_report",
        "waiting",
        "2022-12-01",
        {"completed": "2022-12-01"},
    ),
    (
        "bukalapak",
        FROM_2022,
        "institution_report",
        "overdue",
        "2022-12-02",
        {"completed": "2022-12-01", "institution_reported": N},
    ),
    (
        "bukalapak",
        FROM_2022,
        "institution_report",
        "missing",
        "2022-12-09",
        {"completed": Y, "institution_reported": N},
    ),
    (
        "bukalapak",
        FROM_2022,
        "institution_report",
        "unknown",
        "2022-12-02",
        {"completed": "2022-12-01"},
    ),
    (
        "bukalapak",
        FROM_2022,
        "platform_report",
        "done",
        "2022-12-09",
        {"platform_reported": "2022-12-01"},
    ),
    (
        "bukalapak",
        FROM_2022,
        "platform_report",
        "waiting",
        "2022-12-01",
        {"institution_reported": "2022-12-01 10:00"},
    ),
    (
        "bukalapak",
        FROM_2022,
        "platform_report",
        "overdue",
        "2022-12-02",
        {"institution_reported": "2022-12-01 10:00", "platform_reported": N},
    ),
    (
        "bukalapak",
        FROM_2022,
        "platform_report",
        "missing",
        "2022-12-09",
        {"institution_reported": Y, "platform_reported": N},
    ),
    (
        "bukalapak",
        FROM_2022,
        "platform_report",
        "unknown",
        "2022-12-02",
        {"institution_reported": "2022-12-01 10:00"},
    ),
    # one working day after Bukalapak's report: Thursday 1 -> Friday 2 December
    (
        "bukalapak",
        FROM_2022,
        "certificate",
        "waiting",
        "2022-12-02",
        {"platform_reported": "2022-12-01"},
    ),
    (
        "bukalapak",
        FROM_2022,
        "certificate",
        "overdue",
        "2022-12-05",
        {"platform_reported": "2022-12-01"},
    ),
    ("bukalapak", FROM_2022, "certificate", "missing", "2022-12-09", {"platform_reported": Y}),
    # -- Kemnaker, to 2021-03-17 (Sisnaker's H+1 after the later of grading and rating) --------
    ("kemnaker", KEMNAKER_SISNAKER, "account_name", "done", "2021-03-10", {"name_matches": Y}),
    ("kemnaker", KEMNAKER_SISNAKER, "account_name", "missing", "2021-03-10", {"name_matches": N}),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "account_name",
        "unknown",
        "2021-03-10",
        {"platform_reported": "2021-03-03"},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "completion",
        "done",
        "2021-03-10",
        {"completed": "2021-03-01"},
    ),
    ("kemnaker", KEMNAKER_SISNAKER, "completion", "missing", "2021-03-10", {"completed": N}),
    ("kemnaker", KEMNAKER_SISNAKER, "completion", "unknown", "2021-03-10", {}),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "institution_report",
        "done",
        "2021-03-10",
        {"institution_reported": "2021-03-02"},
    ),
    # the rating comes after the grading, so a rating implies it
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "institution_report",
        "done",
        "2021-03-10",
        {"rated": "2021-03-02"},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "institution_report",
        "missing",
        "2021-03-10",
        {"institution_reported": N},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "institution_report",
        "unknown",
        "2021-03-10",
        {"completed": "2021-03-01"},
    ),
    ("kemnaker", KEMNAKER_SISNAKER, "rating", "done", "2021-03-10", {"rated": "2021-03-02"}),
    ("kemnaker", KEMNAKER_SISNAKER, "rating", "missing", "2021-03-10", {"rated": N}),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "rating",
        "unknown",
        "2021-03-10",
        {"institution_reported": "2021-03-02"},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "platform_report",
        "done",
        "2021-03-10",
        {"platform_reported": "2021-03-03"},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "platform_report",
        "waiting",
        "2021-03-03",
        {"institution_reported": "2021-03-02", "rated": "2021-03-02"},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "platform_report",
        "overdue",
        "2021-03-04",
        {"institution_reported": "2021-03-02", "rated": "2021-03-02", "platform_reported": N},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "platform_report",
        "missing",
        "2021-03-04",
        {"institution_reported": Y, "rated": Y, "platform_reported": N},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "platform_report",
        "unknown",
        "2021-03-04",
        {"institution_reported": "2021-03-02", "rated": "2021-03-02"},
    ),
    # usually 7 working days after Sisnaker's report: 4, 5, 8, 9, 10, (11), 12, 15 March
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "certificate",
        "waiting",
        "2021-03-05",
        {"platform_reported": "2021-03-03"},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "certificate",
        "overdue",
        "2021-03-16",
        {"platform_reported": "2021-03-03"},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "certificate",
        "missing",
        "2021-03-10",
        {"platform_reported": Y},
    ),
    # -- Kemnaker, 2021-03-18 to 2022-11-24 (April 2021; 2 April is Good Friday) ---------------
    ("kemnaker", KEMNAKER_DASHBOARD, "account_name", "done", "2021-04-10", {"name_matches": Y}),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "account_name",
        "missing",
        "2021-04-10",
        {"name_matches": N},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "account_name",
        "unknown",
        "2021-04-10",
        {"platform_reported": "2021-04-03"},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "completion",
        "done",
        "2021-04-10",
        {"completed": "2021-04-01"},
    ),
    ("kemnaker", KEMNAKER_DASHBOARD, "completion", "missing", "2021-04-10", {"completed": N}),
    ("kemnaker", KEMNAKER_DASHBOARD, "completion", "unknown", "2021-04-10", {}),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "institution_report",
        "done",
        "2021-04-10",
        {"institution_reported": "2021-04-02"},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "institution_report",
        "missing",
        "2021-04-10",
        {"institution_reported": N},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "institution_report",
        "unknown",
        "2021-04-10",
        {"completed": "2021-04-01"},
    ),
    ("kemnaker", KEMNAKER_DASHBOARD, "rating", "done", "2021-04-10", {"rated": "2021-04-02"}),
    ("kemnaker", KEMNAKER_DASHBOARD, "rating", "missing", "2021-04-10", {"rated": N}),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "rating",
        "unknown",
        "2021-04-10",
        {"institution_reported": "2021-04-02"},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "platform_report",
        "done",
        "2021-04-10",
        {"platform_reported": "2021-04-03"},
    ),
    # H+1 after the grading alone: the rating no longer starts the clock
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "platform_report",
        "waiting",
        "2021-04-03",
        {"institution_reported": "2021-04-02"},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "platform_report",
        "overdue",
        "2021-04-04",
        {"institution_reported": "2021-04-02", "platform_reported": N},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "platform_report",
        "missing",
        "2021-04-04",
        {"institution_reported": Y, "platform_reported": N},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "platform_report",
        "unknown",
        "2021-04-04",
        {"institution_reported": "2021-04-02"},
    ),
    # usually 7 working days after Saturday 3 April: 5, 6, 7, 8, 9, 12, 13 April
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "certificate",
        "waiting",
        "2021-04-10",
        {"platform_reported": "2021-04-03"},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "certificate",
        "overdue",
        "2021-04-14",
        {"platform_reported": "2021-04-03"},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "certificate",
        "missing",
        "2021-04-10",
        {"platform_reported": Y},
    ),
    # -- Kemnaker, from 2022-11-25 (no rating in the chain) --------------------------------------
    ("kemnaker", FROM_2022, "account_name", "done", "2022-12-09", {"name_matches": Y}),
    ("kemnaker", FROM_2022, "account_name", "missing", "2022-12-09", {"name_matches": N}),
    (
        "kemnaker",
        FROM_2022,
        "account_name",
        "unknown",
        "2022-12-09",
        {"platform_reported": "2022-12-02"},
    ),
    ("kemnaker", FROM_2022, "completion", "done", "2022-12-09", {"completed": "2022-12-01"}),
    ("kemnaker", FROM_2022, "completion", "missing", "2022-12-09", {"completed": N}),
    ("kemnaker", FROM_2022, "completion", "unknown", "2022-12-09", {}),
    (
        "kemnaker",
        FROM_2022,
        "institution_report",
        "done",
        "2022-12-09",
        {"institution_reported": "2022-12-01"},
    ),
    (
        "kemnaker",
        FROM_2022,
        "institution_report",
        "missing",
        "2022-12-09",
        {"institution_reported": N},
    ),
    (
        "kemnaker",
        FROM_2022,
        "institution_report",
        "unknown",
        "2022-12-09",
        {"completed": "2022-12-01"},
    ),
    (
        "kemnaker",
        FROM_2022,
        "platform_report",
        "done",
        "2022-12-09",
        {"platform_reported": "2022-12-02"},
    ),
    (
        "kemnaker",
        FROM_2022,
        "platform_report",
        "waiting",
        "2022-12-02",
        {"institution_reported": "2022-12-01"},
    ),
    (
        "kemnaker",
        FROM_2022,
        "platform_report",
        "overdue",
        "2022-12-03",
        {"institution_reported": "2022-12-01", "platform_reported": N},
    ),
    (
        "kemnaker",
        FROM_2022,
        "platform_report",
        "missing",
        "2022-12-09",
        {"institution_reported": Y, "platform_reported": N},
    ),
    (
        "kemnaker",
        FROM_2022,
        "platform_report",
        "unknown",
        "2022-12-03",
        {"institution_reported": "2022-12-01"},
    ),
    (
        "kemnaker",
        FROM_2022,
        "certificate",
        "waiting",
        "2022-12-05",
        {"platform_reported": "2022-12-02"},
    ),
    (
        "kemnaker",
        FROM_2022,
        "certificate",
        "overdue",
        "2022-12-06",
        {"platform_reported": "2022-12-02"},
    ),
    ("kemnaker", FROM_2022, "certificate", "missing", "2022-12-09", {"platform_reported": Y}),
    # -- Pijar Mahir, to 2022-11-24 (usually 7 working days after finishing and rating) ------------
    ("pijar-mahir", TO_2022, "completion", "done", "2021-03-10", {"completed": "2021-03-01"}),
    ("pijar-mahir", TO_2022, "completion", "missing", "2021-03-10", {"completed": N}),
    ("pijar-mahir", TO_2022, "completion", "unknown", "2021-03-10", {}),
    ("pijar-mahir", TO_2022, "rating", "done", "2021-03-10", {"rated": "2021-03-01"}),
    ("pijar-mahir", TO_2022, "rating", "missing", "2021-03-10", {"rated": N}),
    ("pijar-mahir", TO_2022, "rating", "unknown", "2021-03-10", {}),
    # 2, 3, 4, 5, 8, 9, 10 March
    (
        "pijar-mahir",
        TO_2022,
        "certificate",
        "waiting",
        "2021-03-05",
        {"completed": "2021-03-01", "rated": "2021-03-01"},
    ),
    (
        "pijar-mahir",
        TO_2022,
        "certificate",
        "overdue",
        "2021-03-11",
        {"completed": "2021-03-01", "rated": "2021-03-01"},
    ),
    (
        "pijar-mahir",
        TO_2022,
        "certificate",
        "missing",
        "2021-03-10",
        {"completed": Y, "rated": Y},
    ),
    # -- Pijar Mahir, from 2022-11-25 (usually 3 working days after completion) -------------------
    ("pijar-mahir", FROM_2022, "completion", "done", "2022-12-09", {"completed": "2022-12-01"}),
    ("pijar-mahir", FROM_2022, "completion", "missing", "2022-12-09", {"completed": N}),
    ("pijar-mahir", FROM_2022, "completion", "unknown", "2022-12-09", {}),
    # 2, 5, 6 December
    (
        "pijar-mahir",
        FROM_2022,
        "certificate",
        "waiting",
        "2022-12-02",
        {"completed": "2022-12-01"},
    ),
    (
        "pijar-mahir",
        FROM_2022,
        "certificate",
        "overdue",
        "2022-12-07",
        {"completed": "2022-12-01"},
    ),
    ("pijar-mahir", FROM_2022, "certificate", "missing", "2022-12-09", {"completed": Y}),
]

# A case reaching each verdict a chain variant can give: (platform, variant, verdict, as-of,
# inputs). The account_name reminder is never a verdict while unknown; only its known "no" is.
VERDICT_CASES = [
    # -- Tokopedia, to 2022-11-24 ------------------------------------------------------------------
    ("tokopedia", TO_2022, "completion_missing", "2021-03-10", {"completed": N}),
    ("tokopedia", TO_2022, "completion_unknown", "2021-03-10", {}),
    (
        "tokopedia",
        TO_2022,
        "institution_report_waiting",
        "2021-03-08",
        {"completed": "2021-03-05"},
    ),
    (
        "tokopedia",
        TO_2022,
        "institution_report_overdue",
        "2021-03-10",
        {"completed": "2021-03-01", "institution_reported": N},
    ),
    (
        "tokopedia",
        TO_2022,
        "institution_report_missing",
        "2021-03-10",
        {"completed": Y, "institution_reported": N},
    ),
    ("tokopedia", TO_2022, "institution_report_unknown", "2021-03-10", {"completed": Y}),
    (
        "tokopedia",
        TO_2022,
        "platform_report_waiting",
        "2021-03-02",
        {"institution_reported": "2021-03-01"},
    ),
    (
        "tokopedia",
        TO_2022,
        "platform_report_overdue",
        "2021-03-03",
        {"institution_reported": "2021-03-01", "platform_reported": N},
    ),
    (
        "tokopedia",
        TO_2022,
        "platform_report_missing",
        "2021-03-03",
        {"institution_reported": Y, "platform_reported": N},
    ),
    (
        "tokopedia",
        TO_2022,
        "platform_report_unknown",
        "2021-03-03",
        {"institution_reported": "2021-03-01"},
    ),
    (
        "tokopedia",
        TO_2022,
        "certificate_waiting",
        "2021-03-03",
        {"platform_reported": "2021-03-02"},
    ),
    (
        "tokopedia",
        TO_2022,
        "certificate_overdue",
        "2021-04-01",
        {"platform_reported": "2021-03-02"},
    ),
    ("tokopedia", TO_2022, "certificate_missing", "2021-04-01", {"platform_reported": Y}),
    # -- Tokopedia, from 2022-11-25 ----------------------------------------------------------------
    ("tokopedia", FROM_2022, "completion_missing", "2022-12-09", {"completed": N}),
    ("tokopedia", FROM_2022, "completion_unknown", "2022-12-09", {}),
    (
        "tokopedia",
        FROM_2022,
        "institution_report_waiting",
        "2022-12-05",
        {"completed": "2022-12-02"},
    ),
    (
        "tokopedia",
        FROM_2022,
        "institution_report_overdue",
        "2022-12-09",
        {"completed": "2022-12-01", "institution_reported": N},
    ),
    (
        "tokopedia",
        FROM_2022,
        "institution_report_missing",
        "2022-12-09",
        {"completed": Y, "institution_reported": N},
    ),
    ("tokopedia", FROM_2022, "institution_report_unknown", "2022-12-09", {"completed": Y}),
    (
        "tokopedia",
        FROM_2022,
        "platform_report_waiting",
        "2022-12-02",
        {"institution_reported": "2022-12-01"},
    ),
    (
        "tokopedia",
        FROM_2022,
        "platform_report_overdue",
        "2022-12-05",
        {"institution_reported": "2022-12-01", "platform_reported": N},
    ),
    (
        "tokopedia",
        FROM_2022,
        "platform_report_missing",
        "2022-12-09",
        {"institution_reported": Y, "platform_reported": N},
    ),
    (
        "tokopedia",
        FROM_2022,
        "platform_report_unknown",
        "2022-12-05",
        {"institution_reported": "2022-12-01"},
    ),
    (
        "tokopedia",
        FROM_2022,
        "certificate_waiting",
        "2022-12-05",
        {"platform_reported": "2022-12-02"},
    ),
    (
        "tokopedia",
        FROM_2022,
        "certificate_overdue",
        "2022-12-06",
        {"platform_reported": "2022-12-02"},
    ),
    ("tokopedia", FROM_2022, "certificate_missing", "2022-12-09", {"platform_reported": Y}),
    # -- Bukalapak, to 2022-11-24 ------------------------------------------------------------------
    ("bukalapak", TO_2022, "completion_missing", "2021-03-10", {"completed": N}),
    ("bukalapak", TO_2022, "completion_unknown", "2021-03-10", {}),
    ("bukalapak", TO_2022, "rating_missing", "2021-03-10", {"completed": "2021-03-01", "rated": N}),
    ("bukalapak", TO_2022, "rating_unknown", "2021-03-10", {"completed": "2021-03-01"}),
    (
        "bukalapak",
        TO_2022,
        "institution_report_waiting",
        "2021-03-01",
        {"completed": "2021-03-01", "rated": Y},
    ),
    (
        "bukalapak",
        TO_2022,
        "institution_report_overdue",
        "2021-03-02",
        {"completed": "2021-03-01", "rated": "2021-03-01", "institution_reported": N},
    ),
    (
        "bukalapak",
        TO_2022,
        "institution_report_missing",
        "2021-03-02",
        {"completed": Y, "rated": Y, "institution_reported": N},
    ),
    (
        "bukalapak",
        TO_2022,
        "institution_report_unknown",
        "2021-03-02",
        {"completed": "2021-03-01", "rated": Y},
    ),
    (
        "bukalapak",
        TO_2022,
        "platform_report_waiting",
        "2021-03-01",
        {"rated": Y, "institution_reported": "2021-03-01 10:00"},
    ),
    (
        "bukalapak",
        TO_2022,
        "platform_report_overdue",
        "2021-03-02",
        {"rated": Y, "institution_reported": "2021-03-01 10:00", "platform_reported": N},
    ),
    (
        "bukalapak",
        TO_2022,
        "platform_report_missing",
        "2021-03-02",
        {"rated": Y, "institution_reported": Y, "platform_reported": N},
    ),
    (
        "bukalapak",
        TO_2022,
        "platform_report_unknown",
        "2021-03-02",
        {"rated": Y, "institution_reported": "2021-03-01 10:00"},
    ),
    (
        "bukalapak",
        TO_2022,
        "certificate_waiting",
        "2021-03-02",
        {"completed": "2021-03-01", "rated": "2021-03-01"},
    ),
    (
        "bukalapak",
        TO_2022,
        "certificate_overdue",
        "2021-04-01",
        {"completed": "2021-03-01", "rated": "2021-03-01"},
    ),
    (
        "bukalapak",
        TO_2022,
        "certificate_missing",
        "2021-04-01",
        {"rated": Y, "platform_reported": Y},
    ),
    # -- Bukalapak, from 2022-11-25 ----------------------------------------------------------------
    ("bukalapak", FROM_2022, "completion_missing", "2022-12-09", {"completed": N}),
    ("bukalapak", FROM_2022, "completion_unknown", "2022-12-09", {}),
    (
        "bukalapak",
        FROM_2022,
        "institution_report_waiting",
        "2022-12-01",
        {"completed": "2022-12-01"},
    ),
    (
        "bukalapak",
        FROM_2022,
        "institution_report_overdue",
        "2022-12-02",
        {"completed": "2022-12-01", "institution_reported": N},
    ),
    (
        "bukalapak",
        FROM_2022,
        "institution_report_missing",
        "2022-12-09",
        {"completed": Y, "institution_reported": N},
    ),
    (
        "bukalapak",
        FROM_2022,
        "institution_report_unknown",
        "2022-12-02",
        {"completed": "2022-12-01"},
    ),
    (
        "bukalapak",
        FROM_2022,
        "platform_report_waiting",
        "2022-12-01",
        {"institution_reported": "2022-12-01 10:00"},
    ),
    (
        "bukalapak",
        FROM_2022,
        "platform_report_overdue",
        "2022-12-02",
        {"institution_reported": "2022-12-01 10:00", "platform_reported": N},
    ),
    (
        "bukalapak",
        FROM_2022,
        "platform_report_missing",
        "2022-12-09",
        {"institution_reported": Y, "platform_reported": N},
    ),
    (
        "bukalapak",
        FROM_2022,
        "platform_report_unknown",
        "2022-12-02",
        {"institution_reported": "2022-12-01 10:00"},
    ),
    (
        "bukalapak",
        FROM_2022,
        "certificate_waiting",
        "2022-12-02",
        {"platform_reported": "2022-12-01"},
    ),
    (
        "bukalapak",
        FROM_2022,
        "certificate_overdue",
        "2022-12-05",
        {"platform_reported": "2022-12-01"},
    ),
    ("bukalapak", FROM_2022, "certificate_missing", "2022-12-09", {"platform_reported": Y}),
    # -- Kemnaker, to 2021-03-17 (asked while the rating is given in Sisnaker) ------------------
    ("kemnaker", KEMNAKER_SISNAKER, "account_name_missing", "2021-03-10", {"name_matches": N}),
    ("kemnaker", KEMNAKER_SISNAKER, "completion_missing", "2021-03-10", {"completed": N}),
    ("kemnaker", KEMNAKER_SISNAKER, "completion_unknown", "2021-03-10", {}),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "institution_report_missing",
        "2021-03-10",
        {"completed": "2021-03-01", "institution_reported": N},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "institution_report_unknown",
        "2021-03-10",
        {"completed": "2021-03-01"},
    ),
    # graded, not rated: the rating menu is usually missing, so the LPK
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "rating_missing",
        "2021-03-10",
        {"institution_reported": "2021-03-02", "rated": N},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "rating_unknown",
        "2021-03-10",
        {"institution_reported": "2021-03-02"},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "platform_report_waiting",
        "2021-03-03",
        {"institution_reported": "2021-03-02", "rated": "2021-03-02"},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "platform_report_overdue",
        "2021-03-04",
        {"institution_reported": "2021-03-02", "rated": "2021-03-02", "platform_reported": N},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "platform_report_missing",
        "2021-03-04",
        {"institution_reported": Y, "rated": Y, "platform_reported": N},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "platform_report_unknown",
        "2021-03-04",
        {"institution_reported": "2021-03-02", "rated": "2021-03-02"},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "certificate_waiting",
        "2021-03-05",
        {"platform_reported": "2021-03-03"},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "certificate_overdue",
        "2021-03-16",
        {"platform_reported": "2021-03-03"},
    ),
    (
        "kemnaker",
        KEMNAKER_SISNAKER,
        "certificate_missing",
        "2021-03-10",
        {"platform_reported": Y},
    ),
    # -- Kemnaker, 2021-03-18 to 2022-11-24 (the rating on the Prakerja dashboard) -------------
    ("kemnaker", KEMNAKER_DASHBOARD, "account_name_missing", "2021-04-10", {"name_matches": N}),
    ("kemnaker", KEMNAKER_DASHBOARD, "completion_missing", "2021-04-10", {"completed": N}),
    ("kemnaker", KEMNAKER_DASHBOARD, "completion_unknown", "2021-04-10", {}),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "institution_report_missing",
        "2021-04-10",
        {"completed": "2021-04-01", "institution_reported": N},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "institution_report_unknown",
        "2021-04-10",
        {"completed": "2021-04-01"},
    ),
    # graded, not rated: the participant's own step on the dashboard, nobody to contact
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "rating_missing",
        "2021-04-10",
        {"institution_reported": "2021-04-02", "rated": N},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "rating_unknown",
        "2021-04-10",
        {"institution_reported": "2021-04-02"},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "platform_report_waiting",
        "2021-04-03",
        {"institution_reported": "2021-04-02", "rated": Y},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "platform_report_overdue",
        "2021-04-04",
        {"institution_reported": "2021-04-02", "rated": Y, "platform_reported": N},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "platform_report_missing",
        "2021-04-04",
        {"institution_reported": Y, "rated": Y, "platform_reported": N},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "platform_report_unknown",
        "2021-04-04",
        {"institution_reported": "2021-04-02", "rated": Y},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "certificate_waiting",
        "2021-04-10",
        {"platform_reported": "2021-04-03"},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "certificate_overdue",
        "2021-04-14",
        {"platform_reported": "2021-04-03"},
    ),
    (
        "kemnaker",
        KEMNAKER_DASHBOARD,
        "certificate_missing",
        "2021-04-10",
        {"platform_reported": Y},
    ),
    # -- Kemnaker, from 2022-11-25 -----------------------------------------------------------------
    ("kemnaker", FROM_2022, "account_name_missing", "2022-12-09", {"name_matches": N}),
    ("kemnaker", FROM_2022, "completion_missing", "2022-12-09", {"completed": N}),
    ("kemnaker", FROM_2022, "completion_unknown", "2022-12-09", {}),
    (
        "kemnaker",
        FROM_2022,
        "institution_report_missing",
        "2022-12-09",
        {"completed": "2022-12-01", "institution_reported": N},
    ),
    (
        "kemnaker",
        FROM_2022,
        "institution_report_unknown",
        "2022-12-09",
        {"completed": "2022-12-01"},
    ),
    (
        "kemnaker",
        FROM_2022,
        "platform_report_waiting",
        "2022-12-02",
        {"institution_reported": "2022-12-01"},
    ),
    (
        "kemnaker",
        FROM_2022,
        "platform_report_overdue",
        "2022-12-03",
        {"institution_reported": "2022-12-01", "platform_reported": N},
    ),
    (
        "kemnaker",
        FROM_2022,
        "platform_report_missing",
        "2022-12-09",
        {"institution_reported": Y, "platform_reported": N},
    ),
    (
        "kemnaker",
        FROM_2022,
        "platform_report_unknown",
        "2022-12-03",
        {"institution_reported": "2022-12-01"},
    ),
    (
        "kemnaker",
        FROM_2022,
        "certificate_waiting",
        "2022-12-05",
        {"platform_reported": "2022-12-02"},
    ),
    (
        "kemnaker",
        FROM_2022,
        "certificate_overdue",
        "2022-12-06",
        {"platform_reported": "2022-12-02"},
    ),
    ("kemnaker", FROM_2022, "certificate_missing", "2022-12-09", {"platform_reported": Y}),
    # -- Pijar Mahir, to 2022-11-24 ----------------------------------------------------------------
    ("pijar-mahir", TO_2022, "completion_missing", "2021-03-10", {"completed": N}),
    ("pijar-mahir", TO_2022, "completion_unknown", "2021-03-10", {}),
    (
        "pijar-mahir",
        TO_2022,
        "rating_missing",
        "2021-03-10",
        {"completed": "2021-03-01", "rated": N},
    ),
    ("pijar-mahir", TO_2022, "rating_unknown", "2021-03-10", {"completed": "2021-03-01"}),
    (
        "pijar-mahir",
        TO_2022,
        "certificate_waiting",
        "2021-03-05",
        {"completed": "2021-03-01", "rated": "2021-03-01"},
    ),
    (
        "pijar-mahir",
        TO_2022,
        "certificate_overdue",
        "2021-03-11",
        {"completed": "2021-03-01", "rated": "2021-03-01"},
    ),
    ("pijar-mahir", TO_2022, "certificate_missing", "2021-03-10", {"completed": Y, "rated": Y}),
    # -- Pijar Mahir, from 2022-11-25 --------------------------------------------------------------
    ("pijar-mahir", FROM_2022, "completion_missing", "2022-12-09", {"completed": N}),
    ("pijar-mahir", FROM_2022, "completion_unknown", "2022-12-09", {}),
    (
        "pijar-mahir",
        FROM_2022,
        "certificate_waiting",
        "2022-12-02",
        {"completed": "2022-12-01"},
    ),
    (
        "pijar-mahir",
        FROM_2022,
        "certificate_overdue",
        "2022-12-07",
        {"completed": "2022-12-01"},
    ),
    ("pijar-mahir", FROM_2022, "certificate_missing", "2022-12-09", {"completed": Y}),
]

# -- what a user types, as the oracle (tests/domain_oracle.py) takes it ---------------------------
ORACLE_STAGE = {
    "name_matches": "account_name",
    "completed": "completion",
    "rated": "rating",
    "institution_reported": "institution_report",
    "platform_reported": "platform_report",
}


def typed(value: str):
    """An ISO date or "YYYY-MM-DD HH:MM[:SS]" as a date or datetime; yes and no as they are."""
    if value in (Y, N):
        return value
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value)


def oracle_case(inputs: dict[str, str], as_of: str) -> tuple[dict, date | datetime]:
    """The inputs and as-of of a case as typed, in the oracle's terms."""
    return {ORACLE_STAGE[name]: typed(value) for name, value in inputs.items()}, typed(as_of)
