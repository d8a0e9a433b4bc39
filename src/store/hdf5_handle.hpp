// The one module that calls HDF5's C API directly: RAII identifiers and checked calls.
//
// Every call that can fail is checked; a failure throws store::StoreError whose
// message names the file, the object and what HDF5's error stack says, e.g.
//   "s.h5: /trials/01/torque: cannot write samples (H5Dwrite: no space left on device)".
// HDF5's own printing of error stacks to stderr is switched off once (silence_hdf5()),
// so bad input gives one line, never a trace.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/session_store.hpp"

namespace isokin::store::h5 {

// Switches off HDF5's automatic error printing (idempotent, thread-safe).
void silence_hdf5();

// The innermost messages of the calling thread's HDF5 error stack, one line.
std::string error_stack_message();
// The reason in an error message, short: HDF5's "file write failed: time = ...,
// error message = 'No space left on device', ..." becomes "No space left on device".
std::string short_reason(const std::string& message);

// Where an operation happens, for messages: the file and the object path in it.
struct Where {
  std::string file;
  std::string object = "/";
  Where child(const std::string& name) const;
};

[[noreturn]] void fail(const Where& where, const std::string& what);  // appends the HDF5 error stack
[[noreturn]] void refuse(const Where& where, const std::string& what);  // plain message, no HDF5 stack

// An owned HDF5 identifier, closed with the matching H5?close on destruction.
class Id {
 public:
  using Closer = herr_t (*)(hid_t);
  Id() = default;
  Id(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Id();
  Id(Id&& other) noexcept;
  Id& operator=(Id&& other) noexcept;
  Id(const Id&) = delete;
  Id& operator=(const Id&) = delete;

  hid_t get() const { return id_; }
  explicit operator bool() const { return id_ >= 0; }
  void close(const Where& where);  // checked close (files: errors at close mean data may be lost)
  // Forgets the identifier without closing it: after a failed write (disk full) closing
  // would flush half-written metadata over the last consistent state of the file.
  void abandon() { id_ = H5I_INVALID_HID; }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

// --- files -------------------------------------------------------------------
enum class Format {
  // Finished files: the HDF5 1.10 format, whose metadata (superblock, object headers,
  // chunk indexes) carry checksums, so a flipped byte is a named error rather than a
  // wild read. Readable by HDF5 >= 1.10 (h5py, Octave, R, Julia); no SWMR.
  finished,
  swmr,  // the same format, opened for SWMR writing or reading
};
Id create_file(const std::filesystem::path& path, Format format);  // truncates
Id open_file(const std::filesystem::path& path, unsigned flags, Format format);
// Opening that reports failure instead of throwing (for trying plain then SWMR read).
// SWMR read opens retry metadata reads a bounded number of times (kSwmrReadAttempts).
Id try_open_file(const std::filesystem::path& path, unsigned flags, Format format, std::string* error);
inline constexpr unsigned kSwmrReadAttempts = 20;
void start_swmr_write(const Id& file, const Where& where);
unsigned superblock_version(const Id& file, const Where& where);
void flush_file(const Id& file, const Where& where);

// --- groups and links ----------------------------------------------------------
Id create_group(hid_t loc, const std::string& name, const Where& where);  // tracks link creation order
Id open_group(hid_t loc, const std::string& name, const Where& where);
Id open_root(const Id& file, const Where& where);  // the "/" group (for listing: a file id is not a group)
bool has_link(hid_t loc, const std::string& name, const Where& where);
// Link names of a group, in creation order when tracked, else by name.
std::vector<std::string> link_names(hid_t group, const Where& where);
// Copies an object (group or dataset, recursively, with attributes) into another file.
void copy_object(hid_t src_loc, const std::string& name, hid_t dst_loc, const Where& where);

// --- datasets ----------------------------------------------------------------------
struct ChunkedLayout {
  hsize_t chunk = 4096;  // samples per chunk
  int deflate_level = 4; // 0 = no compression (and no shuffle)
};
// 1-D float64, extendible (maxdims unlimited), chunked, shuffle + deflate.
Id create_series(hid_t loc, const std::string& name, hsize_t initial_size, const ChunkedLayout& layout,
                 const Where& where);
// 2-D float64 N x columns, extendible in N, chunked, uncompressed (small tables: gaps).
Id create_table(hid_t loc, const std::string& name, hsize_t columns, const Where& where);
Id open_dataset(hid_t loc, const std::string& name, const Where& where);
std::vector<hsize_t> extent(const Id& dataset, const Where& where);
void set_extent(const Id& dataset, std::span<const hsize_t> dims, const Where& where);
// Writes values at [offset, offset+size) of a 1-D dataset (which must already be that long).
void write_series(const Id& dataset, hsize_t offset, std::span<const double> values, const Where& where);
// Appends: extends the 1-D dataset and writes values at its end.
void append_series(const Id& dataset, hsize_t current_size, std::span<const double> values, const Where& where);
void read_series(const Id& dataset, hsize_t offset, std::span<double> out, const Where& where);
// Whole table N x columns, row-major.
std::vector<double> read_table(const Id& dataset, hsize_t columns, const Where& where);
void write_table(const Id& dataset, std::span<const double> rows, hsize_t columns, const Where& where);
void flush_dataset(const Id& dataset, const Where& where);

// --- attributes (scalar) ----------------------------------------------------------
bool has_attr(hid_t loc, const std::string& name, const Where& where);
void delete_attr(hid_t loc, const std::string& name, const Where& where);
// Writers create the attribute, or replace it when it exists. Strings are
// variable-length UTF-8 (h5py reads them as str, MATLAB h5readatt as char).
void write_attr(hid_t loc, const std::string& name, const std::string& value, const Where& where);
void write_attr(hid_t loc, const std::string& name, double value, const Where& where);
void write_attr(hid_t loc, const std::string& name, std::int64_t value, const Where& where);
void write_attr(hid_t loc, const std::string& name, std::uint64_t value, const Where& where);
// Readers return nullopt when the attribute is absent; a wrong type throws.
std::optional<std::string> read_string_attr(hid_t loc, const std::string& name, const Where& where);
std::optional<double> read_double_attr(hid_t loc, const std::string& name, const Where& where);
std::optional<std::int64_t> read_int_attr(hid_t loc, const std::string& name, const Where& where);
std::optional<std::uint64_t> read_uint_attr(hid_t loc, const std::string& name, const Where& where);

}  // namespace isokin::store::h5
