"""Tests of the DOMAIN.md oracle (tests/domain_oracle.py) against facts derived by hand from
DOMAIN.md sections 3 to 5, and properties of its output over generated cases."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from domain_oracle import add_working_days, batch_day, oracle
from domain_strategies import case_is_valid, cases
from hypothesis import HealthCheck, given, settings


def _value(text):
    if text is None or text in ("yes", "no"):
        return text
    if " " in text or "T" in text:
        return datetime.fromisoformat(text)
    return date.fromisoformat(text)


def run(platform: str, as_of: str, **inputs: str) -> dict:
    """The oracle on a case written with ISO strings ("2021-03-05", "2021-03-05 14:00")."""
    return oracle(platform, {k: _value(v) for k, v in inputs.items()}, _value(as_of))


D = date.fromisoformat


# --- section 3 -------------------------------------------------------------------------------


def test_add_working_days_never_counts_the_start_day():
    assert add_working_days(D("2021-03-06"), 1) == D("2021-03-08")  # Saturday + 1 = Monday
    assert add_working_days(D("2021-03-07"), 1) == D("2021-03-08")  # Sunday + 1 = Monday
    assert add_working_days(D("2021-03-11"), 1) == D("2021-03-12")  # from Isra Mi'raj
    assert add_working_days(D("2021-03-10"), 1) == D("2021-03-12")  # over Isra Mi'raj
    assert add_working_days(D("2021-03-08"), 7) == D("2021-03-18")
    # cuti bersama counts as non-working: 2023-04-19..21 and 24..25, Lebaran 22..23
    assert add_working_days(D("2023-04-18"), 1) == D("2023-04-26")


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        ("2021-06-02 13:59", "2021-06-02"),
        ("2021-06-02 14:00:00", "2021-06-02"),
        ("2021-06-02 14:00:01", "2021-06-03"),
        ("2021-06-02", "2021-06-03"),  # a date without a time is 23:59
    ],
)
def test_batch_at_14(moment, day):
    value = _value(moment)
    at = value.time() if isinstance(value, datetime) else None
    day_of = value.date() if isinstance(value, datetime) else value
    assert batch_day(day_of, at) == D(day)
    result = run(
        "bukalapak",
        "2021-06-02",
        completion="2021-06-02",
        rating="2021-06-02",
        institution_report=moment,
    )
    assert result["stages"]["platform_report"]["due"] == D(day)
    assert result["stages"]["platform_report"]["state"] == "waiting"
    assert result["stages"]["platform_report"]["due_basis"] == "published"


def test_bukalapak_institution_report_due_the_completion_day():
    waiting = run("bukalapak", "2021-06-02", completion="2021-06-02", institution_report="no")
    assert waiting["stages"]["institution_report"] == {
        "state": "waiting",
        "due": D("2021-06-02"),
        "due_basis": "published",
        "implied": False,
    }
    late = run(
        "bukalapak",
        "2021-06-03",
        completion="2021-06-02",
        rating="2021-06-02",
        institution_report="no",
    )
    assert late["verdict"] == "institution_report_overdue"
    assert late["contact"] == "institution"


def test_input_errors():
    with pytest.raises(ValueError):
        run("tokopedia", "2021-03-01", completion="2021-03-02")
    with pytest.raises(ValueError):
        run("tokopedia", "2021-03-01 09:59", completion="2021-03-01 10:00")
    with pytest.raises(ValueError):
        run("bukalapak", "2021-06-02 14:00:00", institution_report="2021-06-02 14:00:01")
    with pytest.raises(ValueError):  # an unused input is still checked
        run("tokopedia", "2021-03-01", completion="2021-03-01", rating="2021-03-02")
    with pytest.raises(ValueError):
        oracle("kemnaker", {"account_name": D("2021-03-01")}, D("2021-03-02"))
    # a date-only event on the as-of day is never in the future
    run("tokopedia", "2021-03-01 00:00", completion="2021-03-01")
    run("tokopedia", "2021-03-01 10:00", completion="2021-03-01 10:00")
    run("tokopedia", "2021-03-01", completion="2021-03-01 23:59:59")


# --- the section 5 worked example -------------------------------------------------------------


def test_worked_example_waiting():
    result = run(
        "tokopedia",
        "2021-03-12",
        completion="2021-03-01",
        institution_report="2021-03-05",
        platform_report="2021-03-08",
    )
    assert result["stages"]["platform_report"]["due"] == D("2021-03-08")
    assert result["verdict"] == "certificate_waiting"
    assert (result["stage"], result["state"]) == ("certificate", "waiting")
    assert result["due"] == D("2021-03-18")
    assert result["due_basis"] == "published"
    assert result["contact"] is None
    assert result["certificate_by"] is None
    assert result["warnings"] == set()
    assert result["variant"] == {
        "from": None,
        "until": D("2022-11-24"),
        "confirmed_until": D("2022-11-24"),
        "case_day": D("2021-03-01"),
    }


def test_worked_example_overdue():
    result = run(
        "tokopedia",
        "2021-03-19",
        completion="2021-03-01",
        institution_report="2021-03-05",
        platform_report="2021-03-08",
    )
    assert result["verdict"] == "certificate_overdue"
    assert result["due"] == D("2021-03-18")
    assert result["contact"] == "prakerja"
    # the last day is still waiting
    assert run("tokopedia", "2021-03-18", platform_report="2021-03-08")["state"] == "waiting"


def test_worked_example_in_december_2022():
    inputs = {
        "completion": "2022-12-01",
        "institution_report": "2022-12-02",
        "platform_report": "2022-12-05",
    }
    waiting = run("tokopedia", "2022-12-06", **inputs)
    assert waiting["verdict"] == "certificate_waiting"
    assert waiting["due"] == D("2022-12-06")  # one working day after Monday 5 December
    assert waiting["due_basis"] == "published"
    assert waiting["warnings"] == set()
    assert waiting["variant"] == {
        "from": D("2022-11-25"),
        "until": None,
        "confirmed_until": D("2022-12-31"),
        "case_day": D("2022-12-01"),
    }
    overdue = run("tokopedia", "2022-12-07", **inputs)
    assert (overdue["verdict"], overdue["contact"]) == ("certificate_overdue", "prakerja")


# --- the variant boundaries ---------------------------------------------------------------------


def test_kemnaker_until_2021_03_17_waits_for_the_later_of_grading_and_rating():
    result = run(
        "kemnaker",
        "2021-03-19",
        account_name="yes",
        completion="2021-03-17",
        institution_report="2021-03-17",
        rating="2021-03-19",
    )
    assert result["variant"]["until"] == D("2021-03-17")
    assert result["variant"]["from"] is None
    assert result["verdict"] == "platform_report_waiting"
    assert result["due"] == D("2021-03-20")
    assert result["due_basis"] == "published"
    # without a dated rating the platform report has no due date
    no_rating = run(
        "kemnaker",
        "2021-03-19",
        completion="2021-03-17",
        institution_report="2021-03-17",
        rating="yes",
    )
    assert no_rating["stages"]["platform_report"]["due"] is None
    assert no_rating["verdict"] == "platform_report_unknown"


def test_kemnaker_from_2021_03_18_waits_for_grading_only():
    inputs = {
        "account_name": "yes",
        "completion": "2021-03-18",
        "institution_report": "2021-03-18",
        "rating": "2021-03-19",
    }
    result = run("kemnaker", "2021-03-19", **inputs)
    assert result["variant"]["from"] == D("2021-03-18")
    assert result["variant"]["until"] == D("2022-11-24")
    assert result["variant"]["confirmed_until"] == D("2022-11-24")
    assert result["verdict"] == "platform_report_waiting"
    assert result["due"] == D("2021-03-19")
    later = run("kemnaker", "2021-03-20", **inputs)
    assert (later["verdict"], later["contact"]) == ("platform_report_unknown", "platform")
    # rating "yes" does not stop the due date any more
    assert run("kemnaker", "2021-03-19", completion="2021-03-18", institution_report="2021-03-18")[
        "stages"
    ]["platform_report"]["due"] == D("2021-03-19")


def test_kemnaker_certificate_rules_per_variant():
    old = run(
        "kemnaker",
        "2021-03-12",
        account_name="yes",
        completion="2021-03-10",
        institution_report="2021-03-10",
        rating="2021-03-11",
        platform_report="2021-03-12",
    )
    assert (old["verdict"], old["due"], old["due_basis"]) == (
        "certificate_waiting",
        D("2021-03-23"),
        "customary",
    )
    last_old = run(
        "kemnaker",
        "2022-11-25",
        account_name="yes",
        completion="2022-11-24",
        institution_report="2022-11-24",
        rating="2022-11-24",
        platform_report="2022-11-25",
    )
    assert last_old["due"] == D("2022-12-06")
    assert last_old["due_basis"] == "customary"
    assert last_old["warnings"] == set()
    new = run(
        "kemnaker",
        "2022-11-26",
        account_name="yes",
        completion="2022-11-25",
        institution_report="2022-11-25",
        rating="2022-11-25",
        platform_report="2022-11-26",
    )
    assert "rating" not in new["stages"]
    assert (new["verdict"], new["due"], new["due_basis"]) == (
        "certificate_waiting",
        D("2022-11-28"),
        "published",
    )
    assert new["warnings"] == {"unused_input"}


def test_tokopedia_boundary_2022_11_24_25():
    old = run(
        "tokopedia",
        "2022-11-25",
        completion="2022-11-24",
        institution_report="2022-11-24",
        platform_report="2022-11-25",
    )
    assert old["due"] == D("2022-12-06")
    new = run(
        "tokopedia",
        "2022-11-25",
        completion="2022-11-25",
        institution_report="2022-11-25",
        platform_report="2022-11-25",
    )
    assert new["due"] == D("2022-11-28")


def test_bukalapak_and_pijar_mahir_drop_rating_from_2022_11_25():
    old = run("bukalapak", "2022-11-24", completion="2022-11-24", rating="2022-11-24")
    assert old["stages"]["certificate"]["due"] == D("2022-12-05")
    assert "rating" in old["stages"]
    new = run("bukalapak", "2022-11-25", completion="2022-11-25", rating="2022-11-25")
    assert "rating" not in new["stages"]
    assert new["stages"]["certificate"]["due"] is None
    assert "unused_input" in new["warnings"]
    pijar_old = run("pijar-mahir", "2022-11-24", completion="2022-11-24", rating="2022-11-24")
    assert (pijar_old["due"], pijar_old["due_basis"]) == (D("2022-12-05"), "customary")
    pijar_new = run("pijar-mahir", "2022-11-25", completion="2022-11-25")
    assert list(pijar_new["stages"]) == ["completion", "certificate"]
    assert (pijar_new["due"], pijar_new["due_basis"]) == (D("2022-11-30"), "customary")


def test_rules_unconfirmed_after_2022():
    result = run("pijar-mahir", "2025-02-05", completion="2025-02-03")
    assert result["warnings"] == {"rules_unconfirmed"}
    assert result["variant"]["confirmed_until"] == D("2022-12-31")
    assert (result["verdict"], result["due"], result["contact"]) == (
        "certificate_waiting",
        D("2025-02-06"),
        None,
    )
    late = run("pijar-mahir", "2025-02-07", completion="2025-02-03")
    assert (late["verdict"], late["contact"]) == ("certificate_overdue", "platform")
    assert (
        "rules_unconfirmed"
        not in run("tokopedia", "2023-01-02", completion="2022-12-31")["warnings"]
    )
    assert (
        "rules_unconfirmed" in run("tokopedia", "2023-01-02", completion="2023-01-01")["warnings"]
    )


def test_case_day_rules():
    # completion when dated, even when another event is earlier
    assert run("tokopedia", "2021-03-20", completion="2021-03-18", institution_report="2021-03-17")[
        "variant"
    ]["case_day"] == D("2021-03-18")
    # else the earliest dated event, also one the chain does not use
    unused = run("tokopedia", "2023-01-05", rating="2021-03-01")
    assert unused["variant"]["case_day"] == D("2021-03-01")
    assert unused["variant"]["until"] == D("2022-11-24")
    assert unused["warnings"] == {"unused_input"}
    assert (unused["verdict"], unused["contact"]) == ("completion_unknown", None)
    # else the as-of day
    bare = run("tokopedia", "2023-01-05", completion="yes")
    assert bare["variant"]["case_day"] == D("2023-01-05")
    assert "rules_unconfirmed" in bare["warnings"]


def test_unused_input_for_any_value():
    assert "unused_input" in run("tokopedia", "2021-03-05", rating="no")["warnings"]
    assert "unused_input" in run("bukalapak", "2021-03-05", account_name="yes")["warnings"]
    assert "unused_input" in run("pijar-mahir", "2023-03-05", rating="yes")["warnings"]
    assert "unused_input" not in run("pijar-mahir", "2021-03-05", rating="yes")["warnings"]


# --- states, warnings, verdict ------------------------------------------------------------------


def test_contradiction():
    result = run(
        "tokopedia",
        "2021-03-05",
        completion="2021-03-01",
        institution_report="no",
        platform_report="2021-03-03",
    )
    assert result["stages"]["institution_report"]["state"] == "done"
    assert result["stages"]["institution_report"]["implied"] is True
    assert result["warnings"] == {"contradiction"}
    yes_later = run("tokopedia", "2021-03-05", completion="no", platform_report="yes")
    assert yes_later["stages"]["completion"] == {
        "state": "done",
        "due": None,
        "due_basis": None,
        "implied": True,
    }
    assert yes_later["stages"]["institution_report"]["implied"] is True
    assert "contradiction" in yes_later["warnings"]
    assert yes_later["verdict"] == "certificate_missing"


def test_account_name_is_never_implied_nor_contradicted():
    result = run(
        "kemnaker",
        "2021-04-07",
        account_name="no",
        completion="2021-04-05",
        institution_report="2021-04-05",
        rating="2021-04-05",
        platform_report="2021-04-06",
    )
    assert result["stages"]["account_name"]["state"] == "missing"
    assert result["warnings"] == set()
    # the certificate has a due date, and account_name is the first missing stage
    assert (result["verdict"], result["contact"]) == ("account_name_missing", None)
    unknown = run("kemnaker", "2021-04-07", platform_report="2021-04-06")
    assert unknown["stages"]["account_name"]["state"] == "unknown"
    assert unknown["stages"]["account_name"]["implied"] is False
    assert unknown["stages"]["rating"]["state"] == "done"


def test_reminder_stage_passed_over_while_unknown():
    inputs = {"completion": "2021-04-05", "institution_report": "2021-04-05", "rating": "yes"}
    result = run("kemnaker", "2021-04-06", **inputs)
    assert result["stages"]["account_name"]["state"] == "unknown"
    assert (result["verdict"], result["due"], result["contact"]) == (
        "platform_report_waiting",
        D("2021-04-06"),
        None,
    )
    missing = run("kemnaker", "2021-04-06", account_name="no", **inputs)
    assert (missing["verdict"], missing["contact"]) == ("account_name_missing", None)


def test_out_of_order():
    assert (
        "out_of_order"
        in run(
            "tokopedia", "2021-03-06", institution_report="2021-03-05", platform_report="2021-03-04"
        )["warnings"]
    )
    assert (
        "out_of_order"
        in run(
            "tokopedia",
            "2021-03-06",
            institution_report="2021-03-05 15:00",
            platform_report="2021-03-05 10:00",
        )["warnings"]
    )
    # on the same day, times are compared only when both events have one
    assert (
        "out_of_order"
        not in run(
            "tokopedia",
            "2021-03-06",
            institution_report="2021-03-05",
            platform_report="2021-03-05 10:00",
        )["warnings"]
    )
    assert (
        "out_of_order"
        not in run(
            "tokopedia",
            "2021-03-06",
            institution_report="2021-03-05 10:00",
            platform_report="2021-03-05 10:00",
        )["warnings"]
    )
    # Kemnaker grades before the rating
    assert (
        "out_of_order"
        in run("kemnaker", "2021-03-06", institution_report="2021-03-05", rating="2021-03-04")[
            "warnings"
        ]
    )


def test_unknown_past_due_is_unknown_not_overdue():
    result = run("tokopedia", "2021-03-03", completion="2021-03-01")
    assert result["stages"]["institution_report"]["due"] == D("2021-03-02")
    assert result["stages"]["institution_report"]["due_basis"] == "customary"
    assert (result["verdict"], result["contact"]) == ("institution_report_unknown", "platform")


# --- certificate_by ----------------------------------------------------------------------------


def test_certificate_by_tokopedia_with_only_completion():
    # IR due Tue 2 March, PR due Wed 3 March, then 7 working days skipping Isra Mi'raj on 11 March
    result = run("tokopedia", "2021-03-02", completion="2021-03-01")
    assert (result["verdict"], result["due"], result["contact"]) == (
        "institution_report_waiting",
        D("2021-03-02"),
        None,
    )
    assert result["certificate_by"] == D("2021-03-15")
    assert run("tokopedia", "2021-03-01", completion="2021-03-01")["certificate_by"] == D(
        "2021-03-15"
    )
    # the institution's report is past due: no projection
    assert run("tokopedia", "2021-03-03", completion="2021-03-01")["certificate_by"] is None


def test_certificate_by_other_cases():
    assert run("tokopedia", "2021-03-08", institution_report="2021-03-05")["certificate_by"] == D(
        "2021-03-18"
    )
    # a done stage without a date gives nothing to count from
    assert run("tokopedia", "2021-03-08", institution_report="yes")["certificate_by"] is None
    # Bukalapak from 2022-11-25: IR after 14:00 -> next day's batch, then one working day
    assert run(
        "bukalapak", "2022-12-01", completion="2022-12-01", institution_report="2022-12-01 14:00:01"
    )["certificate_by"] == D("2022-12-05")
    # projected IR (date only, 23:59) -> next day's batch
    assert run("bukalapak", "2022-12-01", completion="2022-12-01")["certificate_by"] == D(
        "2022-12-05"
    )
    # Bukalapak until 2022-11-24 anchors on the rating, which has no due rule
    assert run("bukalapak", "2021-06-02", completion="2021-06-02")["certificate_by"] is None
    # Kemnaker from 2021-03-18: PR = IR + 1, then 7 working days
    assert run("kemnaker", "2021-04-05", completion="2021-04-05", institution_report="2021-04-05")[
        "certificate_by"
    ] == D("2021-04-15")


# --- the contact table ---------------------------------------------------------------------------

CONTACT_ROWS = [
    # tokopedia
    ("tokopedia", "2021-03-10", {"completion": "yes", "institution_report": "no"},
     "institution_report_missing", "institution"),
    ("tokopedia", "2021-03-03", {"completion": "2021-03-01"},
     "institution_report_unknown", "platform"),
    ("tokopedia", "2021-03-03", {"completion": "2021-03-01", "institution_report": "no"},
     "institution_report_overdue", "platform"),
    ("tokopedia", "2021-03-10", {"institution_report": "yes", "platform_report": "no"},
     "platform_report_missing", "platform"),
    ("tokopedia", "2021-03-09", {"institution_report": "2021-03-05"},
     "platform_report_unknown", "platform"),
    ("tokopedia", "2021-03-09", {"institution_report": "2021-03-05", "platform_report": "no"},
     "platform_report_overdue", "platform"),
    ("tokopedia", "2021-03-10", {"platform_report": "yes"}, "certificate_missing", "platform"),
    ("tokopedia", "2021-03-19", {"platform_report": "2021-03-08"},
     "certificate_overdue", "prakerja"),
    # bukalapak
    ("bukalapak", "2021-06-10", {"completion": "yes", "rating": "yes", "institution_report": "no"},
     "institution_report_missing", "institution"),
    ("bukalapak", "2021-06-03", {"completion": "2021-06-02", "rating": "yes"},
     "institution_report_unknown", "institution"),
    ("bukalapak", "2021-06-03",
     {"completion": "2021-06-02", "rating": "2021-06-02", "institution_report": "no"},
     "institution_report_overdue", "institution"),
    ("bukalapak", "2021-06-10", {"institution_report": "yes", "platform_report": "no"},
     "platform_report_missing", "platform"),
    ("bukalapak", "2021-06-03", {"rating": "yes", "institution_report": "2021-06-02 10:00"},
     "platform_report_unknown", "platform"),
    ("bukalapak", "2021-06-03",
     {"completion": "2021-06-02", "rating": "2021-06-02", "institution_report": "2021-06-02 10:00",
      "platform_report": "no"},
     "platform_report_overdue", "platform"),
    ("bukalapak", "2021-06-10", {"platform_report": "yes"}, "certificate_missing", "platform"),
    ("bukalapak", "2021-06-11",
     {"completion": "2021-06-01", "rating": "2021-06-01", "institution_report": "2021-06-01 10:00",
      "platform_report": "2021-06-01"},
     "certificate_overdue", "platform"),
    # kemnaker
    ("kemnaker", "2021-04-10", {"account_name": "yes", "completion": "yes", "institution_report": "no"},
     "institution_report_missing", "institution"),
    ("kemnaker", "2021-04-10", {"completion": "2021-04-05"},
     "institution_report_unknown", "institution"),
    ("kemnaker", "2021-03-17",
     {"completion": "2021-03-10", "institution_report": "2021-03-10", "rating": "no"},
     "rating_missing", "institution"),
    ("kemnaker", "2021-03-18",
     {"completion": "2021-03-10", "institution_report": "2021-03-10", "rating": "no"},
     "rating_missing", None),
    ("kemnaker", "2021-04-10", {"rating": "yes", "platform_report": "no"},
     "platform_report_missing", "platform"),
    ("kemnaker", "2021-04-07", {"institution_report": "2021-04-05", "rating": "yes"},
     "platform_report_unknown", "platform"),
    ("kemnaker", "2021-04-07",
     {"institution_report": "2021-04-05", "rating": "yes", "platform_report": "no"},
     "platform_report_overdue", "platform"),
    ("kemnaker", "2021-04-10", {"platform_report": "yes"}, "certificate_missing", "platform"),
    ("kemnaker", "2021-04-20", {"platform_report": "2021-04-06"},
     "certificate_overdue", "platform"),
    # pijar-mahir
    ("pijar-mahir", "2021-04-10", {"completion": "yes", "rating": "yes"},
     "certificate_missing", "platform"),
    ("pijar-mahir", "2021-04-20", {"completion": "2021-04-05", "rating": "2021-04-05"},
     "certificate_overdue", "platform"),
    # the participant's own stages and waiting: no contact
    ("tokopedia", "2021-03-10", {"completion": "no"}, "completion_missing", None),
    ("pijar-mahir", "2021-04-10", {"completion": "2021-04-05"}, "rating_unknown", None),
    ("bukalapak", "2021-06-02", {"completion": "2021-06-02", "institution_report": "no"},
     "rating_unknown", None),
    ("pijar-mahir", "2021-04-10", {"completion": "2021-04-05", "rating": "2021-04-05"},
     "certificate_waiting", None),
]  # fmt: skip


@pytest.mark.parametrize(("platform", "as_of", "inputs", "verdict", "contact"), CONTACT_ROWS)
def test_contact_table(platform, as_of, inputs, verdict, contact):
    result = run(platform, as_of, **inputs)
    assert (result["verdict"], result["contact"]) == (verdict, contact)


# --- properties over generated cases --------------------------------------------------------------

STATES = {"done", "waiting", "overdue", "missing", "unknown"}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_oracle_is_consistent(case):
    platform, inputs, as_of = case
    if not case_is_valid(inputs, as_of):
        with pytest.raises(ValueError):
            oracle(platform, inputs, as_of)
        return
    result = oracle(platform, inputs, as_of)
    as_of_day = as_of.date() if isinstance(as_of, datetime) else as_of
    stage, state = result["stage"], result["state"]
    assert result["verdict"] == f"{stage}_{state}"
    assert result["stages"][stage]["state"] == state
    assert result["due"] == result["stages"][stage]["due"]
    assert state != "done"
    if state == "waiting":
        assert result["contact"] is None
        assert result["due"] is not None and as_of_day <= result["due"]
    if state == "overdue":
        assert as_of_day > result["due"]
    assert result["warnings"] <= {
        "contradiction",
        "out_of_order",
        "rules_unconfirmed",
        "unused_input",
    }
    assert list(result["stages"])[-1] == "certificate"
    assert result["stages"]["certificate"]["state"] in {"waiting", "overdue", "missing"}
    for info in result["stages"].values():
        assert info["state"] in STATES
        assert (info["due"] is None) == (info["due_basis"] is None)
        assert not info["implied"] or info["state"] == "done"
    if result["stages"]["certificate"]["due"] is not None:
        assert result["certificate_by"] is None
    if result["certificate_by"] is not None:
        assert result["certificate_by"] > as_of_day
    variant = result["variant"]
    assert ("rules_unconfirmed" in result["warnings"]) == (
        variant["case_day"] > variant["confirmed_until"]
    )
    assert variant["from"] is None or variant["from"] <= variant["case_day"]
    assert variant["until"] is None or variant["case_day"] <= variant["until"]
    assert ("unused_input" in result["warnings"]) == any(
        s not in result["stages"] for s, v in inputs.items() if v is not None
    )


@settings(max_examples=200, deadline=None)
@given(cases(allow_invalid=False))
def test_yes_starts_no_clock(case):
    """Replacing a date by `yes` never gives a due date to a stage that had none."""
    platform, inputs, as_of = case
    before = oracle(platform, inputs, as_of)
    dated = [s for s, v in inputs.items() if isinstance(v, date) and s != "completion"]
    if not dated:
        return
    changed = dict(inputs, **{dated[0]: "yes"})
    after = oracle(platform, changed, as_of)
    if after["variant"]["case_day"] != before["variant"]["case_day"]:
        return
    for stage, info in after["stages"].items():
        if before["stages"][stage]["due"] is None:
            assert info["due"] is None
