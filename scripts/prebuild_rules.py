"""Write the pre-built bundled rules (src/sertifikat_cek/rules/prebuilt.json, or OUTPUT) from rules/.

The file is a cache: at run time it is used only while the size and CRC-32 of every rule file and
of every module that read them match its key; otherwise the YAML is read as always. The wheel
build makes it (hatch_build.py); in a checkout, run this after editing a rule or its reader to
measure start-up as a user gets it:  python scripts/prebuild_rules.py [OUTPUT]
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# this tree's src/ first, set here: pip's isolated build environment takes off sys.path every
# folder that a .pth file of the installing environment adds (an editable install's src/ too)
sys.path.insert(0, str(ROOT / "src"))

from sertifikat_cek.rules import prebuilt  # noqa: E402

target = Path(sys.argv[1]) if len(sys.argv) > 1 else prebuilt.FILE
target.write_text(prebuilt.build(ROOT / "rules"), encoding="utf-8")
print(f"wrote {target}")
