// Result<T, E>: a value or an error, for expected failures on the request path and at load
// time (no exceptions there). It is Boost.System's result; read it with has_value(), `*r`,
// `r->` and error(). (value() is avoided: it throws, and our error types are plain structs.)
#pragma once

#include <boost/system/result.hpp>

namespace stashql {

template <class T, class E>
using Result = boost::system::result<T, E>;

}  // namespace stashql
