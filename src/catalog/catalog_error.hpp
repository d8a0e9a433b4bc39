// Errors of the catalogue. A file that is not a catalogue or a catalogue of a newer
// schema is bad input (InputError, exit 2); a server that refuses the connection, the
// password or a statement (permission denied) is a failure (Error, exit 1). Every
// message names the catalogue and carries the database's own words.
#pragma once

#include "model/error.hpp"

namespace isokin::catalog {

class CatalogError : public Error {
 public:
  using Error::Error;
};

class CatalogInputError : public InputError {
 public:
  using InputError::InputError;
};

}  // namespace isokin::catalog
