// Enumerations of the data model and their canonical spellings.
//
// The spellings are part of the HDF5 schema (docs/hdf5-schema.md), the analysis JSON
// and the command line, so they are defined once here.
#pragma once

#include <optional>
#include <string_view>

namespace isokin {

enum class Side { left, right };

// How the dynamometer loads the joint in each direction of a repetition.
enum class TestMode {
  con_con,    // concentric extension, concentric flexion
  ecc_ecc,    // eccentric both ways (machine drives, the muscle resists)
  con_ecc,    // concentric on one direction, eccentric on the return (e.g. Qcon / Hecc)
  isometric,  // no motion, the angle is held
  passive,    // machine moves the limb, subject relaxed (gravity / stiffness)
};

enum class Muscle { quadriceps, hamstrings };
enum class Contraction { concentric, eccentric, isometric };

std::string_view to_string(Side side);
std::string_view to_string(TestMode mode);
std::string_view to_string(Muscle muscle);
std::string_view to_string(Contraction contraction);

// Parsers accept exactly the canonical spelling (case-sensitive); nullopt otherwise.
std::optional<Side> parse_side(std::string_view text);
std::optional<TestMode> parse_test_mode(std::string_view text);
std::optional<Muscle> parse_muscle(std::string_view text);
std::optional<Contraction> parse_contraction(std::string_view text);

}  // namespace isokin
