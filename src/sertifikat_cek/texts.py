"""The tool's own words (labels, headings, notices) in Indonesian and English.

Domain messages (findings, actions, replies, questions) live in the rules YAML; this module only
holds the vocabulary of the interface itself, so the calendar works without loading any rules."""

from __future__ import annotations

LANGS = ("id", "en")

TEXTS: dict[str, dict[str, str]] = {
    "working_days": {"id": "hari kerja", "en": "working days"},
    "calendar_days": {"id": "hari kalender", "en": "calendar days"},
    "skipped": {"id": "Hari tidak bekerja yang dilewati", "en": "Non-working days skipped"},
    "none_skipped": {
        "id": "Tidak ada hari libur yang dilewati.",
        "en": "No non-working day skipped.",
    },
    "date": {"id": "Tanggal", "en": "Date"},
    "weekday": {"id": "Hari", "en": "Day"},
    "name": {"id": "Nama", "en": "Name"},
    "kind": {"id": "Jenis", "en": "Kind"},
    "warnings": {"id": "Peringatan", "en": "Warnings"},
    "kind.weekend": {"id": "akhir pekan", "en": "weekend"},
    "kind.public": {"id": "libur nasional", "en": "public holiday"},
    "kind.cuti_bersama": {"id": "cuti bersama", "en": "collective leave"},
    "kind.override": {"id": "ketetapan (calendar.yaml)", "en": "decree (calendar.yaml)"},
    "between": {
        "id": "{count} hari kerja setelah {start} sampai dengan {end} (tanggal awal tidak dihitung, tanggal akhir dihitung)",
        "en": "{count} working days after {start} up to and including {end} (start day excluded, end day included)",
    },
    "holidays_title": {
        "id": "Hari libur nasional dan cuti bersama {year}",
        "en": "Public holidays and collective leave in {year}",
    },
    "notice.estimated_holiday": {
        "id": "{date} ({name}) adalah tanggal perkiraan; tanggal resminya bisa berbeda",
        "en": "{date} ({name}) is an estimated date; the official date may differ",
    },
    "notice.no_cuti_bersama_data": {
        "id": "belum ada data cuti bersama untuk tahun {year}; tambahkan di rules/calendar.yaml bila sudah ditetapkan",
        "en": "no collective-leave (cuti bersama) data for {year} yet; add the decree's dates to rules/calendar.yaml",
    },
    "verdict": {"id": "Hasil", "en": "Verdict"},
    "due": {"id": "Batas waktu", "en": "Due"},
    "due_customary": {"id": "Biasanya paling lambat", "en": "Usually by"},
    # how far the due date is, in the rule's unit (working days for a rule in working days,
    # calendar days for calendar days and a daily batch); `_one` for a count of 1
    "days_left": {"id": "{count} hari kerja lagi", "en": "{count} working days left"},
    "days_left_one": {"id": "1 hari kerja lagi", "en": "1 working day left"},
    "days_left_calendar": {"id": "{count} hari lagi", "en": "{count} days left"},
    "days_left_calendar_one": {"id": "besok", "en": "tomorrow"},
    "due_today": {"id": "hari ini", "en": "today"},
    "days_overdue": {
        "id": "terlambat {count} hari kerja",
        "en": "overdue by {count} working days",
    },
    "days_overdue_one": {"id": "terlambat 1 hari kerja", "en": "overdue by 1 working day"},
    "days_overdue_calendar": {"id": "terlambat {count} hari", "en": "overdue by {count} days"},
    "days_overdue_calendar_one": {"id": "terlambat 1 hari", "en": "overdue by 1 day"},
    # past the due date of a stage not known to be late (its state is unknown): how long ago
    "days_past": {"id": "lewat {count} hari kerja", "en": "{count} working days ago"},
    "days_past_one": {"id": "lewat 1 hari kerja", "en": "1 working day ago"},
    "days_past_calendar": {"id": "lewat {count} hari", "en": "{count} days ago"},
    "days_past_calendar_one": {"id": "kemarin", "en": "yesterday"},
    # past a customary deadline: longer than usual, never "late" (DOMAIN.md 4.2)
    "days_past_usual": {
        "id": "{count} hari kerja lebih lama dari biasanya",
        "en": "{count} working days longer than usual",
    },
    "days_past_usual_one": {
        "id": "1 hari kerja lebih lama dari biasanya",
        "en": "1 working day longer than usual",
    },
    "days_past_usual_calendar": {
        "id": "{count} hari lebih lama dari biasanya",
        "en": "{count} days longer than usual",
    },
    "days_past_usual_calendar_one": {
        "id": "1 hari lebih lama dari biasanya",
        "en": "1 day longer than usual",
    },
    "contact": {"id": "Hubungi", "en": "Contact"},
    "no_contact": {"id": "Belum perlu menghubungi siapa pun.", "en": "No one to contact yet."},
    "stage": {"id": "Tahap", "en": "Stage"},
    "state": {"id": "Status", "en": "State"},
    "event_date": {"id": "Tanggal", "en": "Date"},
    "implied": {"id": "(disimpulkan)", "en": "(implied)"},
    "timeline": {"id": "Alur laporan", "en": "Timeline"},
    "next_actions": {"id": "Langkah berikutnya", "en": "Next steps"},
    "sources": {"id": "Sumber", "en": "Sources"},
    "notes": {"id": "Catatan", "en": "Notes"},
    "as_of": {"id": "Per tanggal", "en": "As of"},
    "rules_version": {"id": "versi aturan", "en": "rules version"},
    "notice.out_of_order": {
        "id": "{later} ({later_date}) tercatat lebih awal dari {earlier} ({earlier_date}); periksa kembali tanggalnya",
        "en": "{later} ({later_date}) is dated before {earlier} ({earlier_date}); check the dates",
    },
    "notice.contradiction": {
        "id": "{stage} diisi belum terjadi, tetapi {later} sudah terjadi; {stage} dianggap sudah terjadi. Periksa kembali isian '{stage}' dan '{later}'",
        "en": "{stage} was given as not happened, but {later} has happened; {stage} is taken as done. Check the inputs '{stage}' and '{later}'",
    },
    "notice.rules_unconfirmed": {
        "id": "sumber aturan untuk kasus ini hanya mencakup kasus sampai {confirmed_until} (sumber terbaru: {source}, {source_date}); program Kartu Prakerja telah berubah sejak itu, jadi batas waktu di bawah ini mungkin tidak berlaku lagi",
        "en": "the sources of these rules cover cases only up to {confirmed_until} (latest source: {source}, {source_date}); the Kartu Prakerja programme has changed since, so the deadlines below may no longer apply",
    },
    "rules_variant": {
        "id": "Aturan yang dipakai: untuk {case} ({period}); sumber: {sources}",
        "en": "Rules used: for {case} ({period}); sources: {sources}",
    },
    "rules_variant.completion": {
        "id": "pelatihan yang selesai pada {day}",
        "en": "a course finished on {day}",
    },
    "rules_variant.earliest": {
        "id": "kasus dengan tanggal paling awal {day}",
        "en": "a case whose earliest date is {day}",
    },
    "rules_variant.as_of": {
        "id": "kasus yang diperiksa pada {day}",
        "en": "a case checked on {day}",
    },
    "rules_variant.always": {"id": "semua tanggal", "en": "every date"},
    "undated": {"id": "tanpa tanggal", "en": "undated"},
    "certificate_by": {
        "id": "Sertifikat diperkirakan muncul paling lambat {date}, bila tahap-tahap sebelumnya berjalan tepat waktu.",
        "en": "The certificate is expected by {date} at the latest, if the earlier steps happen on time.",
    },
    "notice.unused_input": {
        "id": "{platform} tidak memakai isian '{stage}'; isian itu diabaikan",
        "en": "{platform} does not use the input '{stage}'; it was ignored",
    },
    # -- the rules commands (rules list/show/check) --
    "rules.due.working_days": {
        "id": "H+{days} hari kerja setelah {after}",
        "en": "{days} working day{s} after {after}",
    },
    "rules.due.calendar_days": {
        "id": "H+{days} (hari kalender) setelah {after}",
        "en": "{days} calendar day{s} after {after}",
    },
    "rules.due.same_day": {"id": "hari yang sama dengan {after}", "en": "the same day as {after}"},
    "rules.due.daily_batch": {
        "id": "batch harian pukul {at} setelah {after}",
        "en": "the first daily batch at {at} after {after}",
    },
    "rules.due.then": {"id": "{rule}, lalu H+{days}", "en": "{rule}, then {days} more day{s}"},
    "rules.due.none": {
        "id": "tidak ada batas waktu (diumumkan maupun kebiasaan)",
        "en": "no deadline (published or customary)",
    },
    "rules.after.one": {"id": "{stage}", "en": "the {stage}"},
    "rules.after.many": {"id": "{stages} (yang terakhir)", "en": "{stages} (whichever is later)"},
    "rules.and": {"id": "dan", "en": "and"},
    "rules.period.from": {"id": "mulai {start}", "en": "from {start}"},
    "rules.period.until": {"id": "sampai dengan {end}", "en": "until {end}"},
    "rules.period.between": {"id": "{start} sampai dengan {end}", "en": "{start} to {end}"},
    "rules.period.otherwise": {"id": "selain itu", "en": "otherwise"},
    "owner.participant": {"id": "peserta", "en": "participant"},
    "owner.institution": {"id": "lembaga pelatihan", "en": "training institution"},
    "owner.platform": {"id": "platform", "en": "platform"},
    "owner.prakerja": {"id": "Manajemen Pelaksana", "en": "programme management (PMO)"},
    "rules.chain": {"id": "Alur tahap", "en": "Stage chain"},
    "rules.chain_for": {
        "id": "Alur tahap untuk kasus {period} (sumber mencakup kasus sampai {confirmed})",
        "en": "Stage chain for cases {period} (sources cover cases up to {confirmed})",
    },
    "rules.two_clocks": {
        "id": "Hari kasus (tanggal selesai pelatihan, atau tanggal paling awal, atau tanggal cek) memilih alur tahap dan batas waktunya; tanggal cek memilih saran dan pihak yang dihubungi.",
        "en": "The case day (the completion date, else the earliest date, else the check date) chooses the stage chain and its deadlines; the check date chooses the advice and whom to contact.",
    },
    "rules.basis.published": {"id": "diumumkan", "en": "published"},
    "rules.basis.customary": {"id": "kebiasaan", "en": "customary"},
    "rules.by": {"id": "Oleh", "en": "By"},
    "rules.due_rule": {"id": "Batas waktu", "en": "Due"},
    "rules.contacts": {"id": "Hubungi bila", "en": "Contact when"},
    "rules.own_step": {"id": "langkah peserta sendiri", "en": "the participant's own step"},
    "rules.reminder": {"id": "pengingat", "en": "reminder"},
    "rules.variants": {
        "id": "Saran bertanggal (dipilih menurut tanggal cek)",
        "en": "Dated advice (chosen by the check date)",
    },
    "rules.variant_changes": {"id": "Yang berubah", "en": "What changes"},
    "rules.parties": {"id": "Pihak yang dapat dihubungi", "en": "Parties to contact"},
    "rules.examples": {"id": "Contoh kasus", "en": "Example cases"},
    "rules.example": {"id": "Contoh", "en": "Example"},
    "rules.inputs": {"id": "Isian", "en": "Inputs"},
    "rules.expected": {"id": "Hasil yang diharapkan", "en": "Expected verdict"},
    "rules.aliases": {"id": "Nama lain", "en": "Aliases"},
    "rules.file": {"id": "Berkas", "en": "File"},
    "rules.platforms": {"id": "Platform", "en": "Platforms"},
    "rules.id": {"id": "Id", "en": "Id"},
    "rules.stages": {"id": "Tahap", "en": "Stages"},
    "rules.version_line": {
        "id": "versi aturan {version} · {directory}",
        "en": "rules version {version} · {directory}",
    },
    "rules.check_ok": {
        "id": "Aturan valid: {platforms} platform, {examples} contoh sesuai · versi aturan {version} · {directory}",
        "en": "Rules valid: {platforms} platform{platforms_s}, {examples} example{examples_s} passed · rules version {version} · {directory}",
    },
    "rules.check_failed": {
        "id": "{count} masalah di {directory}; perbaiki lalu jalankan lagi: sertifikat-cek rules check {directory}",
        "en": "{count} problem{count_s} in {directory}; fix them and run again: sertifikat-cek rules check {directory}",
    },
    "field.due": {"id": "batas waktu", "en": "due"},
    "field.contact": {"id": "kontak", "en": "contact"},
    "field.findings": {"id": "temuan", "en": "findings"},
    "field.actions": {"id": "langkah", "en": "actions"},
    "field.cites": {"id": "sumber", "en": "sources"},
    "field.note": {"id": "catatan", "en": "note"},
    # -- batch --
    "batch.reading": {
        "id": "{name}: pemisah {delimiter} ({how}), encoding {encoding}; kolom: {columns}",
        "en": "{name}: delimiter {delimiter} ({how}), encoding {encoding}; columns: {columns}",
    },
    "batch.reading_sheet": {
        "id": "{name}: lembar {sheet!r}, header di baris {row}; kolom: {columns}",
        "en": "{name}: sheet {sheet!r}, header in row {row}; columns: {columns}",
    },
    "batch.detected": {"id": "terdeteksi dari header", "en": "detected from the header"},
    "batch.given": {"id": "dari --delimiter", "en": "from --delimiter"},
    "batch.sep": {"id": "dari baris sep= Excel", "en": "from Excel's sep= line"},
    "batch.cp1252": {
        "id": "berkas ini bukan UTF-8: dibaca sebagai cp1252 (Excel di Windows); bila huruf "
        "tampak salah, beri --encoding",
        "en": "the file is not UTF-8: read as cp1252 (Excel on Windows); if letters look "
        "wrong, give --encoding",
    },
    "batch.padded": {
        "id": "{padded} baris tanpa sel kosong di ujungnya dilengkapi",
        "en": "{padded} rows short of their trailing empty cells padded",
    },
    "batch.summary": {
        "id": "{rows} baris dibaca: {diagnosed} terdiagnosis, {errors} dengan kesalahan",
        "en": "{rows} rows read: {diagnosed} diagnosed, {errors} with errors",
    },
    "batch.blank": {
        "id": "{blank} baris kosong dilewati",
        "en": "{blank} blank rows skipped",
    },
    "batch.unconfirmed": {
        "id": "Peringatan: {rows} baris diputuskan dengan aturan yang sumbernya berhenti sebelum hari kasusnya (rules_unconfirmed, mis. kasus setelah 2022): program telah berubah sejak itu, jadi anggap verdict-nya perkiraan",
        "en": "Warning: {rows} rows were decided by rules whose sources stop before their case day (rules_unconfirmed, e.g. cases after 2022): the programme has changed since, so read those verdicts as estimates",
    },
    "batch.verdicts": {"id": "Hasil per verdict:", "en": "Rows per verdict:"},
    "batch.first_errors": {
        "id": "Kesalahan pertama (kolom `error` berisi semuanya):",
        "en": "First errors (the `error` column has them all):",
    },
    "batch.row": {"id": "baris {row}", "en": "row {row}"},
    "batch.row_line": {"id": "baris {row} (baris berkas {line})", "en": "row {row} (line {line})"},
    "batch.column": {"id": "kolom {column!r}", "en": "column {column!r}"},
    "batch.date_orders": {
        "id": "Urutan tanggal per kolom (--date-order dmy|mdy|ymd mengubahnya):",
        "en": "Date order per column (--date-order dmy|mdy|ymd changes it):",
    },
    "batch.order.dmy": {"id": "hari dulu (DD/MM/YYYY)", "en": "day-first (DD/MM/YYYY)"},
    "batch.order.mdy": {"id": "bulan dulu (MM/DD/YYYY)", "en": "month-first (MM/DD/YYYY)"},
    "batch.order.ymd": {"id": "tahun dulu (YYYY-MM-DD)", "en": "year-first (YYYY-MM-DD)"},
    "batch.order.none": {
        "id": "tidak ada tanggal angka tertulis sebagai teks di baris-baris awal",
        "en": "no numeric dates written as text in the first rows",
    },
    "batch.how.cells": {
        "id": "dari sel seperti {example!r}",
        "en": "from cells such as {example!r}",
    },
    "batch.how.columns": {"id": "seperti kolom tanggal lain", "en": "as the other date columns"},
    "batch.how.option": {"id": "dari --date-order", "en": "from --date-order"},
    "batch.how.language": {
        "id": "dari bahasa header ({language})",
        "en": "from the header's language ({language})",
    },
    "batch.how.delimiter": {
        "id": "dari pemisah ';' (Excel di lokal hari-dulu)",
        "en": "from the ';' delimiter (Excel in a day-first locale)",
    },
    "batch.how.guess": {"id": "tidak ada sel yang memastikan", "en": "no cell decides it"},
    "batch.warning": {"id": "peringatan", "en": "warning"},
}

WEEKDAY_NAMES = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def text(key: str, lang: str, **values: object) -> str:
    """The interface text `key` in `lang`, with `values` filled in."""
    template = TEXTS[key][lang]
    return template.format(**values) if values else template
