#include "store/session_layout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <system_error>

#include "store/file_checks.hpp"
#include "store/hdf5_checks.hpp"
#include "store/hdf5_schema.hpp"
#include "store/writer_lock.hpp"

#ifndef ISOKIN_STORE_VERSION
#define ISOKIN_STORE_VERSION "unknown"
#endif

namespace isokin::store {
namespace s = schema;
using h5::Where;

namespace {

std::string required_string(hid_t loc, const char* name, const Where& where) {
  auto value = h5::read_string_attr(loc, name, where);
  if (!value) h5::refuse(where, fmt::format("attribute '{}' is missing", name));
  return *value;
}

std::string optional_string(hid_t loc, const char* name, const Where& where) {
  return h5::read_string_attr(loc, name, where).value_or("");
}

double optional_double(hid_t loc, const char* name, const Where& where, double fallback = 0) {
  return h5::read_double_attr(loc, name, where).value_or(fallback);
}

std::uint64_t optional_count(hid_t loc, const char* name, const Where& where) {
  return h5::read_uint_attr(loc, name, where).value_or(0);
}

void set_units(const h5::Id& dataset, const char* units, const Where& where) {
  h5::write_attr(dataset.get(), s::kUnits, std::string(units), where);
}

}  // namespace

// --- session ----------------------------------------------------------------------------
void write_session_attrs(hid_t root, const SessionInfo& info, const Where& where) {
  h5::write_attr(root, s::kSchema, std::string(s::kSchemaName), where);
  h5::write_attr(root, s::kSchemaVersionAttr, std::int64_t{s::kSchemaVersion}, where);
  h5::write_attr(root, s::kSubjectId, info.subject.id, where);
  h5::write_attr(root, s::kBodyMassKg, info.subject.body_mass_kg, where);
  h5::write_attr(root, s::kDate, info.date, where);
  h5::write_attr(root, s::kNotes, info.notes, where);
  h5::write_attr(root, s::kProtocol, info.protocol, where);
  write_involved_side(root, info.involved, where);
  h5::write_attr(root, s::kCreatedBy, std::string("isokin " ISOKIN_STORE_VERSION), where);
}

void write_involved_side(hid_t root, InvolvedSide involved, const Where& where) {
  h5::write_attr(root, s::kInvolvedSide, std::string(to_string(involved)), where);
}

InvolvedSide read_involved_side(hid_t root, const Where& where) {
  // Files written before the attribute existed do not have it: the side is unknown.
  const auto text = h5::read_string_attr(root, s::kInvolvedSide, where);
  if (!text || text->empty()) return InvolvedSide::unknown;
  const auto parsed = parse_involved_side(*text);
  if (!parsed)
    h5::refuse(where, fmt::format("attribute '{}' is \"{:.40}\"; expected left, right, none or unknown",
                                  s::kInvolvedSide, *text));
  return *parsed;
}

void check_schema(hid_t root, const Where& where) {
  std::optional<std::string> name;
  try {
    name = h5::read_string_attr(root, s::kSchema, where);
  } catch (const StoreError&) {
    h5::refuse(where, "not an isokin session file (its 'schema' attribute is not a string)");
  }
  if (!name) h5::refuse(where, "not an isokin session file (HDF5, but no 'schema' attribute)");
  if (*name != s::kSchemaName)
    h5::refuse(where, fmt::format("not an isokin session file (schema is '{}', expected '{}')", *name, s::kSchemaName));
  std::optional<std::int64_t> version;
  try {
    version = h5::read_int_attr(root, s::kSchemaVersionAttr, where);
  } catch (const StoreError&) {
    h5::refuse(where, "damaged isokin session file ('schema_version' is not an integer)");
  }
  if (!version) h5::refuse(where, "damaged isokin session file ('schema_version' is missing)");
  if (*version > s::kSchemaVersion)
    h5::refuse(where, fmt::format("schema_version {} is newer than this isokin reads (up to {}); update isokin",
                                  *version, s::kSchemaVersion));
  if (*version < 1) h5::refuse(where, fmt::format("invalid schema_version {}", *version));
}

SessionInfo read_session_attrs(hid_t root, const Where& where) {
  SessionInfo info;
  info.subject.id = optional_string(root, s::kSubjectId, where);
  info.subject.body_mass_kg = optional_double(root, s::kBodyMassKg, where, std::numeric_limits<double>::quiet_NaN());
  info.date = optional_string(root, s::kDate, where);
  info.notes = optional_string(root, s::kNotes, where);
  info.protocol = optional_string(root, s::kProtocol, where);
  info.involved = read_involved_side(root, where);
  return info;
}

void write_session_skeleton(const h5::Id& file, const SessionInfo& info, const Where& where) {
  write_session_attrs(file.get(), info, where);
  h5::create_group(file.get(), s::kTrials, where);
}

void require_same_subject(const SessionInfo& in_file, const SessionInfo& incoming, const Where& where) {
  if (in_file.subject.id != incoming.subject.id)
    h5::refuse(where, fmt::format("belongs to subject '{}', not '{}': a session file holds one subject",
                                  in_file.subject.id, incoming.subject.id));
}

// --- trials -----------------------------------------------------------------------------
void write_trial_attrs(hid_t group, const TrialInfo& info, bool recording, const Where& where) {
  h5::write_attr(group, s::kJoint, info.joint, where);
  h5::write_attr(group, s::kSide, std::string(to_string(info.side)), where);
  h5::write_attr(group, s::kMode, std::string(to_string(info.mode)), where);
  h5::write_attr(group, s::kVelocityExt, info.velocity_ext_deg_s, where);
  h5::write_attr(group, s::kVelocityFlex, info.velocity_flex_deg_s, where);
  h5::write_attr(group, s::kSampleRate, info.sample_rate_hz, where);
  h5::write_attr(group, s::kMeasuredRate, info.measured_rate_hz, where);
  h5::write_attr(group, s::kRepsRequested, std::int64_t{info.reps_requested}, where);
  h5::write_attr(group, s::kRomMin, info.rom_min_deg, where);
  h5::write_attr(group, s::kRomMax, info.rom_max_deg, where);
  if (info.gravity) {
    h5::write_attr(group, s::kGravityTorque, info.gravity->torque_nm, where);
    h5::write_attr(group, s::kGravityAngle, info.gravity->angle_deg, where);
  } else {
    if (h5::has_attr(group, s::kGravityTorque, where)) h5::delete_attr(group, s::kGravityTorque, where);
    if (h5::has_attr(group, s::kGravityAngle, where)) h5::delete_attr(group, s::kGravityAngle, where);
  }
  h5::write_attr(group, s::kStartedAt, info.started_at, where);
  h5::write_attr(group, s::kSource, info.source, where);
  h5::write_attr(group, s::kDeviceModel, info.device_model, where);
  h5::write_attr(group, s::kDeviceSerial, info.device_serial, where);
  h5::write_attr(group, s::kDeviceFirmware, info.device_firmware, where);
  if (!info.device_calibration.empty()) h5::write_attr(group, s::kDeviceCalibration, info.device_calibration, where);
  h5::write_attr(group, s::kCountSamples, info.counts.samples, where);
  h5::write_attr(group, s::kCountCorruptFrames, info.counts.corrupt_frames, where);
  h5::write_attr(group, s::kCountLostFrames, info.counts.lost_frames, where);
  h5::write_attr(group, s::kCountLostSamples, info.counts.lost_samples, where);
  h5::write_attr(group, s::kCountUnknownFrames, info.counts.unknown_frames, where);
  h5::write_attr(group, s::kCountReconnects, info.counts.reconnects, where);
  h5::write_attr(group, s::kRecording, std::int64_t{recording ? 1 : 0}, where);
  if (!info.counted.empty()) h5::write_attr(group, s::kCountedMovements, format_counted_movements(info.counted), where);
}

TrialInfo read_trial_attrs(hid_t group, const std::string& id, const Where& where) {
  TrialInfo info;
  info.id = id;
  info.joint = optional_string(group, s::kJoint, where);
  const std::string side = required_string(group, s::kSide, where);
  const auto parsed_side = parse_side(side);
  if (!parsed_side) h5::refuse(where, fmt::format("unknown side '{}'", side));
  info.side = *parsed_side;
  const std::string mode = required_string(group, s::kMode, where);
  const auto parsed_mode = parse_test_mode(mode);
  if (!parsed_mode) h5::refuse(where, fmt::format("unknown mode '{}'", mode));
  info.mode = *parsed_mode;
  info.velocity_ext_deg_s = optional_double(group, s::kVelocityExt, where);
  info.velocity_flex_deg_s = optional_double(group, s::kVelocityFlex, where);
  info.sample_rate_hz = optional_double(group, s::kSampleRate, where);
  info.measured_rate_hz = optional_double(group, s::kMeasuredRate, where);
  info.reps_requested = static_cast<int>(h5::read_int_attr(group, s::kRepsRequested, where).value_or(0));
  info.rom_min_deg = optional_double(group, s::kRomMin, where);
  info.rom_max_deg = optional_double(group, s::kRomMax, where);
  const auto gravity_torque = h5::read_double_attr(group, s::kGravityTorque, where);
  const auto gravity_angle = h5::read_double_attr(group, s::kGravityAngle, where);
  if (gravity_torque && gravity_angle) info.gravity = LimbGravity{*gravity_torque, *gravity_angle};
  info.started_at = optional_string(group, s::kStartedAt, where);
  info.source = optional_string(group, s::kSource, where);
  info.device_model = optional_string(group, s::kDeviceModel, where);
  info.device_serial = optional_string(group, s::kDeviceSerial, where);
  info.device_firmware = optional_string(group, s::kDeviceFirmware, where);
  info.device_calibration = optional_string(group, s::kDeviceCalibration, where);
  info.counts.samples = optional_count(group, s::kCountSamples, where);
  info.counts.corrupt_frames = optional_count(group, s::kCountCorruptFrames, where);
  info.counts.lost_frames = optional_count(group, s::kCountLostFrames, where);
  info.counts.lost_samples = optional_count(group, s::kCountLostSamples, where);
  info.counts.unknown_frames = optional_count(group, s::kCountUnknownFrames, where);
  info.counts.reconnects = optional_count(group, s::kCountReconnects, where);
  info.gaps = read_gaps(group, where);
  // Untrusted: bounded by the trial's sample count (the analysis also ignores samples beyond the data).
  const std::string counted = optional_string(group, s::kCountedMovements, where);
  if (const auto parsed = parse_counted_movements(counted, info.counts.samples > 0 ? info.counts.samples : SIZE_MAX))
    info.counted = *parsed;
  else
    h5::refuse(where, fmt::format("attribute '{}' is not begin:end sample ranges in order", s::kCountedMovements));
  return info;
}

bool trial_is_recording(hid_t group, const Where& where) {
  return h5::read_int_attr(group, s::kRecording, where).value_or(0) != 0;
}

TrialDatasets create_trial_datasets(hid_t group, hsize_t initial_size, const h5::ChunkedLayout& layout,
                                    bool with_host_time, const Where& where) {
  TrialDatasets d;
  d.time = h5::create_series(group, s::kTime, initial_size, layout, where);
  set_units(d.time, s::kTimeUnits, where.child(s::kTime));
  d.torque = h5::create_series(group, s::kTorque, initial_size, layout, where);
  set_units(d.torque, s::kTorqueUnits, where.child(s::kTorque));
  d.angle = h5::create_series(group, s::kAngle, initial_size, layout, where);
  set_units(d.angle, s::kAngleUnits, where.child(s::kAngle));
  d.velocity = h5::create_series(group, s::kVelocity, initial_size, layout, where);
  set_units(d.velocity, s::kVelocityUnits, where.child(s::kVelocity));
  if (with_host_time) {
    d.host_time = h5::create_series(group, s::kHostTime, initial_size, layout, where);
    set_units(d.host_time, s::kHostTimeUnits, where.child(s::kHostTime));
  }
  d.gaps = h5::create_table(group, s::kGaps, s::kGapsWidth, where);
  h5::write_attr(d.gaps.get(), s::kColumns, std::string(s::kGapsColumns), where.child(s::kGaps));
  return d;
}

TrialDatasets open_trial_datasets(hid_t group, const Where& where) {
  TrialDatasets d;
  d.time = h5::open_dataset(group, s::kTime, where);
  d.torque = h5::open_dataset(group, s::kTorque, where);
  d.angle = h5::open_dataset(group, s::kAngle, where);
  d.velocity = h5::open_dataset(group, s::kVelocity, where);
  if (h5::has_link(group, s::kHostTime, where)) d.host_time = h5::open_dataset(group, s::kHostTime, where);
  if (h5::has_link(group, s::kGaps, where)) d.gaps = h5::open_dataset(group, s::kGaps, where);
  return d;
}

namespace {

constexpr const char* kSamplesFlushed = "samples_flushed";
// Deflate cannot shrink data more than about 1032:1, so a channel cannot hold more
// samples than that many times the file's bytes: a crafted extent of 1e9 samples in a
// small file is refused before anything is allocated for it.
constexpr std::uintmax_t kMaxDeflateRatio = 1032;

hsize_t channel_extent(const h5::Id& dataset, const Where& at) { return h5::check_float_dataset(dataset, 1, at)[0]; }

}  // namespace

void write_samples_flushed(hid_t group, std::uint64_t samples, const Where& where) {
  h5::write_attr(group, kSamplesFlushed, samples, where);
}

SampleCount trial_sample_count(hid_t group, const TrialDatasets& datasets, const Where& where) {
  const bool recording = trial_is_recording(group, where);
  std::error_code ec;
  const std::uintmax_t file_bytes = std::filesystem::file_size(where.file, ec);
  const hsize_t max_samples = ec ? std::numeric_limits<hsize_t>::max() : file_bytes * kMaxDeflateRatio / sizeof(double);
  std::array<hsize_t, kChannelNames.size()> extents{};
  for (std::size_t c = 0; c < kChannelNames.size(); ++c) {
    const Where at = where.child(kChannelNames[c]);
    extents[c] = channel_extent(*datasets.channels()[c], at);
    if (extents[c] > max_samples)
      h5::refuse(at, fmt::format("declares {} samples, more than a file of {} bytes can hold", extents[c], file_bytes));
  }
  hsize_t host_extent = 0;
  if (datasets.host_time) host_extent = channel_extent(datasets.host_time, where.child(s::kHostTime));
  SampleCount count;
  if (!recording) {
    // A finished trial: every channel the same length, every sample written.
    for (std::size_t c = 1; c < kChannelNames.size(); ++c)
      if (extents[c] != extents[0])
        h5::refuse(where, fmt::format("channels differ in length ('{}' holds {} samples, '{}' {}): refused rather "
                                      "than cut to the shortest",
                                      kChannelNames[0], extents[0], kChannelNames[c], extents[c]));
    if (host_extent != 0 && host_extent != extents[0])
      h5::refuse(where.child(s::kHostTime),
                 fmt::format("holds {} samples, the other channels {}", host_extent, extents[0]));
    for (std::size_t c = 0; c < kChannelNames.size(); ++c) {
      const Where at = where.child(kChannelNames[c]);
      const hsize_t written = h5::written_prefix(*datasets.channels()[c], extents[c], at);
      if (written < extents[c])
        h5::refuse(at, fmt::format("declares {} samples but only the first {} were ever written (they would read "
                                   "as zeros)",
                                   extents[c], written));
    }
    count.samples = extents[0];
    count.host_time = host_extent != 0;
    return count;
  }
  // Being recorded, or cut short: what the recorder flushed, and what every channel really holds.
  hsize_t n = *std::min_element(extents.begin(), extents.end());
  if (const auto flushed = h5::read_uint_attr(group, kSamplesFlushed, where)) n = std::min<hsize_t>(n, *flushed);
  for (std::size_t c = 0; c < kChannelNames.size(); ++c)
    n = h5::written_prefix(*datasets.channels()[c], n, where.child(kChannelNames[c]));
  count.samples = n;
  if (n > 0 && host_extent >= n && h5::written_prefix(datasets.host_time, n, where.child(s::kHostTime)) == n)
    count.host_time = true;
  return count;
}

void write_gaps(const TrialDatasets& datasets, const std::vector<RecordingGap>& gaps, const Where& where) {
  std::vector<double> rows;
  rows.reserve(gaps.size() * s::kGapsWidth);
  for (const auto& gap : gaps) {
    rows.push_back(gap.start_s);
    rows.push_back(gap.end_s);
    rows.push_back(static_cast<double>(gap.lost_samples));
  }
  h5::write_table(datasets.gaps, rows, s::kGapsWidth, where.child(s::kGaps));
}

std::vector<RecordingGap> read_gaps(hid_t group, const Where& where) {
  std::vector<RecordingGap> gaps;
  if (!h5::has_link(group, s::kGaps, where)) return gaps;
  const Where at = where.child(s::kGaps);
  h5::Id dataset = h5::open_dataset(group, s::kGaps, where);
  const auto rows = h5::read_table(dataset, s::kGapsWidth, at);
  // A count of lost samples is a whole number; a damaged one (NaN, 1e248, -3) would make
  // the conversion below undefined (found by fuzz_session_reader).
  constexpr double kMostLostSamples = 1e12;  // 30 years at 1 kHz
  for (std::size_t i = 0; i + 2 < rows.size(); i += s::kGapsWidth) {
    const double lost = rows[i + 2];
    if (!(lost >= 0 && lost <= kMostLostSamples && std::floor(lost) == lost))
      h5::refuse(at, fmt::format("row {}: lost samples {} is not a whole number from 0 to {:g}", i / s::kGapsWidth,
                                 lost, kMostLostSamples));
    if (!std::isfinite(rows[i]) || !std::isfinite(rows[i + 1]))
      h5::refuse(at, fmt::format("row {}: gap times {} .. {} s are not finite", i / s::kGapsWidth, rows[i], rows[i + 1]));
    gaps.push_back({rows[i], rows[i + 1], static_cast<std::uint64_t>(lost)});
  }
  return gaps;
}

// --- opening --------------------------------------------------------------------------------
OpenedSession open_session_for_read(const std::filesystem::path& file, KilledWriter killed) {
  h5::silence_hdf5();
  OpenedSession opened;
  opened.where = Where{file.string()};
  require_regular_file(file);
  const auto superblock = read_superblock(file);
  if (!superblock) h5::refuse(opened.where, "not an HDF5 file (an isokin session file is HDF5)");
  const auto writer = superblock->open_for_write ? current_writer(file) : std::nullopt;
  if (superblock->open_for_write && !writer && killed == KilledWriter::refuse)
    h5::refuse(opened.where, fmt::format("was left open by a recorder that is no longer running (killed, or its "
                                         "disk filled): run `isokin recover {}` to keep what it flushed",
                                         file.string()));
  // A live writer's file grows past what its superblock says, and a recording stopped by
  // a full disk may end short of it: recover reads those with SWMR access and bounded
  // retries (HDF5 checks the length only for plain opens). Any other file must be whole.
  bool swmr = superblock->open_for_write;
  if (!writer) {
    try {
      require_whole_file(file, *superblock);
    } catch (const StoreError&) {
      if (killed != KilledWriter::read || superblock->version < 3) throw;
      swmr = true;
    }
  }
  if (swmr) {
    std::string swmr_error;
    opened.file = h5::try_open_file(file, H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, h5::Format::swmr, &swmr_error);
    if (!opened.file) h5::refuse(opened.where, swmr_error);
    opened.swmr = true;
  } else {
    std::string plain_error;
    opened.file = h5::try_open_file(file, H5F_ACC_RDONLY, h5::Format::finished, &plain_error);
    if (!opened.file) h5::refuse(opened.where, plain_error);
  }
  check_schema(opened.file.get(), opened.where);
  h5::check_self_contained(opened.file, opened.where);
  return opened;
}

}  // namespace isokin::store
