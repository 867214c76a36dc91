"""Hatch build hook: every wheel carries the pre-built bundled rules (src/sertifikat_cek/rules/prebuilt.py).

For a wheel, scripts/prebuild_rules.py reads and checks rules/ with this tree's src/ (PyYAML is
the hook's build dependency, installed by the build frontend like hatchling itself) and its file
is added to the wheel as sertifikat_cek/rules/prebuilt.json; a problem in the rules fails the
build. For an editable install (`pip install -e .`) the file is written into src/, where git
ignores it, and a problem is only a warning. Either way the tool uses the file only while it
matches the rules and the code it was made from, and reads the YAML otherwise."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TARGET = "sertifikat_cek/rules/prebuilt.json"


class PrebuiltRulesHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        root = Path(self.root)
        editable = version == "editable"
        if editable:
            output = root / "src" / TARGET
        else:
            self._folder = tempfile.mkdtemp(prefix="sertifikat-cek-prebuilt-")
            output = Path(self._folder) / "prebuilt.json"
        # src/ first, and the build environment's own path after it (pip's isolated build
        # reaches its requirements, PyYAML among them, through PYTHONPATH)
        paths = [str(root / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
        env.pop("SERTIFIKAT_CEK_RULES_DIR", None)
        done = subprocess.run(
            [sys.executable, str(root / "scripts" / "prebuild_rules.py"), str(output)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            message = f"cannot pre-build the bundled rules:\n{done.stderr.strip()}"
            if not editable:
                raise RuntimeError(message)
            self.app.display_warning(f"{message}\n(the tool will read the YAML rules instead)")
            return
        if not editable:
            build_data["force_include"][str(output)] = TARGET

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
