#pragma once
// Where cusim's own data is: the bundled scenarios, the fix catalogue, the lessons, the fixtures
// they use and the schemas. The default of every option that names one of them comes from here,
// so `cusim run` works from any folder, in a build tree as installed; paths the user types are
// relative to the current folder as usual.
#include <string>

namespace cusim {

// The order, first found wins:
//   1. `--data-dir DIR` (set_data_dir_override)
//   2. the CUSIM_DATA_DIR environment variable
//   3. installed: <folder of the executable>/<CUSIM_INSTALL_DATA_REL> (e.g. /usr/bin/../share/cusim)
//   4. a build tree: the source folder named in cusim-data-dir.txt beside the executable (CMake writes it)
// A named folder (1, 2) must hold scenarios/fixes; it is an error, not a fallback, when it does not.
void set_data_dir_override(const std::string& dir);

// A path inside the data folder, `relative` like "scenarios/fixes", as it should be shown: relative to
// the current folder when it lies below it (a build tree run from the checkout prints what it always
// printed), absolute otherwise. Throws InputError naming where it looked when there is no data folder.
std::string data_path(const std::string& relative);

// How the data folder was found (for `cusim --version`), or why none was.
std::string data_dir_description();

}  // namespace cusim
