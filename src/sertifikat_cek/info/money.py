"""Amounts of money written the Indonesian way: Rp600.000 (dots between thousands, no decimals)."""

from __future__ import annotations


def format_rupiah(amount: int) -> str:
    """Rp600.000 for 600000; Rp0 for 0; -Rp50.000 for -50000. Whole Rupiah only."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"an amount of Rupiah is a whole number, not {amount!r}")
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")
