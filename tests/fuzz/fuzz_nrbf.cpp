// MS-NRBF streams (sim/formats/nrbf): the SerializationData of Get-ExchangeCertificate exports,
// then what the import takes from the root object (Services, PrivateKeyExportable, CertData).
#include "sim/formats/nrbf.hpp"
#include "tests/fuzz/support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<unsigned char> bytes(data, data + size);
    cusim::fuzz::expect_input_error([&] {
        cusim::nrbf::Stream s = cusim::nrbf::read(bytes, "input.nrbf", "line 1");
        for (const char* name : {"Services", "PrivateKeyExportable", "CertData", "Status"})
            if (const cusim::nrbf::Value* v = s.resolve(s.root->member(name))) v->enum_value();
    });
    return 0;
}
