#include "store/analysis_record.hpp"

#include <fmt/format.h>

#include <chrono>
#include <ctime>

#include "store/file_replace.hpp"
#include "store/hdf5_handle.hpp"
#include "store/hdf5_schema.hpp"
#include "store/session_layout.hpp"
#include "store/session_store.hpp"
#include "store/writer_lock.hpp"

namespace isokin::store {
namespace {

constexpr const char* kAnalysis = "analysis";
constexpr const char* kJson = "json";
constexpr const char* kParameters = "parameters";

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

h5::Id utf8_type(const h5::Where& where) {
  const hid_t type = H5Tcopy(H5T_C_S1);
  if (type < 0) h5::fail(where, "cannot create a string type");
  h5::Id id(type, H5Tclose);
  if (H5Tset_size(type, H5T_VARIABLE) < 0 || H5Tset_cset(type, H5T_CSET_UTF8) < 0)
    h5::fail(where, "cannot create a string type");
  return id;
}

void write_string_dataset(hid_t group, const char* name, const std::string& value, const h5::Where& where) {
  const h5::Where at = where.child(name);
  h5::Id type = utf8_type(at);
  const hid_t space_id = H5Screate(H5S_SCALAR);
  if (space_id < 0) h5::fail(at, "cannot create a dataspace");
  h5::Id space(space_id, H5Sclose);
  const hid_t ds = H5Dcreate2(group, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (ds < 0) h5::fail(at, "cannot create dataset");
  h5::Id dataset(ds, H5Dclose);
  const char* data = value.c_str();
  if (H5Dwrite(ds, type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &data) < 0) h5::fail(at, "cannot write");
}

std::string read_string_dataset(hid_t group, const char* name, const h5::Where& where) {
  const h5::Where at = where.child(name);
  h5::Id dataset = h5::open_dataset(group, name, at);
  {
    h5::Id stored(H5Dget_type(dataset.get()), H5Tclose);
    h5::Id space(H5Dget_space(dataset.get()), H5Sclose);
    if (!stored || !space || H5Tget_class(stored.get()) != H5T_STRING || H5Tis_variable_str(stored.get()) <= 0 ||
        H5Sget_simple_extent_npoints(space.get()) != 1)
      h5::refuse(at, "is not a single variable-length string");
  }
  h5::Id type = utf8_type(at);
  char* data = nullptr;
  if (H5Dread(dataset.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, &data) < 0) h5::fail(at, "cannot read");
  std::string value = data ? data : "";
  H5free_memory(data);
  return value;
}

}  // namespace

void write_analysis_record(const std::filesystem::path& file, const AnalysisRecord& record) {
  const h5::Where root{file.string()};
  const WriterLock lock(file, "isokin analyze --write");
  for (const auto& trial : list_trials(file))
    if (trial.unfinished)
      h5::refuse(root, fmt::format("trial '{}' is being recorded or was left unfinished (run `isokin recover` first)"
                                   "; the analysis was not stored",
                                   trial.info.id));
  {
    // Opening for writing takes HDF5's file lock: it fails while a recorder (or any
    // writer) has the file open, so a live recording is never replaced under its feet.
    std::string error;
    h5::Id probe = h5::try_open_file(file, H5F_ACC_RDWR, h5::Format::finished, &error);
    if (!probe) h5::refuse(root, "cannot open for writing, is it being recorded? " + error);
    probe.close(root);
  }

  TempFileBeside temp(file);
  std::error_code copy_error;
  std::filesystem::copy_file(file, temp.path(), std::filesystem::copy_options::overwrite_existing, copy_error);
  if (copy_error) h5::refuse(root, fmt::format("cannot copy to store the analysis ({})", copy_error.message()));
  {
    h5::Id f = h5::open_file(temp.path(), H5F_ACC_RDWR, h5::Format::finished);
    const h5::Where where{file.string(), "/analysis"};
    if (h5::has_link(f.get(), kAnalysis, root) && H5Ldelete(f.get(), kAnalysis, H5P_DEFAULT) < 0)
      h5::fail(where, "cannot replace the earlier analysis");
    h5::Id group = h5::create_group(f.get(), kAnalysis, where);
    h5::write_attr(group.get(), schema::kSchema, std::string("isokin-analysis"), where);
    h5::write_attr(group.get(), schema::kSchemaVersionAttr, std::int64_t{1}, where);
    h5::write_attr(group.get(), "program", record.program, where);
    h5::write_attr(group.get(), "created_at", record.created_at.empty() ? utc_now() : record.created_at, where);
    write_string_dataset(group.get(), kJson, record.json, where);
    write_string_dataset(group.get(), kParameters, record.parameters_json, where);
    if (record.involved) write_involved_side(f.get(), *record.involved, root);
    group = h5::Id();
    f.close(root);
  }
  temp.commit();
}

std::optional<AnalysisRecord> read_analysis_record(const std::filesystem::path& file) {
  const h5::Where root{file.string()};
  const OpenedSession session = open_session_for_read(file);
  const h5::Id& f = session.file;
  if (!h5::has_link(f.get(), kAnalysis, root)) return std::nullopt;
  const h5::Where where = root.child(kAnalysis);
  h5::Id group = h5::open_group(f.get(), kAnalysis, where);
  AnalysisRecord r;
  r.program = h5::read_string_attr(group.get(), "program", where).value_or("");
  r.created_at = h5::read_string_attr(group.get(), "created_at", where).value_or("");
  r.json = read_string_dataset(group.get(), kJson, where);
  r.parameters_json = read_string_dataset(group.get(), kParameters, where);
  return r;
}

}  // namespace isokin::store
