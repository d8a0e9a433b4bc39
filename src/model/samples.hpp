// A trial's samples, stored as columns (one contiguous vector per channel).
//
// Columns rather than an array of structs because every consumer (filters, HDF5
// datasets, plots) walks one channel at a time. Units are in the names and follow
// ../shared/protocol.md section 3:
//   time_s          seconds from the start of the trial, device clock (authoritative)
//   torque_nm       N·m, positive in extension (quadriceps), negative in flexion
//   angle_deg       degrees of anatomical flexion, 0 = full knee extension
//   velocity_deg_s  d(angle)/dt in deg/s: extension is negative
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "model/column.hpp"

namespace isokin {

struct Sample {
  double time_s = 0;
  double torque_nm = 0;
  double angle_deg = 0;
  double velocity_deg_s = 0;
};

// A read-only view of columns of equal length (from SampleColumns, an HDF5 read
// buffer or a ring buffer snapshot). host_time_s may be empty.
struct SampleSpan {
  std::span<const double> time_s;
  std::span<const double> torque_nm;
  std::span<const double> angle_deg;
  std::span<const double> velocity_deg_s;
  std::span<const double> host_time_s;  // host clock at receipt, seconds since the Unix epoch; optional

  std::size_t size() const { return time_s.size(); }
  bool empty() const { return time_s.empty(); }
  Sample operator[](std::size_t i) const { return {time_s[i], torque_nm[i], angle_deg[i], velocity_deg_s[i]}; }
  SampleSpan subspan(std::size_t offset, std::size_t count) const;
};

struct SampleColumns {
  Column time_s;
  Column torque_nm;
  Column angle_deg;
  Column velocity_deg_s;
  Column host_time_s;  // empty when the source has no host clock (simulator, import)

  std::size_t size() const { return time_s.size(); }
  bool empty() const { return time_s.empty(); }
  void reserve(std::size_t n);
  void clear();
  void push_back(const Sample& s);
  void push_back(const Sample& s, double host_time_s);
  void append(const SampleSpan& span);
  SampleSpan span() const;
  Sample operator[](std::size_t i) const { return {time_s[i], torque_nm[i], angle_deg[i], velocity_deg_s[i]}; }
};

}  // namespace isokin
