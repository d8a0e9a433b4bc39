// Every name in the isokin session file, written once (docs/hdf5-schema.md explains each).
//
//   /                         root attributes: schema, schema_version, subject_id, body_mass_kg,
//                             date, notes, protocol, involved_side, created_by
//   /trials/<id>/             one group per trial, in recording order; TrialInfo as attributes
//   /trials/<id>/time         float64 [n]  "s"     device clock, from the start of the trial
//   /trials/<id>/torque       float64 [n]  "N*m"   positive in extension
//   /trials/<id>/angle        float64 [n]  "deg"   knee flexion, 0 = full extension
//   /trials/<id>/velocity     float64 [n]  "deg/s" d(angle)/dt, extension negative
//   /trials/<id>/host_time    float64 [n]  "s"     host clock at receipt (Unix epoch); optional
//   /trials/<id>/gaps         float64 [g,3]        start_s, end_s, lost_samples
#pragma once

namespace isokin::store::schema {

inline constexpr const char* kSchemaName = "isokin-session";
inline constexpr long kSchemaVersion = 1;

// Root attributes.
inline constexpr const char* kSchema = "schema";
inline constexpr const char* kSchemaVersionAttr = "schema_version";
inline constexpr const char* kSubjectId = "subject_id";
inline constexpr const char* kBodyMassKg = "body_mass_kg";
inline constexpr const char* kDate = "date";
inline constexpr const char* kNotes = "notes";
inline constexpr const char* kProtocol = "protocol";
inline constexpr const char* kInvolvedSide = "involved_side";  // left|right|none|unknown; absent = unknown
inline constexpr const char* kCreatedBy = "created_by";

// Groups.
inline constexpr const char* kTrials = "trials";

// Sample datasets and their units (attribute kUnits on each).
inline constexpr const char* kUnits = "units";
inline constexpr const char* kTime = "time";
inline constexpr const char* kTorque = "torque";
inline constexpr const char* kAngle = "angle";
inline constexpr const char* kVelocity = "velocity";
inline constexpr const char* kHostTime = "host_time";
inline constexpr const char* kTimeUnits = "s";
inline constexpr const char* kTorqueUnits = "N*m";  // ASCII, so every reader's string handling copes
inline constexpr const char* kAngleUnits = "deg";
inline constexpr const char* kVelocityUnits = "deg/s";
inline constexpr const char* kHostTimeUnits = "s";

// Gaps table: one row per gap, columns named by its "columns" attribute.
inline constexpr const char* kGaps = "gaps";
inline constexpr const char* kColumns = "columns";
inline constexpr const char* kGapsColumns = "start_s,end_s,lost_samples";
inline constexpr unsigned kGapsWidth = 3;

// Trial attributes.
inline constexpr const char* kJoint = "joint";
inline constexpr const char* kSide = "side";
inline constexpr const char* kMode = "mode";
inline constexpr const char* kVelocityExt = "velocity_ext_deg_s";
inline constexpr const char* kVelocityFlex = "velocity_flex_deg_s";
inline constexpr const char* kSampleRate = "sample_rate_hz";
inline constexpr const char* kMeasuredRate = "measured_rate_hz";
inline constexpr const char* kRepsRequested = "reps_requested";
inline constexpr const char* kRomMin = "rom_min_deg";
inline constexpr const char* kRomMax = "rom_max_deg";
inline constexpr const char* kGravityTorque = "gravity_torque_nm";  // both absent when not weighed
inline constexpr const char* kGravityAngle = "gravity_angle_deg";
inline constexpr const char* kStartedAt = "started_at";
inline constexpr const char* kSource = "source";
inline constexpr const char* kDeviceModel = "device_model";
inline constexpr const char* kDeviceSerial = "device_serial";
inline constexpr const char* kDeviceFirmware = "device_firmware";
inline constexpr const char* kDeviceCalibration = "device_calibration";  // absent when the device sent none
inline constexpr const char* kCountSamples = "count_samples";
inline constexpr const char* kCountCorruptFrames = "count_corrupt_frames";
inline constexpr const char* kCountLostFrames = "count_lost_frames";
inline constexpr const char* kCountLostSamples = "count_lost_samples";
inline constexpr const char* kCountUnknownFrames = "count_unknown_frames";
inline constexpr const char* kCountReconnects = "count_reconnects";
inline constexpr const char* kCountedMovements = "counted_movements";  // "begin:end,..." sample ranges; absent = all
inline constexpr const char* kRecording = "recording";  // 1 while a recorder has the trial open, 0 once finished

}  // namespace isokin::store::schema
