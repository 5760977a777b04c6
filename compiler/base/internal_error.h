// Compiler bugs take a different path from user errors: a broken invariant throws
// InternalError, which the driver reports as "internal compiler error" with exit code 70.
#pragma once

#include <stdexcept>
#include <string>

namespace kmetal {

class InternalError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

#define KMETAL_CHECK(condition, message)                                                     \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      throw ::kmetal::InternalError(std::string(__FILE__) + ":" + std::to_string(__LINE__) + \
                                    ": " + (message));                                       \
    }                                                                                        \
  } while (false)

}  // namespace kmetal
