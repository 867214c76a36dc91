"""sertifikat-cek: tells which link of the Kartu Prakerja certificate chain is stuck."""

__version__ = "0.1.0"
