"""One test per sentence of the source article that states a rule (rules/sources/000_...txt).

Each test quotes its sentence and asserts what the sentence implies for a case: the verdict, the
due date (counted by hand on the 2021 calendar in a comment, and checked with numpy's
busday_offset over the `holidays` package), and whom to contact."""

from __future__ import annotations

from datetime import date, timedelta

import pytest


def en(diagnosis, texts) -> list[str]:
    return [diagnosis.say(t, "en") for t in texts]


def channel_values(diagnosis) -> list[str]:
    return [c.value for c in diagnosis.contact.channels] if diagnosis.contact else []


def stage_ids(diagnosis) -> list[str]:
    return [o.stage.id for o in diagnosis.stages]


def state_of(diagnosis, stage_id: str) -> str:
    return next(o.state for o in diagnosis.stages if o.stage.id == stage_id)


def cited(diagnosis, sentence: str) -> bool:
    return any(c.quote and sentence in c.quote for c in diagnosis.cites)


# -- the programme -------------------------------------------------------------------------------
@pytest.mark.parametrize("platform", ["kemnaker", "tokopedia", "bukalapak", "pijar-mahir"])
def test_every_platform_certificate_needs_the_course_finished_first(decide_case, platform) -> None:
    """ "Peserta yang lolos harus menyelesaikan pelatihan hingga tuntas untuk kemudian
    mendapatkan sertifikat pelatihan prakerja" """
    d = decide_case(platform, "2021-03-12", completed="no")
    assert (d.verdict, d.due, d.contact) == ("completion_missing", None, None)
    assert any("finish" in a.lower() for a in en(d, d.actions))


# -- Kemnaker ------------------------------------------------------------------------------------
def test_kemnaker_pastikan_nama_akun_sesuai_dengan_akun_prakerja(decide_case) -> None:
    """ "Pastikan nama akun sesuai dengan akun Prakerja Anda" """
    mismatch = decide_case(
        "kemnaker", "2021-04-10", name_matches="no", completed="2021-04-01", rated="2021-04-01"
    )
    assert (mismatch.verdict, mismatch.due, mismatch.contact) == (
        "account_name_missing",
        None,
        None,
    )
    assert cited(mismatch, "Pastikan nama akun sesuai dengan akun Prakerja Anda")
    # Not known: the verdict looks further down the chain, but the reminder stays in the actions.
    unknown = decide_case("kemnaker", "2021-04-10", completed="2021-04-01")
    assert unknown.verdict == "institution_report_unknown"
    assert state_of(unknown, "account_name") == "unknown"
    assert any("account name" in a for a in en(unknown, unknown.actions))
    matches = decide_case("kemnaker", "2021-04-10", name_matches="yes", completed="2021-04-01")
    assert state_of(matches, "account_name") == "done"
    assert not any("account name" in a for a in en(matches, matches.actions))


def test_kemnaker_pastikan_sudah_dinilai_lembaga_pelatihan_hubungi_lembaga(decide_case) -> None:
    """ "Pastikan sudah dinilai oleh lembaga pelatihan di Sisnaker. Untuk mengetahuinya bisa
    menghubungi lembaga pelatihan terkait." The LPK grades before the participant can rate."""
    base = {"name_matches": "yes", "completed": "2021-04-01"}
    not_graded = decide_case("kemnaker", "2021-04-10", institution_reported="no", **base)
    assert (not_graded.verdict, not_graded.due) == ("institution_report_missing", None)
    assert not_graded.contact.id == "institution"
    not_known = decide_case("kemnaker", "2021-04-10", **base)
    assert (not_known.verdict, not_known.contact.id) == (
        "institution_report_unknown",
        "institution",
    )


def test_kemnaker_profil_lembaga_di_kelembagaan_kemnaker(decide_case) -> None:
    """ "Profil lembaga bisa dilihat di kelembagaan.kemnaker.go.id" """
    d = decide_case("kemnaker", "2021-04-10", completed="yes", institution_reported="no")
    assert d.contact.id == "institution"
    assert any("kelembagaan.kemnaker.go.id" in value for value in channel_values(d))


def test_kemnaker_apabila_sudah_dinilai_peserta_dapat_mendownload_sertifikat(decide_case) -> None:
    """ "Apabila sudah, peserta dapat mendownload serifikat." No deadline is published; the usual
    7 working days need the date of Sisnaker's report."""
    d = decide_case(
        "kemnaker",
        "2021-04-10",
        name_matches="ya",
        institution_reported="yes",
        platform_reported="ya",
    )
    assert (d.verdict, d.due) == ("certificate_missing", None)
    assert d.contact.id == "platform"  # DOMAIN section 5: Kemnaker's Sisnaker help desk
    assert any("downloaded from Sisnaker" in a for a in en(d, d.actions))


@pytest.mark.parametrize(
    ("as_of", "where", "contact"),
    [
        ("2021-03-01", "training menu on Sisnaker", "institution"),
        ("2021-03-17", "training menu on Sisnaker", "institution"),
        ("2021-03-18", "on the Prakerja dashboard", None),
        ("2022-01-03", "on the Prakerja dashboard", None),
    ],
)
def test_kemnaker_isi_ulasan_dan_rating_di_menu_pelatihan_sisnaker(
    decide_case, as_of, where, contact
) -> None:
    """ "Pastikan peserta sudah mengisi ulasan dan rating pada menu pelatihan di Sisnaker. Mulai
    18 Maret 2021 pengisian ulasan dan rating bisa dilakukan langsung pada dashboard Prakerja."
    The advice depends on the as-of date: in Sisnaker a graded participant who has not rated
    usually cannot (the rating menu is missing), so the LPK is the contact."""
    d = decide_case(
        "kemnaker", as_of, completed="2021-02-26", institution_reported="2021-02-26", rated="no"
    )
    assert (d.verdict, d.contact.id if d.contact else None) == ("rating_missing", contact)
    actions = en(d, d.actions)
    assert any(where in a for a in actions)
    sisnaker = "Sisnaker" in where
    other = "on the Prakerja dashboard" if sisnaker else "training menu on Sisnaker"
    assert not any(other in a for a in actions)
    quote = "menu pelatihan di Sisnaker" if sisnaker else "Mulai 18 Maret 2021"
    assert cited(d, quote)


def test_kemnaker_mulai_18_maret_2021_rating_di_dashboard_prakerja(decide_case) -> None:
    """ "Mulai 18 Maret 2021 pengisian ulasan dan rating bisa dilakukan langsung pada dashboard
    Prakerja." Also a reminder when the rating is not known."""
    graded = {"completed": "2021-03-15", "institution_reported": "2021-03-16"}
    before = decide_case("kemnaker", "2021-03-17", **graded)
    after = decide_case("kemnaker", "2021-03-18", **graded)
    assert before.verdict == after.verdict == "rating_unknown"
    assert any("training menu on Sisnaker" in a for a in en(before, before.actions))
    assert any("on the Prakerja dashboard" in a for a in en(after, after.actions))


def test_kemnaker_laporan_sisnaker_dikirim_h_plus_1_setelah_lpk_mengisi_nilai(decide_case) -> None:
    """ "Laporan dari Sisnaker secara otomatis dikirim kepada Manajemen Pelaksana pada H+1 setelah
    setelah LPK mengisi nilai Anda di Sisnaker." H+1 without "hari kerja": a calendar day; from
    18 March 2021 the rating (on the dashboard) does not move it."""
    graded = "2021-04-02"  # Friday, Wafat Yesus Kristus (a public holiday)
    due = date(2021, 4, 3)  # Saturday: the next calendar day, holiday or not
    rated = "2021-04-03"
    on_time = decide_case("kemnaker", "2021-04-03", institution_reported=graded, rated=rated)
    assert (on_time.verdict, on_time.due, on_time.contact) == ("platform_report_waiting", due, None)
    unknown = decide_case("kemnaker", "2021-04-04", institution_reported=graded, rated=rated)
    assert (unknown.verdict, unknown.due) == ("platform_report_unknown", due)
    assert unknown.contact.id == "platform"
    late = decide_case(
        "kemnaker", "2021-04-05", institution_reported=graded, rated=rated, platform_reported="no"
    )
    assert (late.verdict, late.due, late.contact.id) == ("platform_report_overdue", due, "platform")


# -- Tokopedia -----------------------------------------------------------------------------------
def test_tokopedia_belum_menyelesaikan_pelatihan_selesaikan_dulu(decide_case) -> None:
    """ "Belum menyelesaikan pelatihan, jika ini masalahnya maka pelatihan harus diselesaikan
    terlebih dahulu" """
    d = decide_case("tokopedia", "2021-03-12", completed="belum")
    assert (d.verdict, d.due, d.contact) == ("completion_missing", None, None)
    assert cited(d, "pelatihan harus diselesaikan terlebih dahulu")


def test_tokopedia_lembaga_belum_mengumpulkan_laporan_ke_tokopedia(decide_case) -> None:
    """ "Lembaga pelatihan belum mengumpulkan laporan penyelesaian pelatihan ke Tokopedia." """
    d = decide_case("tokopedia", "2021-03-12", completed="yes", institution_reported="no")
    assert (d.verdict, d.due) == ("institution_report_missing", None)
    assert d.contact.id == "institution"
    # An institution usually reports the next working day (customary): past it, Tokopedia can
    # check whether the report has been sent.
    late = decide_case("tokopedia", "2021-03-12", completed="2021-03-01", institution_reported="no")
    assert (late.verdict, late.due, late.contact.id) == (
        "institution_report_overdue",
        date(2021, 3, 2),
        "platform",
    )
    assert "longer than usual" in late.say(late.finding, "en")


def test_tokopedia_reports_to_prakerja_h_plus_1_working_day_after_institution(
    decide_case, workday_oracle
) -> None:
    """ "Tokopedia, akan mengirimkan laporan penyelesaian pelatihan ke pihak Prakerja H+1 (hari
    kerja) setelah laporan diserahkan oleh Lembaga Pelatihan ke Tokopedia" """
    # Friday 5 March 2021 -> Saturday 6, Sunday 7 skipped -> Monday 8 March.
    friday = decide_case("tokopedia", "2021-03-08", institution_reported="2021-03-05")
    assert (friday.verdict, friday.due, friday.contact) == (
        "platform_report_waiting",
        date(2021, 3, 8),
        None,
    )
    # Wednesday 10 March -> Thursday 11 is Isra Mi'raj -> Friday 12 March.
    wednesday = decide_case("tokopedia", "2021-03-10", institution_reported="2021-03-10")
    assert wednesday.due == date(2021, 3, 12) == workday_oracle(date(2021, 3, 10), 1)
    late = decide_case(
        "tokopedia", "2021-03-09", institution_reported="2021-03-05", platform_reported="no"
    )
    assert (late.verdict, late.due) == ("platform_report_overdue", date(2021, 3, 8))
    assert late.contact.id == "platform"


def test_tokopedia_sertifikat_belum_muncul_di_dashboard(decide_case) -> None:
    """ "Sertifikat belum muncul di dashboard Prakerja": once both reports are made, the missing
    certificate itself is the stage to watch."""
    d = decide_case(
        "tokopedia", "2021-03-12", institution_reported="2021-03-05", platform_reported="2021-03-08"
    )
    assert d.stage == "certificate"
    assert [state_of(d, s) for s in ("completion", "institution_report", "platform_report")] == [
        "done"
    ] * 3


def test_tokopedia_bisa_cek_apakah_lembaga_sudah_mengirim_laporan(decide_case) -> None:
    """ "Tokopedia bisa membantu pengecekan status laporan penyelesaian kursus, apakah sudah
    dikirim lembaga pelatihan ke Tokopedia." """
    d = decide_case("tokopedia", "2021-03-12", completed="2021-03-01")
    assert (d.verdict, d.contact.id) == ("institution_report_unknown", "platform")
    assert any("tokopedia.com/help" in value for value in channel_values(d))


def test_tokopedia_bisa_cek_apakah_tokopedia_sudah_mengirim_ke_manajemen_prakerja(
    decide_case,
) -> None:
    """ "Selain itu Tokopedia bisa membantu pengecekan status laporan penyelesaian kursus apakah
    sudah dikirim oleh Tokopedia ke Manajemen Prakerja." """
    unknown = decide_case("tokopedia", "2021-03-09", institution_reported="2021-03-05")
    assert (unknown.verdict, unknown.due) == ("platform_report_unknown", date(2021, 3, 8))
    assert unknown.contact.id == "platform"


def test_tokopedia_certificate_7x24_jam_hari_kerja_after_tokopedia_reports(
    decide_case, workday_oracle
) -> None:
    """ "Jika laporan penyelesaian kursus sudah dikirimkan ke manajemen Prakerja maka peserta dapat
    menunggu proses selama 7 X 24 jam hari kerja (10 hari) setelah waktu Tokopedia mengirimkan
    laporan penyelesaian kursus." Seven working days; the "(10 hari)" is only a note."""
    # Tuesday 11 May 2021 -> 12 cuti bersama, 13-14 Idul Fitri, 15-16 weekend -> 17(1) 18(2)
    # 19(3) 20(4) 21(5) 24(6) 25(7): Tuesday 25 May. "10 hari" would say 21 May.
    d = decide_case("tokopedia", "2021-05-12", platform_reported="2021-05-11")
    assert (d.verdict, d.due, d.contact) == ("certificate_waiting", date(2021, 5, 25), None)
    assert d.due == workday_oracle(date(2021, 5, 11), 7)
    assert d.due != date(2021, 5, 11) + timedelta(days=10)
    assert any("10" in note.en for note in d.notes)


def test_tokopedia_lalu_lakukan_pengecekan_melalui_website_prakerja(decide_case) -> None:
    """ "Lalu lakukan pengecekan melalui website Prakerja" """
    d = decide_case("tokopedia", "2021-03-12", platform_reported="2021-03-08")
    assert d.verdict == "certificate_waiting"
    assert any("check the Prakerja dashboard again" in a for a in en(d, d.actions))


def test_tokopedia_after_7x24_jam_hari_kerja_contact_manajemen_pelaksana(decide_case) -> None:
    """ "Apabila status sertifikat belum diperbaharui dalam 7x24 jam hari kerja (10 hari), peserta
    dapat menghubungi Manajemen Pelaksana Program Prakerja di 0800-150-3001 / melalui formulir
    pengaduan dan live chat Prakerja pada website Prakerja." """
    on_due_day = decide_case("tokopedia", "2021-03-18", platform_reported="2021-03-08")
    assert (on_due_day.verdict, on_due_day.contact) == ("certificate_waiting", None)
    d = decide_case("tokopedia", "2021-03-19", platform_reported="2021-03-08")
    assert (d.verdict, d.due, d.contact.id) == (
        "certificate_overdue",
        date(2021, 3, 18),
        "prakerja",
    )
    kinds = {c.kind: c.value for c in d.contact.channels}
    assert kinds["phone"] == "0800-150-3001"
    assert {"web", "chat"} <= set(kinds)
    assert all("prakerja.go.id" in kinds[k] for k in ("web", "chat"))


def test_tokopedia_hubungi_lembaga_daftar_kontak_di_tokopedia(decide_case) -> None:
    """ "Jika lembaga pelatihan belum mengumpulkan data penyelesaian kursus, maka bisa menghubungi
    lembaga pelatihan terkait. Adapun daftar kontak lembaga pelatihan bisa dilihat dalam link
    berikut https://www.tokopedia.com/help/article/lembaga-kartu-prakerja" """
    d = decide_case("tokopedia", "2021-03-12", completed="yes", institution_reported="tidak")
    assert d.contact.id == "institution"
    assert "https://www.tokopedia.com/help/article/lembaga-kartu-prakerja" in channel_values(d)


# -- Bukalapak -----------------------------------------------------------------------------------
def test_bukalapak_sertifikat_7x24_jam_hari_kerja_setelah_kursus_selesai_dan_rating(
    decide_case, workday_oracle
) -> None:
    """ "Bukalapak melalui laman resminya menjelaskan, sertifikat akan diberikan paling lambat
    7 X 24 jam pada hari kerja setelah kursus selesai dan peserta memberikan rating dan review."
    Counted from the later of the two."""
    # Completed Friday 5 March, rated Monday 8 March -> 9(1) 10(2) [11 Isra Mi'raj] 12(3)
    # 15(4) 16(5) 17(6) 18(7): Thursday 18 March 2021.
    d = decide_case("bukalapak", "2021-03-10", completed="2021-03-05", rated="2021-03-08")
    assert (d.verdict, d.due, d.contact) == ("certificate_waiting", date(2021, 3, 18), None)
    assert d.due == workday_oracle(date(2021, 3, 8), 7)
    # The other way round (rated before finishing: out of order), still from the later day.
    swapped = decide_case("bukalapak", "2021-03-10", completed="2021-03-08", rated="2021-03-05")
    assert swapped.due == date(2021, 3, 18)
    assert "out_of_order" in [w.code for w in swapped.warnings]
    # Not rated yet: no deadline runs.
    unrated = decide_case("bukalapak", "2021-03-10", completed="2021-03-05", rated="no")
    assert (unrated.verdict, unrated.due, unrated.contact) == ("rating_missing", None, None)


def test_bukalapak_apabila_belum_dapat_sertifikat_isi_form_bantuan(decide_case) -> None:
    """ "Apabila belum mendapatkan sertifikat dalam rentang waktu tersebut peserta dapat mengisi
    form bantuan BukaLapak melalui link berikut" """
    within = decide_case("bukalapak", "2021-03-18", completed="2021-03-05", rated="2021-03-08")
    assert (within.verdict, within.contact) == ("certificate_waiting", None)
    d = decide_case("bukalapak", "2021-03-19", completed="2021-03-05", rated="2021-03-08")
    assert (d.verdict, d.due, d.contact.id) == (
        "certificate_overdue",
        date(2021, 3, 18),
        "platform",
    )
    labels = [c.label.en for c in d.contact.channels]
    assert "Bukalapak help form" in labels


def test_bukalapak_lembaga_kursus_mengirim_status_paling_lambat_pukul_2359(decide_case) -> None:
    """ "BukLapak hanya dapat membantu pengecekan sertifikat saat:" "Status penyelesaian kursus
    yang dikirimkan Lembaga Kursus ke Bukalapak setiap harinya paling lambat pukul 23:59" """
    given = {"completed": "2021-03-05 10:00", "rated": "yes"}
    same_day = decide_case("bukalapak", "2021-03-05 23:59", **given)
    assert (same_day.verdict, same_day.due, same_day.contact) == (
        "institution_report_waiting",
        date(2021, 3, 5),
        None,
    )
    # Bukalapak can help only once the LK has sent the status: until then, the LK.
    late = decide_case("bukalapak", "2021-03-06 00:01", institution_reported="no", **given)
    assert (late.verdict, late.due) == ("institution_report_overdue", date(2021, 3, 5))
    assert late.contact.id == "institution"
    unknown = decide_case("bukalapak", "2021-03-06", **given)
    assert (unknown.verdict, unknown.contact.id) == ("institution_report_unknown", "institution")


@pytest.mark.parametrize(
    ("reported", "batch"),
    [
        ("2021-03-05 13:59", date(2021, 3, 5)),
        ("2021-03-05 14:00", date(2021, 3, 5)),  # at the cut-off: that day's batch
        ("2021-03-05 14:01", date(2021, 3, 6)),
        ("2021-03-05", date(2021, 3, 6)),  # no time: read as 23:59
        ("5 Maret 2021 pukul 16.30", date(2021, 3, 6)),  # Saturday: the batch runs every day
        ("2021-03-05 15:00 WITA", date(2021, 3, 5)),  # 14:00 WIB
    ],
)
def test_bukalapak_mengirim_status_ke_tim_prakerja_setiap_hari_pukul_1400(
    decide_case, reported, batch
) -> None:
    """ "Status penyelesaian kursus yang dikirimkan Bukalapak ke Tim Prakerja setiap harinya
    pukul 14:00." """
    d = decide_case(
        "bukalapak", "2021-03-06 23:00", completed="yes", rated="yes", institution_reported=reported
    )
    outcome = next(o for o in d.stages if o.stage.id == "platform_report")
    assert outcome.due == batch
    expected = "platform_report_waiting" if batch == date(2021, 3, 6) else "platform_report_unknown"
    assert d.verdict == expected
    assert (d.contact is None) == (expected == "platform_report_waiting")


# -- Pijar Mahir ---------------------------------------------------------------------------------
def test_pijar_mahir_selesai_dan_rating_maka_data_disampaikan_ke_tim_prakerja(decide_case) -> None:
    """ "Sobat Mahir, kalau kamu sudah menyelesaikan pelatihan dan memberikan rating beserta
    ulasannya, maka data kamu telah kami sampaikan ke tim Prakerja." """
    d = decide_case("pijar-mahir", "2021-03-05", completed="2021-03-01", rated="2021-03-01")
    assert stage_ids(d) == ["completion", "rating", "certificate"]
    assert d.verdict == "certificate_waiting"
    unrated = decide_case("pijar-mahir", "2021-03-12", completed="2021-03-01", rated="no")
    assert (unrated.verdict, unrated.contact) == ("rating_missing", None)


def test_pijar_mahir_cek_secara_berkala_di_akun_prakerja(decide_case) -> None:
    """ "Jadi, silahkan cek secara berkala di akun Prakerja amu ya," : no deadline is published,
    so the certificate is usually there 7 working days after finishing and rating (customary):
    2, 3, 4, 5, 8, 9, 10 March; until then, check the dashboard again."""
    d = decide_case("pijar-mahir", "2021-03-05", completed="2021-03-01", rated="2021-03-01")
    assert (d.verdict, d.due, d.contact) == ("certificate_waiting", date(2021, 3, 10), None)
    assert "usually" in d.say(d.finding, "en")
    assert any("check the Prakerja dashboard again" in a for a in en(d, d.actions))
    assert cited(d, "silahkan cek secara berkala")


def test_pijar_mahir_hubungi_contact_center_platform_digital(decide_case) -> None:
    """ "Jika sertifikat belum muncul, Penerima Kartu Prakerja juga dapat menghubungi contact center
    Platform Digital." """
    d = decide_case("pijar-mahir", "2021-03-12", completed="ya", rated="ya")
    assert d.contact.id == "platform"
    assert d.contact.name.en == "Pijar Mahir"
    assert d.contact.channels
