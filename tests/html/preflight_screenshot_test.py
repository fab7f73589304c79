#!/usr/bin/env python3
"""preflight.html as a browser shows it, rendered by headless Chromium (Debian's `chromium`) as
screenshot_test.py renders report.html (its PNG reader and Chromium flags are reused).

1. `cusim preflight scenarios/seed scenarios/forum tests/import/ex01-collector --report-dir`: the
   DOM (--dump-dom) has one table row per server of preflight.json, in its order, each with the
   server's id, its verdict (completes / partial / fails) in a cell coloured by it, its failing
   step, bomb days and best fix; one section per server, each with one drawing (svg.https) holding
   a box per IIS https binding, per http.sys endpoint and per certificate of preflight.json, each
   certificate box's class its validity, a missing one's "c-missing".
2. A fleet of four chosen to show every colour (a CU that fails on an expired certificate, one
   whose certificate expires within 60 days, a missing certificate, an import with a stale
   binding): a 1280x2000 screenshot shows the three verdict backgrounds and the red, amber and
   green validity bars, so the inline CSS applied to the table and the SVG.

No network: a file:// page that fetches nothing, and Chromium with its background services off.
Without /usr/bin/chromium the test is skipped (exit 77, ctest's SKIP_RETURN_CODE), saying so.

usage: preflight_screenshot_test.py CUSIM_BINARY SOURCE_DIR WORK_DIR
"""
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from screenshot_test import CHROMIUM, SKIP, check, chromium, failures, png_pixels  # noqa: E402

WIDTH, HEIGHT = 1280, 2000
# reports/preflight_files.cpp's style sheet: the verdict backgrounds (--ok, --part, --fail) and
# the validity bars.
VERDICT_COLOURS = {"completes": (0xC6, 0xEC, 0xC8), "partial": (0xFB, 0xE5, 0x9A), "fails": (0xF7, 0xC6, 0xC0)}
BAR_COLOURS = {"valid": (0x5B, 0xB8, 0x70), "expiring": (0xE0, 0xB0, 0x20), "expired": (0xD9, 0x53, 0x4F)}
COLOUR_FLEET = ["scenarios/seed/expired-iis-cert.json", "scenarios/forum/blackmarble-hybrid-12014-tlscertificatename.json",
                "scenarios/forum/css1448-serialization-signing-expired-auth.json",
                "scenarios/seed/self-signed-missing.json", "tests/import/ex01-collector"]


class Dom(html.parser.HTMLParser):
    """The fleet table's rows (cell texts and the verdict cell's class) and, per server section,
    its heading and the classes of the drawing's boxes by column."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.rows = []        # [(cell texts, verdict cell class)]
        self.sections = []    # [{"h3": text, "svgs": n, "rects": [(x, class)]}]
        self.text = None
        self.verdict_class = None

    def inside(self, tag, **attrs):
        return any(t == tag and all(a.get(k) == v for k, v in attrs.items()) for t, a in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("br", "meta", "img", "hr", "input", "link", "rect", "path", "line"):
            if tag == "rect" and self.sections and self.inside("svg"):
                self.sections[-1]["rects"].append((int(attrs.get("x", "0")), attrs.get("class", "")))
            return
        self.stack.append((tag, attrs))
        if tag == "tr" and self.inside("table", id="fleet") and self.inside("tbody"):
            self.rows.append([[], None])
        if tag == "section" and "server" in attrs.get("class", "").split():
            self.sections.append({"h3": "", "svgs": 0, "rects": []})
        if tag == "svg" and self.sections and "https" in attrs.get("class", "").split():
            self.sections[-1]["svgs"] += 1
        if tag in ("th", "td", "h3"):
            self.text = ""
            if tag == "td" and self.rows and self.inside("table", id="fleet") and "v" in attrs.get("class", "").split():
                self.rows[-1][1] = attrs.get("class")

    def handle_endtag(self, tag):
        if tag in ("th", "td", "h3") and self.text is not None:
            text = " ".join(self.text.split())
            if tag == "h3" and self.sections:
                self.sections[-1]["h3"] = text
            elif self.inside("table", id="fleet") and self.inside("tbody") and self.rows:
                self.rows[-1][0].append(text)
            self.text = None
        # The SVG's shapes are not on the stack (Chromium serializes them as <rect ...></rect>):
        # an end tag of an element not open closes nothing.
        if all(t != tag for t, _ in self.stack):
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self.text is not None:
            self.text += data


def preflight(cusim, source, paths, reports):
    os.makedirs(reports)
    run = subprocess.run([cusim, "preflight", *paths, "--report-dir", reports], cwd=source, capture_output=True, text=True,
                         timeout=600)
    # Exit 1: the CU fails on some server, as these fleets have it.
    check(run.returncode == 1, f"cusim preflight exited {run.returncode}: {run.stderr}")
    check(run.stderr == "", f"cusim preflight wrote to stderr (progress is for a terminal only): {run.stderr[:200]}")
    return json.load(open(os.path.join(reports, "preflight.json"), encoding="utf-8"))["servers"], \
        "file://" + os.path.abspath(os.path.join(reports, "preflight.html"))


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    cusim, source, work = sys.argv[1:]
    if not os.access(CHROMIUM, os.X_OK):
        print(f"SKIP: {CHROMIUM} is not installed (Debian's chromium package: apt-get install chromium, "
              "or scripts/install-deps --test); preflight.html was not rendered")
        return SKIP
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    servers, url = preflight(cusim, source, ["scenarios/seed", "scenarios/forum", "tests/import/ex01-collector"],
                             os.path.join(work, "fleet"))
    with tempfile.TemporaryDirectory(dir=work) as profile:
        dom = chromium(["--dump-dom", url], profile)
    check(dom.returncode == 0, f"chromium --dump-dom exited {dom.returncode}: {dom.stderr[-2000:]}")
    parsed = Dom()
    parsed.feed(dom.stdout)
    check([r[0][0] if r[0] else "" for r in parsed.rows] == [s["id"] for s in servers],
          f"table rows {[r[0][:1] for r in parsed.rows]} are not the servers of preflight.json")
    verdicts = {s["verdict"] for s in servers}
    check(verdicts == {"completes", "partial", "fails"}, f"the fleet shows only the verdicts {verdicts}")
    for (cells, cls), s in zip(parsed.rows, servers):
        bomb = str(s["time_bomb"]["days"]) if s["time_bomb"] else "-"
        fix = s["best_fix"]["id"] if s["best_fix"] else "-"
        want = [s["id"], f"{s['version']} {s['build']}", s["verdict"], s["failing_step"] or "-", bomb, fix]
        check(cells == want, f"row {cells} is not {want}")
        check(cls == f"v v-{s['verdict']}", f"{s['id']}: verdict cell class {cls}")
    check(len(parsed.sections) == len(servers), f"{len(parsed.sections)} sections for {len(servers)} servers")
    missing_seen = False
    for sec, s in zip(parsed.sections, servers):
        check(sec["h3"].startswith(s["id"] + " ") and sec["h3"].endswith(s["verdict"]), f"section heading {sec['h3']!r} for {s['id']}")
        https = s["https"]
        if not https["bindings"] and not https["endpoints"]:
            check(sec["svgs"] == 0, f"{s['id']}: a drawing without a binding")
            continue
        check(sec["svgs"] == 1, f"{s['id']}: {sec['svgs']} drawings")
        columns = {}
        for x, cls in sec["rects"]:
            if cls in ("track",) or cls.startswith("bar-"):
                continue
            columns.setdefault(x, []).append(cls)
        xs = sorted(columns)
        check(len(xs) == 3, f"{s['id']}: boxes in {len(xs)} columns")
        if len(xs) != 3:
            continue
        check(len(columns[xs[0]]) == len(https["bindings"]), f"{s['id']}: {len(columns[xs[0]])} binding boxes")
        served = {b["endpoint"] for b in https["bindings"] if not b["served"]}
        check(len(columns[xs[1]]) == len(https["endpoints"]) + len(served), f"{s['id']}: {len(columns[xs[1]])} endpoint boxes")
        want = ["c-" + c["validity"].replace(" ", "-") for c in https["certificates"]]
        absent = {(e["thumbprint"], e["store"]) for e in https["endpoints"] if not e["found"]}
        want += ["c-missing"] * len(absent)
        missing_seen = missing_seen or bool(absent)
        check(columns[xs[2]] == want, f"{s['id']}: certificate boxes {columns[xs[2]]}, not {want}")
    check(missing_seen, "no server of the fleet draws a missing certificate: the check above proves nothing of it")

    _, url = preflight(cusim, source, COLOUR_FLEET, os.path.join(work, "colours"))
    shot = os.path.join(work, "preflight.png")
    with tempfile.TemporaryDirectory(dir=work) as profile:
        r = chromium([f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", url], profile)
    check(r.returncode == 0 and os.path.exists(shot), f"chromium --screenshot exited {r.returncode}: {r.stderr[-2000:]}")
    if os.path.exists(shot):
        width, height, colours = png_pixels(open(shot, "rb").read())
        check((width, height) == (WIDTH, HEIGHT), f"screenshot is {width}x{height}, not {WIDTH}x{HEIGHT}")
        for name, rgb in list(VERDICT_COLOURS.items()) + list(BAR_COLOURS.items()):
            check(bytes(rgb) in colours, f"no {name} colour #{bytes(rgb).hex()} in the screenshot")
        print(f"screenshot {shot}: {width}x{height}, {len(colours)} colours")
    print(f"{len(parsed.rows)} rows, {len(parsed.sections)} server sections")
    if failures:
        print(f"{len(failures)} checks failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
