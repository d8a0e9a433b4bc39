// The error type that crosses module boundaries.
//
// Every bad input (file, row, frame, argument) becomes an isokin::Error whose message
// names what and where ("session.h5: /trials/01: dataset 'torque' is missing").
// `isokin`'s main catches it once, prints the message on one line and exits non-zero.
#pragma once

#include <stdexcept>
#include <string>

namespace isokin {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The input was understood but refused (bad file, bad argument): exit code 2.
class InputError : public Error {
 public:
  using Error::Error;
};

}  // namespace isokin
