// Angular velocity from angle samples when a file has no velocity channel.
#pragma once

#include <span>
#include "model/column.hpp"

namespace isokin::import {

// Central differences (a[i+1] - a[i-1]) / (t[i+1] - t[i-1]), one-sided at both ends,
// in the angle's unit per second. Times must strictly increase (caller checks).
Column derive_velocity(std::span<const double> time_s, std::span<const double> angle);

}  // namespace isokin::import
