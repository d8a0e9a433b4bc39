// A batch shard taken from a Slurm job array (`isokin batch --shard auto`), and the
// `%a` of output names (`--out efforts-%a.csv`), as sbatch's own file patterns use it.
//
// Slurm gives every task of `sbatch --array=LO-HI` the variables
//   SLURM_ARRAY_TASK_ID     this task's index, LO..HI
//   SLURM_ARRAY_TASK_MIN    LO
//   SLURM_ARRAY_TASK_COUNT  the number of tasks
//   SLURM_ARRAY_TASK_STEP   the step of LO-HI:STEP (absent or 1 for consecutive ids)
// Shard I of N is then I = (ID - MIN) / STEP + 1 and N = COUNT. An array whose ids are
// not an arithmetic series (--array=1,4,9) has no such mapping and is refused.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "batch/cohort_files.hpp"

namespace isokin::batch {

struct ArrayShard {
  Shard shard;
  std::size_t task_id = 0;  // SLURM_ARRAY_TASK_ID: what %a becomes, as in sbatch --output
};

// Reads the variables through `getenv` (std::getenv in the program; a map in tests).
// Throws InputError naming the variable, its value and what was expected.
ArrayShard shard_from_slurm(const std::function<const char*(const char*)>& getenv);

// `name` with every `%a` replaced by `task_number` and `%%` by `%`. Any other `%`
// sequence, or `%a` without a task number (no --shard), throws InputError naming
// `option`.
std::string expand_array_pattern(std::string_view name, std::optional<std::size_t> task_number,
                                 std::string_view option);

}  // namespace isokin::batch
