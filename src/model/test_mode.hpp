// Enumerations of the data model and their canonical spellings.
//
// The spellings are part of the HDF5 schema (docs/hdf5-schema.md), the analysis JSON
// and the command line, so they are defined once here.
#pragma once

#include <optional>
#include <string_view>

namespace isokin {

enum class Side { left, right };

// The limb a session is about (an injury, an operation): a fact of the session, not
// something the analysis guesses. `none` = both limbs healthy (screening);
// `unknown` = nobody said (old files, exports that do not state it).
enum class InvolvedSide { unknown, none, left, right };

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
std::string_view to_string(InvolvedSide involved);  // "unknown", "none", "left", "right"
std::string_view to_string(TestMode mode);
std::string_view to_string(Muscle muscle);
std::string_view to_string(Contraction contraction);

// Parsers accept exactly the canonical spelling (case-sensitive); nullopt otherwise.
std::optional<Side> parse_side(std::string_view text);
std::optional<InvolvedSide> parse_involved_side(std::string_view text);
// The involved limb as a Side; nullopt for none and unknown.
std::optional<Side> involved_limb(InvolvedSide involved);
std::optional<TestMode> parse_test_mode(std::string_view text);
std::optional<Muscle> parse_muscle(std::string_view text);
std::optional<Contraction> parse_contraction(std::string_view text);

}  // namespace isokin
