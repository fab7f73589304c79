#pragma once
// What collector/Export-CusimServerState.ps1 writes on a server, written for a simulated one: the
// same files in the same shapes and encodings (Export-Clixml UTF-16LE with a BOM, Export-Csv and
// Set-Content -Encoding UTF8 UTF-8 with a BOM, clock.txt ASCII, CRLF), so that a scenario can go
// through `cusim import` and `cusim preflight` as a real server's folder does, and so that the
// import is tested against every corpus scenario (issue 14: the round trip gives the same server).
//
// The files and what each holds are those of the collector's header; the shapes are those of the
// real exports in ../shared/data/css-exchange/E19 (Get-ExchangeCertificate's SerializationData as a
// BinaryFormatter stream, its CertData a serialized store element, as `cusim import` reads them).
// A server whose Exchange management does not work (a failed CU) gets no Exchange files, as the
// collector then cannot run the Exchange cmdlets; the import then refuses the folder.
#include <string>

#include "sim/model/server_state.hpp"

namespace cusim {

void write_collector_folder(const ServerState& state, const std::string& dir);

}  // namespace cusim
