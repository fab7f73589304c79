#pragma once
// .NET Remoting Binary Format ([MS-NRBF], a public Microsoft Open Specification): what
// Export-Clixml keeps of an object it cannot serialise property by property. Get-ExchangeCertificate
// objects carry their Exchange-only properties (Services, IISServices, Status, PrivateKeyExportable,
// SelfSigned, RootCAType) only inside `<BA N="SerializationData">`, a BinaryFormatter stream.
//
// The reader takes the records a BinaryFormatter writes for plain classes, enums, strings, lists and
// primitive arrays (section 2 of the specification) and gives back the root object as a tree. It
// never executes or instantiates anything; a record it does not know is an InputError naming the
// byte offset, and nesting deeper than a bound is refused (no recursion the input controls).
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cusim::nrbf {

struct Value;
using ValuePtr = std::shared_ptr<const Value>;

struct Value {
    // A reference names an object of the stream by its id (MemberReference): resolved through the
    // Stream, so that a stream whose objects refer to each other in a cycle is still a tree here.
    enum class Kind { null, primitive, string, object, array, reference } kind = Kind::null;
    int ref_id = 0;                             // reference
    std::string text;                           // primitive (as .NET prints it) or string
    std::optional<long long> integer;           // for integer primitives and booleans (0/1)
    std::string class_name;                     // object: the .NET type, e.g. "...AllowedServices"
    std::vector<std::pair<std::string, ValuePtr>> members;  // object, in declaration order
    std::vector<ValuePtr> items;                // array

    // The member `name` of an object, or nullptr.
    const Value* member(const std::string& name) const;
    // An enum as BinaryFormatter writes it: an object whose only member is `value__`.
    std::optional<long long> enum_value() const;
};

struct Stream {
    ValuePtr root;
    std::map<int, ValuePtr> objects;  // by object id
    // `v` itself, or the object a reference names (nullptr when the stream has no such object).
    const Value* resolve(const Value* v) const;
};

// Writes a stream record by record in the layout BinaryFormatter gives an object with typed members
// (ClassWithMembersAndTypes, [MS-NRBF] 2.3.2.1), as the real Get-ExchangeCertificate exports hold it:
// the header, a library, the root class, its enum members as classes with one `value__`, its
// reference members' objects after it, and the end. Only what `read` takes back.
class Writer {
public:
    // 2.1.2.2 BinaryTypeEnumeration, for a member's declared type.
    enum class Type : std::uint8_t { primitive = 0, string = 1, object = 2, system_class = 3, klass = 4, primitive_array = 7 };
    // 2.1.2.3 PrimitiveTypeEnumeration, the ones written here.
    static constexpr std::uint8_t boolean_type = 1, byte_type = 2, int32_type = 8;
    struct Member {
        std::string name;
        Type type;
        std::uint8_t primitive = 0;  // primitive, primitive_array: the element type
        std::string type_name;       // system_class, klass: the class
        int library = 0;             // klass: its library
    };

    explicit Writer(int root_id);  // the SerializationHeaderRecord
    void library(int id, const std::string& name);
    void class_with_members_and_types(int id, const std::string& name, const std::vector<Member>& members, int library);
    // An enum member's value: a class of its own whose one member is `value__` (an Int32).
    void enum_value(int id, const std::string& name, int library, std::int32_t value);
    void boolean(bool value);
    void reference(int id);  // MemberReference
    void null();             // ObjectNull
    void string(int id, const std::string& value);           // BinaryObjectString
    void byte_array(int id, const std::string& bytes);       // ArraySinglePrimitive of Byte
    std::vector<unsigned char> finish();                     // MessageEnd

private:
    void u8(std::uint8_t v) { out_.push_back(v); }
    void i32(std::int32_t v);
    void text(const std::string& s);  // LengthPrefixedString
    std::vector<unsigned char> out_;
};

// Reads one stream (the bytes of a SerializationData element). `where` names it in errors
// ("line N"); a malformed stream is an InputError naming `file`, `where` and the byte offset.
Stream read(const std::vector<unsigned char>& bytes, const std::string& file, const std::string& where);

}  // namespace cusim::nrbf
