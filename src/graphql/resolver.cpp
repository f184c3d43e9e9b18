// The resolver registry and the default asynchronous entry points of a resolver.
#include <stashql/resolver.hpp>

namespace stashql {

Value RequestContext::internal_error(std::string_view /*detail*/) {
  return {};
}

boost::asio::awaitable<Resolved> FieldResolver::resolve_async(const ResolveInfo& info) const {
  co_return resolve(info);
}

boost::asio::awaitable<void> FieldResolver::resolve_batch_async(std::span<const ResolveInfo> infos,
                                                                std::span<Resolved> out) const {
  for (std::size_t i = 0; i < infos.size(); ++i)
    out[i] = co_await resolve_async(infos[i]);
}

void Resolvers::set(const Field& field, std::shared_ptr<const FieldResolver> resolver) {
  if (resolver && resolver->is_async()) any_async_ = true;
  map_[&field] = std::move(resolver);
}

}  // namespace stashql
