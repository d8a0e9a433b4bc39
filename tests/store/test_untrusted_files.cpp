// Session files crafted to break readers (issue 15): each is made here with the HDF5 C
// API from a valid session, and each must give one StoreError line naming the file,
// the object and what was expected, without reading what it should not.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <functional>
#include <fstream>
#include <thread>

#include "model/text_policy.hpp"
#include "store/file_replace.hpp"
#include "store/session_layout.hpp"
#include "store/session_store.hpp"
#include "store/writer_lock.hpp"
#include "test_support.hpp"

namespace isokin::store {
namespace {

using testing::TempDir;

Session small_session(std::size_t n = 2000) {
  Session s;
  s.info = testing::session_info();
  Trial t;
  t.info = testing::full_trial_info("01");
  t.samples = testing::knee_signal(n);
  s.trials.push_back(std::move(t));
  return s;
}

std::filesystem::path valid_file(const TempDir& dir, const std::string& name = "s.h5") {
  const auto file = dir / name;
  write_session(file, small_session(), WriteMode::overwrite);
  return file;
}

std::string error_of(const std::function<void()>& read) {
  try {
    read();
  } catch (const StoreError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string read_error(const std::filesystem::path& file) {
  return error_of([&] { read_session(file); });
}

void expect_refusal(const std::string& message, const std::filesystem::path& file, const std::string& object,
                    const std::string& problem) {
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_NE(message.find(object), std::string::npos) << message;
  EXPECT_NE(message.find(problem), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

// Opens the file with the C API for editing; closes on destruction.
struct Edit {
  explicit Edit(const std::filesystem::path& file) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_V110);
    id = H5Fopen(file.c_str(), H5F_ACC_RDWR, fapl);
    H5Pclose(fapl);
    EXPECT_GE(id, 0);
    trial = H5Gopen2(id, "/trials/01", H5P_DEFAULT);
  }
  ~Edit() {
    H5Gclose(trial);
    H5Fclose(id);
  }
  void remove(const char* name) const { EXPECT_GE(H5Ldelete(trial, name, H5P_DEFAULT), 0); }
  // A 1-D dataset of n float64 `value`s, with the given creation properties.
  void dataset(const char* name, hsize_t n, hid_t dcpl, hid_t type = H5T_IEEE_F64LE, bool write = true) const {
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    const hid_t d = H5Dcreate2(trial, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    EXPECT_GE(d, 0);
    if (write) {
      std::vector<double> v(n, 1.0);
      H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
    }
    H5Dclose(d);
    H5Sclose(space);
  }
  hid_t id = -1;
  hid_t trial = -1;
};

void set_int_attr(hid_t loc, const char* name, long long value) {
  if (H5Aexists(loc, name) > 0) H5Adelete(loc, name);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(loc, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, H5T_NATIVE_LLONG, &value);
  H5Aclose(a);
  H5Sclose(space);
}

void set_double_attr(hid_t loc, const char* name, double value) {
  if (H5Aexists(loc, name) > 0) H5Adelete(loc, name);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(loc, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, H5T_NATIVE_DOUBLE, &value);
  H5Aclose(a);
  H5Sclose(space);
}

void set_string_attr(hid_t loc, const char* name, const std::string& value) {
  if (H5Aexists(loc, name) > 0) H5Adelete(loc, name);
  const hid_t type = H5Tcopy(H5T_C_S1);
  H5Tset_size(type, H5T_VARIABLE);
  H5Tset_cset(type, H5T_CSET_UTF8);
  const hid_t space = H5Screate(H5S_SCALAR);
  const hid_t a = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
  const char* text = value.c_str();
  H5Awrite(a, type, &text);
  H5Aclose(a);
  H5Sclose(space);
  H5Tclose(type);
}

// Overwrites one value of the trial's gaps table (rows of start_s, end_s, lost_samples).
void set_gap_value(const Edit& e, std::size_t index, double value) {
  const hid_t d = H5Dopen2(e.trial, "gaps", H5P_DEFAULT);
  ASSERT_GE(d, 0);
  const hid_t space = H5Dget_space(d);
  std::vector<double> v(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  ASSERT_GT(v.size(), index);
  H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  v[index] = value;
  H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Sclose(space);
  H5Dclose(d);
}

// Runs `read` with a deadline: a read that blocks (a FIFO, an endless retry) fails the test.
template <typename Read>
std::string within_seconds(double seconds, Read&& read) {
  const auto start = std::chrono::steady_clock::now();
  std::string message = read();
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(took, seconds) << message;
  return message;
}

TEST(StoreUntrusted, ExternalRawStorage_RefusedByNameAndNothingRead) {
  TempDir dir;
  const auto file = valid_file(dir);
  // The external file is a FIFO with no writer: reading one byte of it would block for ever.
  const auto fifo = dir / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  {
    Edit edit(file);
    edit.remove("torque");
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_external(dcpl, fifo.c_str(), 0, 2000 * 8);
    edit.dataset("torque", 2000, dcpl, H5T_IEEE_F64LE, false);
    H5Pclose(dcpl);
  }
  const std::string message = within_seconds(10, [&] { return read_error(file); });
  expect_refusal(message, file, "/trials/01/torque", "another file");
  EXPECT_NE(message.find("fifo"), std::string::npos) << message;
  // recover refuses too: it would copy the external bytes into the session.
  expect_refusal(within_seconds(10, [&] { return error_of([&] { recover_session(file); }); }), file, "/trials/01/torque",
                 "another file");
}

TEST(StoreUntrusted, ExternalLink_Refused) {
  TempDir dir;
  const auto file = valid_file(dir);
  const auto other = valid_file(dir, "other.h5");
  {
    Edit edit(file);
    edit.remove("angle");
    ASSERT_GE(H5Lcreate_external(other.c_str(), "/trials/01/angle", edit.trial, "angle", H5P_DEFAULT, H5P_DEFAULT), 0);
  }
  expect_refusal(read_error(file), file, "/trials/01/angle", "external link");
}

TEST(StoreUntrusted, SoftLinkAndVirtualDataset_Refused) {
  TempDir dir;
  const auto file = valid_file(dir);
  {
    Edit edit(file);
    ASSERT_GE(H5Lcreate_soft("/trials/01/time", edit.trial, "alias", H5P_DEFAULT, H5P_DEFAULT), 0);
  }
  expect_refusal(read_error(file), file, "/trials/01/alias", "soft link");

  const auto virt = valid_file(dir, "virtual.h5");
  {
    Edit edit(virt);
    edit.remove("velocity");
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t n = 2000;
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    H5Pset_virtual(dcpl, space, "/etc/passwd", "/x", space);
    edit.dataset("velocity", 2000, dcpl, H5T_IEEE_F64LE, false);
    H5Sclose(space);
    H5Pclose(dcpl);
  }
  expect_refusal(read_error(virt), virt, "/trials/01/velocity", "virtual dataset");
}

TEST(StoreUntrusted, FilterIsokinDoesNotWrite_RefusedByName) {
  TempDir dir;
  const auto file = valid_file(dir);
  {
    Edit edit(file);
    edit.remove("torque");
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    hsize_t chunk = 500;
    H5Pset_chunk(dcpl, 1, &chunk);
    H5Pset_scaleoffset(dcpl, H5Z_SO_FLOAT_DSCALE, 2);
    edit.dataset("torque", 2000, dcpl);
    H5Pclose(dcpl);
  }
  expect_refusal(read_error(file), file, "/trials/01/torque", "scaleoffset");
}

TEST(StoreUntrusted, SchemaVersionAs4096Array_RefusedNotCrashed) {
  TempDir dir;
  const auto file = valid_file(dir);
  {
    Edit edit(file);
    H5Adelete(edit.id, "schema_version");
    hsize_t n = 4096;
    const hid_t space = H5Screate_simple(1, &n, nullptr);
    const hid_t a = H5Acreate2(edit.id, "schema_version", H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
    std::vector<long long> values(n, 1);
    H5Awrite(a, H5T_NATIVE_LLONG, values.data());
    H5Aclose(a);
    H5Sclose(space);
  }
  expect_refusal(read_error(file), file, "schema_version", "not an integer");
  // The attribute reader says why, with the count.
  {
    Edit edit(file);
    const hid_t space = H5Screate(H5S_SCALAR);
    H5Sclose(space);
    hsize_t n = 16;
    const hid_t s16 = H5Screate_simple(1, &n, nullptr);
    const hid_t a = H5Acreate2(edit.trial, "sample_rate_hz_", H5T_IEEE_F64LE, s16, H5P_DEFAULT, H5P_DEFAULT);
    H5Aclose(a);
    H5Sclose(s16);
    H5Adelete(edit.trial, "sample_rate_hz");
    H5Arename(edit.trial, "sample_rate_hz_", "sample_rate_hz");
    set_int_attr(edit.id, "schema_version", 1);
  }
  expect_refusal(read_error(file), file, "/trials/01@sample_rate_hz", "holds 16 values");
}

TEST(StoreUntrusted, WrongClassAndRank_NameWhatWasExpected) {
  TempDir dir;
  const auto file = valid_file(dir);
  {
    Edit edit(file);
    edit.remove("angle");
    hsize_t dims[2] = {1000, 2};
    const hid_t space = H5Screate_simple(2, dims, nullptr);
    const hid_t d = H5Dcreate2(edit.trial, "angle", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dclose(d);
    H5Sclose(space);
  }
  expect_refusal(read_error(file), file, "/trials/01/angle", "2-D dataset (expected 1-D)");

  const auto ints = valid_file(dir, "ints.h5");
  {
    Edit edit(ints);
    edit.remove("time");
    edit.dataset("time", 2000, H5P_DEFAULT, H5T_STD_I32LE);
  }
  expect_refusal(read_error(ints), ints, "/trials/01/time", "expected float64");

  const auto text = valid_file(dir, "text.h5");
  {
    Edit edit(text);
    set_string_attr(edit.id, "body_mass_kg", "heavy");
  }
  expect_refusal(read_error(text), text, "body_mass_kg", "not a number");
}

TEST(StoreUntrusted, DeclaredBillionSamplesNeverWritten_RefusedQuickly) {
  TempDir dir;
  const auto file = valid_file(dir);
  {
    Edit edit(file);
    for (const char* name : {"time", "torque", "angle", "velocity"}) {
      edit.remove(name);
      const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
      hsize_t chunk = 4096, n = 1'000'000'000, max = H5S_UNLIMITED;
      H5Pset_chunk(dcpl, 1, &chunk);
      const hid_t space = H5Screate_simple(1, &n, &max);
      const hid_t d = H5Dcreate2(edit.trial, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
      H5Dclose(d);
      H5Sclose(space);
      H5Pclose(dcpl);
    }
  }
  expect_refusal(within_seconds(5, [&] { return read_error(file); }), file, "/trials/01/time", "more than a file");
  // Marked as cut short (a killed recording), recover keeps what was written: nothing.
  {
    Edit edit(file);
    set_int_attr(edit.trial, "recording", 1);
  }
  expect_refusal(within_seconds(5, [&] { return error_of([&] { recover_session(file); }); }), file, "/trials/01/time",
                 "more than a file");
}

TEST(StoreUntrusted, UnwrittenChunksOfFinishedTrial_NotReadAsZeros) {
  TempDir dir;
  const auto file = valid_file(dir);
  {
    Edit edit(file);
    for (const char* name : {"time", "torque", "angle", "velocity"}) {
      edit.remove(name);
      const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
      hsize_t chunk = 500, n = 2000, max = H5S_UNLIMITED;
      H5Pset_chunk(dcpl, 1, &chunk);
      const hid_t space = H5Screate_simple(1, &n, &max);
      const hid_t d = H5Dcreate2(edit.trial, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
      // Only the first 1000 samples written: the rest would read as the fill value 0.
      hsize_t start = 0, count = 1000;
      const hid_t file_space = H5Dget_space(d);
      H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &start, nullptr, &count, nullptr);
      const hid_t mem = H5Screate_simple(1, &count, nullptr);
      std::vector<double> v(1000);
      for (std::size_t i = 0; i < v.size(); ++i) v[i] = 0.001 * static_cast<double>(i + 1);
      H5Dwrite(d, H5T_NATIVE_DOUBLE, mem, file_space, H5P_DEFAULT, v.data());
      H5Sclose(mem);
      H5Sclose(file_space);
      H5Dclose(d);
      H5Sclose(space);
      H5Pclose(dcpl);
    }
  }
  expect_refusal(read_error(file), file, "/trials/01/time", "only the first 1000 were ever written");
}

TEST(StoreUntrusted, ChannelsOfDifferentLength_RefusedNotCut) {
  TempDir dir;
  const auto file = valid_file(dir);
  {
    Edit edit(file);
    edit.remove("velocity");
    edit.dataset("velocity", 1500, H5P_DEFAULT);
  }
  expect_refusal(read_error(file), file, "/trials/01", "channels differ in length");
}

TEST(StoreUntrusted, NoTrials_IsAnError) {
  TempDir dir;
  const auto file = valid_file(dir);
  {
    Edit edit(file);
    H5Ldelete(edit.id, "/trials/01", H5P_DEFAULT);
  }
  expect_refusal(read_error(file), file, "/trials", "no trials");
  EXPECT_NE(error_of([&] { list_trials(file); }).find("no trials"), std::string::npos);
}

TEST(StoreUntrusted, FifoInsteadOfFile_RefusedAtOnce) {
  TempDir dir;
  const auto fifo = dir / "session.h5";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_refusal(within_seconds(5, [&] { return read_error(fifo); }), fifo, "", "FIFO");
}

// --- plausibility at the read door -------------------------------------------------------

struct Implausible {
  const char* what;
  std::function<void(const Edit&)> edit;
  const char* object;
  const char* named;  // in the message: the value or the range
};

TEST(StoreUntrusted, ImplausibleValues_EachRefusedWithValueAndRange) {
  const std::vector<Implausible> cases{
      {"torque 1e308", [](const Edit& e) {
         e.remove("torque");
         e.dataset("torque", 2000, H5P_DEFAULT);
         const hid_t d = H5Dopen2(e.trial, "torque", H5P_DEFAULT);
         std::vector<double> v(2000, 10.0);
         v[123] = 1e308;
         H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
         H5Dclose(d);
       }, "/trials/01", "torque sample 123: value 1e+308 N*m outside -1000..1000"},
      {"gravity torque -1000", [](const Edit& e) { set_double_attr(e.trial, "gravity_torque_nm", -1000); },
       "/trials/01", "gravity_torque_nm: value -1000 N*m outside 0..300"},
      {"gravity angle 1e308", [](const Edit& e) { set_double_attr(e.trial, "gravity_angle_deg", 1e308); },
       "/trials/01", "gravity_angle_deg: value 1e+308"},
      {"body mass 1e-300", [](const Edit& e) { set_double_attr(e.id, "body_mass_kg", 1e-300); }, "", "body_mass_kg: value 1e-300 kg outside 10..400"},
      {"time reversed", [](const Edit& e) {
         const hid_t d = H5Dopen2(e.trial, "time", H5P_DEFAULT);
         std::vector<double> v(2000);
         for (std::size_t i = 0; i < v.size(); ++i) v[i] = 2.0 - 0.001 * static_cast<double>(i);
         H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
         H5Dclose(d);
       }, "/trials/01", "times must increase strictly"},
      {"time duplicated", [](const Edit& e) {
         const hid_t d = H5Dopen2(e.trial, "time", H5P_DEFAULT);
         std::vector<double> v(2000);
         for (std::size_t i = 0; i < v.size(); ++i) v[i] = 0.001 * static_cast<double>(i == 50 ? 49 : i);
         H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
         H5Dclose(d);
       }, "/trials/01", "time sample 50"},
      // Found by fuzz_session_reader: the count was cast to an integer unchecked (UBSan).
      {"gap lost samples NaN", [](const Edit& e) { set_gap_value(e, 2, std::nan("")); },
       "/trials/01/gaps", "row 0: lost samples nan is not a whole number from 0 to 1e+12"},
      {"gap lost samples 1e248", [](const Edit& e) { set_gap_value(e, 5, 1e248); },
       "/trials/01/gaps", "row 1: lost samples 1e+248 is not a whole number"},
      {"subject id with escape", [](const Edit& e) { set_string_attr(e.id, "subject_id", "S1\x1b[31mred"); }, "", "control character (0x1b)"},
      {"subject id with newline", [](const Edit& e) { set_string_attr(e.id, "subject_id", "S1\nforged line"); }, "", "control character (0x0a)"},
  };
  TempDir dir;
  int index = 0;
  for (const auto& c : cases) {
    const auto file = valid_file(dir, "case" + std::to_string(index++) + ".h5");
    {
      Edit edit(file);
      c.edit(edit);
    }
    const std::string message = read_error(file);
    SCOPED_TRACE(c.what);
    expect_refusal(message, file, c.object, c.named);
  }
}

// The reader checks each compressed chunk as it inflates it (store/channel_reader): a
// fault on a chunk's first or last sample, where two chunks' checks are joined, or in
// the short last chunk, is refused like any other. Finished files have chunks of
// kCompactChunkSamples.
TEST(StoreUntrusted, FaultsAtChunkEdges_RefusedLikeAnyOther) {
  struct EdgeCase {
    const char* channel;
    std::size_t index;
    double value;  // NaN: the previous sample's value (a repeated time)
    std::string named;
  };
  const std::size_t k = kCompactChunkSamples;
  const std::string first_of_2 = std::to_string(k), last_of_1 = std::to_string(k - 1);
  const std::vector<EdgeCase> cases{
      {"time", k, std::nan(""), "time sample " + first_of_2},  // first of chunk 2 repeats the last of chunk 1
      {"angle", k - 1, 400.0, "angle sample " + last_of_1 + ": value 400 deg outside -360..360"},
      {"velocity", 2 * k, 6000.0, "velocity sample " + std::to_string(2 * k) + ": value 6000 deg/s outside"},
      {"torque", 2 * k + 99, -1500.0, "torque sample " + std::to_string(2 * k + 99) + ": value -1500 N*m outside"},
  };
  TempDir dir;
  int index = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.channel) + " " + std::to_string(c.index));
    const auto file = dir / ("edge" + std::to_string(index++) + ".h5");
    Session s = small_session(2 * k + 100);  // the third chunk is short
    Column& column = c.channel == std::string("time")       ? s.trials[0].samples.time_s
                     : c.channel == std::string("angle")    ? s.trials[0].samples.angle_deg
                     : c.channel == std::string("velocity") ? s.trials[0].samples.velocity_deg_s
                                                            : s.trials[0].samples.torque_nm;
    const std::vector<double> values(column.begin(), column.end());
    write_session(file, s, WriteMode::overwrite);
    ASSERT_EQ(read_error(file), "(no error)");  // valid as written
    {
      Edit edit(file);
      std::vector<double> v = values;
      v[c.index] = std::isnan(c.value) ? v[c.index - 1] : c.value;
      const hid_t d = H5Dopen2(edit.trial, c.channel, H5P_DEFAULT);
      H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
      H5Dclose(d);
    }
    expect_refusal(read_error(file), file, "/trials/01", c.named);
  }
}

// --- one writer, and rewriting keeps mode, owner and symlinks ----------------------------

TEST(StoreUntrusted, SecondWriter_RefusedNamingTheFirst) {
  TempDir dir;
  const auto file = valid_file(dir);
  const WriterLock first(file, "isokin recording");
  const std::string message = error_of([&] { write_session(file, small_session(), WriteMode::overwrite); });
  EXPECT_NE(message.find(fmt::format("process {} (isokin recording)", ::getpid())), std::string::npos) << message;
  EXPECT_NE(error_of([&] { recover_session(file); }).find("is being written by process"), std::string::npos);
}

TEST(StoreUntrusted, Rewrite_KeepsModeAndSymlink) {
  TempDir dir;
  const auto file = valid_file(dir, "real.h5");
  ASSERT_EQ(::chmod(file.c_str(), 0600), 0);
  const auto link = dir / "link.h5";
  std::filesystem::create_symlink("real.h5", link);
  recover_session(link);
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  write_session(link, small_session(500), WriteMode::overwrite);
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(read_session(link).trials[0].samples.size(), 500u);
}

TEST(StoreUntrusted, Rewrite_KeepsOwnerWhenRoot) {
  if (::geteuid() != 0) GTEST_SKIP() << "changing a file's owner needs root";
  TempDir dir;
  const auto file = valid_file(dir);
  ASSERT_EQ(::chown(file.c_str(), 12345, 23456), 0);
  recover_session(file);
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, 12345u);
  EXPECT_EQ(st.st_gid, 23456u);
}

TEST(StoreUntrusted, StaleTemporaryFileOfKilledProcess_RemovedOnNextWrite) {
  TempDir dir;
  // A pid that certainly is gone: a child that has exited and been reaped.
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  const auto stale = dir / fmt::format(".s.h5.tmp-{}-0", child);
  std::ofstream(stale) << std::string(1000, 'x');
  const auto alive = dir / fmt::format(".s.h5.tmp-{}-0", ::getppid());  // a live process's file stays
  std::ofstream(alive) << "x";
  valid_file(dir);
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(alive));
}

// A killed `isokin acquire` leaves its only copy of the samples in its working file:
// the cleanup keeps it, and `recover TARGET` finds it; two such files make recover ask.
TEST(StoreUntrusted, WorkingFileOfKilledRecording_KeptByCleanupThenRecoveredIntoTarget) {
  TempDir dir;
  auto dead_pid = [] {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
  };
  const auto recorded = valid_file(dir, "rec.h5");
  const auto working = dir / fmt::format(".s.h5.tmp-{}-0", dead_pid());
  std::filesystem::rename(recorded, working);
  valid_file(dir, "other.h5");  // a writer in the same folder cleans up stale files
  ASSERT_TRUE(std::filesystem::exists(working)) << "the cleanup removed a killed recording's samples";

  const auto twin = dir / fmt::format(".s.h5.tmp-{}-3", dead_pid());
  std::filesystem::copy_file(working, twin);
  const auto target = dir / "s.h5";
  std::string listing = "(no error)";
  try {
    recover_session(target);
  } catch (const InputError& e) {  // the command line's exit 2: choose one
    listing = e.what();
  }
  EXPECT_NE(listing.find(working.filename().string()), std::string::npos) << listing;
  EXPECT_NE(listing.find(twin.filename().string()), std::string::npos) << listing;
  EXPECT_NE(listing.find("--from"), std::string::npos) << listing;
  EXPECT_FALSE(std::filesystem::exists(target));

  const RecoveryReport report = recover_session(target, working.filename());
  EXPECT_EQ(report.source, working);
  EXPECT_EQ(report.samples, 2000u);
  EXPECT_FALSE(std::filesystem::exists(working));
  EXPECT_EQ(read_session(target).trials.at(0).samples.size(), 2000u);
}

TEST(StoreUntrusted, FailedRewrite_LeavesOldFileByteForByteAndNoStrayFile) {
  TempDir dir;
  const auto file = valid_file(dir);
  const std::string before = testing::file_bytes(file);
  Session bad = small_session();
  bad.trials[0].samples.torque_nm[7] = std::nan("");
  EXPECT_NE(error_of([&] { write_session(file, bad, WriteMode::overwrite); }).find("torque sample 7"), std::string::npos);
  EXPECT_EQ(testing::file_bytes(file), before);
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++entries;
  EXPECT_EQ(entries, 1u);
}

}  // namespace
}  // namespace isokin::store

namespace isokin {
namespace {

TEST(TextPolicy, Ids_DocumentedCharacterSet) {
  EXPECT_FALSE(id_problem("S01"));
  EXPECT_FALSE(id_problem("Müller-Lüdenscheidt (2)"));
  EXPECT_FALSE(id_problem("José.O'Neil #3"));
  EXPECT_FALSE(id_problem("患者-7"));
  EXPECT_TRUE(id_problem(""));
  EXPECT_TRUE(id_problem(".."));
  EXPECT_TRUE(id_problem("a/b"));
  EXPECT_TRUE(id_problem("a\\b"));
  EXPECT_TRUE(id_problem("=HYPERLINK(x)"));
  EXPECT_TRUE(id_problem("x\x1b[2J"));
  EXPECT_TRUE(id_problem("x\ny"));
  EXPECT_TRUE(id_problem("evil\u202Etxt.exe"));
  EXPECT_TRUE(id_problem("\xff\xfe"));
  EXPECT_TRUE(id_problem(std::string(200, 'a')));
}

TEST(TextPolicy, TerminalAndFileNames_Escaped) {
  EXPECT_EQ(printable("S1\x1b[31mred\n"), "S1\\x1b[31mred\\n");
  EXPECT_EQ(printable("a\u202Eb"), "a\\u202eb");
  EXPECT_EQ(printable("bad\xff"), "bad\\xff");
  EXPECT_EQ(printable("Müller"), "Müller");
  EXPECT_EQ(file_name_part("../../etc/passwd"), "_.._.._etc_passwd");
  EXPECT_EQ(file_name_part("a\x1b[2Jb"), "a__2Jb");
  EXPECT_EQ(file_name_part(".hidden"), "_.hidden");
  EXPECT_EQ(file_name_part("-rf"), "_-rf");  // not read as an option by the next command
  EXPECT_EQ(file_name_part(""), "_");
}

}  // namespace
}  // namespace isokin
