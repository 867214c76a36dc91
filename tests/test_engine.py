"""The decision engine against DOMAIN.md sections 3 to 5: states, verdicts, contacts, due dates.

Due dates are counted by hand in comments and checked with numpy.busday_offset over the
`holidays` package (the `workday_oracle` fixture), never taken from the code's own output."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from domain_cases import (
    CHAINS,
    CONTACTS,
    EXPECTED_STATES,
    NO_PUBLISHED_CHANNEL,
    PERIODS,
    STATE_CASES,
    VARIANTS,
    VERDICT_CASES,
    N,
    contact_for,
    oracle_case,
    possible_verdicts,
    variant_on,
)
from domain_oracle import oracle
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sertifikat_cek.calendar.dates import Moment
from sertifikat_cek.decide.case_input import build_case
from sertifikat_cek.decide.explain import decide, due_basis
from sertifikat_cek.errors import InputError


def outcome(diagnosis, stage_id: str):
    return next(o for o in diagnosis.stages if o.stage.id == stage_id)


# -- DOMAIN.md section 5: the worked example -----------------------------------------------------
def test_worked_example_tokopedia_waiting_then_overdue(decide_case, workday_oracle) -> None:
    # LP reported Friday 2021-03-05; Tokopedia's report was due Monday 2021-03-08 and came then.
    # Certificate: 7th working day after 8 March: 9, 10, (11 Isra Mi'raj), 12, 15, 16, 17, 18.
    given = {"institution_reported": "2021-03-05", "platform_reported": "2021-03-08"}
    assert workday_oracle(date(2021, 3, 8), 7) == date(2021, 3, 18)
    waiting = decide_case("tokopedia", "2021-03-12", **given)
    assert (waiting.verdict, waiting.due, waiting.contact) == (
        "certificate_waiting",
        date(2021, 3, 18),
        None,
    )
    assert outcome(waiting, "platform_report").due == date(2021, 3, 8)
    overdue = decide_case("tokopedia", "2021-03-19", **given)
    assert (overdue.verdict, overdue.due) == ("certificate_overdue", date(2021, 3, 18))
    assert overdue.contact.id == "prakerja"


def test_a_stage_is_overdue_only_the_day_after_its_due_date(decide_case) -> None:
    given = {"institution_reported": "2021-03-05", "platform_reported": "2021-03-08"}
    assert decide_case("tokopedia", "2021-03-18 23:59", **given).verdict == "certificate_waiting"
    assert decide_case("tokopedia", "2021-03-19 00:00", **given).verdict == "certificate_overdue"


# -- due dates that holidays move ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("platform", "inputs", "stage", "due"),
    [
        # Idul Fitri 2021: 12 May cuti bersama, 13 and 14 May holidays, 15-16 weekend.
        # Tokopedia H+1 (hari kerja) from Tuesday 11 May: Monday 17 May.
        ("tokopedia", {"institution_reported": "2021-05-11"}, "platform_report", date(2021, 5, 17)),
        # 7 working days from 11 May: 17, 18, 19, 20, 21, 24, 25 -> 25 May.
        ("tokopedia", {"platform_reported": "2021-05-11"}, "certificate", date(2021, 5, 25)),
        # Bukalapak from Monday 10 May: 11, 17, 18, 19, 20, 21, 24 -> 24 May.
        (
            "bukalapak",
            {"completed": "2021-05-10", "rated": "2021-05-10 20:00"},
            "certificate",
            date(2021, 5, 24),
        ),
        # Christmas and New Year 2020-2021: 24 Dec cuti bersama, 25 Dec, 31 Dec cuti bersama,
        # 1 Jan. Tokopedia H+1 from Wednesday 23 Dec: (24, 25, 26, 27) -> Monday 28 Dec.
        (
            "tokopedia",
            {"institution_reported": "2020-12-23"},
            "platform_report",
            date(2020, 12, 28),
        ),
        # From Wednesday 30 Dec: (31, 1 Jan, 2, 3) -> Monday 4 Jan 2021.
        ("tokopedia", {"institution_reported": "2020-12-30"}, "platform_report", date(2021, 1, 4)),
        # 7 working days from Tuesday 22 Dec: 23, 28, 29, 30, 4, 5, 6 -> 6 Jan 2021.
        ("tokopedia", {"platform_reported": "2020-12-22"}, "certificate", date(2021, 1, 6)),
        # Bukalapak from Thursday 24 Dec (itself a day off, never counted): 28, 29, 30, 4, 5,
        # 6, 7 -> 7 Jan 2021.
        (
            "bukalapak",
            {"completed": "2020-12-24", "rated": "2020-12-24"},
            "certificate",
            date(2021, 1, 7),
        ),
    ],
)
def test_holidays_and_cuti_bersama_move_due_dates(
    decide_case, workday_oracle, platform, inputs, stage, due
) -> None:
    anchor = date.fromisoformat(max(v[:10] for v in inputs.values()))
    d = decide_case(platform, anchor.isoformat(), **inputs)
    assert outcome(d, stage).due == due
    days = 1 if stage == "platform_report" else 7
    assert workday_oracle(anchor, days) == due


# -- Bukalapak ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("reported", "due"),
    [
        ("2021-03-05 13:59", date(2021, 3, 5)),
        ("2021-03-05 14:00", date(2021, 3, 5)),
        ("2021-03-05 14:01", date(2021, 3, 6)),
        ("2021-03-05", date(2021, 3, 6)),
    ],
)
def test_bukalapak_14_00_batch_on_both_sides_of_the_cut_off(decide_case, reported, due) -> None:
    d = decide_case(
        "bukalapak", "2021-03-05 23:00", completed="2021-03-05", institution_reported=reported
    )
    assert outcome(d, "platform_report").due == due
    assert outcome(d, "platform_report").state == "waiting"  # as-of 5 March <= due either way


def test_bukalapak_institution_report_is_due_on_the_completion_day(decide_case) -> None:
    d = decide_case("bukalapak", "2021-03-05", completed="2021-03-05 09:00", rated="yes")
    assert (d.verdict, d.due) == ("institution_report_waiting", date(2021, 3, 5))
    # A Saturday completion is due that Saturday: calendar days, not working days.
    d = decide_case("bukalapak", "2021-03-08", completed="2021-03-06", rated="yes")
    assert outcome(d, "institution_report").due == date(2021, 3, 6)


def test_bukalapak_certificate_counts_from_the_later_of_completion_and_rating(
    decide_case, workday_oracle
) -> None:
    # Completed Monday 1 March, rated Wednesday 10 March: 7 working days after 10 March:
    # 12, 15, 16, 17, 18, 19, 22 (11 March is Isra Mi'raj) -> 22 March.
    d = decide_case("bukalapak", "2021-03-12", completed="2021-03-01", rated="2021-03-10")
    assert d.due == date(2021, 3, 22) == workday_oracle(date(2021, 3, 10), 7)
    # Not rated (yet): the certificate has no due date, the rating is the participant's step.
    d = decide_case("bukalapak", "2021-03-12", completed="2021-03-01")
    assert (d.verdict, d.due, d.contact) == ("rating_unknown", None, None)
    assert outcome(d, "certificate").due is None


# -- Kemnaker -------------------------------------------------------------------------------------
def test_kemnaker_h_plus_1_is_a_calendar_day_even_from_a_holiday(decide_case) -> None:
    # Graded Friday 2021-04-02 (Wafat Yesus Kristus): report due Saturday 2021-04-03.
    d = decide_case("kemnaker", "2021-04-03", institution_reported="2021-04-02", rated="yes")
    assert (d.verdict, d.due, d.contact) == ("platform_report_waiting", date(2021, 4, 3), None)
    d = decide_case(
        "kemnaker",
        "2021-04-04",
        institution_reported="2021-04-02",
        rated="yes",
        platform_reported="no",
    )
    assert (d.verdict, d.due, d.contact.id) == (
        "platform_report_overdue",
        date(2021, 4, 3),
        "platform",
    )


def test_kemnaker_account_name_reminder_is_passed_over_while_unknown(decide_case) -> None:
    full = {
        "completed": "2021-04-01",
        "institution_reported": "2021-04-02",
        "rated": "2021-04-02",
        "platform_reported": "2021-04-03",
    }
    # The certificate usually comes 7 working days after Sisnaker's report: by 13 April.
    d = decide_case("kemnaker", "2021-04-20", **full)
    assert (d.verdict, d.contact.id) == ("certificate_overdue", "platform")
    # Later events do not imply that the name matches: it stays unknown and is reminded of.
    assert outcome(d, "account_name").state == "unknown"
    assert not outcome(d, "account_name").implied
    assert any("account name" in d.say(a, "en") for a in d.actions)
    assert any(c.quote == "Pastikan nama akun sesuai dengan akun Prakerja Anda" for c in d.cites)
    # A known mismatch is the verdict, before anything else, and the participant fixes it.
    d = decide_case("kemnaker", "2021-04-10", name_matches="no", **full)
    assert (d.verdict, d.due, d.contact) == ("account_name_missing", None, None)
    d = decide_case("kemnaker", "2021-04-10", name_matches="tidak")
    assert d.verdict == "account_name_missing"
    d = decide_case("kemnaker", "2021-04-10", name_matches="ya", **full)
    assert outcome(d, "account_name").state == "done"
    assert not any("account name" in d.say(a, "en") for a in d.actions)


def test_kemnaker_rating_advice_is_the_variant_of_the_as_of_date(decide_case) -> None:
    # The same case (graded, not rated), asked on the last day of rating in Sisnaker and the day
    # after: the case day keeps the chain, the as-of day changes the advice and the contact.
    graded = {"completed": "2021-03-01", "institution_reported": "2021-03-02", "rated": "no"}
    sisnaker = decide_case("kemnaker", "2021-03-17", **graded)
    dashboard = decide_case("kemnaker", "2021-03-18", **graded)
    assert sisnaker.verdict == dashboard.verdict == "rating_missing"
    assert sisnaker.assessment.chain == dashboard.assessment.chain
    assert sisnaker.actions != dashboard.actions
    # In Sisnaker a graded participant who has not rated usually cannot: the rating menu is
    # missing, so the LPK; on the dashboard it is the participant's own step.
    assert (sisnaker.contact.id, dashboard.contact) == ("institution", None)
    assert any("Sisnaker" in sisnaker.say(a, "id") for a in sisnaker.actions)
    assert any("dashboard Prakerja" in dashboard.say(a, "id") for a in dashboard.actions)


# -- chain variants and deadlines of DOMAIN.md 4.2 -----------------------------------------------
def test_sisnaker_waits_for_the_later_of_grading_and_rating_until_17_march_2021(decide_case):
    # Finished 9 March, graded 10 March, rated 12 March: H+1 after the rating, 13 March.
    early = decide_case(
        "kemnaker",
        "2021-03-12",
        completed="2021-03-09",
        institution_reported="2021-03-10",
        rated="2021-03-12",
    )
    assert (early.verdict, early.due) == ("platform_report_waiting", date(2021, 3, 13))
    # Finished from 18 March: H+1 after the grading alone, whenever the rating comes.
    later = decide_case(
        "kemnaker",
        "2021-04-05",
        completed="2021-04-01",
        institution_reported="2021-04-02",
        rated="2021-04-05",
    )
    assert (later.verdict, later.due, later.contact.id) == (
        "platform_report_unknown",
        date(2021, 4, 3),
        "platform",
    )


def test_from_25_november_2022_the_rating_leaves_the_chain(decide_case) -> None:
    # Pijar Mahir: usually 3 working days after completion (2, 5, 6 December); the rating is
    # not used, and said so.
    d = decide_case("pijar-mahir", "2022-12-02", completed="2022-12-01", rated="no")
    assert [o.stage.id for o in d.stages] == ["completion", "certificate"]
    assert (d.verdict, d.due) == ("certificate_waiting", date(2022, 12, 6))
    assert [w.facts["input"] for w in d.warnings if w.code == "unused_input"] == ["rated"]


def test_a_customary_deadline_is_usual_practice_not_a_published_one(decide_case) -> None:
    # Kemnaker: the certificate usually comes 7 working days after Sisnaker's report.
    usual = decide_case(
        "kemnaker",
        "2021-04-20",
        institution_reported="2021-04-01",
        rated="2021-04-01",
        platform_reported="2021-04-02",
    )
    assert (usual.verdict, usual.due) == ("certificate_overdue", date(2021, 4, 13))
    assert due_basis(usual.outcome) == "customary"
    assert "longer than usual" in usual.say(usual.finding, "en")
    # Tokopedia publishes its 7 working days: past them the certificate is late.
    late = decide_case("tokopedia", "2021-03-19", platform_reported="2021-03-08")
    assert due_basis(late.outcome) == "published"
    assert "should have appeared" in late.say(late.finding, "en")


def test_the_certificates_expected_date_is_projected_along_the_chain(decide_case) -> None:
    # Finished Monday 1 March 2021: the LP usually reports by 2 March, Tokopedia by 3 March, the
    # certificate 7 working days later: 4, 5, 8, 9, 10, (11), 12, 15 March.
    d = decide_case("tokopedia", "2021-03-01", completed="2021-03-01")
    assert (d.verdict, d.due) == ("institution_report_waiting", date(2021, 3, 2))
    assert d.assessment.certificate_by == date(2021, 3, 15)
    # A report known without its date gives the projection nothing to count from.
    d = decide_case("tokopedia", "2021-03-10", completed="2021-03-01", institution_reported="yes")
    assert d.assessment.certificate_by is None


# -- every state of every stage of every chain variant -------------------------------------------


def test_the_state_table_covers_every_state_of_every_stage_of_every_chain() -> None:
    covered: dict[tuple[str, str], dict[str, set[str]]] = {}
    for platform, variant, stage, state, _, _ in STATE_CASES:
        covered.setdefault((platform, variant), {}).setdefault(stage, set()).add(state)
    assert covered == EXPECTED_STATES


def test_the_case_tables_say_what_domain_md_says() -> None:
    # The independent oracle (tests/domain_oracle.py) reads every case as the tables expect.
    for platform, variant, stage, state, as_of, inputs in STATE_CASES:
        reading = oracle(platform, *oracle_case(inputs, as_of))
        assert variant_on(platform, reading["variant"]["case_day"]) == variant, (platform, inputs)
        assert reading["stages"][stage]["state"] == state, (platform, variant, stage, inputs)
    for platform, variant, verdict, as_of, inputs in VERDICT_CASES:
        reading = oracle(platform, *oracle_case(inputs, as_of))
        assert variant_on(platform, reading["variant"]["case_day"]) == variant, (platform, inputs)
        assert reading["verdict"] == verdict, (platform, variant, inputs)
        assert reading["contact"] == contact_for(platform, verdict, as_of), (platform, verdict)
        assert reading["warnings"] == set(), (platform, verdict)


@pytest.mark.parametrize(
    ("platform", "variant", "stage", "state", "as_of", "inputs"),
    STATE_CASES,
    ids=[f"{p}-{v}-{s}-{st}-{i}" for i, (p, v, s, st, _, _) in enumerate(STATE_CASES)],
)
def test_each_stage_reaches_each_of_its_states(
    decide_case, platform, variant, stage, state, as_of, inputs
):
    d = decide_case(platform, as_of, **inputs)
    assert [o.stage.id for o in d.stages] == list(CHAINS[platform][variant])
    assert (d.assessment.chain.start, d.assessment.chain.end) == PERIODS[variant]
    assert outcome(d, stage).state == state


# -- every verdict of every chain variant, with its contact ----------------------------------------


def test_the_verdict_table_covers_every_verdict_and_the_whole_contact_table() -> None:
    listed = {(platform, variant, verdict) for platform, variant, verdict, _, _ in VERDICT_CASES}
    assert len(listed) == len(VERDICT_CASES)
    for platform, variant in VARIANTS:
        given = {verdict for p, v, verdict in listed if (p, v) == (platform, variant)}
        assert given == possible_verdicts(platform, variant), (platform, variant)
    assert set(CONTACTS) <= {(platform, verdict) for platform, _, verdict in listed}


@pytest.mark.parametrize(
    ("platform", "variant", "verdict", "as_of", "inputs"),
    VERDICT_CASES,
    ids=[f"{p}-{v}-{vd}" for p, v, vd, _, _ in VERDICT_CASES],
)
def test_each_verdict_with_its_contact(
    decide_case, platform, variant, verdict, as_of, inputs
) -> None:
    d = decide_case(platform, as_of, **inputs)
    assert [o.stage.id for o in d.stages] == list(CHAINS[platform][variant])
    assert d.verdict == verdict
    assert d.verdict == f"{d.stage}_{d.state}"
    assert outcome(d, d.stage).state == d.state
    expected = contact_for(platform, verdict, as_of)
    assert (d.contact.id if d.contact else None) == expected
    if expected and (platform, expected) not in NO_PUBLISHED_CHANNEL:
        assert d.contact.channels, "a party to contact needs at least one channel"
    if d.state in ("waiting", "overdue"):
        assert d.due == outcome(d, d.stage).due is not None
    else:
        assert d.due == outcome(d, d.stage).due
    assert d.say(d.finding, "id") and d.say(d.finding, "en")
    assert "{" not in d.say(d.finding, "en") + "".join(d.say(a, "en") for a in d.actions)


@pytest.mark.parametrize(
    ("platform", "variant", "verdict", "as_of", "inputs"),
    VERDICT_CASES,
    ids=[f"{p}-{v}-{vd}" for p, v, vd, _, _ in VERDICT_CASES],
)
def test_every_verdict_says_what_to_do_next(decide_case, platform, variant, verdict, as_of, inputs):
    d = decide_case(platform, as_of, **inputs)
    assert d.actions


def test_the_certificate_with_a_due_date_looks_for_the_first_missing_or_overdue_stage(
    decide_case,
) -> None:
    # Bukalapak: rated, so the certificate has a due date; the institution's report is only
    # "unknown" past its due day: that is passed over, and the certificate is within its window.
    d = decide_case("bukalapak", "2021-03-03", completed="2021-03-01", rated="2021-03-01")
    assert outcome(d, "institution_report").state == "unknown"
    assert d.verdict == "certificate_waiting"
    # Known not reported past its due day: overdue, ahead of the certificate.
    d = decide_case(
        "bukalapak",
        "2021-03-03",
        completed="2021-03-01",
        rated="2021-03-01",
        institution_reported=N,
    )
    assert d.verdict == "institution_report_overdue"


# -- the kinds of input --------------------------------------------------------------------------
@pytest.mark.parametrize("word", ["no", "belum", "tidak", "NO", " Belum ", "TIDAK"])
def test_no_belum_tidak_mean_known_not_to_have_happened(decide_case, word) -> None:
    d = decide_case("tokopedia", "2021-03-10", completed=word)
    assert d.verdict == "completion_missing"
    assert outcome(d, "completion").event.moment is None


@pytest.mark.parametrize("word", ["yes", "ya", "YA", "Yes"])
def test_yes_means_it_happened_on_an_unknown_date(decide_case, word) -> None:
    d = decide_case("tokopedia", "2021-03-10", completed="2021-03-01", institution_reported=word)
    report = outcome(d, "institution_report")
    assert (report.state, report.event.moment) == ("done", None)
    # No date to count from: Tokopedia's report has no due date, and is simply unknown.
    assert (d.verdict, d.due, d.contact.id) == ("platform_report_unknown", None, "platform")


def test_a_date_counts_and_an_absent_input_is_unknown(decide_case) -> None:
    dated = decide_case("tokopedia", "2021-03-10", institution_reported="5 Maret 2021 10:30")
    report = outcome(dated, "institution_report")
    assert (report.state, report.event.moment) == ("done", Moment(date(2021, 3, 5), time(10, 30)))
    assert outcome(dated, "platform_report").due == date(2021, 3, 8)
    absent = decide_case("tokopedia", "2021-03-10", completed="2021-03-01")
    assert outcome(absent, "institution_report").state == "unknown"


def test_a_later_event_implies_the_earlier_ones_and_overrules_a_no_with_a_warning(
    decide_case,
) -> None:
    d = decide_case("tokopedia", "2021-03-10", platform_reported="2021-03-02")
    assert [(o.state, o.implied) for o in d.stages[:2]] == [("done", True), ("done", True)]
    assert d.warnings == ()
    # A "no" that a later done stage contradicts: the later fact wins, with a warning naming both.
    d = decide_case("tokopedia", "2021-03-10", completed="no", platform_reported="2021-03-02")
    assert (outcome(d, "completion").state, outcome(d, "completion").implied) == ("done", True)
    assert d.verdict == "certificate_waiting"
    [warning] = [w for w in d.warnings if w.code == "contradiction"]
    assert (warning.facts["input"], warning.facts["later_input"]) == (
        "completed",
        "platform_reported",
    )


def test_the_as_of_day_counts_by_days_not_hours(decide_case) -> None:
    # Reported at 18:00 on the as-of day, diagnosed at 09:00 that day: an event in the future.
    with pytest.raises(InputError) as error:
        decide_case("tokopedia", "2021-03-05 09:00", institution_reported="2021-03-05 18:00")
    assert error.value.where == "institution_reported"
    # Without a time on either side, the same day is fine.
    assert decide_case("tokopedia", "2021-03-05", institution_reported="2021-03-05 18:00")
    assert decide_case("tokopedia", "2021-03-05 09:00", institution_reported="2021-03-05")


@pytest.mark.parametrize(
    ("as_of", "inputs", "where"),
    [
        ("2021-03-10", {"completed": "2021-03-11"}, "completed"),
        ("2021-03-10", {"name_matches": "maybe"}, "name_matches"),
        ("2021-03-10", {"name_matches": "2021-03-01"}, "name_matches"),
        ("2021-03-10", {"rated": "31/02/2021"}, "rated"),
        ("2021-03-10", {"institution_reported": "2009-12-31"}, "institution_reported"),
        # Graded on the calendar's last day: Sisnaker's H+1 would fall outside the calendar.
        ("2045-12-31", {"institution_reported": "2045-12-31"}, "institution_reported"),
        ("2046-01-02", {}, "as_of"),
    ],
)
def test_bad_inputs_are_input_errors_naming_the_input(decide_case, as_of, inputs, where) -> None:
    with pytest.raises(InputError) as error:
        decide_case("kemnaker", as_of, **inputs)
    assert error.value.where == where


def test_an_unknown_platform_is_an_input_error_with_a_suggestion(decide_case) -> None:
    with pytest.raises(InputError) as error:
        decide_case("tokopdia", "2021-03-10")
    assert "tokopedia" in str(error.value)


@pytest.mark.parametrize(
    ("written", "platform"),
    [
        ("Sisnaker", "kemnaker"),
        ("Kemnaker (Sisnaker)", "kemnaker"),
        ("KEMNAKER", "kemnaker"),
        ("Pijar Mahir", "pijar-mahir"),
        ("pijarmahir", "pijar-mahir"),
        ("pijar_mahir", "pijar-mahir"),
        ("Buka-Lapak", "bukalapak"),
        (" tokopedia ", "tokopedia"),
    ],
)
def test_platform_names_ignore_case_spaces_dashes_and_underscores(
    decide_case, written, platform
) -> None:
    assert decide_case(written, "2021-03-10").platform.id == platform


# -- warnings -------------------------------------------------------------------------------------
def test_a_platform_report_before_the_institutions_is_out_of_order(decide_case) -> None:
    d = decide_case(
        "tokopedia", "2021-03-10", institution_reported="2021-03-08", platform_reported="2021-03-05"
    )
    warning = next(w for w in d.warnings if w.code == "out_of_order")
    assert warning.facts["earlier_date"] == date(2021, 3, 8)
    assert warning.facts["later_date"] == date(2021, 3, 5)
    in_order = decide_case(
        "tokopedia", "2021-03-10", institution_reported="2021-03-05", platform_reported="2021-03-05"
    )
    assert in_order.warnings == ()


def test_an_estimated_holiday_inside_a_window_is_flagged(decide_case, workday_oracle) -> None:
    # Idul Fitri 2027 (10 and 11 March) is estimated by the holidays package. From Friday
    # 5 March 2027 (from 2022-11-25 the certificate is due one working day after the platform's
    # report): 8 Nyepi, 9 cuti bersama, 10-11 Idul Fitri, 12 and 15 cuti bersama, 13-14
    # weekend -> due 16 March 2027.
    d = decide_case("tokopedia", "2027-03-08", platform_reported="2027-03-05")
    assert d.due == date(2027, 3, 16) == workday_oracle(date(2027, 3, 5), 1)
    flagged = {w.facts["date"] for w in d.warnings if w.code == "estimated_holiday"}
    assert {date(2027, 3, 10), date(2027, 3, 11)} <= flagged
    assert decide_case("tokopedia", "2021-03-12", platform_reported="2021-03-08").warnings == ()


def test_a_year_without_cuti_bersama_data_is_flagged(decide_case) -> None:
    d = decide_case("tokopedia", "2028-03-08", platform_reported="2028-03-06")
    assert [w.facts["year"] for w in d.warnings if w.code == "no_cuti_bersama_data"] == [2028]


@pytest.mark.parametrize(
    ("platform", "inputs", "unused"),
    [
        ("tokopedia", {"rated": "2021-03-01"}, "rated"),
        ("tokopedia", {"rated": "no"}, "rated"),
        ("bukalapak", {"name_matches": "yes"}, "name_matches"),
        ("pijar-mahir", {"institution_reported": "2021-03-01"}, "institution_reported"),
        ("pijar-mahir", {"platform_reported": "ya"}, "platform_reported"),
    ],
)
def test_an_input_the_platform_does_not_use_is_flagged(decide_case, platform, inputs, unused):
    d = decide_case(platform, "2021-03-10", **inputs)
    assert [w.facts["input"] for w in d.warnings if w.code == "unused_input"] == [unused]
    # ...and ignored: the verdict is that of the case without it.
    assert d.verdict == decide_case(platform, "2021-03-10").verdict


# -- properties ----------------------------------------------------------------------------------
EVENT_INPUTS = ("completed", "rated", "institution_reported", "platform_reported")


@st.composite
def cases(draw):
    as_of_day = draw(st.dates(min_value=date(2011, 1, 1), max_value=date(2044, 12, 31)))
    as_of_time = draw(st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0)))
    inputs: dict[str, str] = {}
    for name in EVENT_INPUTS:
        kind = draw(st.sampled_from(["absent", "no", "yes", "date"]))
        if kind == "no":
            inputs[name] = draw(st.sampled_from(["no", "belum", "tidak"]))
        elif kind == "yes":
            inputs[name] = draw(st.sampled_from(["yes", "ya"]))
        elif kind == "date":
            day = as_of_day - timedelta(days=draw(st.integers(0, 45)))
            moment = draw(st.none() | st.times())
            inputs[name] = (
                day.isoformat()
                if moment is None
                else datetime.combine(day, moment).strftime("%Y-%m-%d %H:%M")
            )
    name_matches = draw(st.sampled_from([None, "yes", "ya", "no", "tidak"]))
    if name_matches:
        inputs["name_matches"] = name_matches
    as_of = as_of_day.isoformat() + (f" {as_of_time:%H:%M}" if as_of_time else "")
    return draw(st.sampled_from(sorted(CHAINS))), as_of, inputs


def case_day(inputs: dict[str, str], as_of_day: date) -> date:
    """DOMAIN.md 4.1: the completion's day when dated, else the earliest dated event, else the
    as-of day."""
    from sertifikat_cek.calendar.dates import parse_moment

    days = {
        name: parse_moment(value).day
        for name, value in inputs.items()
        if name != "name_matches" and value[:1].isdigit()
    }
    if "completed" in days:
        return days["completed"]
    return min(days.values(), default=as_of_day)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_any_case_gets_a_consistent_verdict(rules, calendar, case) -> None:
    from sertifikat_cek.calendar.dates import parse_moment

    platform, as_of, inputs = case
    moment = parse_moment(as_of)
    try:
        d = decide(rules, build_case(rules, platform, inputs, moment), calendar)
    except InputError:
        return  # e.g. an event later on the as-of day than the as-of time
    variant = variant_on(platform, case_day(inputs, moment.day))
    assert d.stage in CHAINS[platform][variant]
    assert tuple(o.stage.id for o in d.stages) == CHAINS[platform][variant]
    for o in d.stages:
        assert o.state in EXPECTED_STATES[(platform, variant)][o.stage.id]
    assert outcome(d, "certificate").state != "done"
    if d.state == "waiting":
        assert d.due is not None and d.due >= moment.day
        assert d.contact is None
    if d.state == "overdue":
        assert d.due is not None and d.due < moment.day
    if d.stage in ("account_name", "completion", "rating") and d.contact is not None:
        # the participant's own steps, but for a graded Sisnaker rating (DOMAIN.md 5)
        assert (platform, d.verdict, d.contact.id) == ("kemnaker", "rating_missing", "institution")
    assert (d.contact.id if d.contact else None) == contact_for(platform, d.verdict, as_of)
