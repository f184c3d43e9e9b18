// The resolver registry and the default asynchronous entry point of a resolver.
#include <stashql/resolver.hpp>

namespace stashql {

Value RequestContext::internal_error(std::string_view /*detail*/) {
  return {};
}

boost::asio::awaitable<Resolved> FieldResolver::resolve_async(const ResolveInfo& info) const {
  co_return resolve(info);
}

void Resolvers::set(const Field& field, std::shared_ptr<const FieldResolver> resolver) {
  if (resolver && resolver->is_async()) any_async_ = true;
  map_[&field] = std::move(resolver);
}

}  // namespace stashql
