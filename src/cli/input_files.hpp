// Input files named on the command line, each read once: the same file given twice,
// also under another spelling (./a.h5, dir/../a.h5, a symbolic or hard link), keeps
// its first mention and the repeats are reported on stderr.
#pragma once

#include <string>
#include <vector>

namespace isokin::cli {

std::vector<std::string> distinct_inputs(const std::vector<std::string>& files);

}  // namespace isokin::cli
