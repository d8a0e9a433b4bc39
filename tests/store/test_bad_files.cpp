// Bad input files: each gives one StoreError line that names the file and the problem.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <fstream>

#include "store/session_store.hpp"
#include "test_support.hpp"

namespace isokin::store {
namespace {

using testing::TempDir;

// An HDF5 file written with the plain C API (not through isokin's store).
void write_foreign_hdf5(const std::filesystem::path& file, const char* schema, long long version) {
  const hid_t f = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  const hid_t scalar = H5Screate(H5S_SCALAR);
  if (schema != nullptr) {
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    const hid_t a = H5Acreate2(f, "schema", type, scalar, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, type, &schema);
    H5Aclose(a);
    H5Tclose(type);
  }
  if (version >= 0) {
    const hid_t a = H5Acreate2(f, "schema_version", H5T_STD_I64LE, scalar, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_LLONG, &version);
    H5Aclose(a);
  }
  H5Sclose(scalar);
  H5Fclose(f);
}

std::string error_of(const std::filesystem::path& file) {
  try {
    read_session(file);
  } catch (const StoreError& e) {
    return e.what();
  }
  return "(no error)";
}

void expect_one_line_naming(const std::string& message, const std::filesystem::path& file, const std::string& problem) {
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find(problem), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(StoreBadInput, MissingFile_NoSuchFile) {
  TempDir dir;
  expect_one_line_naming(error_of(dir / "absent.h5"), dir / "absent.h5", "no such file");
}

TEST(StoreBadInput, TextFile_NotHdf5) {
  TempDir dir;
  std::ofstream(dir / "notes.h5") << "time_s,torque_nm\n0,1\n";
  expect_one_line_naming(error_of(dir / "notes.h5"), dir / "notes.h5", "not an HDF5 file");
}

TEST(StoreBadInput, EmptyFile_NotHdf5) {
  TempDir dir;
  std::ofstream(dir / "empty.h5").flush();
  expect_one_line_naming(error_of(dir / "empty.h5"), dir / "empty.h5", "not an HDF5 file");
}

TEST(StoreBadInput, Directory_Refused) {
  TempDir dir;
  expect_one_line_naming(error_of(dir.path()), dir.path(), "directory");
}

TEST(StoreBadInput, Hdf5WithoutSchema_NotASession) {
  TempDir dir;
  write_foreign_hdf5(dir / "plain.h5", nullptr, -1);
  expect_one_line_naming(error_of(dir / "plain.h5"), dir / "plain.h5", "not an isokin session file");
}

TEST(StoreBadInput, OtherSchema_NamesIt) {
  TempDir dir;
  write_foreign_hdf5(dir / "other.h5", "nwb-2.5", 1);
  expect_one_line_naming(error_of(dir / "other.h5"), dir / "other.h5", "schema is 'nwb-2.5'");
}

TEST(StoreBadInput, NewerSchemaVersion_AsksForUpdate) {
  TempDir dir;
  write_foreign_hdf5(dir / "v2.h5", "isokin-session", 2);
  const std::string message = error_of(dir / "v2.h5");
  expect_one_line_naming(message, dir / "v2.h5", "schema_version 2 is newer");
  // Every entry point checks, not only read_session.
  EXPECT_THROW(list_trials(dir / "v2.h5"), StoreError);
  EXPECT_THROW(read_session_info(dir / "v2.h5"), StoreError);
  EXPECT_THROW(read_trial(dir / "v2.h5", "01"), StoreError);
  EXPECT_THROW(recover_session(dir / "v2.h5"), StoreError);
}

TEST(StoreBadInput, SchemaVersionMissing_Damaged) {
  TempDir dir;
  write_foreign_hdf5(dir / "nov.h5", "isokin-session", -1);
  expect_one_line_naming(error_of(dir / "nov.h5"), dir / "nov.h5", "schema_version");
}

TEST(StoreBadInput, TruncatedSessionFile_OneLine) {
  TempDir dir;
  Session session;
  session.info = testing::session_info();
  session.trials.push_back({testing::full_trial_info("01"), testing::knee_signal(100'000)});
  write_session(dir / "s.h5", session, WriteMode::create);
  std::filesystem::resize_file(dir / "s.h5", std::filesystem::file_size(dir / "s.h5") / 2);
  const std::string message = error_of(dir / "s.h5");
  EXPECT_NE(message.find((dir / "s.h5").string()), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(StoreBadInput, AppendToOtherSchema_RefusedFileUntouched) {
  TempDir dir;
  write_foreign_hdf5(dir / "other.h5", "nwb-2.5", 1);
  const std::string before = testing::file_bytes(dir / "other.h5");
  Session session;
  session.info = testing::session_info();
  EXPECT_THROW(write_session(dir / "other.h5", session, WriteMode::append), StoreError);
  EXPECT_EQ(testing::file_bytes(dir / "other.h5"), before);
}

// Where chunk 0 of a dataset lies in the file, and its stored size.
std::pair<haddr_t, hsize_t> first_chunk(const std::filesystem::path& file, const char* dataset) {
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const hid_t d = H5Dopen2(f, dataset, H5P_DEFAULT);
  hsize_t offset[1] = {0};
  unsigned mask = 0;
  haddr_t address = HADDR_UNDEF;
  hsize_t size = 0;
  H5Dget_chunk_info_by_coord(d, offset, &mask, &address, &size);
  H5Dclose(d);
  H5Fclose(f);
  return {address, size};
}

TEST(StoreBadInput, CorruptCompressedChunk_NamesFileTrialAndSample) {
  TempDir dir;
  Session session;
  session.info = testing::session_info();
  session.trials.push_back({testing::full_trial_info("01"), testing::knee_signal(100'000)});
  write_session(dir / "s.h5", session, WriteMode::create);
  const auto [address, size] = first_chunk(dir / "s.h5", "/trials/01/torque");
  ASSERT_NE(address, HADDR_UNDEF);
  ASSERT_GT(size, 64u);
  {
    // Overwrite the middle of the deflate stream: the chunk's metadata stays intact.
    std::fstream f(dir / "s.h5", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(address + size / 2));
    const std::string garbage(32, '\xA5');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  const std::string message = error_of(dir / "s.h5");
  EXPECT_NE(message.find((dir / "s.h5").string()), std::string::npos) << message;
  EXPECT_NE(message.find("torque"), std::string::npos) << message;
  EXPECT_NE(message.find("damaged compressed chunk at sample 0"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

}  // namespace
}  // namespace isokin::store
