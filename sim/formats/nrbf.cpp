#include "sim/formats/nrbf.hpp"

#include <fmt/format.h>

#include <cstring>

#include "sim/core/input_error.hpp"

namespace cusim::nrbf {

const Value* Value::member(const std::string& name) const {
    for (auto& [n, v] : members)
        if (n == name) return v.get();
    return nullptr;
}

std::optional<long long> Value::enum_value() const {
    if (kind == Kind::primitive) return integer;
    if (kind != Kind::object || members.size() != 1 || members[0].first != "value__") return std::nullopt;
    return members[0].second->integer;
}

const Value* Stream::resolve(const Value* v) const {
    if (!v || v->kind != Value::Kind::reference) return v;
    auto it = objects.find(v->ref_id);
    return it == objects.end() ? nullptr : it->second.get();
}

namespace {

// [MS-NRBF] 2.1.2.1 RecordTypeEnumeration.
enum Record : uint8_t {
    serialized_stream_header = 0, class_with_id = 1, system_class_with_members = 2, class_with_members = 3,
    system_class_with_members_and_types = 4, class_with_members_and_types = 5, binary_object_string = 6,
    binary_array = 7, member_primitive_typed = 8, member_reference = 9, object_null = 10, message_end = 11,
    binary_library = 12, object_null_multiple_256 = 13, object_null_multiple = 14, array_single_primitive = 15,
    array_single_object = 16, array_single_string = 17
};
// 2.1.2.2 BinaryTypeEnumeration.
enum BinaryType : uint8_t { primitive = 0, string = 1, object = 2, system_class = 3, klass = 4, object_array = 5,
                            string_array = 6, primitive_array = 7 };

struct ClassMetadata {
    std::string name;
    std::vector<std::string> member_names;
    std::vector<uint8_t> types;             // empty: the members are records (ClassWithMembers)
    std::vector<uint8_t> primitive_types;   // for Primitive and PrimitiveArray members
};

// Bounds: no BinaryFormatter stream of an Exchange object nests past a handful of levels, and an
// array never has more elements than the stream has bytes.
constexpr int deepest = 64;

class Reader {
public:
    Reader(const std::vector<unsigned char>& b, const std::string& file, const std::string& where)
        : b_(b), file_(file), where_(where) {}

    Stream read_stream() {
        if (u8() != serialized_stream_header) fail("not a BinaryFormatter stream (no SerializationHeaderRecord)");
        int root_id = i32();
        i32();  // header id
        int major = i32(), minor = i32();
        if (major != 1 || minor != 0) fail(fmt::format("version {}.{} (only 1.0 exists)", major, minor));
        for (;;) {
            uint8_t type = peek();
            if (type == message_end) {
                ++pos_;
                break;
            }
            record(0);
        }
        stream_.root = stream_.objects.count(root_id) ? stream_.objects[root_id] : nullptr;
        if (!stream_.root) fail(fmt::format("no object with the root id {}", root_id));
        return std::move(stream_);
    }

private:
    [[noreturn]] void fail(const std::string& why) const {
        throw InputError(file_, where_, fmt::format("SerializationData (MS-NRBF) at byte {}: {}", pos_, why));
    }
    void need(size_t n) const {
        if (n > b_.size() - pos_) fail("the stream ends early");
    }
    uint8_t peek() const {
        need(1);
        return b_[pos_];
    }
    uint8_t u8() {
        need(1);
        return b_[pos_++];
    }
    int32_t i32() {
        need(4);
        uint32_t v = uint32_t(b_[pos_]) | uint32_t(b_[pos_ + 1]) << 8 | uint32_t(b_[pos_ + 2]) << 16 | uint32_t(b_[pos_ + 3]) << 24;
        pos_ += 4;
        return int32_t(v);
    }
    uint64_t u64() {
        need(8);
        uint64_t v = 0;
        for (int i = 7; i >= 0; --i) v = v << 8 | b_[pos_ + size_t(i)];
        pos_ += 8;
        return v;
    }
    // 2.1.1.6 LengthPrefixedString: a 7-bit encoded length of at most five bytes, then UTF-8.
    std::string text() {
        uint32_t len = 0;
        for (int shift = 0;; shift += 7) {
            if (shift > 28) fail("a string length longer than five bytes");
            uint8_t byte = u8();
            len |= uint32_t(byte & 0x7F) << shift;
            if (!(byte & 0x80)) break;
        }
        need(len);
        std::string s(reinterpret_cast<const char*>(b_.data() + pos_), len);
        pos_ += len;
        return s;
    }
    size_t count(int32_t n) {
        if (n < 0 || size_t(n) > b_.size()) fail(fmt::format("a count of {}", n));
        return size_t(n);
    }

    // 2.1.2.3 PrimitiveTypeEnumeration, each value as .NET would print it.
    ValuePtr primitive_value(uint8_t type) {
        auto v = std::make_shared<Value>();
        v->kind = Value::Kind::primitive;
        auto integer = [&](long long n) {
            v->integer = n;
            v->text = std::to_string(n);
        };
        switch (type) {
            case 1: {  // Boolean
                bool on = u8() != 0;
                v->integer = on;
                v->text = on ? "True" : "False";
                break;
            }
            case 2: integer(u8()); break;                     // Byte
            case 10: integer(int8_t(u8())); break;            // SByte
            case 7: { need(2); integer(int16_t(b_[pos_] | b_[pos_ + 1] << 8)); pos_ += 2; break; }   // Int16
            case 14: { need(2); integer(uint16_t(b_[pos_] | b_[pos_ + 1] << 8)); pos_ += 2; break; } // UInt16
            case 8: integer(i32()); break;                    // Int32
            case 15: integer(uint32_t(i32())); break;         // UInt32
            case 9: integer((long long)u64()); break;         // Int64
            case 12: integer((long long)u64()); break;        // TimeSpan (ticks)
            case 13: integer((long long)(u64() & 0x3FFFFFFFFFFFFFFFULL)); break;  // DateTime: ticks, kind in the top bits
            case 16: {                                        // UInt64
                uint64_t n = u64();
                v->text = std::to_string(n);
                break;
            }
            case 6: {  // Double
                uint64_t bits = u64();
                double d;
                std::memcpy(&d, &bits, sizeof d);
                v->text = fmt::format("{}", d);
                break;
            }
            case 11: {  // Single
                uint32_t bits = uint32_t(i32());
                float f;
                std::memcpy(&f, &bits, sizeof f);
                v->text = fmt::format("{}", f);
                break;
            }
            case 3: {  // Char: one UTF-8 sequence
                uint8_t first = u8();
                size_t more = first < 0x80 ? 0 : (first >> 5) == 6 ? 1 : (first >> 4) == 14 ? 2 : 3;
                need(more);
                v->text = std::string(1, char(first)) + std::string(reinterpret_cast<const char*>(b_.data() + pos_), more);
                pos_ += more;
                break;
            }
            case 5: v->text = text(); break;   // Decimal, as text
            case 18: v->kind = Value::Kind::string; v->text = text(); break;
            case 17: v->kind = Value::Kind::null; break;
            default: fail(fmt::format("primitive type {}", type));
        }
        return v;
    }

    void member_type_info(ClassMetadata& c) {
        c.types.resize(c.member_names.size());
        c.primitive_types.assign(c.member_names.size(), 0);
        for (auto& t : c.types) t = u8();
        for (size_t i = 0; i < c.types.size(); ++i) {
            switch (c.types[i]) {
                case primitive: case primitive_array: c.primitive_types[i] = u8(); break;
                case system_class: text(); break;
                case klass: text(); i32(); break;
                case string: case object: case object_array: case string_array: break;
                default: fail(fmt::format("member type {}", c.types[i]));
            }
        }
    }

    ClassMetadata class_info() {
        ClassMetadata c;
        object_id_ = i32();
        c.name = text();
        size_t n = count(i32());
        for (size_t i = 0; i < n; ++i) c.member_names.push_back(text());
        return c;
    }

    ValuePtr class_values(const ClassMetadata& c, int id, int depth) {
        auto v = std::make_shared<Value>();
        v->kind = Value::Kind::object;
        v->class_name = c.name;
        stream_.objects[id] = v;
        for (size_t i = 0; i < c.member_names.size(); ++i) {
            bool inline_primitive = !c.types.empty() && c.types[i] == primitive;
            v->members.emplace_back(c.member_names[i], inline_primitive ? primitive_value(c.primitive_types[i]) : record(depth + 1));
        }
        return v;
    }

    // Elements of an object array: records, with runs of nulls.
    ValuePtr array_of_records(int id, size_t length, int depth) {
        auto v = std::make_shared<Value>();
        v->kind = Value::Kind::array;
        stream_.objects[id] = v;
        while (v->items.size() < length) {
            uint8_t type = peek();
            if (type == object_null_multiple_256 || type == object_null_multiple) {
                ++pos_;
                size_t nulls = type == object_null_multiple_256 ? u8() : count(i32());
                if (nulls > length - v->items.size()) fail("more nulls than the array holds");
                for (size_t k = 0; k < nulls; ++k) v->items.push_back(std::make_shared<Value>());
            } else {
                v->items.push_back(record(depth + 1));
            }
        }
        return v;
    }

    ValuePtr record(int depth) {
        if (depth > deepest) fail(fmt::format("objects nested more than {} deep", deepest));
        size_t at = pos_;
        uint8_t type = u8();
        while (type == binary_library) {  // a library record precedes the record that uses it
            i32();
            text();
            at = pos_;
            type = u8();
        }
        switch (type) {
            case class_with_members_and_types: {
                ClassMetadata c = class_info();
                int id = object_id_;
                member_type_info(c);
                i32();  // library id
                classes_[id] = c;
                return class_values(c, id, depth);
            }
            case system_class_with_members_and_types: {
                ClassMetadata c = class_info();
                int id = object_id_;
                member_type_info(c);
                classes_[id] = c;
                return class_values(c, id, depth);
            }
            case class_with_members: case system_class_with_members: {
                ClassMetadata c = class_info();
                int id = object_id_;
                if (type == class_with_members) i32();
                classes_[id] = c;
                return class_values(c, id, depth);
            }
            case class_with_id: {
                int id = i32();
                auto meta = classes_.find(i32());
                if (meta == classes_.end()) fail("ClassWithId names a class not yet seen");
                ClassMetadata c = meta->second;
                return class_values(c, id, depth);
            }
            case binary_object_string: {
                int id = i32();
                auto v = std::make_shared<Value>();
                v->kind = Value::Kind::string;
                v->text = text();
                stream_.objects[id] = v;
                return v;
            }
            case member_primitive_typed: return primitive_value(u8());
            case member_reference: {
                auto v = std::make_shared<Value>();
                v->kind = Value::Kind::reference;
                v->ref_id = i32();
                return v;
            }
            case object_null: return std::make_shared<Value>();
            case array_single_primitive: {
                int id = i32();
                size_t length = count(i32());
                uint8_t element = u8();
                auto v = std::make_shared<Value>();
                v->kind = Value::Kind::array;
                stream_.objects[id] = v;
                if (element == 2) {  // a byte array: kept as its bytes, one item would be wasteful
                    need(length);
                    v->text.assign(reinterpret_cast<const char*>(b_.data() + pos_), length);
                    pos_ += length;
                    return v;
                }
                for (size_t i = 0; i < length; ++i) v->items.push_back(primitive_value(element));
                return v;
            }
            case array_single_object: case array_single_string: {
                int id = i32();
                return array_of_records(id, count(i32()), depth);
            }
            case binary_array: {
                int id = i32();
                uint8_t shape = u8();
                size_t rank = count(i32()), length = 1;
                for (size_t r = 0; r < rank; ++r) {
                    size_t n = count(i32());
                    if (n && length > b_.size() / n) fail("an array larger than the stream");
                    length *= n;
                }
                if (shape >= 3) for (size_t r = 0; r < rank; ++r) i32();  // lower bounds
                uint8_t element = u8();
                if (element == primitive || element == primitive_array) {
                    uint8_t prim = u8();
                    if (element == primitive) {
                        auto v = std::make_shared<Value>();
                        v->kind = Value::Kind::array;
                        stream_.objects[id] = v;
                        if (length > b_.size() - pos_) fail("an array larger than the stream");
                        for (size_t i = 0; i < length; ++i) v->items.push_back(primitive_value(prim));
                        return v;
                    }
                } else if (element == system_class) {
                    text();
                } else if (element == klass) {
                    text();
                    i32();
                }
                return array_of_records(id, length, depth);
            }
            default:
                pos_ = at;
                fail(fmt::format("record type {} is not one cusim reads", type));
        }
    }

    const std::vector<unsigned char>& b_;
    std::string file_, where_;
    size_t pos_ = 0;
    int object_id_ = 0;
    std::map<int, ClassMetadata> classes_;
    Stream stream_;
};

}  // namespace

Writer::Writer(int root_id) {
    u8(serialized_stream_header);
    i32(root_id);
    i32(-1);  // header id: -1, as BinaryFormatter writes it (the E19 exports have it)
    i32(1);   // major version
    i32(0);   // minor version
}

void Writer::i32(std::int32_t v) {
    auto u = static_cast<std::uint32_t>(v);
    for (int shift = 0; shift < 32; shift += 8) u8(static_cast<std::uint8_t>(u >> shift));
}

void Writer::text(const std::string& s) {
    // 2.1.1.6: the length in 7-bit groups, low first, the high bit set on all but the last.
    auto len = static_cast<std::uint32_t>(s.size());
    do {
        std::uint8_t byte = len & 0x7F;
        len >>= 7;
        u8(len ? byte | 0x80 : byte);
    } while (len);
    out_.insert(out_.end(), s.begin(), s.end());
}

void Writer::library(int id, const std::string& name) {
    u8(binary_library);
    i32(id);
    text(name);
}

void Writer::class_with_members_and_types(int id, const std::string& name, const std::vector<Member>& members, int lib) {
    u8(Record::class_with_members_and_types);
    i32(id);
    text(name);
    i32(static_cast<std::int32_t>(members.size()));
    for (auto& m : members) text(m.name);
    for (auto& m : members) u8(static_cast<std::uint8_t>(m.type));
    for (auto& m : members) {
        if (m.type == Type::primitive || m.type == Type::primitive_array) u8(m.primitive);
        if (m.type == Type::system_class) text(m.type_name);
        if (m.type == Type::klass) {
            text(m.type_name);
            i32(m.library);
        }
    }
    i32(lib);
}

void Writer::enum_value(int id, const std::string& name, int lib, std::int32_t value) {
    class_with_members_and_types(id, name, {{"value__", Type::primitive, int32_type, "", 0}}, lib);
    i32(value);
}

void Writer::boolean(bool value) { u8(value ? 1 : 0); }

void Writer::reference(int id) {
    u8(member_reference);
    i32(id);
}

void Writer::null() { u8(object_null); }

void Writer::string(int id, const std::string& value) {
    u8(binary_object_string);
    i32(id);
    text(value);
}

void Writer::byte_array(int id, const std::string& bytes) {
    u8(array_single_primitive);
    i32(id);
    i32(static_cast<std::int32_t>(bytes.size()));
    u8(byte_type);
    out_.insert(out_.end(), bytes.begin(), bytes.end());
}

std::vector<unsigned char> Writer::finish() {
    u8(message_end);
    return std::move(out_);
}

Stream read(const std::vector<unsigned char>& bytes, const std::string& file, const std::string& where) {
    return Reader(bytes, file, where).read_stream();
}

}  // namespace cusim::nrbf
