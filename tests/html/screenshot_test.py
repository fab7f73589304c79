#!/usr/bin/env python3
"""report.html as a browser shows it: `cusim run --report-dir` on the bundled scenarios, then
headless Chromium (Debian's `chromium`) renders the page twice, once as its DOM (--dump-dom)
and once as a 1280x2000 screenshot.

Checks:
- the DOM has one matrix row per scenario of report.json, in its order, a header label per fix,
  and a legend row per fix with its id and title (the titles hold <, & and quotes: a row only
  matches when the escaping round-trips); one details section per scenario with its title;
- the PNG is 1280x2000, not one colour, and shows the four outcome colours of the stylesheet
  (reports/html_report.cpp), so the inline CSS applied.

No network: a file:// page that fetches nothing, and Chromium with its background services off.
Without /usr/bin/chromium the test is skipped (exit 77, ctest's SKIP_RETURN_CODE), saying so.

usage: screenshot_test.py CUSIM_BINARY SOURCE_DIR WORK_DIR
"""
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

CHROMIUM = "/usr/bin/chromium"
SKIP = 77
WIDTH, HEIGHT = 1280, 2000
# The outcome backgrounds of reports/html_report.cpp's style sheet (--ok, --fail, --part, --inv).
OUTCOME_COLOURS = {"succeeds": (0xC6, 0xEC, 0xC8), "fails": (0xF7, 0xC6, 0xC0),
                   "partial": (0xFB, 0xE5, 0x9A), "invalid": (0xEB, 0xCD, 0xF2)}
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL:", message)


class Dom(html.parser.HTMLParser):
    """The parts of the page the test reads: matrix header and rows, legend rows, sections."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []          # (tag, attrs) of the open elements
        self.header = []         # texts of the matrix's header cells
        self.rows = []           # per matrix body row: its cells' texts
        self.legend = []         # per legend row: its cells' texts
        self.sections = []       # per details section: [h3 text]
        self.text = None         # the cell or heading being read

    def inside(self, tag, **attrs):
        return any(t == tag and all(a.get(k) == v for k, v in attrs.items()) for t, a in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("br", "meta", "img", "hr", "input", "link"):
            return
        self.stack.append((tag, attrs))
        if tag == "tr" and self.inside("table", id="matrix") and self.inside("tbody"):
            self.rows.append([])
        if tag == "tr" and self.inside("table", id="legend"):
            self.legend.append([])
        if tag == "section" and "scenario" in attrs.get("class", "").split():
            self.sections.append([])
        if tag in ("th", "td", "h3"):
            self.text = ""

    def handle_endtag(self, tag):
        if tag in ("th", "td", "h3") and self.text is not None:
            text = " ".join(self.text.split())
            if tag == "h3" and self.sections:
                self.sections[-1].append(text)
            elif self.inside("table", id="matrix") and self.inside("thead"):
                self.header.append(text)
            elif self.inside("table", id="matrix") and self.rows:
                self.rows[-1].append(text)
            elif self.inside("table", id="legend") and self.legend:
                self.legend[-1].append(text)
            self.text = None
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self.text is not None:
            self.text += data


def png_pixels(data):
    """(width, height, set of RGB colours) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError(f"unexpected PNG format: depth {depth}, colour type {colour}, interlace {interlace}")
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    prev = bytearray(stride)
    colours = set()
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 0xFF
            elif f == 2:
                line[i] = (line[i] + b) & 0xFF
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        for x in range(0, stride, bpp):
            colours.add(bytes(line[x:x + 3]))
        prev = line
    return width, height, colours


def chromium(args, profile, timeout=120):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}"] + args
    return subprocess.run(cmd, capture_output=True, timeout=timeout, text=True)


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    cusim, source, work = sys.argv[1:]
    if not os.access(CHROMIUM, os.X_OK):
        print(f"SKIP: {CHROMIUM} is not installed (Debian's chromium package: apt-get install chromium, "
              "or scripts/install-deps --test); report.html was not rendered")
        return SKIP
    shutil.rmtree(work, ignore_errors=True)
    reports = os.path.join(work, "reports")
    os.makedirs(reports)
    run = subprocess.run([cusim, "run", "--report-dir", reports], cwd=source, capture_output=True, text=True, timeout=300)
    check(run.returncode == 0, f"cusim run exited {run.returncode}: {run.stderr}")
    page = os.path.join(reports, "report.html")
    report = json.load(open(os.path.join(reports, "report.json"), encoding="utf-8"))
    scenarios = report["scenarios"]
    fixes = {}
    for s in scenarios:
        for f in s["fixes"]:
            fixes[f["id"]] = f["title"]
    url = "file://" + os.path.abspath(page)

    with tempfile.TemporaryDirectory(dir=work) as profile:
        dom = chromium(["--dump-dom", url], profile)
    check(dom.returncode == 0, f"chromium --dump-dom exited {dom.returncode}: {dom.stderr[-2000:]}")
    parsed = Dom()
    parsed.feed(dom.stdout)
    ids = [s["id"] for s in scenarios]
    check([r[0] if r else "" for r in parsed.rows] == ids,
          f"matrix rows {[r[0] for r in parsed.rows if r]} are not the scenarios {ids}")
    check(all(len(r) == 2 + len(fixes) for r in parsed.rows), "a matrix row does not have a cell per fix")
    check(parsed.header[:2] == ["scenario", "baseline"], f"matrix header starts {parsed.header[:2]}")
    labels = parsed.header[2:]
    check(len(labels) == len(fixes) and len(set(labels)) == len(labels), f"header labels {labels} for {len(fixes)} fixes")
    # The fix columns are in catalogue order (by id).
    check([r[1] for r in parsed.legend] == sorted(fixes), f"legend ids {[r[1] for r in parsed.legend]} are not {sorted(fixes)}")
    check([r[0] for r in parsed.legend] == labels, "legend labels are not the header's")
    for row in parsed.legend:
        check(len(row) == 3 and fixes.get(row[1]) == row[2], f"legend row {row} does not give the fix's title")
    titles = [f"{s['id']} {' '.join(s['title'].split())}" for s in scenarios]
    check([sec[0] for sec in parsed.sections] == titles, "details sections are not one per scenario with its title")
    check(any("<" in t or "&" in t or '"' in t for t in fixes.values()), "no fix title holds <, & or a quote: the check above proves no escaping")

    shot = os.path.join(work, "report.png")
    with tempfile.TemporaryDirectory(dir=work) as profile:
        r = chromium([f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", url], profile)
    check(r.returncode == 0 and os.path.exists(shot), f"chromium --screenshot exited {r.returncode}: {r.stderr[-2000:]}")
    if os.path.exists(shot):
        width, height, colours = png_pixels(open(shot, "rb").read())
        check((width, height) == (WIDTH, HEIGHT), f"screenshot is {width}x{height}, not {WIDTH}x{HEIGHT}")
        check(len(colours) > 16, f"screenshot has {len(colours)} colours")
        for outcome, rgb in OUTCOME_COLOURS.items():
            check(bytes(rgb) in colours, f"no {outcome} cell colour #{bytes(rgb).hex()} in the screenshot")
        print(f"screenshot {shot}: {width}x{height}, {len(colours)} colours")
    print(f"{len(parsed.rows)} matrix rows, {len(labels)} fix columns, {len(parsed.legend)} legend rows, "
          f"{len(parsed.sections)} scenario sections")
    if failures:
        print(f"{len(failures)} checks failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
