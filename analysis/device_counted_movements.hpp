// The hook between segmentation and measurement for imported recordings whose device
// marked the counted repetitions (TrialInfo::counted): efforts outside those marks
// (lead-in, positioning, the return to the start) are left out of the analysis.
#pragma once

#include <cstddef>
#include <vector>

#include "analysis/repetition_segmentation.hpp"
#include "model/counted_movements.hpp"

namespace isokin::analysis {

// Removes from `seg` the efforts whose middle sample lies in no counted movement and
// returns how many it removed. With no marks, or marks that would leave no effort at
// all (marks that do not fit the data), nothing is removed.
std::size_t keep_device_counted(Segmentation& seg, const std::vector<CountedMovement>& counted);

}  // namespace isokin::analysis
