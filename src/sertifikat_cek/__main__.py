"""Entry point for `python -m sertifikat_cek`."""

from sertifikat_cek.cli import main

main()
