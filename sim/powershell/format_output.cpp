#include "sim/powershell/format_output.hpp"

#include <algorithm>

#include "sim/powershell/members.hpp"

namespace cusim::ps {

std::string display_text(const PsValue& v) {
    if (v.is_array()) {
        // A collection in a table cell or list entry: "{a, b}" (PowerShell's enumeration display).
        std::string s = "{";
        bool first = true;
        for (auto& e : *v.as_array()) {
            {
                s += first ? "" : ", ";
                s += display_text(e);
            }
            first = false;
        }
        return s + "}";
    }
    if (v.is_datetime()) return *format_datetime(v.as_datetime(), "G");
    return to_string(v);
}

std::vector<std::string> properties_of(const PsValue& v) {
    if (v.is_object()) return v.as_object()->property_names();
    if (v.is_datetime()) return {"DateTime", "Date", "Day", "DayOfWeek", "DayOfYear", "Hour", "Kind", "Millisecond", "Minute",
                                 "Month", "Second", "Ticks", "TimeOfDay", "Year"};
    if (v.is_timespan()) return {"Days", "Hours", "Minutes", "Seconds", "Milliseconds", "Ticks", "TotalDays", "TotalHours",
                                 "TotalMinutes", "TotalSeconds", "TotalMilliseconds"};
    if (v.is_string()) return {"Length"};
    return {};
}

namespace {

std::string cell(const PsValue& obj, const std::string& prop) {
    if (obj.is_datetime() && prop == "DateTime") return *format_datetime(obj.as_datetime(), "F");
    auto p = get_property(obj, prop);
    return p ? display_text(*p) : std::string();
}

bool numeric_column(const Array& objects, const std::string& prop) {
    for (auto& o : objects) {
        auto p = get_property(o, prop);
        if (p && !p->is_null() && !p->is_number()) return false;
    }
    return true;
}

std::string strip_trailing_blanks(std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

}  // namespace

std::string format_table(const Array& objects, const std::vector<std::string>& wanted) {
    if (objects.empty()) return "";
    std::vector<std::string> props = wanted.empty() ? properties_of(objects[0]) : wanted;
    if (props.empty()) {
        std::string out;
        for (auto& o : objects) out += display_text(o) + "\n";
        return out;
    }
    std::vector<size_t> width(props.size());
    std::vector<bool> right(props.size());
    std::vector<std::vector<std::string>> rows;
    for (size_t c = 0; c < props.size(); ++c) {
        width[c] = props[c].size();
        right[c] = numeric_column(objects, props[c]);
    }
    for (auto& o : objects) {
        std::vector<std::string> row;
        for (size_t c = 0; c < props.size(); ++c) {
            row.push_back(cell(o, props[c]));
            width[c] = std::max(width[c], row.back().size());
        }
        rows.push_back(std::move(row));
    }
    auto line = [&](const std::vector<std::string>& values) {
        std::string s;
        for (size_t c = 0; c < values.size(); ++c) {
            std::string v = values[c];
            std::string pad(width[c] - std::min(width[c], v.size()), ' ');
            {
                s += c ? " " : "";
                s += (right[c] ? pad + v : v + pad);
            }
        }
        return strip_trailing_blanks(s) + "\n";
    };
    std::vector<std::string> dashes;
    for (auto& p : props) dashes.push_back(std::string(p.size(), '-'));
    std::string out = "\n" + line(props) + line(dashes);
    for (auto& r : rows) out += line(r);
    return out + "\n\n";
}

std::string format_list(const Array& objects, const std::vector<std::string>& wanted) {
    std::string out = "\n";
    for (auto& o : objects) {
        std::vector<std::string> props = wanted.empty() ? properties_of(o) : wanted;
        if (props.empty()) {
            out += display_text(o) + "\n";
            continue;
        }
        size_t w = 0;
        for (auto& p : props) w = std::max(w, p.size());
        for (auto& p : props) out += strip_trailing_blanks(p + std::string(w - p.size(), ' ') + " : " + cell(o, p)) + "\n";
        out += "\n";
    }
    return out + "\n";
}

std::string format_generic(const Array& objects) {
    std::string out;
    size_t i = 0;
    while (i < objects.size()) {
        const PsValue& v = objects[i];
        if (v.is_null()) {
            ++i;
            continue;
        }
        if (v.is_datetime()) {
            out += "\n" + *format_datetime(v.as_datetime(), "F") + "\n\n";
            ++i;
            continue;
        }
        if (v.is_hashtable()) {
            // Consecutive hashtables print as one table of their entries, Name padded to 30.
            std::string t = "\nName                           Value\n----                           -----\n";
            for (; i < objects.size() && objects[i].is_hashtable(); ++i)
                for (auto& [k, value] : objects[i].as_hashtable()->entries) {
                    std::string name = display_text(k);
                    if (name.size() < 30) name += std::string(30 - name.size(), ' ');
                    t += strip_trailing_blanks(name + " " + display_text(value)) + "\n";
                }
            out += t + "\n";
            continue;
        }
        if (v.is_object() || v.is_timespan()) {
            // A run of objects of one type shares a table (or is a list, with more than 4 properties).
            std::string type = type_name_of(v);
            Array group;
            for (; i < objects.size() && type_name_of(objects[i]) == type; ++i) group.push_back(objects[i]);
            auto props = properties_of(group[0]);
            out += props.size() <= 4 && !v.is_timespan() ? format_table(group, props) : format_list(group, props);
            continue;
        }
        out += display_text(v) + "\n";
        ++i;
    }
    return out;
}

}  // namespace cusim::ps
