"""`batch --reply`: every diagnosed row gets the same ready-to-send message as `diagnose --reply`."""

from __future__ import annotations

import csv
import io
import json

import pytest

HEADER = "Platform Digital;Tgl Selesai;Tanggal Rating;Laporan Lembaga;Laporan Platform"
ROWS = [
    ("Tokopedia", "", "", "05/03/2021", "08/03/2021"),  # certificate waiting / overdue
    ("Bukalapak", "05/03/2021", "belum", "", ""),  # the participant's own step
    ("Kemnaker", "01/04/2021", "01/04/2021", "02/04/2021", "belum"),  # a passed H+1
    ("Tokopedia", "31/02/2021", "", "", ""),  # a bad date: no reply, an error
]
OPTIONS = ("--completed", "--rated", "--institution-reported", "--platform-reported")


def csv_text() -> str:
    return HEADER + "\n" + "\n".join(";".join(row) for row in ROWS) + "\n"


def diagnose_reply(run_cli, row, as_of: str, lang: str) -> str:
    args = ["diagnose", "--platform", row[0], "--as-of", as_of, "--reply", "--lang", lang]
    for option, value in zip(OPTIONS, row[1:], strict=True):
        if value:
            args += [option, "-".join(reversed(value.split("/"))) if "/" in value else value]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.rstrip("\n")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_row_gets_the_reply_diagnose_gives(run_cli, tmp_path, lang) -> None:
    path = tmp_path / "kasus.csv"
    path.write_text(csv_text(), encoding="utf-8")
    result = run_cli("batch", path, "--reply", "--as-of", "2021-04-06", "--lang", lang)
    assert result.exit_code == 1  # the bad row
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode()), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[-3:] == ["contact", "reply", "error"]  # the reply comes before `error`
    assert len(body) == len(ROWS)
    reply, error = header.index("reply"), header.index("error")
    for row, out in zip(ROWS[:-1], body[:-1], strict=True):
        assert out[error] == ""
        expected = diagnose_reply(run_cli, row, "2021-04-06", lang)
        assert out[reply].replace("\r\n", "\n") == expected
        assert "{" not in out[reply]
    assert body[-1][reply] == "" and "Tgl Selesai" in body[-1][error]


def test_jsonl_rows_carry_the_reply(run_cli, tmp_path) -> None:
    path = tmp_path / "kasus.csv"
    path.write_text(csv_text(), encoding="utf-8")
    result = run_cli("batch", path, "--reply", "--format", "jsonl", "--as-of", "2021-04-06")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(ROWS)
    assert lines[0]["reply"] == diagnose_reply(run_cli, ROWS[0], "2021-04-06", "id")
    assert "reply" not in lines[-1] and lines[-1]["error"]


def test_without_reply_there_is_no_reply_column(run_cli, tmp_path) -> None:
    path = tmp_path / "kasus.csv"
    path.write_text(csv_text(), encoding="utf-8")
    result = run_cli("batch", path, "--as-of", "2021-04-06")
    header = next(csv.reader(io.StringIO(result.stdout), delimiter=";"))
    assert "reply" not in header and header[-1] == "error"


NAMED_HEADER = "Nama Peserta;" + HEADER
NAMES = ["Budi Santoso", "  Sari   Wulandari ", "", "Agus"]


def named_csv() -> str:
    lines = [";".join((name, *row)) for name, row in zip(NAMES, ROWS, strict=True)]
    return NAMED_HEADER + "\n" + "\n".join(lines) + "\n"


def replies_of(result) -> list[str]:
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode()), delimiter=";"))
    column = rows[0].index("reply")
    return [row[column].replace("\r\n", "\n") for row in rows[1:]]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_name_column_mapped_to_name_greets_each_participant(run_cli, tmp_path, jobs) -> None:
    path = tmp_path / "kasus.csv"
    path.write_text(named_csv(), encoding="utf-8")
    args = (path, "--reply", "--as-of", "2021-04-06", "--jobs", jobs)
    result = run_cli("batch", *args, "--map", "Nama Peserta=name")
    assert result.exit_code == 1, result.stderr  # the bad row, as before
    got = replies_of(result)
    assert got[0].startswith("Halo Budi Santoso, terima kasih")
    assert got[1].startswith("Halo Sari Wulandari, terima kasih")
    assert got[2].startswith("Halo, terima kasih")  # an empty name: the plain greeting
    assert got[3] == ""  # the bad row has no reply
    # the same reply as diagnose --reply --name
    row = ROWS[0]
    expected = run_cli(
        "diagnose", "-p", row[0], "--institution-reported", "2021-03-05",
        "--platform-reported", "2021-03-08", "--as-of", "2021-04-06", "--reply",
        "--name", "Budi Santoso",
    )  # fmt: skip
    assert got[0] == expected.stdout.rstrip("\n")


def test_a_name_column_is_never_used_unless_mapped(run_cli, tmp_path) -> None:
    path = tmp_path / "kasus.csv"
    path.write_text(named_csv().replace("Nama Peserta", "name", 1), encoding="utf-8")
    result = run_cli("batch", path, "--reply", "--as-of", "2021-04-06")
    replies = replies_of(result)
    assert all(text.startswith("Halo, terima kasih") for text in replies[:3])
    assert not any("Budi" in text or "Sari" in text for text in replies)


def test_jsonl_replies_use_the_mapped_name_too(run_cli, tmp_path) -> None:
    path = tmp_path / "kasus.csv"
    path.write_text(named_csv(), encoding="utf-8")
    args = ("--format", "jsonl", "--map", "Nama Peserta=name", "--as-of", "2021-04-06")
    result = run_cli("batch", path, "--reply", *args, "--lang", "en")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["reply"].startswith("Hello Budi Santoso, and thank you")
