#include "store/hdf5_checks.hpp"

#include <fmt/format.h>

#include <array>
#include <string>
#include <vector>

namespace isokin::store::h5 {
namespace {

constexpr hsize_t kMaxChunkBytes = 64ull << 20;  // isokin writes 128 KiB chunks; 64 MiB bounds a crafted one

const char* link_kind(H5L_type_t type) {
  switch (type) {
    case H5L_TYPE_SOFT: return "a soft link";
    case H5L_TYPE_EXTERNAL: return "an external link (to another file)";
    default: return "a user-defined link";
  }
}

std::string filter_name(hid_t dcpl, unsigned index, H5Z_filter_t* id) {
  unsigned flags = 0, config = 0;
  std::size_t n_values = 0;
  std::array<char, 64> name{};
  *id = H5Pget_filter2(dcpl, index, &flags, &n_values, nullptr, name.size(), name.data(), &config);
  name.back() = '\0';
  std::string text(name.data());
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  return text;
}

void check_dataset_storage(hid_t dataset, const Where& at) {
  Id dcpl(H5Dget_create_plist(dataset), H5Pclose);
  if (!dcpl) fail(at, "cannot read dataset properties");
  const int externals = H5Pget_external_count(dcpl.get());
  if (externals < 0) fail(at, "cannot read dataset properties");
  if (externals > 0) {
    std::array<char, 256> name{};
    off_t offset = 0;
    hsize_t size = 0;
    std::string target = "?";
    if (H5Pget_external(dcpl.get(), 0, name.size(), name.data(), &offset, &size) >= 0) {
      name.back() = '\0';
      target = name.data();
      for (char& c : target)
        if (static_cast<unsigned char>(c) < 0x20) c = '?';
    }
    refuse(at, fmt::format("keeps its data in another file ('{}', HDF5 external storage): refused, a session file "
                           "must hold its own data",
                           target));
  }
  const H5D_layout_t layout = H5Pget_layout(dcpl.get());
  if (layout == H5D_VIRTUAL) refuse(at, "is a virtual dataset (its data live in other files): refused");
  if (layout != H5D_CHUNKED && layout != H5D_CONTIGUOUS)
    refuse(at, "has a storage layout isokin does not write (expected chunked or contiguous)");
  const int filters = H5Pget_nfilters(dcpl.get());
  if (filters < 0) fail(at, "cannot read the filter pipeline");
  for (int i = 0; i < filters; ++i) {
    H5Z_filter_t id = -1;
    const std::string name = filter_name(dcpl.get(), static_cast<unsigned>(i), &id);
    if (id != H5Z_FILTER_DEFLATE && id != H5Z_FILTER_SHUFFLE && id != H5Z_FILTER_FLETCHER32)
      refuse(at, fmt::format("uses HDF5 filter {} ('{}'): isokin reads only shuffle, deflate and fletcher32", id, name));
  }
}

struct Visit {
  Where root;
  std::string refusal;  // set by the callback: HDF5 must not see our exception
  hsize_t objects = 0;
};

herr_t visit_link(hid_t group, const char* name, const H5L_info_t* info, void* data) {
  auto* visit = static_cast<Visit*>(data);
  const Where at{visit->root.file, std::string("/") + name};
  try {
    if (++visit->objects > 10 * kMaxLinksPerGroup) refuse(visit->root, "holds more objects than a session file can");
    if (info->type != H5L_TYPE_HARD) refuse(at, fmt::format("is {}: refused, a session file is self-contained", link_kind(info->type)));
    Id object(H5Oopen(group, name, H5P_DEFAULT), H5Oclose);
    if (!object) fail(at, "cannot open object");
    if (H5Iget_type(object.get()) == H5I_DATASET) check_dataset_storage(object.get(), at);
  } catch (const StoreError& e) {
    visit->refusal = e.what();
    return 1;  // stop the walk
  }
  return 0;
}

}  // namespace

void check_self_contained(const Id& file, const Where& where) {
  Visit visit{where, {}, 0};
  const herr_t status = H5Lvisit(file.get(), H5_INDEX_NAME, H5_ITER_NATIVE, visit_link, &visit);
  if (!visit.refusal.empty()) throw StoreError(visit.refusal);
  if (status < 0) fail(where, "cannot walk the file's groups");
}

std::vector<hsize_t> check_float_dataset(const Id& dataset, std::size_t rank, const Where& where) {
  Id type(H5Dget_type(dataset.get()), H5Tclose);
  if (!type) fail(where, "cannot read the dataset's type");
  const std::size_t size = H5Tget_size(type.get());
  if (H5Tget_class(type.get()) != H5T_FLOAT || (size != 4 && size != 8))
    refuse(where, "is not a dataset of numbers (expected float64)");
  Id space(H5Dget_space(dataset.get()), H5Sclose);
  if (!space) fail(where, "cannot read dataspace");
  if (H5Sget_simple_extent_type(space.get()) != H5S_SIMPLE)
    refuse(where, fmt::format("has no dimensions (expected a {}-D dataset)", rank));
  const int found = H5Sget_simple_extent_ndims(space.get());
  if (found < 0) fail(where, "cannot read dataspace");
  if (static_cast<std::size_t>(found) != rank)
    refuse(where, fmt::format("is a {}-D dataset (expected {}-D)", found, rank));
  std::vector<hsize_t> dims(rank);
  if (H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0) fail(where, "cannot read dataspace");
  check_dataset_storage(dataset.get(), where);
  Id dcpl(H5Dget_create_plist(dataset.get()), H5Pclose);
  if (dcpl && H5Pget_layout(dcpl.get()) == H5D_CHUNKED) {
    std::vector<hsize_t> chunk(rank);
    if (H5Pget_chunk(dcpl.get(), static_cast<int>(rank), chunk.data()) != static_cast<int>(rank))
      fail(where, "cannot read the chunk shape");
    hsize_t bytes = size;
    for (hsize_t c : chunk) {
      if (c == 0 || c > kMaxChunkBytes) refuse(where, "has an impossible chunk shape");
      bytes *= c;
      if (bytes > kMaxChunkBytes) refuse(where, fmt::format("has chunks over {} MiB (isokin writes 128 KiB)", kMaxChunkBytes >> 20));
    }
  }
  return dims;
}

hsize_t written_prefix(const Id& dataset, hsize_t n, const Where& where) {
  if (n == 0) return 0;
  Id dcpl(H5Dget_create_plist(dataset.get()), H5Pclose);
  if (!dcpl) fail(where, "cannot read dataset properties");
  if (H5Pget_layout(dcpl.get()) != H5D_CHUNKED) {
    // Contiguous: allocated whole or not at all.
    const hsize_t stored = H5Dget_storage_size(dataset.get());
    return stored >= n * sizeof(double) || stored >= n * sizeof(float) ? n : 0;
  }
  hsize_t chunk = 0;
  if (H5Pget_chunk(dcpl.get(), 1, &chunk) != 1 || chunk == 0) fail(where, "cannot read the chunk shape");
  hsize_t allocated = 0;
  {
    Id space(H5Dget_space(dataset.get()), H5Sclose);
    if (!space || H5Dget_num_chunks(dataset.get(), space.get(), &allocated) < 0)
      fail(where, "cannot count the written chunks");
  }
  const hsize_t needed = (n + chunk - 1) / chunk;
  if (allocated >= needed) {
    // Usually every chunk is there; check that they are the first ones (cheap: an index lookup each).
    bool all = true;
    for (hsize_t c = 0; c < needed && all; ++c) {
      hsize_t offset = c * chunk, stored = 0;
      all = H5Dget_chunk_storage_size(dataset.get(), &offset, &stored) >= 0 && stored > 0;
    }
    if (all) return n;
  }
  // Stop at the first chunk never written; at most `allocated` chunks can be before it.
  hsize_t c = 0;
  for (; c < needed && c <= allocated; ++c) {
    hsize_t offset = c * chunk, stored = 0;
    if (H5Dget_chunk_storage_size(dataset.get(), &offset, &stored) < 0 || stored == 0) break;
  }
  error_stack_message();  // a missing chunk leaves an error on the stack
  return std::min(n, c * chunk);
}

}  // namespace isokin::store::h5
