#include "sim/powershell/builtin_cmdlets.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/core/text.hpp"
#include "sim/powershell/file_text.hpp"
#include "sim/powershell/format_output.hpp"
#include "sim/powershell/members.hpp"
#include "sim/powershell/operators.hpp"

namespace cusim::ps {
namespace {


// A property value of an input object; a property the object does not model is an error.
PsValue property_value(Interpreter& in, const PsValue& obj, const std::string& name) {
    auto p = get_property(obj, name);
    if (!p) in.not_modelled(fmt::format("the property {} of [{}]", name, type_name_of(obj)));
    return *p;
}

// Select-Object and Sort-Object take property names, or @{Name=...; Expression={...}} (calculated
// properties, about_Calculated_Properties).
struct PropertySpec {
    std::string name;
    std::shared_ptr<ScriptBlockValue> expression;
    bool descending = false;
    bool has_direction = false;
};

std::vector<PropertySpec> property_specs(Interpreter& in, const PsValue* v) {
    std::vector<PropertySpec> out;
    if (!v) return out;
    for (auto& item : enumerate(*v)) {
        PropertySpec s;
        if (item.is_scriptblock()) {
            s.expression = item.as_scriptblock();
            s.name = s.expression->text;
        } else if (item.is_hashtable()) {
            auto& h = *item.as_hashtable();
            for (auto& [k, value] : h.entries) {
                std::string key = ascii_lower(to_string(k));
                if (key == "n" || key == "name" || key == "l" || key == "label") s.name = to_string(value);
                else if (key == "e" || key == "expression") {
                    if (value.is_scriptblock()) s.expression = value.as_scriptblock();
                    else s.name = s.name.empty() ? to_string(value) : s.name;
                } else if (key == "descending" || key == "ascending") {
                    s.has_direction = true;
                    s.descending = key == "descending" ? to_bool(value) : !to_bool(value);
                } else {
                    in.not_modelled("the calculated property key '" + to_string(k) + "'");
                }
            }
        } else {
            s.name = to_string(item);
        }
        out.push_back(std::move(s));
    }
    return out;
}

PsValue evaluate_spec(Interpreter& in, const PropertySpec& s, const PsValue& obj) {
    if (s.expression) return collapse(in.invoke_block(*s.expression, obj));
    return property_value(in, obj, s.name);
}

ErrorRecord cmdlet_error(std::string message, std::string command, std::string category, std::string id) {
    ErrorRecord e;
    e.message = std::move(message);
    e.command = std::move(command);
    e.category = std::move(category);
    e.error_id = std::move(id);
    return e;
}

bool is_switch_on(const CommandCall& c, const std::string& name) { return c.has(name) && to_bool(*c.get(name)); }

void where_object(CommandCall& c) {
    const PsValue* first = c.get("filterscript");
    if (first && first->is_scriptblock()) {
        for (auto& item : c.input)
            if (to_bool(collapse(c.in.invoke_block(*first->as_scriptblock(), item)))) c.emit(item);
        return;
    }
    // The simplified syntax (PowerShell 3.0): Where-Object Property -Operator Value.
    std::string property = first ? to_string(*first) : c.text("property");
    if (property.empty()) c.in.throw_error("Cannot bind argument to parameter 'Property' because it is an empty string.", "ParameterArgumentValidationErrorEmptyStringNotAllowed");
    static const char* const ops[] = {"eq",  "ne",  "gt",  "ge",  "lt",  "le",  "like", "notlike", "match", "notmatch", "contains",
                                      "notcontains", "in", "notin", "ceq", "cne", "cgt", "cge", "clt", "cle", "clike", "cnotlike",
                                      "cmatch", "cnotmatch", "ccontains", "cnotcontains", "cin", "cnotin", "is", "isnot"};
    std::string op;
    for (auto* o : ops)
        if (is_switch_on(c, o)) op = o;
    PsValue value = c.has("value") ? *c.get("value") : PsValue(true);
    OperatorContext& ctx = c.in.operator_context();
    for (auto& item : c.input) {
        PsValue p = property_value(c.in, item, property);
        bool keep;
        if (op.empty()) keep = to_bool(p);
        else if (op == "is" || op == "isnot") {
            auto r = value_is_type(p, to_string(value));
            if (!r) c.in.not_modelled("the type [" + to_string(value) + "]");
            keep = op == "is" ? *r : !*r;
        } else {
            auto r = apply_binary("-" + op, p, value, ctx);
            keep = r && to_bool(*r);
        }
        if (keep) c.emit(item);
    }
}

void foreach_object(CommandCall& c) {
    const PsValue* process = c.get("process");
    if (const PsValue* b = c.get("begin"); b && b->is_scriptblock())
        for (auto& o : c.in.invoke_block(*b->as_scriptblock(), PsValue())) c.emit(o);
    for (auto& item : c.input) {
        if (!process) break;
        if (process->is_scriptblock()) {
            for (auto& o : c.in.invoke_block(*process->as_scriptblock(), item)) c.emit(o);
        } else {
            // ForEach-Object Thumbprint: the member's value (PowerShell 3.0).
            for (auto& o : enumerate(property_value(c.in, item, to_string(*process)))) c.emit(o);
        }
    }
    if (const PsValue* e = c.get("end"); e && e->is_scriptblock())
        for (auto& o : c.in.invoke_block(*e->as_scriptblock(), PsValue())) c.emit(o);
}

// "Get-Content" -> "GetContentCommand", the cmdlet's class as FullyQualifiedErrorId names it.
std::string command_type_name(std::string cmdlet) {
    cmdlet.erase(std::remove(cmdlet.begin(), cmdlet.end(), '-'), cmdlet.end());
    return cmdlet + "Command";
}

long long count_arg(CommandCall& c, const std::string& name) {
    auto n = to_number(*c.get(name));
    if (!n || !n->is_int() || n->as_int() < 0 || n->as_int() > 2147483647)
        c.in.throw_error(fmt::format("Cannot bind parameter '{}'. Cannot convert value \"{}\" to type \"System.Int32\".", name,
                                     to_string(*c.get(name))),
                         "CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands." + command_type_name(c.command.name));
    return n->as_int();
}

void select_object(CommandCall& c) {
    Array items = c.input;
    if (is_switch_on(c, "unique")) {
        Array u;
        for (auto& i : items)
            if (std::none_of(u.begin(), u.end(), [&](auto& x) { return ps_equals(x, i, true); })) u.push_back(i);
        items = u;
    }
    if (c.has("skip")) {
        size_t k = size_t(count_arg(c, "skip"));
        items.erase(items.begin(), items.begin() + long(std::min(k, items.size())));
    }
    if (c.has("first") || c.has("last")) {
        Array kept;
        size_t f = c.has("first") ? size_t(count_arg(c, "first")) : 0, l = c.has("last") ? size_t(count_arg(c, "last")) : 0;
        for (size_t i = 0; i < std::min(f, items.size()); ++i) kept.push_back(items[i]);
        for (size_t i = items.size() - std::min(l, items.size()); i < items.size(); ++i) kept.push_back(items[i]);
        items = kept;
    }
    if (c.has("expandproperty")) {
        std::string p = c.text("expandproperty");
        for (auto& i : items)
            for (auto& v : enumerate(property_value(c.in, i, p))) c.emit(v);
        return;
    }
    auto specs = property_specs(c.in, c.get("property"));
    if (specs.empty()) {
        for (auto& i : items) c.emit(i);
        return;
    }
    for (auto& i : items) {
        auto o = std::make_shared<CustomObject>();
        for (auto& s : specs) {
            if (s.name == "*" && !s.expression) {
                for (auto& n : properties_of(i)) o->properties.emplace_back(n, property_value(c.in, i, n));
                continue;
            }
            o->properties.emplace_back(s.name, evaluate_spec(c.in, s, i));
        }
        c.emit(PsValue(ObjectPtr(o)));
    }
}

void sort_object(CommandCall& c) {
    auto specs = property_specs(c.in, c.get("property"));
    bool descending = is_switch_on(c, "descending");
    struct Keyed {
        PsValue item;
        std::vector<PsValue> keys;
    };
    std::vector<Keyed> rows;
    for (auto& i : c.input) {
        Keyed k{i, {}};
        if (specs.empty()) k.keys.push_back(i);
        for (auto& s : specs) k.keys.push_back(evaluate_spec(c.in, s, i));
        rows.push_back(std::move(k));
    }
    std::stable_sort(rows.begin(), rows.end(), [&](const Keyed& a, const Keyed& b) {
        for (size_t k = 0; k < a.keys.size(); ++k) {
            bool desc = k < specs.size() && specs[k].has_direction ? specs[k].descending : descending;
            auto r = ps_compare(a.keys[k], b.keys[k], false);
            // Values that do not compare keep their order, as Sort-Object's comparer falls back to strings.
            int v = r ? *r : to_string(a.keys[k]) < to_string(b.keys[k]) ? -1 : to_string(a.keys[k]) > to_string(b.keys[k]) ? 1 : 0;
            if (v != 0) return desc ? v > 0 : v < 0;
        }
        return false;
    });
    Array out;
    for (auto& r : rows) {
        if (is_switch_on(c, "unique") && !out.empty() && ps_equals(out.back(), r.item, false)) continue;
        out.push_back(r.item);
    }
    for (auto& o : out) c.emit(o);
}

void measure_object(CommandCall& c) {
    auto o = std::make_shared<CustomObject>();
    std::string prop = c.text("property");
    long long count = 0;
    double sum = 0;
    std::optional<PsValue> mx, mn;
    for (auto& i : c.input) {
        PsValue v = prop.empty() ? i : property_value(c.in, i, prop);
        ++count;
        if (is_switch_on(c, "sum") || is_switch_on(c, "average") || is_switch_on(c, "maximum") || is_switch_on(c, "minimum")) {
            auto n = to_number(v);
            if (!n) c.in.throw_error(fmt::format("Input object \"{}\" is not numeric.", to_string(v)), "NonNumericInputObject,Microsoft.PowerShell.Commands.MeasureObjectCommand");
            double d = n->is_int() ? double(n->as_int()) : n->as_double();
            sum += d;
            if (!mx || d > to_number(*mx)->as_double()) mx = PsValue(d);
            if (!mn || d < to_number(*mn)->as_double()) mn = PsValue(d);
        }
    }
    o->properties = {{"Count", PsValue(count)},
                     {"Average", is_switch_on(c, "average") && count ? PsValue(sum / double(count)) : PsValue()},
                     {"Sum", is_switch_on(c, "sum") ? PsValue(sum) : PsValue()},
                     {"Maximum", is_switch_on(c, "maximum") && mx ? *mx : PsValue()},
                     {"Minimum", is_switch_on(c, "minimum") && mn ? *mn : PsValue()},
                     {"Property", prop.empty() ? PsValue() : PsValue(prop)}};
    c.emit(PsValue(ObjectPtr(o)));
}

void group_object(CommandCall& c) {
    auto specs = property_specs(c.in, c.get("property"));
    std::vector<std::pair<std::string, Array>> groups;
    for (auto& i : c.input) {
        std::string key;
        for (size_t k = 0; k < specs.size(); ++k) {
            key += k ? ", " : "";
            key += to_string(evaluate_spec(c.in, specs[k], i));
        }
        auto it = std::find_if(groups.begin(), groups.end(), [&](auto& g) { return iequals(g.first, key); });
        if (it == groups.end()) groups.push_back({key, {i}});
        else it->second.push_back(i);
    }
    for (auto& [name, items] : groups) {
        auto o = std::make_shared<CustomObject>();
        o->properties = {{"Count", PsValue(static_cast<long long>(items.size()))}, {"Name", PsValue(name)},
                         {"Group", make_array(items)}};
        c.emit(PsValue(ObjectPtr(o)));
    }
}

std::vector<std::string> property_names(Interpreter& in, const CommandCall& c) {
    std::vector<std::string> out;
    for (auto& s : property_specs(in, c.get("property"))) {
        if (s.expression) in.not_modelled("a calculated property in Format-List or Format-Table");
        out.push_back(s.name);
    }
    return out;
}

std::vector<std::string> expand_star(const Array& items, std::vector<std::string> props) {
    if (props.size() == 1 && props[0] == "*" && !items.empty()) return properties_of(items[0]);
    return props;
}

void format_list_cmd(CommandCall& c) {
    auto props = expand_star(c.input, property_names(c.in, c));
    if (props.empty()) {
        // Format-List without properties: each object's own list view.
        c.emit(PsValue(ObjectPtr(std::make_shared<FormattedText>(format_list(c.input, {})))));
        return;
    }
    c.emit(PsValue(ObjectPtr(std::make_shared<FormattedText>(format_list(c.input, props)))));
}

void format_table_cmd(CommandCall& c) {
    auto props = expand_star(c.input, property_names(c.in, c));
    c.emit(PsValue(ObjectPtr(std::make_shared<FormattedText>(format_table(c.input, props)))));
}

std::string joined_arguments(const CommandCall& c, const std::string& param) {
    Array parts;
    if (const PsValue* v = c.get(param)) parts.push_back(*v);
    for (auto& p : c.positional) parts.push_back(p);
    std::string sep = c.has("separator") ? c.text("separator") : " ";
    std::string out;
    bool first = true;
    for (auto& p : parts)
        for (auto& e : p.is_array() ? *p.as_array() : Array{p}) {
            {
                out += first ? "" : sep;
                out += to_string(e);
            }
            first = false;
        }
    return out;
}

void write_host(CommandCall& c) {
    std::string text = joined_arguments(c, "object");
    if (!c.has("object") && c.positional.empty())
        for (auto& i : c.input) {
            if (!text.empty()) text += ' ';
            text += to_string(i);
        }
    if (!is_switch_on(c, "nonewline")) text += '\n';
    c.in.write_console(text);
}

void write_output(CommandCall& c) {
    if (const PsValue* v = c.get("inputobject")) {
        if (is_switch_on(c, "noenumerate")) c.emit(*v);
        else
            for (auto& e : enumerate(*v)) c.emit(e);
    }
    for (auto& p : c.positional)
        for (auto& e : enumerate(p)) c.emit(e);
    for (auto& i : c.input) c.emit(i);
}

bool preference_on(Interpreter& in, const std::string& var, const CommandCall& c, const std::string& flag) {
    if (!flag.empty() && is_switch_on(c, flag)) return true;
    std::string p = ascii_lower(to_string(in.get_variable(var)));
    return p != "silentlycontinue" && p != "ignore";
}

void write_stream(CommandCall& c, const std::string& var, const std::string& flag, const std::string& prefix) {
    if (!preference_on(c.in, var, c, flag)) return;
    std::string text = joined_arguments(c, "message");
    if (text.empty())
        for (auto& i : c.input) text += to_string(i);
    c.in.write_console(prefix + text + "\n");
}

void write_error_cmd(CommandCall& c) {
    ErrorRecord e;
    if (const PsValue* ex = c.get("exception")) e.message = to_string(*ex);
    std::string m = joined_arguments(c, "message");
    if (!m.empty()) e.message = m;
    if (c.has("errorrecord")) e.message = c.text("errorrecord");
    // Write-Error from a script shows the script (or function) as the command (about_Write-Error).
    e.command = c.in.script_path();
    e.error_id = c.has("errorid") ? c.text("errorid") : "Microsoft.PowerShell.Commands.WriteErrorException";
    e.exception_type = "Microsoft.PowerShell.Commands.WriteErrorException";
    e.category = c.has("category") ? c.text("category") + ": (:) [Write-Error], WriteErrorException"
                                   : "NotSpecified: (:) [Write-Error], WriteErrorException";
    if (const PsValue* t = c.get("targetobject")) e.target = *t;
    c.write_error(std::move(e));
}

void get_date(CommandCall& c) {
    SimTime t = c.in.host().now();
    if (const PsValue* d = c.get("date")) {
        auto parsed = to_datetime(*d);
        if (!parsed) c.fail(cmdlet_error(fmt::format("Cannot bind parameter 'Date'. Cannot convert value \"{}\" to type \"System.DateTime\". "
                                         "Error: \"String was not recognized as a valid DateTime.\"", to_string(*d)),
                             "Get-Date", "InvalidArgument: (:) [Get-Date], ParameterBindingException",
                             "CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands.GetDateCommand"));
        t = *parsed;
    }
    if (c.has("uformat")) c.in.not_modelled("Get-Date -UFormat");
    if (c.has("format")) {
        auto f = format_datetime(t, c.text("format"));
        if (!f) c.in.not_modelled("the date format \"" + c.text("format") + "\"");
        c.emit(PsValue(*f));
        return;
    }
    c.emit(PsValue(DateTimeValue{t}));
}

void start_sleep(CommandCall& c) {
    double seconds = 0;
    if (c.has("seconds")) {
        auto n = to_number(*c.get("seconds"));
        if (!n) c.in.throw_error("Cannot bind parameter 'Seconds'.", "CannotConvertArgumentNoMessage");
        seconds = n->is_int() ? double(n->as_int()) : n->as_double();
    }
    if (c.has("milliseconds")) {
        auto n = to_number(*c.get("milliseconds"));
        if (n) seconds += (n->is_int() ? double(n->as_int()) : n->as_double()) / 1000;
    }
    if (seconds < 0 || seconds > 86400 * 30) c.in.throw_error("Cannot validate argument on parameter 'Seconds'.", "ParameterArgumentValidationError");
    c.in.host().sleep(static_cast<long long>(std::ceil(seconds)));
}

void convert_to_secure_string(CommandCall& c) {
    if (!is_switch_on(c, "asplaintext")) c.in.not_modelled("ConvertTo-SecureString of an encrypted standard string");
    // -AsPlainText without -Force is refused in Windows PowerShell 5.1.
    if (!is_switch_on(c, "force"))
        c.fail(cmdlet_error("The system cannot protect plain text input. To suppress this warning and convert the plain text to a SecureString, "
                "reissue the command specifying the Force parameter. For more information ,type: get-help ConvertTo-SecureString.",
                "ConvertTo-SecureString", "InvalidArgument: (:) [ConvertTo-SecureString], ArgumentException",
                "ImportSecureString_InvalidArgument,Microsoft.PowerShell.Commands.ConvertToSecureStringCommand"));
    std::string text = c.has("string") ? c.text("string") : (c.input.empty() ? std::string() : to_string(c.input[0]));
    c.emit(PsValue(ObjectPtr(std::make_shared<SecureStringObject>(text))));
}

void read_host(CommandCall& c) {
    std::string prompt = c.text("prompt");
    auto answer = c.in.host().read_host(prompt);
    if (!answer)
        c.fail(cmdlet_error("Windows PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.", "Read-Host",
                "InvalidOperation: (:) [Read-Host], PSInvalidOperationException",
                "InvalidOperation,Microsoft.PowerShell.Commands.ReadHostCommand"));
    if (is_switch_on(c, "assecurestring")) c.emit(PsValue(ObjectPtr(std::make_shared<SecureStringObject>(*answer))));
    else c.emit(PsValue(*answer));
}

void new_object(CommandCall& c) {
    if (auto list = make_list(c.text("typename"))) {
        // New-Object System.Collections.ArrayList: an empty list (a capacity or a collection to copy is not modelled).
        if (c.has("argumentlist") || c.has("property")) c.in.not_modelled("New-Object " + c.text("typename") + " with arguments");
        // New-Object writes the list itself, not its elements: $x = New-Object ... holds the list.
        return c.emit(PsValue(list));
    }
    std::string type = ascii_lower(c.text("typename"));
    if (type != "psobject" && type != "pscustomobject" && type != "system.management.automation.psobject")
        c.in.not_modelled("New-Object " + c.text("typename"));
    auto o = std::make_shared<CustomObject>();
    if (const PsValue* p = c.get("property"); p && p->is_hashtable())
        for (auto& [k, v] : p->as_hashtable()->entries) o->properties.emplace_back(to_string(k), v);
    c.emit(PsValue(ObjectPtr(o)));
}

// Get-Content [-Path] <paths> [-TotalCount n] [-Tail n] [-Raw]: a file's lines, one string each, or
// its whole text with -Raw
// (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/get-content?view=powershell-5.1).
void get_content(CommandCall& c) {
    auto files = read_path_files(c, "Get-Content");
    if (!files) c.in.not_modelled("Get-Content without -Path");
    for (auto& f : *files) {
        if (is_switch_on(c, "raw")) {
            c.emit(PsValue(f.text));
            continue;
        }
        auto lines = file_lines(f.text);
        size_t from = 0, to = lines.size();
        if (c.has("totalcount")) to = std::min(to, size_t(count_arg(c, "totalcount")));
        if (c.has("tail")) from = lines.size() - std::min(lines.size(), size_t(count_arg(c, "tail")));
        for (size_t i = from; i < to; ++i) c.emit(PsValue(lines[i]));
    }
}

// Join-Path [-Path] <paths> [-ChildPath] <child>: one separator between them, for each path
// (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/join-path?view=powershell-5.1).
// The real cmdlet resolves the drive, so a drive the simulator has no provider for is refused.
void join_path(CommandCall& c) {
    std::string child = c.text("childpath");
    for (auto& pv : enumerate(*c.get("path"))) {
        std::string p = to_string(pv);
        auto colon = p.find(':');
        if (colon != std::string::npos && p.find_first_of("\\/") > colon) {
            std::string drive = ascii_lower(p.substr(0, colon));
            if (drive != "c" && drive != "cert" && drive != "iis") c.in.not_modelled("Join-Path on the drive " + p.substr(0, colon + 1));
        }
        while (!p.empty() && (p.back() == '\\' || p.back() == '/')) p.pop_back();
        size_t skip = child.find_first_not_of("\\/");
        std::string rest = skip == std::string::npos ? std::string() : child.substr(skip);
        std::string joined = p;
        joined += '\\';
        joined += rest;
        c.emit(PsValue(joined));
    }
}

// -Encoding of a write, or the cmdlet's default. Set-Content and Add-Content take a
// FileSystemCmdletProviderEncoding, Out-File a string of a ValidateSet (the 5.1 reference pages).
FileEncoding write_encoding(CommandCall& c, FileEncoding fallback) {
    if (!c.has("encoding")) return fallback;
    std::optional<FileEncoding> e;
    try {
        e = encoding_named(c.text("encoding"));
    } catch (const NotModelled& n) {
        c.in.not_modelled(n.what());
    }
    if (!e) {
        if (c.command.name == "Out-File")
            c.in.throw_error(fmt::format("Cannot validate argument on parameter 'Encoding'. The argument \"{}\" does not belong to the set "
                                         "\"unknown,string,unicode,bigendianunicode,utf8,utf7,utf32,ascii,default,oem\" specified by the "
                                         "ValidateSet attribute. Supply an argument that is in the set and then try the command again.",
                                         c.text("encoding")),
                             "ParameterArgumentValidationError,Microsoft.PowerShell.Commands.OutFileCommand");
        c.in.throw_error(fmt::format("Cannot bind parameter 'Encoding'. Cannot convert value \"{}\" to type "
                                     "\"Microsoft.PowerShell.Commands.FileSystemCmdletProviderEncoding\". Error: \"Unable to match the "
                                     "identifier name {} to a valid enumerator name. Specify one of the following enumerator names and try "
                                     "again:\nUnknown, String, Unicode, Byte, BigEndianUnicode, UTF8, UTF7, UTF32, Ascii, Default, Oem, "
                                     "BigEndianUTF32\"",
                                     c.text("encoding"), c.text("encoding")),
                         "CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands." + command_type_name(c.command.name));
    }
    return *e;
}

// Writes the text to the host's file in that encoding: a new file (or Set-Content's, Out-File's
// replaced one) starts with the encoding's BOM; appending adds the bytes alone, as .NET's
// StreamWriter does on a stream that is not at its start. Appending in another encoding than the
// file's BOM says is not modelled (5.1 writes the new bytes as they are, a mixed file).
void write_text_file(CommandCall& c, const std::string& path, const std::string& utf8, FileEncoding e, bool append) {
    Interpreter& in = c.in;
    try {
        in.host().check_writable(path);
    } catch (const NotModelled& n) {
        if (!n.file.empty()) throw;
        in.not_modelled(n.what());
    }
    std::optional<std::string> existing;
    if (append) existing = read_host_file(in, path, true);
    bool adding = existing && !existing->empty();
    if (adding) {
        FileEncoding was = detect_encoding(*existing);
        bool bomless = e == FileEncoding::ansi || e == FileEncoding::ascii || e == FileEncoding::utf8;
        bool same = was == e || (was == FileEncoding::ansi && bomless);
        if (!same) in.not_modelled(fmt::format("{} of {} text to {}, a file in {}", c.command.name, encoding_name(e), path, encoding_name(was)));
    }
    std::string bytes;
    try {
        bytes = encode_text(utf8, e, !adding);
    } catch (const NotModelled& n) {
        in.not_modelled(n.what());
    }
    bool written = false;
    try {
        written = in.host().write_file(path, bytes, adding);
    } catch (const NotModelled& n) {
        if (!n.file.empty()) throw;
        in.not_modelled(n.what());
    }
    if (written) return;
    // The folder does not exist: .NET's DirectoryNotFoundException, as the cmdlet reports it.
    std::string full = in.host().full_path(path);
    ErrorRecord err = cmdlet_error(fmt::format("Could not find a part of the path '{}'.", full), c.command.name,
                                   c.command.name == "Out-File"
                                       ? "OpenError: (:) [Out-File], DirectoryNotFoundException"
                                       : fmt::format("ObjectNotFound: ({}:String) [{}], DirectoryNotFoundException", full, c.command.name),
                                   c.command.name == "Out-File" ? "FileOpenFailure,Microsoft.PowerShell.Commands.OutFileCommand"
                                                                : "GetContentWriterDirectoryNotFoundError,Microsoft.PowerShell.Commands." +
                                                                      command_type_name(c.command.name));
    err.exception_type = "System.IO.DirectoryNotFoundException";
    if (c.command.name == "Out-File") c.fail(std::move(err));  // Out-File's is terminating
    c.write_error(std::move(err));
}

// Set-Content / Add-Content [-Path] <paths> [-Value] <objects> [-Encoding e] [-NoNewline], or the
// values piped: each object's string, one a line ending in CRLF (without them under -NoNewline);
// Set-Content replaces the file, Add-Content adds to it (creating it when it is not there)
// (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/set-content?view=powershell-5.1,
// .../add-content?view=powershell-5.1). -WhatIf: "Set Content" / "Add Content" on "Path: <full path>"
// (the FileSystem provider's ShouldProcess, as 5.1 prints it).
void set_content(CommandCall& c, bool add) {
    const PsValue* paths = c.has("path") ? c.get("path") : c.get("literalpath");
    if (!paths) c.in.not_modelled(c.command.name + " without -Path");
    if (is_switch_on(c, "passthru")) c.in.not_modelled(c.command.name + " -PassThru");
    if (!c.positional.empty()) c.in.not_modelled(c.command.name + " with more than a path and a value");
    Array values;
    if (const PsValue* v = c.get("value")) values = enumerate(*v);
    else if (!c.input.empty()) values = c.input;
    else c.in.not_modelled(c.command.name + " without -Value (PowerShell prompts for it)");
    std::string text;
    for (auto& v : values) {
        text += to_string(v);
        if (!is_switch_on(c, "nonewline")) text += "\r\n";
    }
    FileEncoding e = write_encoding(c, FileEncoding::ansi);
    for (auto& pv : enumerate(*paths)) {
        std::string p = to_string(pv);
        if (c.whatif) {
            // The target is the resolved path: only where the host knows it.
            try {
                c.in.host().check_writable(p);
            } catch (const NotModelled& n) {
                if (!n.file.empty()) throw;
                c.in.not_modelled(n.what());
            }
            c.what_if(add ? "Add Content" : "Set Content", "Path: " + c.in.host().full_path(p));
            continue;
        }
        write_text_file(c, p, text, e, add);
    }
}

}  // namespace

// The console's text of the objects (Out-String's rendering), with Windows' CRLF line ends.
std::string file_text_of(Interpreter& in, const Array& objects) {
    std::string text = in.format_default(objects);
    std::string out;
    for (char ch : text) {
        if (ch == '\n') out += '\r';
        out += ch;
    }
    return out;
}

void out_file_text(CommandCall& c, const std::string& path, const Array& objects, bool append, FileEncoding e) {
    if (c.whatif) return c.what_if("Output to File", path);
    write_text_file(c, path, file_text_of(c.in, objects), e, append);
}

namespace {

// Out-File [-FilePath] <path> [[-Encoding] e] [-Append]: what the console would show for the piped
// objects, in UTF-16LE with a BOM unless -Encoding says otherwise
// (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.utility/out-file?view=powershell-5.1).
// -WhatIf: "Output to File" on the path as written (Out-File.cs: ShouldProcess(FilePath, OutFile_Action)).
void out_file(CommandCall& c) {
    std::string path = c.has("filepath") ? c.text("filepath") : c.text("literalpath");
    if (path.empty()) c.in.not_modelled("Out-File without -FilePath");
    for (const char* p : {"width", "noclobber", "nonewline"})
        if (c.has(p)) c.in.not_modelled("Out-File -" + std::string(p));
    Array objects = c.input;
    if (const PsValue* v = c.get("inputobject")) objects = {*v};
    // With nothing piped 5.1 still makes the file: whether it holds the BOM alone is not modelled.
    if (objects.empty()) c.in.not_modelled("Out-File with no input");
    out_file_text(c, path, objects, is_switch_on(c, "append"), write_encoding(c, FileEncoding::utf16le));
}

std::map<std::string, HostCommand> make_builtins() {
    std::map<std::string, HostCommand> m;
    auto add = [&](HostCommand h) { m[ascii_lower(h.name)] = std::move(h); };
    add(make_cmdlet("Where-Object", {"filterscript", "property", "value", "inputobject"},
            {"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "contains", "notcontains", "in", "notin",
             "ceq", "cne", "cgt", "cge", "clt", "cle", "clike", "cnotlike", "cmatch", "cnotmatch", "ccontains", "cnotcontains",
             "cin", "cnotin", "is", "isnot"},
            {"filterscript", "value"}, where_object));
    add(make_cmdlet("ForEach-Object", {"process", "begin", "end", "membername", "inputobject"}, {}, {"process"}, foreach_object));
    add(make_cmdlet("Select-Object", {"property", "expandproperty", "first", "last", "skip", "inputobject"}, {"unique"}, {"property"},
            select_object));
    add(make_cmdlet("Sort-Object", {"property", "inputobject"}, {"descending", "unique", "casesensitive"}, {"property"}, sort_object));
    add(make_cmdlet("Measure-Object", {"property", "inputobject"}, {"sum", "average", "maximum", "minimum"}, {"property"}, measure_object));
    add(make_cmdlet("Group-Object", {"property", "inputobject"}, {"noelement"}, {"property"}, group_object));
    add(make_cmdlet("Format-List", {"property", "inputobject"}, {"force"}, {"property"}, format_list_cmd));
    add(make_cmdlet("Format-Table", {"property", "inputobject"}, {"autosize", "wrap", "hidetableheaders", "force"}, {"property"},
            format_table_cmd));
    add(make_cmdlet("Out-String", {"inputobject", "width"}, {"stream"}, {}, [](CommandCall& c) {
        std::string text = c.in.format_default(c.input);
        if (is_switch_on(c, "stream")) {
            for (auto& l : split_lines(text)) c.emit(PsValue(l));
            return;
        }
        c.emit(PsValue(text));
    }));
    add(make_cmdlet("Out-Null", {"inputobject"}, {}, {}, [](CommandCall&) {}));
    add(make_cmdlet("Out-Host", {"inputobject"}, {"paging"}, {}, [](CommandCall& c) { c.in.write_console(c.in.format_default(c.input)); }));
    add(make_cmdlet("Write-Host", {"object", "separator", "foregroundcolor", "backgroundcolor"}, {"nonewline"}, {"object"}, write_host));
    add(make_cmdlet("Write-Output", {"inputobject"}, {"noenumerate"}, {"inputobject"}, write_output));
    add(make_cmdlet("Write-Warning", {"message"}, {}, {"message"},
            [](CommandCall& c) { write_stream(c, "warningpreference", "", "WARNING: "); }));
    add(make_cmdlet("Write-Verbose", {"message"}, {}, {"message"},
            [](CommandCall& c) { write_stream(c, "verbosepreference", "verbose", "VERBOSE: "); }));
    add(make_cmdlet("Write-Debug", {"message"}, {}, {"message"}, [](CommandCall& c) { write_stream(c, "debugpreference", "debug", "DEBUG: "); }));
    add(make_cmdlet("Write-Error", {"message", "category", "errorid", "targetobject", "exception", "errorrecord", "recommendedaction"}, {},
            {"message"}, write_error_cmd));
    // Write-Progress draws a bar above the console, which a transcript does not keep.
    add(make_cmdlet("Write-Progress", {"activity", "status", "percentcomplete", "currentoperation", "id", "parentid", "secondsremaining"},
            {"completed"}, {"activity", "status"}, [](CommandCall&) {}));
    add(make_cmdlet("Get-Date", {"date", "format", "uformat", "year", "month", "day", "hour", "minute", "second"}, {}, {"date"}, get_date));
    add(make_cmdlet("Start-Sleep", {"seconds", "milliseconds"}, {}, {"seconds"}, start_sleep));
    add(make_cmdlet("ConvertTo-SecureString", {"string", "key", "securekey"}, {"asplaintext", "force"}, {"string"}, convert_to_secure_string));
    add(make_cmdlet("Read-Host", {"prompt"}, {"assecurestring"}, {"prompt"}, read_host));
    add(make_cmdlet("Clear-Host", {}, {}, {}, [](CommandCall&) {}));
    add(make_cmdlet("New-Object", {"typename", "property", "argumentlist"}, {}, {"typename", "argumentlist"}, new_object));
    add(make_cmdlet("Get-Content", {"path", "literalpath", "totalcount", "tail", "encoding"}, {"raw"}, {"path"}, get_content));
    add(make_cmdlet("Join-Path", {"path", "childpath"}, {"resolve"}, {"path", "childpath"}, [](CommandCall& c) {
        if (is_switch_on(c, "resolve")) c.in.not_modelled("Join-Path -Resolve");
        join_path(c);
    }));
    add(make_cmdlet("Set-Content", {"path", "literalpath", "value", "encoding"}, {"nonewline", "force", "passthru"}, {"path", "value"},
            [](CommandCall& c) { set_content(c, false); }));
    add(make_cmdlet("Add-Content", {"path", "literalpath", "value", "encoding"}, {"nonewline", "force", "passthru"}, {"path", "value"},
            [](CommandCall& c) { set_content(c, true); }));
    add(make_cmdlet("Out-File", {"filepath", "literalpath", "encoding", "inputobject", "width"}, {"append", "force", "noclobber", "nonewline"},
            {"filepath", "encoding"}, out_file));
    add_select_string(m);
    // None of the language's other cmdlets has ShouldProcess: no -WhatIf, and $WhatIfPreference
    // does not change what they do (their reference pages list no -WhatIf).
    for (auto& [k, h] : m) h.what_if = WhatIfSupport::absent;
    for (const char* k : {"set-content", "add-content", "out-file"}) m[k].what_if = WhatIfSupport::modelled;
    return m;
}

}  // namespace

std::optional<std::string> read_host_file(Interpreter& in, const std::string& path, bool bytes) {
    try {
        return bytes ? in.host().read_file_bytes(path) : in.host().read_file(path);
    } catch (const NotModelled& e) {
        if (!e.file.empty()) throw;
        in.not_modelled(e.what());
    }
}

std::vector<std::string> file_lines(const std::string& text) {
    auto lines = split_lines(text);
    for (auto& l : lines)
        if (!l.empty() && l.back() == '\r') l.pop_back();
    return lines;
}

std::optional<std::vector<PathFile>> read_path_files(CommandCall& c, const std::string& cmdlet) {
    const PsValue* paths = c.has("path") ? c.get("path") : c.get("literalpath");
    if (!paths) return std::nullopt;
    std::vector<PathFile> files;
    for (auto& pv : enumerate(*paths)) {
        std::string p = to_string(pv);
        auto text = read_host_file(c.in, p);
        if (!text) {
            c.write_error(path_not_found(p, cmdlet));
            continue;
        }
        files.push_back({p, std::move(*text)});
    }
    return files;
}

ErrorRecord path_not_found(const std::string& path, const std::string& cmdlet) {
    ErrorRecord e = cmdlet_error(fmt::format("Cannot find path '{}' because it does not exist.", path), cmdlet,
                                 fmt::format("ObjectNotFound: ({}:String) [{}], ItemNotFoundException", path, cmdlet),
                                 "PathNotFound,Microsoft.PowerShell.Commands." + command_type_name(cmdlet));
    e.exception_type = "System.Management.Automation.ItemNotFoundException";
    return e;
}

const std::map<std::string, HostCommand>& builtin_commands() {
    static const std::map<std::string, HostCommand> m = make_builtins();
    return m;
}

}  // namespace cusim::ps
