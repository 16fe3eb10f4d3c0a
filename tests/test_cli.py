"""The `ponte` command itself: what any of its subcommands meets on a plain terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_a_terminal_that_shows_only_ascii_gets_escapes_not_a_traceback() -> None:
    ponte = Path(sys.executable).with_name("ponte")
    done = subprocess.run(
        [str(ponte), "shell", "--no-imports", "-c", "print('Università di Milano → città')"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "LANG": "C", "PYTHONIOENCODING": "ascii"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Universit\\xe0 di Milano \\u2192 citt\\xe0\n"


def test_a_new_data_directory_is_created_for_the_embedded_database(tmp_path: Path) -> None:
    ponte = Path(sys.executable).with_name("ponte")
    data = tmp_path / "nowhere" / "yet"
    done = subprocess.run(
        [str(ponte), "migrate", "--noinput", "--verbosity", "0"],
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "PONTE_DATA_DIR": str(data)},
    )
    assert done.returncode == 0, done.stderr
    assert (data / "ponte.sqlite3").is_file()


def test_a_missing_production_setting_is_one_line_not_a_traceback() -> None:
    ponte = Path(sys.executable).with_name("ponte")
    done = subprocess.run(
        [str(ponte), "load_demo"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "DEBUG": "false"},
    )
    assert done.returncode == 2
    assert (
        done.stderr.startswith("ponte: SECRET_KEY must be set") and "Traceback" not in done.stderr
    )
