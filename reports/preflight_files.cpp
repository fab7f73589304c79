#include "reports/preflight_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <ostream>

#include "reports/html_text.hpp"
#include "reports/json_writer.hpp"

namespace cusim {

// Named, not anonymous: the reports layer is compiled as unity files, where html_report.cpp's
// own helpers (esc, anchor, style_sheet) would meet these.
namespace preflight_page {

std::string anchor(const std::string& id) {
    std::string out = "s-";
    for (unsigned char c : id) out += std::isalnum(c) || c == '-' || c == '_' || c == '.' ? char(c) : '_';
    return out;
}

// A text cut to `n` characters (the SVG cannot wrap or measure text); the whole text is in
// the box's tooltip. Cut at a UTF-8 character's start.
std::string cut(const std::string& s, size_t n) {
    if (s.size() <= n) return s;
    size_t end = n - 1;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return s.substr(0, end) + "\u2026";
}

std::string date(SimTime t) { return format_iso(t).substr(0, 10); }

// The verdict and validity colours. tests/html/preflight_screenshot_test.py looks for these
// backgrounds in the rendered page: change both together. The first three are report.html's.
const char* const style_sheet = R"(
:root { --ok: #c6ecc8; --ok-ink: #14532d; --fail: #f7c6c0; --fail-ink: #7f1d1d;
        --part: #fbe59a; --part-ink: #713f12; --line: #d4d8de; }
* { box-sizing: border-box; }
body { margin: 0; padding: 20px 24px 48px; font: 14px/1.45 "DejaVu Sans", "Segoe UI", Arial, sans-serif;
       color: #1f2328; background: #f6f7f9; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
code, .mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12.5px; }
a { color: #0b5cad; text-decoration: none; }
a:hover { text-decoration: underline; }
.lead { margin: 0 0 14px; color: #57606a; }
.summary { font-weight: 600; margin: 12px 0 0; }
.wrap { display: inline-block; max-width: 100%; overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
table.fleet { border-collapse: collapse; font-size: 12.5px; }
.fleet th, .fleet td { padding: 3px 8px; border-bottom: 1px solid #eceef1; text-align: left; white-space: nowrap; }
.fleet thead th { position: sticky; top: 0; background: #eef1f4; border-bottom: 1px solid var(--line); }
.fleet td.days { text-align: right; }
.v { font-weight: 600; }
.v-completes { background: var(--ok); color: var(--ok-ink); }
.v-fails { background: var(--fail); color: var(--fail-ink); }
.v-partial { background: var(--part); color: var(--part-ink); }
.badge { display: inline-block; min-width: 76px; padding: 0 6px; text-align: center; border-radius: 10px; font-size: 12px; }
section.server { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 0 0 14px; }
section.server h3 { margin: 0; font-size: 15px; }
section.server h3 .what { font-weight: 400; color: #444c56; }
.meta { margin: 2px 0 8px; color: #57606a; font-size: 12.5px; overflow-wrap: anywhere; }
.verdict { margin: 4px 0; overflow-wrap: anywhere; }
ul.fix { margin: 2px 0 8px; padding-left: 18px; font-size: 12.5px; }
svg.https { display: block; margin: 6px 0 0; }
svg.https text { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 12px; fill: #1f2328; }
svg.https text.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 10.5px; }
svg.https text.head { font-weight: 600; fill: #57606a; }
svg.https text.b { font-weight: 600; }
svg.https rect.box { fill: #f3f6fa; stroke: #9aa4ae; }
svg.https rect.gone { fill: #fff; stroke: #9aa4ae; stroke-dasharray: 5 3; }
svg.https rect.c-valid { fill: var(--ok); stroke: #5bb870; }
svg.https rect.c-expiring { fill: var(--part); stroke: #e0b020; }
svg.https rect.c-expired, svg.https rect.c-not-yet-valid { fill: var(--fail); stroke: #d9534f; }
svg.https rect.c-missing { fill: #fff; stroke: #d9534f; stroke-width: 2; stroke-dasharray: 6 3; }
svg.https rect.track { fill: #fff; stroke: #b0b6bd; }
svg.https rect.bar-valid { fill: #5bb870; } svg.https rect.bar-expiring { fill: #e0b020; }
svg.https rect.bar-expired, svg.https rect.bar-not-yet-valid { fill: #d9534f; }
svg.https path.link { fill: none; stroke: #57606a; stroke-width: 1.5; }
svg.https path.broken { fill: none; stroke: #d9534f; stroke-width: 1.5; stroke-dasharray: 4 3; }
svg.https line.clock { stroke: #1f2328; stroke-width: 1.5; stroke-dasharray: 3 2; }
)";

// The drawing's columns: IIS bindings, http.sys endpoints, certificates.
constexpr int col_x[3] = {8, 306, 610};
constexpr int col_w[3] = {264, 272, 520};
constexpr int top = 28, row_h = 58, gap = 10, svg_w = 1138;

int row_y(size_t i) { return top + int(i) * (row_h + gap); }

std::string link(int from_col, size_t from_row, size_t to_row, bool broken) {
    int x1 = col_x[from_col] + col_w[from_col], y1 = row_y(from_row) + row_h / 2;
    int x2 = col_x[from_col + 1], y2 = row_y(to_row) + row_h / 2;
    int mid = (x1 + x2) / 2;
    return fmt::format("<path class=\"{}\" d=\"M{} {} C{} {} {} {} {} {}\"/>\n", broken ? "broken" : "link", x1, y1, mid, y1, mid, y2, x2, y2);
}

// The https of one server as an SVG: a box per IIS https binding, per http.sys endpoint and per
// certificate an endpoint names, linked left to right. A certificate's box is coloured by its
// validity at the server's clock and holds its validity drawn on one time axis for the whole
// server, the clock a dashed line across them; a certificate an endpoint names but its store
// does not hold is a dashed "missing" box, an IIS binding http.sys has no endpoint for links to
// a dashed endpoint.
std::string diagram(const PreflightResult& r) {
    const HttpsLayout& l = r.layout;
    if (l.bindings.empty() && l.endpoints.empty()) return "<p class=\"meta\">No https binding in IIS and no http.sys endpoint.</p>\n";
    // The endpoint column: netsh's endpoints, then each endpoint an IIS binding needs that
    // http.sys lacks.
    std::vector<std::string> endpoint_names;
    for (auto& e : l.endpoints) endpoint_names.push_back(e.ip_port);
    size_t real_endpoints = endpoint_names.size();
    auto endpoint_row = [&](const std::string& ip_port) {
        auto it = std::find(endpoint_names.begin(), endpoint_names.end(), ip_port);
        if (it != endpoint_names.end()) return size_t(it - endpoint_names.begin());
        endpoint_names.push_back(ip_port);
        return endpoint_names.size() - 1;
    };
    std::vector<size_t> binding_to(l.bindings.size());
    for (size_t i = 0; i < l.bindings.size(); ++i) binding_to[i] = endpoint_row(l.bindings[i].endpoint);
    // The certificate column: the certificates, then one missing box per thumbprint and store
    // named but not held.
    struct Missing {
        std::string thumbprint, store, elsewhere;
    };
    std::vector<Missing> missing;
    std::vector<size_t> endpoint_to(l.endpoints.size());
    for (size_t i = 0; i < l.endpoints.size(); ++i) {
        auto& e = l.endpoints[i];
        if (e.certificate >= 0) {
            endpoint_to[i] = size_t(e.certificate);
            continue;
        }
        auto it = std::find_if(missing.begin(), missing.end(), [&](auto& m) { return m.thumbprint == e.thumbprint && m.store == e.store; });
        if (it == missing.end()) {
            missing.push_back({e.thumbprint, e.store, e.elsewhere});
            it = missing.end() - 1;
        }
        endpoint_to[i] = l.certificates.size() + size_t(it - missing.begin());
    }
    size_t rows = std::max({l.bindings.size(), endpoint_names.size(), l.certificates.size() + missing.size(), size_t(1)});
    int height = row_y(rows) + 6;
    std::string out = fmt::format(
        "<svg class=\"https\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" "
        "aria-label=\"IIS https bindings, http.sys endpoints and their certificates\">\n",
        svg_w, height);
    out += fmt::format("<text class=\"head\" x=\"{}\" y=\"16\">IIS https bindings</text><text class=\"head\" x=\"{}\" y=\"16\">http.sys "
                       "endpoints (IP:port \u2192 thumbprint)</text><text class=\"head\" x=\"{}\" y=\"16\">certificates at the server's "
                       "clock, {}</text>\n",
                       col_x[0], col_x[1], col_x[2], html_escape(format_iso(r.clock)));
    for (size_t i = 0; i < l.bindings.size(); ++i) out += link(0, i, binding_to[i], !l.bindings[i].served);
    for (size_t i = 0; i < l.endpoints.size(); ++i) out += link(1, i, endpoint_to[i], l.endpoints[i].certificate < 0);

    auto box = [&](int col, size_t row, const std::string& cls, const std::string& tip, const std::string& line1, bool line1_mono,
                   const std::string& line2, bool line2_mono) {
        int x = col_x[col], y = row_y(row);
        std::string g = fmt::format("<g><title>{}</title><rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"5\"/>", html_escape(tip),
                                    cls, x, y, col_w[col], row_h);
        g += fmt::format("<text class=\"b{}\" x=\"{}\" y=\"{}\">{}</text>", line1_mono ? " mono" : "", x + 8, y + 18, html_escape(line1));
        if (!line2.empty())
            g += fmt::format("<text{} x=\"{}\" y=\"{}\">{}</text>", line2_mono ? " class=\"mono\"" : "", x + 8, y + 36, html_escape(line2));
        return g;
    };
    for (size_t i = 0; i < l.bindings.size(); ++i) {
        auto& b = l.bindings[i];
        out += box(0, i, "box", b.site + " https " + b.binding_information + " (http.sys " + b.endpoint + ")", cut(b.site, 36), false,
                   "https " + cut(b.binding_information, 34), true) +
               "</g>\n";
    }
    for (size_t i = 0; i < endpoint_names.size(); ++i) {
        if (i < real_endpoints) {
            auto& e = l.endpoints[i];
            out += box(1, i, "box", e.ip_port + " \u2192 " + e.thumbprint + " in store " + e.store, cut(e.ip_port, 34), true,
                       "\u2192 " + e.thumbprint, true) +
                   "</g>\n";
        } else {
            out += box(1, i, "gone", endpoint_names[i] + ": IIS binds it, http.sys has no binding for it", cut(endpoint_names[i], 34), true,
                       "no http.sys binding", false) +
                   "</g>\n";
        }
    }
    // One time axis for the server: from the earliest start to the latest end, the clock included.
    long long t0 = to_time_t(r.clock), t1 = t0;
    for (auto& c : l.certificates) {
        t0 = std::min(t0, to_time_t(c.not_before));
        t1 = std::max(t1, to_time_t(c.not_after));
    }
    const int bar_x = col_x[2] + 8, bar_w = col_w[2] - 16;
    auto at = [&](long long t) { return t1 == t0 ? bar_x : bar_x + int((double(t - t0) / double(t1 - t0)) * bar_w); };
    for (size_t i = 0; i < l.certificates.size(); ++i) {
        auto& c = l.certificates[i];
        std::string v = to_string(c.validity);
        std::string cls = v == "not yet valid" ? "not-yet-valid" : v;
        std::string state = c.validity == Validity::expired         ? fmt::format("expired {} days ago ({})", -c.days_left, date(c.not_after))
                            : c.validity == Validity::not_yet_valid ? fmt::format("not valid before {}", date(c.not_before))
                                                                    : fmt::format("expires in {} days ({})", c.days_left, date(c.not_after));
        std::string name = c.friendly_name.empty() ? c.subject : c.subject + " (" + c.friendly_name + ")";
        std::string tip = fmt::format("{}\n{} in store {}\nvalid from {} to {}: {}", name, c.thumbprint, c.store, format_iso(c.not_before),
                                      format_iso(c.not_after), state);
        int y = row_y(i);
        out += box(2, i, "c-" + cls, tip, cut(name, 68), false, "", false);
        out += fmt::format("<text class=\"mono\" x=\"{}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\">{}</text>", col_x[2] + 8, y + 33,
                           c.thumbprint, col_x[2] + 272, y + 33, html_escape(state));
        int x1 = at(to_time_t(c.not_before)), x2 = std::max(at(to_time_t(c.not_after)), x1 + 2);
        out += fmt::format("<rect class=\"track\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"9\"/><rect class=\"bar-{}\" x=\"{}\" y=\"{}\" "
                           "width=\"{}\" height=\"9\"/></g>\n",
                           bar_x, y + 41, bar_w, cls, x1, y + 41, x2 - x1);
    }
    for (size_t i = 0; i < missing.size(); ++i) {
        auto& m = missing[i];
        std::string where = m.elsewhere.empty() ? "in no store" : "in " + m.elsewhere + ", not in " + m.store;
        out += box(2, l.certificates.size() + i, "c-missing", m.thumbprint + ": missing (" + where + ")",
                   "missing certificate (" + where + ")", false, m.thumbprint, true) +
               "</g>\n";
    }
    if (!l.certificates.empty()) {
        int x = at(to_time_t(r.clock));
        out += fmt::format("<line class=\"clock\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"><title>the server's clock, {3}</title></line>\n",
                           x, row_y(0) + 38, row_y(l.certificates.size() - 1) + row_h, html_escape(format_iso(r.clock)));
    }
    return out + "</svg>\n";
}

}  // namespace preflight_page

PreflightReportStream::PreflightReportStream(Sinks sinks) : sinks_(sinks) {
    if (sinks_.json) *sinks_.json << "{\n  \"format\": \"cusim-preflight/1\",\n  \"servers\": [";
    if (sinks_.html) {
        if (!sinks_.html_spool) {
            own_spool_ = std::make_unique<std::stringstream>();
            sinks_.html_spool = own_spool_.get();
        }
        *sinks_.html << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<title>cusim preflight</title>\n<style>"
                     << preflight_page::style_sheet
                     << "</style>\n</head>\n<body>\n<h1>cusim preflight</h1>\n"
                        "<p class=\"lead\">The CU predicted on each server before it runs, at the server's own clock. "
                        "<span class=\"badge v-completes\">completes</span> <span class=\"badge v-partial\">partial</span> "
                        "(completes, but health checks fail after it) <span class=\"badge v-fails\">fails</span>; "
                        "bomb days: days from the server's clock until the CU would fail if nothing changes.</p>\n"
                        "<div class=\"wrap\">\n<table class=\"fleet\" id=\"fleet\">\n<thead><tr><th>server</th><th>version</th>"
                        "<th>verdict</th><th>failing step</th><th>bomb days</th><th>best verified fix</th></tr></thead>\n<tbody>\n";
    }
}

void PreflightReportStream::add(const std::string& id, const std::string& path, const PreflightResult& r) {
    ++servers_;
    std::string v = preflight_verdict_word(r);
    (v == "fails" ? fails_ : v == "partial" ? partial_ : completes_)++;
    if (sinks_.json) add_json(id, path, r);
    if (sinks_.html) add_html(id, r);
}

void PreflightReportStream::add_json(const std::string& id, const std::string& path, const PreflightResult& r) {
    std::string out = servers_ == 1 ? "\n    " : ",\n    ";
    JsonWriter w(out, 2);
    w.begin_object().key("id").value(id).key("path").value(path).key("server").value(r.server);
    w.key("version").value("Exchange " + r.version).key("build").value(r.build).key("clock").value(format_iso(r.clock));
    w.key("verdict").value(preflight_verdict_word(r)).key("verdict_text").value(preflight_verdict(r));
    w.key("failing_step").string_or_null(r.completes ? "" : r.failing_step);
    w.key("error").string_or_null(r.completes ? "" : r.reason);
    // SetupAssist's New-TestResult objects (CSS-Exchange Setup/SetupAssist/Checks/New-TestResult.ps1).
    w.key("findings").begin_array();
    for (auto& f : r.findings)
        w.begin_object().key("TestName").value(f.test).key("Result").value(f.result).key("Details").value(f.details)
            .key("ReferenceInfo").value(f.reference).end_object();
    w.end_array();
    w.key("time_bomb");
    if (auto days = time_bomb_days(r))
        w.begin_object().key("date").value(format_iso(*r.time_bomb)).key("days").value(*days).key("reason").value(r.time_bomb_reason)
            .end_object();
    else
        w.null();
    w.key("best_fix");
    if (!r.fixes.empty())
        w.begin_object().key("id").value(r.fixes[0].id).key("title").value(r.fixes[0].title).key("steps").strings(r.fixes[0].commands)
            .end_object();
    else
        w.null();
    w.key("verified_fixes").begin_array();
    for (auto& f : r.fixes) w.value(f.id);
    w.end_array();
    w.key("https").begin_object().key("bindings").begin_array();
    for (auto& b : r.layout.bindings)
        w.begin_object().key("site").value(b.site).key("binding").value(b.binding_information).key("endpoint").value(b.endpoint)
            .key("served").value(b.served).end_object();
    w.end_array().key("endpoints").begin_array();
    for (auto& e : r.layout.endpoints) {
        w.begin_object().key("ip_port").value(e.ip_port).key("thumbprint").value(e.thumbprint).key("store").value(e.store);
        w.key("found").value(e.certificate >= 0).key("elsewhere").string_or_null(e.elsewhere).end_object();
    }
    w.end_array().key("certificates").begin_array();
    for (auto& c : r.layout.certificates)
        w.begin_object().key("thumbprint").value(c.thumbprint).key("subject").value(c.subject).key("friendly_name").value(c.friendly_name)
            .key("store").value(c.store).key("not_before").value(format_iso(c.not_before)).key("not_after").value(format_iso(c.not_after))
            .key("days_left").value(c.days_left).key("validity").value(to_string(c.validity)).end_object();
    w.end_array().end_object().end_object();
    *sinks_.json << out;
}

void PreflightReportStream::add_html(const std::string& id, const PreflightResult& r) {
    using preflight_page::anchor;
    std::string v = preflight_verdict_word(r);
    auto days = time_bomb_days(r);
    std::string esc_id = html_escape(id);
    *sinks_.html << fmt::format(
        "<tr><th scope=\"row\"><a href=\"#{}\">{}</a></th><td>Exchange {} {}</td><td class=\"v v-{}\" title=\"{}\">{}</td><td>{}</td>"
        "<td class=\"days\">{}</td><td>{}</td></tr>\n",
        anchor(id), esc_id, html_escape(r.version), html_escape(r.build), v, html_escape(preflight_verdict(r)), v,
        r.completes ? "-" : html_escape(r.failing_step), days ? std::to_string(*days) : "-",
        r.fixes.empty() ? "-" : html_escape(r.fixes[0].id));

    std::string out = fmt::format(
        "<section class=\"server\" id=\"{}\">\n<h3>{} <span class=\"what\">{}, Exchange {} {}</span> <span class=\"badge v-{}\">{}</span></h3>\n",
        anchor(id), esc_id, html_escape(r.server), html_escape(r.version), html_escape(r.build), v, v);
    out += fmt::format("<p class=\"verdict\">At {} the CU {}.</p>\n", html_escape(format_iso(r.clock)), html_escape(preflight_verdict(r)));
    if (r.completes)
        out += days ? fmt::format("<p class=\"meta\">Time bomb: from {} ({} days) the CU {}</p>\n", html_escape(format_iso(*r.time_bomb)),
                                  *days, html_escape(r.time_bomb_reason))
                    : std::string("<p class=\"meta\">Time bomb: none.</p>\n");
    else if (r.fixes.empty())
        out += "<p class=\"meta\">No before-cu fix of the catalogue makes the CU complete with every check green here.</p>\n";
    else {
        out += fmt::format("<p class=\"meta\">Best verified fix: <code>{}</code> {}</p>\n<ul class=\"fix\">", html_escape(r.fixes[0].id),
                           html_escape(r.fixes[0].title));
        for (auto& c : r.fixes[0].commands) out += "<li><code>" + html_escape(c) + "</code></li>";
        out += "</ul>\n";
    }
    out += preflight_page::diagram(r);
    *sinks_.html_spool << out << "</section>\n";
}

void PreflightReportStream::finish() {
    if (sinks_.json) {
        std::string out = servers_ == 0 ? "]" : "\n  ]";
        out += fmt::format(",\n  \"summary\": {{\n    \"servers\": {},\n    \"completes\": {},\n    \"partial\": {},\n    \"fails\": {}\n  }}\n}}\n",
                           servers_, completes_, partial_, fails_);
        *sinks_.json << out;
    }
    if (sinks_.html) {
        auto& h = *sinks_.html;
        h << "</tbody>\n</table>\n</div>\n"
          << fmt::format("<p class=\"summary\">{} server{}: the CU completes on {}, completes with failing checks on {}, fails on "
                         "{}</p>\n<h2>Servers</h2>\n",
                         servers_, servers_ == 1 ? "" : "s", completes_, partial_, fails_);
        append_spool(h, *sinks_.html_spool);
        h << "</body>\n</html>\n";
    }
}

}  // namespace cusim
