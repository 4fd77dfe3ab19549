"""The pre-commit hook and the example workflow run real commands that work."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SPUN_TEXT = "The Unfamiliar Clergyman spoke at the Unified Countries about the Virus War.\n"


def _run_entry(entry: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(entry)
    assert words[0] == "detector"
    command = [sys.executable, "-m", "detector", *words[1:], *map(str, paths)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_pre_commit_hook_fails_on_spun_and_passes_clean(tmp_path: Path) -> None:
    import re

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "detector-check" and hook["language"] == "python"
    assert re.search(hook["files"], "posts/story.md") and not re.search(hook["files"], "src/main.py")
    spun = tmp_path / "spun.md"
    spun.write_text(SPUN_TEXT, encoding="utf-8")
    clean = ROOT / "data" / "samples" / "clean_news.txt"
    assert _run_entry(hook["entry"], spun).returncode == 1
    passed = _run_entry(hook["entry"], clean)
    assert passed.returncode == 0, passed.stderr


def test_example_workflow_command_is_valid(tmp_path: Path) -> None:
    workflow = yaml.safe_load((ROOT / "docs" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    [command] = [step["run"] for step in steps if step.get("run", "").startswith("detector ")]
    content = tmp_path / "content"
    content.mkdir()
    (content / "post.md").write_text(SPUN_TEXT, encoding="utf-8")
    (tmp_path / ".detector-allow.txt").write_text("Virus War\n", encoding="utf-8")
    words = shlex.split(command)
    result = subprocess.run(
        [sys.executable, "-m", "detector", *words[1:]],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert "::warning file=content/post.md,line=1,col=5," in result.stdout
    assert "Virus War" not in {line.split("'")[1] for line in result.stdout.splitlines() if "::warning" in line}
