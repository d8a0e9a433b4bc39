#include "store/hdf5_handle.hpp"

#include "store/hdf5_checks.hpp"

#include "model/text_policy.hpp"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <mutex>
#include <utility>

namespace isokin::store::h5 {
namespace {

constexpr std::size_t kMaxStringBytes = 1 << 20;  // notes may be long; a megabyte is not a note

herr_t collect_error(unsigned, const H5E_error2_t* error, void* data) {
  auto* messages = static_cast<std::vector<std::string>*>(data);
  if (error->desc != nullptr && error->desc[0] != '\0') {
    // Some HDF5 messages span lines and carry a dump of the call (file writes): one line, short.
    std::string desc = short_reason(error->desc);
    messages->push_back(std::move(desc));
  }
  return 0;
}

std::string what_with_stack(const std::string& what) {
  std::string stack = error_stack_message();
  return stack.empty() ? what : fmt::format("{} ({})", what, stack);
}

// Object names come from the file: a crafted one may hold escape sequences, which reach a
// terminal or a CSV cell through this message only as printable escapes.
std::string prefix(const Where& where) {
  return where.object.empty() || where.object == "/" ? printable(where.file)
                                                     : fmt::format("{}: {}", printable(where.file), printable(where.object));
}

hid_t checked(hid_t id, const Where& where, const char* what) {
  if (id < 0) fail(where, what);
  return id;
}

void check(herr_t status, const Where& where, const std::string& what) {
  if (status < 0) fail(where, what);
}

Id plist(hid_t cls, const Where& where) { return Id(checked(H5Pcreate(cls), where, "cannot create a property list"), H5Pclose); }

Id file_access(Format, const Where& where) {
  Id fapl = plist(H5P_FILE_ACCESS, where);
  // Both formats are the 1.10 one: checksummed metadata, SWMR-capable. V110 rather than
  // LATEST so that a newer libhdf5 still writes what 1.10.8 (Debian 12) reads.
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V110, H5F_LIBVER_V110), where, "cannot set format bounds");
  return fapl;
}

Id utf8_string_type(const Where& where) {
  Id type(checked(H5Tcopy(H5T_C_S1), where, "cannot create a string type"), H5Tclose);
  check(H5Tset_size(type.get(), H5T_VARIABLE), where, "cannot create a string type");
  check(H5Tset_cset(type.get(), H5T_CSET_UTF8), where, "cannot create a string type");
  return type;
}

Id scalar_space(const Where& where) {
  return Id(checked(H5Screate(H5S_SCALAR), where, "cannot create a dataspace"), H5Sclose);
}

Id simple_space(std::span<const hsize_t> dims, std::span<const hsize_t> maxdims, const Where& where) {
  return Id(checked(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), maxdims.empty() ? nullptr : maxdims.data()),
                    where, "cannot create a dataspace"),
            H5Sclose);
}

template <typename T>
void write_scalar_attr(hid_t loc, const std::string& name, hid_t file_type, hid_t mem_type, const T* value,
                       const Where& where) {
  const Where at = where.child("@" + name);
  if (has_attr(loc, name, where)) delete_attr(loc, name, where);
  Id space = scalar_space(at);
  Id attr(checked(H5Acreate2(loc, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT), at,
                  "cannot create attribute"),
          H5Aclose);
  check(H5Awrite(attr.get(), mem_type, value), at, "cannot write attribute");
}

// A scalar attribute, or a one-element array (some writers store scalars so).
void require_single_value(const Id& attr, const Where& at, const std::string& expected) {
  Id space(checked(H5Aget_space(attr.get()), at, "cannot read attribute dataspace"), H5Sclose);
  const H5S_class_t cls = H5Sget_simple_extent_type(space.get());
  const hssize_t points = H5Sget_simple_extent_npoints(space.get());
  if (cls == H5S_SCALAR) return;
  if (cls == H5S_SIMPLE && points == 1) return;
  if (cls == H5S_SIMPLE && points > 1)
    refuse(at, fmt::format("attribute holds {} values, expected {}", points, expected));
  refuse(at, fmt::format("attribute holds no value, expected {}", expected));
}

template <typename T>
std::optional<T> read_scalar_attr(hid_t loc, const std::string& name, hid_t mem_type, const char* type_name,
                                  const Where& where) {
  if (!has_attr(loc, name, where)) return std::nullopt;
  const Where at = where.child("@" + name);
  Id attr(checked(H5Aopen(loc, name.c_str(), H5P_DEFAULT), at, "cannot open attribute"), H5Aclose);
  Id type(checked(H5Aget_type(attr.get()), at, "cannot read attribute type"), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_INTEGER && H5Tget_class(type.get()) != H5T_FLOAT)
    refuse(at, fmt::format("attribute is not a {}", type_name));
  if (H5Tget_size(type.get()) > 8) refuse(at, fmt::format("attribute is not a {} of at most 64 bits", type_name));
  // The value is read into one T: an attribute of any other shape would overrun it.
  require_single_value(attr, at, fmt::format("a single {}", type_name));
  T value{};
  check(H5Aread(attr.get(), mem_type, &value), at, fmt::format("cannot read attribute as {}", type_name));
  return value;
}

}  // namespace

std::string short_reason(const std::string& message) {
  const std::string marker = "error message = '";
  const auto at = message.find(marker);
  if (at != std::string::npos) {
    const auto end = message.find('\'', at + marker.size());
    if (end != std::string::npos) return message.substr(at + marker.size(), end - at - marker.size());
  }
  std::string line = message.substr(0, message.find_first_of("\r\n"));
  if (const auto comma = line.find(": time = "); comma != std::string::npos) line.resize(comma);
  if (line.size() > 300) line = line.substr(0, 300) + "...";
  return line;
}

void silence_hdf5() {
  static std::once_flag once;
  std::call_once(once, [] {
    // No library shutdown at exit: every identifier is closed by its owner (h5::Id), and
    // a file whose close failed (disk full) makes HDF5's own shutdown crash (H5F__close_cb).
    H5dont_atexit();
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  });
  // The automatic printing setting is per thread in thread-safe builds: set it here too.
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

std::string error_stack_message() {
  std::vector<std::string> messages;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, collect_error, &messages);
  H5Eclear2(H5E_DEFAULT);
  if (messages.empty()) return {};
  // Downward: outermost first. The innermost says why; the outermost what failed.
  if (messages.size() == 1 || messages.front() == messages.back()) return messages.back();
  return fmt::format("{}: {}", messages.front(), messages.back());
}

Where Where::child(const std::string& name) const {
  if (!name.empty() && name.front() == '@') return {file, object + name};
  return {file, object == "/" ? "/" + name : object + "/" + name};
}

void fail(const Where& where, const std::string& what) { throw StoreError(fmt::format("{}: {}", prefix(where), what_with_stack(what))); }

void refuse(const Where& where, const std::string& what) { throw StoreError(fmt::format("{}: {}", prefix(where), what)); }

// --- Id ------------------------------------------------------------------------
Id::~Id() {
  if (id_ >= 0 && closer_ != nullptr) closer_(id_);  // errors here cannot be reported; close() reports them
}

Id::Id(Id&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}

Id& Id::operator=(Id&& other) noexcept {
  if (this != &other) {
    if (id_ >= 0 && closer_ != nullptr) closer_(id_);
    id_ = std::exchange(other.id_, H5I_INVALID_HID);
    closer_ = other.closer_;
  }
  return *this;
}

void Id::close(const Where& where) {
  if (id_ < 0) return;
  const hid_t id = std::exchange(id_, H5I_INVALID_HID);
  check(closer_(id), where, "cannot close");
}

// --- files ---------------------------------------------------------------------
Id create_file(const std::filesystem::path& path, Format format) {
  silence_hdf5();
  const Where where{path.string()};
  Id fapl = file_access(format, where);
  Id fcpl = plist(H5P_FILE_CREATE, where);
  check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), where,
          "cannot track creation order");
  return Id(checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), fapl.get()), where, "cannot create file"),
            H5Fclose);
}

Id open_file(const std::filesystem::path& path, unsigned flags, Format format) {
  std::string error;
  Id file = try_open_file(path, flags, format, &error);
  if (!file) refuse({path.string()}, error);
  return file;
}

Id try_open_file(const std::filesystem::path& path, unsigned flags, Format format, std::string* error) {
  silence_hdf5();
  const Where where{path.string()};
  Id fapl = file_access(format, where);
  if ((flags & H5F_ACC_SWMR_READ) != 0)  // HDF5's default is 100 attempts, each sleeping longer
    check(H5Pset_metadata_read_attempts(fapl.get(), kSwmrReadAttempts), where, "cannot bound metadata reads");
  const hid_t id = H5Fopen(path.c_str(), flags, fapl.get());
  if (id < 0) {
    const std::string stack = error_stack_message();
    if (error != nullptr) *error = stack.empty() ? "cannot open file" : "cannot open file (" + stack + ")";
    return {};
  }
  return Id(id, H5Fclose);
}

void start_swmr_write(const Id& file, const Where& where) {
  check(H5Fstart_swmr_write(file.get()), where, "cannot start SWMR writing");
}

unsigned superblock_version(const Id& file, const Where& where) {
  H5F_info2_t info{};
  check(H5Fget_info2(file.get(), &info), where, "cannot read file information");
  return info.super.version;
}

void flush_file(const Id& file, const Where& where) {
  check(H5Fflush(file.get(), H5F_SCOPE_LOCAL), where, "cannot flush file");
}

// --- groups ----------------------------------------------------------------------
Id create_group(hid_t loc, const std::string& name, const Where& where) {
  const Where at = where.child(name);
  Id gcpl = plist(H5P_GROUP_CREATE, at);
  check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED), at,
          "cannot track creation order");
  return Id(checked(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), at, "cannot create group"),
            H5Gclose);
}

Id open_group(hid_t loc, const std::string& name, const Where& where) {
  const Where at = where.child(name);
  if (!has_link(loc, name, where)) refuse(at, "group is missing");
  return Id(checked(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), at, "cannot open group"), H5Gclose);
}

Id open_root(const Id& file, const Where& where) {
  return Id(checked(H5Gopen2(file.get(), "/", H5P_DEFAULT), where, "cannot open the root group"), H5Gclose);
}

bool has_link(hid_t loc, const std::string& name, const Where& where) {
  const htri_t exists = H5Lexists(loc, name.c_str(), H5P_DEFAULT);
  if (exists < 0) fail(where.child(name), "cannot look up link");
  return exists > 0;
}

std::vector<std::string> link_names(hid_t group, const Where& where) {
  H5G_info_t info{};
  check(H5Gget_info(group, &info), where, "cannot read group information");
  // Creation order is indexed in files isokin writes; other files fall back to names.
  Id gcpl(checked(H5Gget_create_plist(group), where, "cannot read group properties"), H5Pclose);
  unsigned order_flags = 0;
  check(H5Pget_link_creation_order(gcpl.get(), &order_flags), where, "cannot read group properties");
  const H5_index_t index = (order_flags & H5P_CRT_ORDER_INDEXED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  if (info.nlinks > kMaxLinksPerGroup)
    refuse(where, fmt::format("group holds {} links, more than a session file has ({} at most)", info.nlinks,
                              kMaxLinksPerGroup));
  std::vector<std::string> names;
  names.reserve(info.nlinks);
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t length = H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (length < 0) fail(where, "cannot read link name");
    if (length > 4096) refuse(where, "a link name is longer than 4096 bytes");
    std::string name(static_cast<std::size_t>(length), '\0');
    if (H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name.data(), name.size() + 1, H5P_DEFAULT) < 0)
      fail(where, "cannot read link name");
    names.push_back(std::move(name));
  }
  return names;
}

void copy_object(hid_t src_loc, const std::string& name, hid_t dst_loc, const Where& where) {
  check(H5Ocopy(src_loc, name.c_str(), dst_loc, name.c_str(), H5P_DEFAULT, H5P_DEFAULT), where.child(name),
        "cannot copy");
}

// --- datasets ----------------------------------------------------------------------
Id create_series(hid_t loc, const std::string& name, hsize_t initial_size, const ChunkedLayout& layout,
                 const Where& where) {
  const Where at = where.child(name);
  const std::array<hsize_t, 1> dims{initial_size}, maxdims{H5S_UNLIMITED}, chunk{std::max<hsize_t>(layout.chunk, 1)};
  Id space = simple_space(dims, maxdims, at);
  Id dcpl = plist(H5P_DATASET_CREATE, at);
  check(H5Pset_chunk(dcpl.get(), 1, chunk.data()), at, "cannot set chunking");
  if (layout.deflate_level > 0) {
    check(H5Pset_shuffle(dcpl.get()), at, "cannot set the shuffle filter");
    check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(layout.deflate_level)), at, "cannot set deflate");
  }
  return Id(checked(H5Dcreate2(loc, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                    at, "cannot create dataset"),
            H5Dclose);
}

Id create_table(hid_t loc, const std::string& name, hsize_t columns, const Where& where) {
  const Where at = where.child(name);
  const std::array<hsize_t, 2> dims{0, columns}, maxdims{H5S_UNLIMITED, columns}, chunk{16, columns};
  Id space = simple_space(dims, maxdims, at);
  Id dcpl = plist(H5P_DATASET_CREATE, at);
  check(H5Pset_chunk(dcpl.get(), 2, chunk.data()), at, "cannot set chunking");
  return Id(checked(H5Dcreate2(loc, name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
                    at, "cannot create dataset"),
            H5Dclose);
}

Id open_dataset(hid_t loc, const std::string& name, const Where& where) {
  const Where at = where.child(name);
  if (!has_link(loc, name, where)) refuse(at, "dataset is missing");
  return Id(checked(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), at, "cannot open dataset"), H5Dclose);
}

std::vector<hsize_t> extent(const Id& dataset, const Where& where) {
  Id space(checked(H5Dget_space(dataset.get()), where, "cannot read dataspace"), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail(where, "cannot read dataspace");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0) fail(where, "cannot read dataspace");
  return dims;
}

void set_extent(const Id& dataset, std::span<const hsize_t> dims, const Where& where) {
  check(H5Dset_extent(dataset.get(), dims.data()), where, "cannot extend dataset");
}

void write_series(const Id& dataset, hsize_t offset, std::span<const double> values, const Where& where) {
  if (values.empty()) return;
  Id file_space(checked(H5Dget_space(dataset.get()), where, "cannot read dataspace"), H5Sclose);
  const std::array<hsize_t, 1> start{offset}, count{values.size()};
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), where,
          "cannot select samples");
  Id mem_space = simple_space(count, {}, where);
  check(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, mem_space.get(), file_space.get(), H5P_DEFAULT, values.data()),
          where, "cannot write samples");
}

void append_series(const Id& dataset, hsize_t current_size, std::span<const double> values, const Where& where) {
  if (values.empty()) return;
  const std::array<hsize_t, 1> dims{current_size + values.size()};
  set_extent(dataset, dims, where);
  write_series(dataset, current_size, values, where);
}

void read_series(const Id& dataset, hsize_t offset, std::span<double> out, const Where& where) {
  if (out.empty()) return;
  Id file_space(checked(H5Dget_space(dataset.get()), where, "cannot read dataspace"), H5Sclose);
  const std::array<hsize_t, 1> start{offset}, count{out.size()};
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr), where,
          "cannot select samples");
  Id mem_space = simple_space(count, {}, where);
  check(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, mem_space.get(), file_space.get(), H5P_DEFAULT, out.data()), where,
          "cannot read samples");
}

std::vector<double> read_table(const Id& dataset, hsize_t columns, const Where& where) {
  const auto dims = extent(dataset, where);
  if (dims.size() != 2 || dims[1] != columns)
    refuse(where, fmt::format("expected a table of {} columns", columns));
  std::vector<double> rows(dims[0] * dims[1]);
  if (!rows.empty())
    check(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), where,
            "cannot read table");
  return rows;
}

void write_table(const Id& dataset, std::span<const double> rows, hsize_t columns, const Where& where) {
  const std::array<hsize_t, 2> dims{rows.size() / columns, columns};
  set_extent(dataset, dims, where);
  if (!rows.empty())
    check(H5Dwrite(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), where,
            "cannot write table");
}

void flush_dataset(const Id& dataset, const Where& where) { check(H5Dflush(dataset.get()), where, "cannot flush"); }

// --- attributes ----------------------------------------------------------------------
bool has_attr(hid_t loc, const std::string& name, const Where& where) {
  const htri_t exists = H5Aexists(loc, name.c_str());
  if (exists < 0) fail(where.child("@" + name), "cannot look up attribute");
  return exists > 0;
}

void delete_attr(hid_t loc, const std::string& name, const Where& where) {
  check(H5Adelete(loc, name.c_str()), where.child("@" + name), "cannot delete attribute");
}

void write_attr(hid_t loc, const std::string& name, const std::string& value, const Where& where) {
  Id type = utf8_string_type(where);
  const char* text = value.c_str();
  write_scalar_attr(loc, name, type.get(), type.get(), &text, where);
}

void write_attr(hid_t loc, const std::string& name, double value, const Where& where) {
  write_scalar_attr(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value, where);
}

void write_attr(hid_t loc, const std::string& name, std::int64_t value, const Where& where) {
  write_scalar_attr(loc, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value, where);
}

void write_attr(hid_t loc, const std::string& name, std::uint64_t value, const Where& where) {
  write_scalar_attr(loc, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value, where);
}

std::optional<std::string> read_string_attr(hid_t loc, const std::string& name, const Where& where) {
  if (!has_attr(loc, name, where)) return std::nullopt;
  const Where at = where.child("@" + name);
  Id attr(checked(H5Aopen(loc, name.c_str(), H5P_DEFAULT), at, "cannot open attribute"), H5Aclose);
  Id type(checked(H5Aget_type(attr.get()), at, "cannot read attribute type"), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING) refuse(at, "attribute is not a string");
  require_single_value(attr, at, "a single string");
  const htri_t variable = H5Tis_variable_str(type.get());
  if (variable < 0) fail(at, "cannot read attribute type");
  if (variable > 0) {
    // Read with the stored type: HDF5 will not convert between ASCII and UTF-8 strings.
    char* text = nullptr;
    check(H5Aread(attr.get(), type.get(), &text), at, "cannot read attribute");
    std::string value = text != nullptr ? std::string(text, strnlen(text, kMaxStringBytes + 1)) : "";
    H5free_memory(text);
    if (value.size() > kMaxStringBytes)
      refuse(at, fmt::format("string attribute longer than {} bytes", kMaxStringBytes));
    return value;
  }
  // Fixed-length strings (written by other tools): read the bytes, drop padding.
  const std::size_t size = H5Tget_size(type.get());
  if (size == 0 || size > kMaxStringBytes)
    refuse(at, fmt::format("string attribute of {} bytes (at most {} expected)", size, kMaxStringBytes));
  std::string value(size, '\0');
  check(H5Aread(attr.get(), type.get(), value.data()), at, "cannot read attribute");
  value.resize(value.find_last_not_of(std::string("\0 ", 2)) + 1);
  return value;
}

std::optional<double> read_double_attr(hid_t loc, const std::string& name, const Where& where) {
  return read_scalar_attr<double>(loc, name, H5T_NATIVE_DOUBLE, "number", where);
}

std::optional<std::int64_t> read_int_attr(hid_t loc, const std::string& name, const Where& where) {
  return read_scalar_attr<std::int64_t>(loc, name, H5T_NATIVE_INT64, "integer", where);
}

std::optional<std::uint64_t> read_uint_attr(hid_t loc, const std::string& name, const Where& where) {
  return read_scalar_attr<std::uint64_t>(loc, name, H5T_NATIVE_UINT64, "integer", where);
}

}  // namespace isokin::store::h5
