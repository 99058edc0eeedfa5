"""The README's screenshots come from scripts/screenshots.py; this runs its main() against the suite's demo
server and Chromium, so a page it shows that breaks, logs an error or is refused by the CSP fails here, and
every PNG it writes is checked to be a whole, valid image 1280 px wide and small enough for a README."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from scripts.screenshots import HEIGHT, MAX_BYTES, TARGETS, WIDTH, main

from tests.factories.demo_cache import DEMO_60, demo_workspace

pytestmark = pytest.mark.e2e
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # PNG colour type -> samples per pixel


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG whose every chunk's CRC holds and whose pixel rows all decompress."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG signature"
    at, chunks, idat = 8, [], b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        chunks.append(kind)
        idat += body if kind == b"IDAT" else b""
        at += 12 + length
    assert chunks[0] == b"IHDR" and chunks[-1] == b"IEND", chunks
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    row = 1 + (width * CHANNELS[colour] * depth + 7) // 8  # a filter byte, then the samples
    assert len(zlib.decompress(idat)) == height * row, "pixel data cut short"
    return width, height


@pytest.mark.timeout(900)  # seven pages, and the first demo build when no earlier test made it
def test_readme_screenshots_script_captures_every_page(
    chromium: Any, server_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_workspace(DEMO_60)
    status = main(["--url", server_url, "--out", str(tmp_path)], browser=chromium)
    printed = capsys.readouterr().out
    assert status == 0, printed  # every problem (console error, CSP refusal, failed request) is printed
    assert "problem" not in printed
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{t.name}.png" for t in TARGETS)
    for target in TARGETS:
        data = (tmp_path / f"{target.name}.png").read_bytes()
        assert png_size(data) == (WIDTH, HEIGHT), target.name
        assert len(data) <= MAX_BYTES, (target.name, len(data))
