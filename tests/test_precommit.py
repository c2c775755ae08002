"""The pre-commit hook, run by the real pre-commit against this checkout's committed HEAD.

pre-commit clones the repository at ``rev`` and installs it (and mtcheck's dependencies) into its
own virtualenv, which needs the package registries and takes minutes: the test is marked slow
(``pytest -m "not slow"`` skips it); CI runs it.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _git(*args, cwd, env=None):
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(scope="module")
def head_sha():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of mtcheck")
    if "mtcheck" not in _git("show", "HEAD:.pre-commit-hooks.yaml", cwd=ROOT):
        pytest.fail(".pre-commit-hooks.yaml is not committed at HEAD")
    return _git("rev-parse", "HEAD", cwd=ROOT)


def test_hook_fails_on_spun_file_and_passes_on_clean_one(tmp_path, head_sha, seed):
    repo = tmp_path / "writer-repo"
    repo.mkdir()
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    env.pop("PYTHONPATH", None)
    _git("init", "-q", cwd=repo, env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {ROOT.as_posix()}\n"
        f"    rev: {head_sha}\n"
        "    hooks:\n"
        "      - id: mtcheck\n", encoding="utf-8")
    clean = repo / "clean.md"
    spun = repo / "spun.txt"
    clean.write_text(seed("001"), encoding="utf-8")
    spun.write_text(seed("004"), encoding="utf-8")
    before = {p: p.read_bytes() for p in (clean, spun)}
    _git("add", ".pre-commit-config.yaml", "clean.md", "spun.txt", cwd=repo, env=env)

    def run(*files):
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--files", *files],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=1800)

    ok = run("clean.md")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Passed" in ok.stdout

    bad = run("spun.txt")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "spun.txt: spun" in bad.stdout and "MT1" in bad.stdout
    assert "files were modified" not in bad.stdout  # the hook only reads

    both = run("clean.md", "spun.txt")
    assert both.returncode == 1
    assert {p: p.read_bytes() for p in (clean, spun)} == before
