// The SDL of the built-in scalars, directives and introspection types.
#pragma once

#include <string_view>

namespace stashql {

std::string_view builtin_sdl();

}  // namespace stashql
